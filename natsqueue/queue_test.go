package natsqueue

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
)

// TestPublishDrainOrderAndCounts: records of several kinds published in
// batches come out once each, in publishing order, and Published and upTo
// count them.
func TestPublishDrainOrderAndCounts(t *testing.T) {
	srv := startServer(t)
	q := openQueue(t, srv.url(), nil)
	publishAndDrainInOrder(t, q)
}

func publishAndDrainInOrder(t *testing.T, q *Queue) {
	var want []mosaic.Record
	for i := range 1000 {
		switch i % 3 {
		case 0:
			want = append(want, mosaic.Job{ID: fmt.Sprintf("J%04d", i)})
		case 1:
			want = append(want, mosaic.Note{ID: fmt.Sprintf("N%04d", i), Text: "ok"})
		default:
			want = append(want, mosaic.SignIn{ID: fmt.Sprintf("S%04d", i), Published: time.Date(2026, 3, 1, 0, 0, i, 0, time.UTC)})
		}
	}
	ctx := context.Background()
	for start := 0; start < len(want); start += 100 {
		if err := q.Publish(ctx, want[start:start+100]); err != nil {
			t.Fatal(err)
		}
	}
	if got := q.Published(); got != int64(len(want)) {
		t.Errorf("Published %d, want %d", got, len(want))
	}
	got, upTo := drainUntil(t, q, len(want))
	if !slices.Equal(ids(got), ids(want)) {
		t.Errorf("drained %d records out of order or changed: first %v", len(got), ids(got)[:5])
	}
	if upTo != int64(len(want)) {
		t.Errorf("upTo %d, want %d", upTo, len(want))
	}
	// Acknowledged messages leave the stream (work-queue retention).
	waitFor(t, "the stream to empty", func() bool {
		info, err := q.stream.Info(ctx)
		return err == nil && info.State.Msgs == 0
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for range 500 {
		if ok() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waited in vain for %s", what)
}

// TestReadyFiresWhenAnotherProcessPublishes: an ingest-only handle (another
// process, as far as the server knows) publishes; the detection handle's
// Ready fires and Published counts the other's records.
func TestReadyFiresWhenAnotherProcessPublishes(t *testing.T) {
	srv := startServer(t)
	detect := openQueue(t, srv.url(), nil)
	ingest := openQueue(t, srv.url(), func(c *Config) { c.PublishOnly = true })
	if err := ingest.Publish(context.Background(), jobs(0, 3)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-detect.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("Ready did not fire")
	}
	if got := detect.Published(); got != 3 {
		t.Errorf("the detection process sees %d published, want 3", got)
	}
	if recs, _ := ingest.Drain(); len(recs) != 0 {
		t.Errorf("a publish-only queue drained %d records", len(recs))
	}
	if recs, _ := drainUntil(t, detect, 3); len(recs) != 3 {
		t.Errorf("drained %d", len(recs))
	}
}

// TestConsumerRestartResumes: a detection process stops part-way; the next
// one, on the same durable consumer, gets every record the first did not
// drain, and those published meanwhile. Nothing is lost; the records the
// first one held undrained come again.
func TestConsumerRestartResumes(t *testing.T) {
	srv := startServer(t)
	ctx := context.Background()
	ingest := openQueue(t, srv.url(), func(c *Config) { c.PublishOnly = true })
	first := openQueue(t, srv.url(), func(c *Config) { c.Batch = 20 })
	if err := ingest.Publish(ctx, jobs(0, 300)); err != nil {
		t.Fatal(err)
	}
	before, _ := drainUntil(t, first, 100)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ingest.Publish(ctx, jobs(300, 200)); err != nil {
		t.Fatal(err)
	}
	second := openQueue(t, srv.url(), nil)
	after, upTo := drainUntil(t, second, 500-len(before))
	all := append(before, after...)
	seen := map[string]int{}
	for _, id := range ids(all) {
		seen[id]++
	}
	if len(seen) != 500 {
		t.Errorf("%d distinct records over both processes, want 500", len(seen))
	}
	if upTo != 500 {
		t.Errorf("upTo %d, want 500", upTo)
	}
	t.Logf("first process drained %d, second %d; %d duplicates", len(before), len(after), len(all)-len(seen))
}

// TestLostAcknowledgementsBringDuplicatesTheDatasetAbsorbs: records handed
// over whose acknowledgements never reach the server (the connection died
// under Drain) are delivered again to the next process: at least once,
// and the dataset, which de-duplicates every kind, keeps each once.
func TestLostAcknowledgementsBringDuplicatesTheDatasetAbsorbs(t *testing.T) {
	srv := startServer(t)
	ctx := context.Background()
	fast := func(c *Config) { c.AckWait = time.Second }
	first := openQueue(t, srv.url(), fast)
	recs := append(jobs(0, 30), mosaic.SignIn{ID: "uuid-1"}, mosaic.HostRow{Origin: mosaic.Origin{EventID: "ev-1"}},
		mosaic.Note{ID: "N1"}, mosaic.Photo{Path: "photos/A1.jpg"})
	if err := first.Publish(ctx, recs); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "every record to be taken in", func() bool {
		first.mu.Lock()
		defer first.mu.Unlock()
		return len(first.held) == len(recs)
	})
	first.nc.Close() // the acknowledgements Drain sends go nowhere
	handed, _ := first.Drain()
	if len(handed) != len(recs) {
		t.Fatalf("handed over %d, want %d", len(handed), len(recs))
	}
	second := openQueue(t, srv.url(), fast)
	again, _ := drainUntil(t, second, len(recs))
	ds := dataset.New()
	ds.TrackEvents() // as the service's dataset does
	for _, r := range append(handed, again...) {
		ds.Add(r)
	}
	if len(ds.Jobs) != 30 || ds.SignIns.Len() != 1 || len(ds.HostRows) != 1 || len(ds.Notes) != 1 || len(ds.Photos) != 1 {
		t.Errorf("the dataset kept %d jobs, %d sign-ins, %d host rows, %d notes, %d photos from %d records, want each once",
			len(ds.Jobs), ds.SignIns.Len(), len(ds.HostRows), len(ds.Notes), len(ds.Photos), len(handed)+len(again))
	}
}

// TestServerRestartLosesNothingAcknowledged: the server stops and starts
// again over its store mid-stream. Records held but not yet drained come
// through, records published after the restart come through, and records
// acknowledged before it never come back.
func TestServerRestartLosesNothingAcknowledged(t *testing.T) {
	srv := startServer(t)
	ctx := context.Background()
	var logs logBuffer
	q := openQueue(t, srv.url(), func(c *Config) { c.AckWait = time.Second; c.Log = logs.logger() })
	if err := q.Publish(ctx, jobs(0, 100)); err != nil {
		t.Fatal(err)
	}
	drainUntil(t, q, 100)
	if err := q.Publish(ctx, jobs(100, 50)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the second batch to be taken in", func() bool {
		q.mu.Lock()
		defer q.mu.Unlock()
		return len(q.held) == 50
	})
	srv.restart()
	// The client reconnects by itself; a publish in the meantime fails
	// with EUNAVAILABLE and its caller (ingest's client) sends it again.
	deadline := time.Now().Add(30 * time.Second)
	for {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := q.Publish(pctx, jobs(150, 50))
		cancel()
		if err == nil {
			break
		}
		if mosaic.ErrorCode(err) != mosaic.EUNAVAILABLE || time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	got := map[string]bool{}
	for len(got) < 100 {
		recs, _ := drainUntil(t, q, 1)
		for _, id := range ids(recs) {
			got[id] = true
		}
	}
	time.Sleep(2500 * time.Millisecond) // past AckWait: anything unacknowledged would be back
	late, upTo := q.Drain()
	for _, id := range ids(late) {
		got[id] = true
	}
	for id := range got {
		if id < "J000100" {
			t.Errorf("%s was acknowledged before the restart and came back", id)
		}
	}
	if len(got) != 100 {
		t.Errorf("%d distinct records after the restart, want 100", len(got))
	}
	if upTo != 200 || q.Published() != 200 {
		t.Errorf("upTo %d, published %d, want 200", upTo, q.Published())
	}
	if !strings.Contains(logs.String(), "reconnected to NATS") {
		t.Errorf("the reconnect was not logged:\n%s", logs.String())
	}
}

// TestBackpressureBoundsWhatIsHeld: with MaxPending records held and not
// drained, the queue takes in no more; the rest wait in the stream.
func TestBackpressureBoundsWhatIsHeld(t *testing.T) {
	srv := startServer(t)
	q := openQueue(t, srv.url(), func(c *Config) { c.MaxPending, c.Batch = 40, 10 })
	if err := q.Publish(context.Background(), jobs(0, 400)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the queue to fill", func() bool {
		q.mu.Lock()
		defer q.mu.Unlock()
		return len(q.held) >= 40
	})
	time.Sleep(200 * time.Millisecond)
	total := 0
	for total < 400 {
		recs, _ := drainUntil(t, q, 1)
		if len(recs) > 40 {
			t.Fatalf("one drain returned %d records; at most 40 may be held", len(recs))
		}
		total += len(recs)
	}
}

// TestUnreadableMessageIsTerminated: a message that is not a record is
// dropped for good, logged without its content, and still counted as come
// through, so the status does not show it pending forever.
func TestUnreadableMessageIsTerminated(t *testing.T) {
	srv := startServer(t)
	var logs logBuffer
	q := openQueue(t, srv.url(), func(c *Config) { c.Log = logs.logger() })
	bad := `{"v":1,"kind":"jobs","record":{"ID":"J1","PostedAt":"someone@example.org"}}`
	if _, err := q.js.Publish(context.Background(), q.subject(mosaic.KindJobs), []byte(bad)); err != nil {
		t.Fatal(err)
	}
	if err := q.Publish(context.Background(), jobs(1, 1)); err != nil {
		t.Fatal(err)
	}
	recs, upTo := drainUntil(t, q, 1)
	if len(recs) != 1 || upTo != 2 || q.Published() != 2 {
		t.Errorf("drained %d (upTo %d, published %d), want 1 (2, 2)", len(recs), upTo, q.Published())
	}
	out := logs.String()
	if !strings.Contains(out, "cannot be read") || strings.Contains(out, "someone@example.org") {
		t.Errorf("log:\n%s", out)
	}
}

// TestOpenFailsClearlyWithoutAServer: no server, no start.
func TestOpenFailsClearlyWithoutAServer(t *testing.T) {
	_, err := Open(context.Background(), Config{URL: "nats://127.0.0.1:1"})
	if mosaic.ErrorCode(err) != mosaic.EUNAVAILABLE || !strings.Contains(err.Error(), "nats://127.0.0.1:1") {
		t.Errorf("got %v", err)
	}
}

func TestParseURL(t *testing.T) {
	c, err := ParseURL("nats://127.0.0.1:4222?stream=ACME&subject=acme.records&consumer=acme-detect&replicas=3")
	if err != nil || c.URL != "nats://127.0.0.1:4222" || c.Stream != "ACME" || c.Subject != "acme.records" || c.Consumer != "acme-detect" || c.Replicas != 3 {
		t.Errorf("%+v %v", c, err)
	}
	for _, bad := range []string{"http://x:1", "nats://", "nats://h:1?colour=red", "nats://h:1?replicas=9"} {
		if _, err := ParseURL(bad); mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestMachineServer runs the order-and-counts test against the machine's
// JetStream server (MOSAIC_TEST_NATS=nats://127.0.0.1:4222) on a stream of
// its own, deleted afterwards.
func TestMachineServer(t *testing.T) {
	url := os.Getenv("MOSAIC_TEST_NATS")
	if url == "" {
		t.Skip("MOSAIC_TEST_NATS is not set: the test against a running NATS server is skipped")
	}
	name := fmt.Sprintf("MOSAIC_TEST_%d", time.Now().UnixNano())
	q := openQueue(t, url, func(c *Config) {
		c.Stream, c.Subject, c.Consumer = name, strings.ToLower(name)+".records", "detect"
	})
	t.Cleanup(func() { _ = q.js.DeleteStream(context.Background(), name) })
	publishAndDrainInOrder(t, q)
}

// TestFullStreamPushesBack: a stream at its size limit refuses new
// messages, and Publish says so with EUNAVAILABLE (ingest answers 503 and
// its caller retries) rather than buffer them; once detection drains,
// publishing works again.
func TestFullStreamPushesBack(t *testing.T) {
	srv := startServer(t)
	ctx := context.Background()
	q := openQueue(t, srv.url(), func(c *Config) { c.MaxBytes = 16 << 10; c.MaxPending = 10 })
	var err error
	published := 0
	for i := 0; i < 1000 && err == nil; i += 10 {
		if err = q.Publish(ctx, jobs(i, 10)); err == nil {
			published += 10
		}
	}
	if mosaic.ErrorCode(err) != mosaic.EUNAVAILABLE {
		t.Fatalf("a full stream: %v", err)
	}
	drainUntil(t, q, published)
	// The server frees the space as it processes the acknowledgements.
	waitFor(t, "the stream to take records again", func() bool {
		err = q.Publish(ctx, jobs(5000, 10))
		return err == nil
	})
}

// TestAfterACrashNothingShowsPending: a detection process dies holding
// records it never acknowledged. The next one starts from the store,
// which holds them, so its queue counts everything in the stream as come
// through at once, rather than after the server's AckWait.
func TestAfterACrashNothingShowsPending(t *testing.T) {
	srv := startServer(t)
	crashed := openQueue(t, srv.url(), nil)
	if err := crashed.Publish(context.Background(), jobs(0, 20)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the records to be taken in", func() bool {
		crashed.mu.Lock()
		defer crashed.mu.Unlock()
		return len(crashed.held) == 20
	})
	crashed.nc.Close() // no acknowledgement, no give-back
	next := openQueue(t, srv.url(), nil)
	recs, upTo := next.Drain()
	if upTo != 20 || next.Published() != 20 {
		t.Errorf("upTo %d, published %d with %d drained; want 20 and 20", upTo, next.Published(), len(recs))
	}
}
