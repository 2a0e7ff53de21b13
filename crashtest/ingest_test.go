package crashtest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// ingestRun is one streaming scenario: a client sends a company's chunks
// through the ingest API while serve is killed (and, against PostgreSQL,
// its connections are terminated or the server is cut off).
type ingestRun struct {
	d *db
	// checker is the store as the checks reach it (nil: d); PostgreSQL's
	// goes around the proxy.
	checker *db
	// disrupt is called between kills, with serve up: terminate backends,
	// cut the network. nil: only kills.
	disrupt func(t *testing.T, round int, cl *client, srv *server)
	// kills: SIGKILL serve this many times.
	kills int
}

// streamWithKills streams the bundle through serve while it is killed at
// random points; the client retries each chunk until it is answered 200.
// After the kills it sends everything once more (the same rows again must
// change nothing), waits for detection, and compares the store with one
// clean scan: the same rows per table and the same people at the same
// levels.
func streamWithKills(t *testing.T, bundle string, r ingestRun) {
	t.Helper()
	want, wantCounts := reference(t, bundle)
	d, chk := r.d, r.checker
	if chk == nil {
		chk = d
	}
	ingestTok := token(t, d, "ingest")
	viewTok := token(t, d, "viewer")
	srv := newServer(t, d)
	srv.startReady()
	cl := newClient(srv.base(), ingestTok)
	all := chunks(t, bundle, 40, 300)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var passes atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		// Passes until the kills are over; the chunks of one pass go in
		// order, so a kill lands on every kind sooner or later.
		for {
			for _, ch := range all {
				if err := cl.send(ctx, ch); err != nil {
					return
				}
			}
			passes.Add(1)
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	for i := range r.kills {
		time.Sleep(randomDelay(150*time.Millisecond, 1500*time.Millisecond))
		if r.disrupt != nil {
			r.disrupt(t, i, cl, srv)
		}
		srv.kill()
		chk.check(t)
		noMoreThan(t, "after a kill", chk.counts(t), wantCounts)
		srv.startReady()
	}
	close(stop)
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the client did not finish within 5 minutes: %s", srv.logTail())
	}
	// Once more, whole and without kills: nothing may change.
	for _, ch := range all {
		if err := cl.send(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	waitCaughtUp(t, srv, viewTok)
	srv.stop()
	cl.report(t)
	t.Logf("%d kills over %d passes of %d chunks", r.kills, passes.Load()+1, len(all))
	chk.check(t)
	sameCounts(t, "after the kills", chk.counts(t), wantCounts)
	sameSubjects(t, "report --db after the kills", chk.subjects(t), want)
}

// TestServeIngestKilled: scenario (b) against SQLite.
func TestServeIngestKilled(t *testing.T) {
	needBinary(t)
	streamWithKills(t, newBundle(t, 12), ingestRun{d: sqliteDB(t), kills: rounds()})
}
