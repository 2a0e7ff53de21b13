package scan

import (
	"context"

	"github.com/mosaic-sec/mosaic"
)

// recordQueueBatches is how many batches of records may wait for the store.
// The writer is the slowest consumer (the pure-Go SQLite stores about
// 50,000 sign-ins a second), so a queue that holds a whole medium bundle
// (≈100 batches of 5,000) lets reading, linking, matching and detection run
// ahead while it catches up on the other core; past that, reading waits,
// which bounds the memory the queued copies take.
const recordQueueBatches = 256

// maxRecordsPerSave caps how many queued records the writer saves in one
// transaction. A transaction rewrites every index page it touches, and
// sign-ins touch pages all over their key and indexes: on SQLite, 50,000
// rows a transaction cost about 30% less CPU per row than 5,000
// (sqlite.BenchmarkSaveSignInsPerTransaction, four runs: 49,000-62,000
// against 40,600-47,500 rows per CPU second), and the 64 MiB page cache
// still holds every dirty page.
const maxRecordsPerSave = 50_000

// recordFinisher is a store that completes a scan's saved records in one
// last step: SQLite moves its staged sign-ins into place and indexes them.
type recordFinisher interface {
	FinishRecords(ctx context.Context) error
}

// recordWriter saves batches of records on its own goroutine, in the order
// they were queued. After its first failure, later batches are dropped and
// queue returns the failure, so the scan stops at once rather than read,
// link and detect everything before finish reports it.
type recordWriter struct {
	batches chan []mosaic.Record
	done    chan error
	cancel  context.CancelFunc

	// failed is closed after failure is set, on the first failed save.
	failed  chan struct{}
	failure error
}

// startRecordWriter starts saving to store; nil store means keep nothing,
// and the writer then accepts and drops every batch.
func startRecordWriter(ctx context.Context, store mosaic.Store) *recordWriter {
	if store == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &recordWriter{batches: make(chan []mosaic.Record, recordQueueBatches), done: make(chan error, 1), cancel: cancel,
		failed: make(chan struct{})}
	go func(batches <-chan []mosaic.Record) {
		var err error
		for b := range batches {
			b = takeQueued(b, batches)
			if err == nil {
				if err = store.SaveRecords(ctx, b); err != nil {
					w.failure = savingFailed(err)
					close(w.failed)
				}
			}
		}
		if f, ok := store.(recordFinisher); ok && err == nil {
			err = f.FinishRecords(ctx)
		}
		w.done <- err
	}(w.batches)
	return w
}

// takeQueued appends to batch the batches already waiting in the queue,
// until it holds maxRecordsPerSave records or more, so that a writer that fell behind catches up
// in fewer, larger transactions. Saving them together stores what saving
// them one after the other would: a key repeated across them keeps its
// last record.
func takeQueued(batch []mosaic.Record, queue <-chan []mosaic.Record) []mosaic.Record {
	for len(batch) < maxRecordsPerSave {
		select {
		case more, ok := <-queue:
			if !ok {
				return batch
			}
			batch = append(batch, more...)
		default:
			return batch
		}
	}
	return batch
}

// queue hands a batch to the writer, waiting while the queue is full.
func (w *recordWriter) queue(ctx context.Context, batch []mosaic.Record) error {
	if w == nil || len(batch) == 0 {
		return nil
	}
	select {
	case <-w.failed:
		return w.failure
	default:
	}
	select {
	case w.batches <- batch:
		return nil
	case <-w.failed:
		return w.failure
	case <-ctx.Done():
		return ctx.Err()
	}
}

// savingFailed explains a failed save: the store's own explanation (a full
// disk, a lost connection: exit 2) is kept, and the scan says that it
// stopped and what was kept.
func savingFailed(err error) error {
	code := mosaic.ErrorCode(err)
	return mosaic.WrapError(code, err, "the scan stopped: cannot save the records "+
		"(those saved before are kept; scanning again once this is fixed completes the database without duplicating them)")
}

// finish waits until every queued batch is saved and reports the first
// failure. It may be called more than once; calls after the first return nil.
func (w *recordWriter) finish() error {
	if w == nil || w.batches == nil {
		return nil
	}
	close(w.batches)
	w.batches = nil
	err := <-w.done
	w.cancel()
	if err != nil {
		return savingFailed(err)
	}
	return nil
}

// abandon stops the writer without waiting for the queue to drain: the scan
// failed, and its records need not reach the store. It returns once the
// writer has stopped, so the caller may close the store.
func (w *recordWriter) abandon() {
	if w == nil || w.batches == nil {
		return
	}
	w.cancel()
	_ = w.finish()
}
