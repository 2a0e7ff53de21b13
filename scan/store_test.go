package scan

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// recordingStore keeps what it is asked to save, or fails every save.
type recordingStore struct {
	mu      sync.Mutex
	saves   [][]mosaic.Record
	fail    bool
	release chan struct{} // when set, each save waits for it to close
}

func (s *recordingStore) SaveRecords(ctx context.Context, batch []mosaic.Record) error {
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return errors.New("disk full")
	}
	s.saves = append(s.saves, append([]mosaic.Record(nil), batch...))
	return nil
}

func (s *recordingStore) SaveResults(context.Context, *mosaic.Report) error { return nil }
func (s *recordingStore) Counts(context.Context) (map[string]int64, error)  { return nil, nil }
func (s *recordingStore) Close() error                                      { return nil }

func notes(prefix string, n int) []mosaic.Record {
	out := make([]mosaic.Record, n)
	for i := range out {
		out[i] = mosaic.Note{ID: prefix + string(rune('a'+i%26)), Origin: mosaic.Origin{Line: i + 1}}
	}
	return out
}

// TestRecordWriterSavesInOrderAndCoalesces queues batches while the store is
// held up: they reach the store in order, the waiting ones together.
func TestRecordWriterSavesInOrderAndCoalesces(t *testing.T) {
	store := &recordingStore{release: make(chan struct{})}
	w := startRecordWriter(t.Context(), store)
	var want []mosaic.Record
	for i := range 5 {
		b := notes(string(rune('A'+i)), 3)
		want = append(want, b...)
		if err := w.queue(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	close(store.release) // every save may go on
	if err := w.finish(); err != nil {
		t.Fatal(err)
	}
	var got []mosaic.Record
	for _, s := range store.saves {
		got = append(got, s...)
	}
	if len(got) != len(want) {
		t.Fatalf("saved %d records, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("record %d is %v, want %v", i, got[i], want[i])
		}
	}
	if len(store.saves) >= 5 {
		t.Errorf("%d saves for 5 batches queued behind a busy store: nothing was coalesced", len(store.saves))
	}
	if err := w.finish(); err != nil {
		t.Errorf("second finish: %v", err)
	}
}

func TestTakeQueuedStopsAtTheCap(t *testing.T) {
	queue := make(chan []mosaic.Record, 3)
	big := make([]mosaic.Record, maxRecordsPerSave/2+1)
	queue <- big
	queue <- big
	queue <- big
	got := takeQueued(big, queue)
	if len(got) != 2*len(big) {
		t.Errorf("took %d records, want %d (two batches reach the cap)", len(got), 2*len(big))
	}
	if len(queue) != 2 {
		t.Errorf("%d batches left in the queue, want 2", len(queue))
	}
}

func TestRecordWriterReportsTheFirstFailure(t *testing.T) {
	store := &recordingStore{fail: true}
	w := startRecordWriter(t.Context(), store)
	for i := range 3 {
		// Once the writer has failed, queue says so.
		if err := w.queue(t.Context(), notes(string(rune('A'+i)), 2)); err != nil && mosaic.ErrorCode(err) != mosaic.EINTERNAL {
			t.Fatal(err)
		}
	}
	err := w.finish()
	var me *mosaic.Error
	if !errors.As(err, &me) || me.Code != mosaic.EINTERNAL {
		t.Fatalf("finish = %v, want an EINTERNAL error", err)
	}
}

// TestStoreFailureStopsTheScanPromptly: after a save fails (a full disk),
// the next batch queued gets the failure, with the store's code (exit 2),
// instead of the scan reading everything first.
func TestStoreFailureStopsTheScanPromptly(t *testing.T) {
	store := &classifiedFailStore{}
	w := startRecordWriter(t.Context(), store)
	defer w.abandon()
	if err := w.queue(t.Context(), notes("A", 2)); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		err = w.queue(t.Context(), notes("B", 1))
		time.Sleep(time.Millisecond)
	}
	if mosaic.ExitCode(err) != 2 || !strings.Contains(err.Error(), "the disk is full") || !strings.Contains(err.Error(), "the scan stopped") {
		t.Fatalf("queue after a failed save: exit %d: %v", mosaic.ExitCode(err), err)
	}
}

// classifiedFailStore fails every save as a full disk.
type classifiedFailStore struct{ recordingStore }

func (*classifiedFailStore) SaveRecords(context.Context, []mosaic.Record) error {
	return mosaic.Errorf(mosaic.EUNAVAILABLE, "cannot save records to database m.db: the disk is full")
}

// TestRecordWriterAbandon stops a writer stuck on a slow store: abandon
// returns once the writer has stopped.
func TestRecordWriterAbandon(t *testing.T) {
	store := &recordingStore{release: make(chan struct{})}
	w := startRecordWriter(t.Context(), store)
	if err := w.queue(t.Context(), notes("A", 2)); err != nil {
		t.Fatal(err)
	}
	w.abandon()
	if len(store.saves) != 0 {
		t.Errorf("an abandoned writer saved %d batches", len(store.saves))
	}
	w.abandon() // a second call is harmless
}

func TestNilRecordWriter(t *testing.T) {
	w := startRecordWriter(t.Context(), nil)
	if err := w.queue(t.Context(), notes("A", 1)); err != nil {
		t.Error(err)
	}
	if err := w.finish(); err != nil {
		t.Error(err)
	}
	w.abandon()
}
