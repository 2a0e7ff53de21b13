package service

import (
	"context"
	"sync"

	"github.com/mosaic-sec/mosaic"
)

// Queue carries records from ingest to detection. Records are published
// only once they are durably stored, so a queue may lose what it holds in
// a crash without losing data: the next start reads the store. The
// in-process queue below serves one process; a distributed log (NATS
// JetStream, say) can implement the same interface when ingest and
// detection run in several processes: Publish appends to a stream, and a
// consumer goroutine fills Drain and signals Ready.
type Queue interface {
	// Publish hands stored records to detection.
	Publish(ctx context.Context, recs []mosaic.Record) error
	// Ready is signalled when records may be waiting.
	Ready() <-chan struct{}
	// Drain returns every record published since the last Drain, and the
	// number of records ever published up to and including them.
	Drain() (recs []mosaic.Record, upTo int64)
	// Published is the number of records ever published.
	Published() int64
}

// MemoryQueue is the in-process Queue.
type MemoryQueue struct {
	mu        sync.Mutex
	recs      []mosaic.Record
	published int64
	ready     chan struct{}
}

// NewMemoryQueue returns an empty in-process queue.
func NewMemoryQueue() *MemoryQueue { return &MemoryQueue{ready: make(chan struct{}, 1)} }

// Publish implements Queue.
func (q *MemoryQueue) Publish(_ context.Context, recs []mosaic.Record) error {
	q.mu.Lock()
	q.recs = append(q.recs, recs...)
	q.published += int64(len(recs))
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
	return nil
}

// Ready implements Queue.
func (q *MemoryQueue) Ready() <-chan struct{} { return q.ready }

// Drain implements Queue.
func (q *MemoryQueue) Drain() ([]mosaic.Record, int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	recs := q.recs
	q.recs = nil
	return recs, q.published
}

// Published implements Queue.
func (q *MemoryQueue) Published() int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.published
}

// Peek returns the records waiting in the queue that satisfy f, leaving
// them queued (the detection loop runs the fast path for hiring records
// that arrive while a full analysis runs).
func (q *MemoryQueue) Peek(f func(mosaic.Record) bool) []mosaic.Record {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []mosaic.Record
	for _, r := range q.recs {
		if f(r) {
			out = append(out, r)
		}
	}
	return out
}
