package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/storetest"
)

func signInIndexes(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.db.QueryContext(t.Context(), "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signins' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A large load goes through the working table and comes out indexed as the
// schema says, with the last record of each uuid kept.
func TestStagedSignInsRebuildIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mosaic.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.rebuildIndexesFrom = 100
	before := signInIndexes(t, db)
	if len(before) != 2 {
		t.Fatalf("schema indexes on signins: %v", before)
	}
	first := storetest.SignIns("s", 300)
	changed := first[10].(mosaic.SignIn)
	changed.IP = "203.0.113.9"
	if err := db.SaveRecords(t.Context(), first); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRecords(t.Context(), []mosaic.Record{changed}); err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, db, "signins"); got != 0 {
		t.Fatalf("before FinishRecords, %d sign-ins are in place; want them staged", got)
	}
	if err := db.FinishRecords(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, db, "signins"); got != 300 {
		t.Fatalf("signins holds %d rows, want 300", got)
	}
	if got := countRows(t, db, loadTableName); got != 0 {
		t.Fatalf("%d rows left staged", got)
	}
	if after := signInIndexes(t, db); len(after) != 2 || after[0] != before[0] || after[1] != before[1] {
		t.Fatalf("indexes after the load: %v, want %v", after, before)
	}
	var ip string
	if err := db.db.QueryRowContext(t.Context(), "SELECT ip FROM signins WHERE uuid = ?", changed.ID).Scan(&ip); err != nil {
		t.Fatal(err)
	}
	if ip != changed.IP {
		t.Fatalf("the later record of a uuid should win: ip %s, want %s", ip, changed.IP)
	}
	// temp_store is back to memory on the connection that moved the rows:
	// every connection of the pool is held at once and asked.
	var held []*sql.Conn
	for range maxOpenConns {
		conn, err := db.db.Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, conn)
		var ts int
		if err := conn.QueryRowContext(t.Context(), "PRAGMA temp_store").Scan(&ts); err != nil {
			t.Fatal(err)
		}
		if ts != 2 {
			t.Fatalf("temp_store = %d after FinishRecords, want 2 (memory)", ts)
		}
	}
	for _, c := range held {
		c.Close()
	}

	// A second load over stored rows upserts: changed rows change, the rest stay.
	again := storetest.SignIns("s", 300)
	if err := db.SaveRecords(t.Context(), again); err != nil {
		t.Fatal(err)
	}
	counts, err := db.Counts(t.Context()) // moves what is staged first
	if err != nil {
		t.Fatal(err)
	}
	if counts["signins"] != 300 {
		t.Fatalf("signins after a re-load: %d, want 300", counts["signins"])
	}
	if err := db.db.QueryRowContext(t.Context(), "SELECT ip FROM signins WHERE uuid = ?", changed.ID).Scan(&ip); err != nil {
		t.Fatal(err)
	}
	if ip != first[10].(mosaic.SignIn).IP {
		t.Fatalf("re-loaded ip %s, want %s", ip, first[10].(mosaic.SignIn).IP)
	}
}

// Rows staged by a scan that stopped before FinishRecords are not lost: the
// next reader moves them.
func TestStagedSignInsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mosaic.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRecords(t.Context(), storetest.SignIns("r", 50)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts, err := db.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if counts["signins"] != 50 {
		t.Fatalf("signins = %d after reopening, want 50", counts["signins"])
	}
}
