package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"
)

func TestPragmas(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "mosaic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[string]string{"journal_mode": "wal", "synchronous": "1", "foreign_keys": "1", "busy_timeout": "10000",
		"page_size": "65536", "temp_store": "2", "cache_size": "-65536", "wal_autocheckpoint": "1024",
		"journal_size_limit": "67108864"}
	for name, v := range want {
		var got any
		if err := db.db.QueryRowContext(t.Context(), "PRAGMA "+name).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", name, err)
		}
		if fmt.Sprint(got) != v {
			t.Errorf("PRAGMA %s = %v, want %s", name, got, v)
		}
	}
}
