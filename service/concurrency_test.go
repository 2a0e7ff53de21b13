package service_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// TestConcurrentIngestAndReads: ingest calls from several goroutines, the
// same rows sent twice, and readers asking for the queue, people and status
// all the while (the race detector watches in CI) end with every row kept
// once, nothing pending, and the people sharing a phone linked.
func TestConcurrentIngestAndReads(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := secret.NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(service.Config{Store: db, Ops: opstore.New(db, nil), TempDir: t.TempDir(),
		Extractors: []mosaic.Extractor{csvbundle.New(h, csvbundle.DefaultMapping(), slog.New(slog.DiscardHandler))}})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	const writers, perWriter = 6, 15
	head := "application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone\n"
	body := func(w, i int) string {
		// Every fifth applicant of a writer shares one phone with the others of that writer.
		phone := fmt.Sprintf("(602) 555-%02d%02d", w, i)
		if i%5 == 0 {
			phone = fmt.Sprintf("(480) 555-00%02d", w)
		}
		return head + fmt.Sprintf("A%02d%02d,C%02d%02d,J1,2026-03-%02dT10:00:00Z,Given%d,Family%d,p%d.%d@example.org,%s\n",
			w, i, w, i, 1+i%28, i, w*100+i, w, i, phone)
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				for range 2 { // the same row twice: kept once
					res, err := svc.Ingest(ctx, "applications", "text/csv", strings.NewReader(body(w, i)), "test")
					if err != nil || res.RowsAccepted != 1 {
						t.Errorf("ingest: %+v %v", res, err)
						return
					}
				}
			}
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 3 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := svc.Subjects(ctx, service.Filter{MinLevel: mosaic.LevelNone, Query: "p1.3@example.org"}); err != nil {
					t.Error(err)
					return
				}
				_ = svc.Status()
				_, _ = svc.Subject("S-A0101")
			}
		})
	}
	wg.Wait()
	wctx, wcancel := context.WithTimeout(ctx, time.Minute)
	defer wcancel()
	if err := svc.WaitReflected(wctx); err != nil {
		t.Fatal(err)
	}
	close(stop)
	readers.Wait()
	rep := svc.Snapshot().Report
	if got := len(rep.Subjects); got != writers*perWriter {
		t.Errorf("%d people, want %d", got, writers*perWriter)
	}
	if st := svc.Status(); st.Pending != 0 {
		t.Errorf("pending %d", st.Pending)
	}
	if len(rep.Clusters) < writers {
		t.Errorf("%d clusters, want at least %d (one per shared phone)", len(rep.Clusters), writers)
	}
}
