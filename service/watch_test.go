package service_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// TestWatchPositionCommitsWithItsIngestLog: the watched folder stores a
// chunk and then records it (ingest log and file position). When the
// position cannot be saved, as after a kill between the two steps, the
// next tick reads the chunk again: the records de-duplicate, and the
// ingest log must count the chunk once, not once per read. A trigger
// refuses writes to source_cursors for the first tick.
func TestWatchPositionCommitsWithItsIngestLog(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ops := opstore.New(db, nil)
	h, err := secret.NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(service.Config{Store: db, Ops: ops, Now: time.Now, TempDir: t.TempDir(),
		Extractors: []mosaic.Extractor{csvbundle.New(h, csvbundle.DefaultMapping(), slog.New(slog.DiscardHandler))}})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	drop := filepath.Join(dir, "drop")
	if err := os.MkdirAll(drop, 0o755); err != nil {
		t.Fatal(err)
	}
	jobs := "job_id,title,department,location,remote,posted_at\n" +
		"J1,Engineer,Platform,Remote,true,2026-01-05\n" +
		"J2,Designer,Product,Remote,true,2026-01-06\n"
	if err := os.WriteFile(filepath.Join(drop, "jobs.csv"), []byte(jobs), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `CREATE TRIGGER refuse_cursor BEFORE INSERT ON source_cursors
		BEGIN SELECT RAISE(ABORT, 'position refused (test)'); END`); err != nil {
		t.Fatal(err)
	}
	if err := svc.WatchOnce(ctx, drop, bundle.DefaultLayout()); err == nil {
		t.Fatal("the first tick saved its position through the refusing trigger")
	}
	if _, err := db.Exec(ctx, `DROP TRIGGER refuse_cursor`); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second tick reads the chunk again; the third finds nothing new
		if err := svc.WatchOnce(ctx, drop, bundle.DefaultLayout()); err != nil {
			t.Fatal(err)
		}
	}
	logged, err := ops.Ingests(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, in := range logged {
		if in.Source == "watch" {
			accepted += in.Accepted
		}
	}
	if accepted != 2 {
		t.Errorf("the ingest log counts %d job rows accepted from the watched folder; the file has 2 (%d calls logged)", accepted, len(logged))
	}
	cur, err := ops.LoadCursor(ctx, "watch:jobs.csv")
	if err != nil || cur == "" {
		t.Errorf("no position saved for jobs.csv (%v)", err)
	}
}
