package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/postgres"
	"github.com/mosaic-sec/mosaic/sqlite"
	"github.com/mosaic-sec/mosaic/storetest"
)

// serverDSN returns the DSN of the test server, or skips.
func serverDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("MOSAIC_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("MOSAIC_TEST_POSTGRES not set: skipping PostgreSQL store suite")
	}
	return dsn
}

// freshSchema creates an empty schema for one test, drops it when the test
// ends, and returns a DSN whose search_path points at it, so parallel tests
// and runs never see each other's tables.
func freshSchema(t testing.TB) string {
	t.Helper()
	dsn := serverDSN(t)
	b := make([]byte, 8)
	rand.Read(b)
	schema := "mosaic_test_" + hex.EncodeToString(b)

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connecting to MOSAIC_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return withSearchPath(t, dsn, schema)
}

// withSearchPath adds search_path to a URL or key=value DSN.
func withSearchPath(t testing.TB, dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("MOSAIC_TEST_POSTGRES: %v", err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + schema
}

func openFresh(t *testing.T) mosaic.Store {
	t.Helper()
	db, err := postgres.Open(t.Context(), freshSchema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	serverDSN(t) // skip once, not in every subtest
	storetest.Run(t, openFresh)
}

// TestSameDigestAsSQLite saves the same records and report in both stores:
// the digests must agree, which proves the two hold the same content.
func TestSameDigestAsSQLite(t *testing.T) {
	pg := openFresh(t).(*postgres.DB)
	lite, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "mosaic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()

	batch := append(storetest.Records(), storetest.SignIns("x", 2000)...)
	batch = append(batch, storetest.HostRows("x", 500)...)
	batch = append(batch,
		mosaic.Note{ID: "N-ü-\x00-\xff", Text: "nul\x00 bad \xff émoji 🧑‍💻"},
		mosaic.Job{ID: "Z", PostedAt: storetest.Records()[0].(mosaic.Job).PostedAt.Add(1)},
		mosaic.Job{ID: "a"}, mosaic.Job{ID: "B"}, mosaic.Job{ID: "é"}, // collation-sensitive order
	)
	for _, s := range []mosaic.Store{pg, lite} {
		if err := s.SaveRecords(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveResults(t.Context(), storetest.Report(t)); err != nil {
			t.Fatal(err)
		}
	}
	dp, err := pg.Digest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dl, err := lite.Digest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if dp != dl {
		t.Errorf("PostgreSQL and SQLite digest the same content differently: %s vs %s", dp, dl)
	}
}

// TestSchemaMatchesTables checks that the migrations create, on
// PostgreSQL, exactly the columns the Go side writes.
func TestSchemaMatchesTables(t *testing.T) {
	dsn := freshSchema(t)
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	for _, tb := range migrations.AllTables {
		rows, err := conn.Query(t.Context(), `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, tb.Name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if want := tb.ColumnNames(); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("table %s has columns %v, want %v", tb.Name, got, want)
		}
	}
}

// TestConcurrentOpen opens one schema from several goroutines at once, as
// several mosaic processes starting together would: the advisory lock lets
// one migrate and the others find the schema ready.
func TestConcurrentOpen(t *testing.T) {
	dsn := freshSchema(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			db, err := postgres.Open(t.Context(), dsn)
			if err == nil {
				db.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Open: %v", err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	serverDSN(t) // the unreachable case needs no server, but a slow one is no fun in plain `go test`
	tests := []struct {
		name, dsn, want string
	}{
		{"unparseable", "postgres://user:s3cret@[::1/db", "invalid PostgreSQL connection string"},
		{"unknown setting", "host=localhost sslmode=sometimes password=s3cret", "invalid PostgreSQL connection string"},
		{"no server", "postgres://user:s3cret@127.0.0.1:1/db?connect_timeout=2&sslmode=disable", "cannot connect to PostgreSQL at 127.0.0.1:1/db"},
		{"no schema", withSearchPath(t, serverDSN(t), "mosaic_test_missing_schema"), "cannot create the mosaic schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := postgres.Open(t.Context(), tt.dsn)
			if err == nil {
				db.Close()
				t.Fatalf("Open succeeded")
			}
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Errorf("code = %q, want %q (%v)", mosaic.ErrorCode(err), mosaic.EINVALID, err)
			}
			if msg := mosaic.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message = %q, want it to say %q", msg, tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}
