package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/postgres"
	"github.com/mosaic-sec/mosaic/storetest"
)

// TestSaveSurvivesKilledConnections: an administrator (or a failover)
// killing the store's connections between writes does not fail the next
// save: the transaction is tried again on a fresh connection.
func TestSaveSurvivesKilledConnections(t *testing.T) {
	b := make([]byte, 6)
	rand.Read(b)
	app := "mosaic_kill_" + hex.EncodeToString(b)
	dsn := freshSchema(t)
	dsn = withParam(t, dsn, "application_name", app)
	ctx := t.Context()
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SaveRecords(ctx, storetest.Records()); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		killBackends(t, app)
		if err := db.SaveRecords(ctx, storetest.Records()); err != nil {
			t.Fatalf("round %d: save after the connections were killed: exit %d: %v", round, mosaic.ExitCode(err), err)
		}
		killBackends(t, app)
		if err := db.SaveResults(ctx, storetest.Report(t)); err != nil {
			t.Fatalf("round %d: results after the connections were killed: %v", round, err)
		}
	}
}

// TestUnreachableServerIsExitTwo: a server that cannot be reached is the
// user's to fix (exit 2), with the reason.
func TestUnreachableServerIsExitTwo(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	_, err := postgres.Open(ctx, "postgres://mosaic@127.0.0.1:1/mosaic?connect_timeout=2")
	if mosaic.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", mosaic.ExitCode(err), err)
	}
}

func killBackends(t *testing.T, app string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), serverDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(),
		"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", app).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no connection to kill")
	}
}

// withParam adds a parameter to a URL DSN.
func withParam(t *testing.T, dsn, key, value string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		t.Skip("MOSAIC_TEST_POSTGRES is not a URL")
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
