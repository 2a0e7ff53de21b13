package okta

import (
	"context"
	"io"
	"sync"

	"github.com/mosaic-sec/mosaic"
)

// Rows travel in batches: one goroutine cuts the file into rows, workers
// decode whole batches, and the caller's goroutine emits them in the order
// they were read, so Origin lines come out sorted and emitters need no
// locking.
const (
	batchRows  = 256
	batchBytes = 512 << 10
)

type batch struct {
	rows    []row
	buf     []byte
	results []result
	err     error         // the read error that ended the file, after rows
	done    chan struct{} // closed once results are decoded
}

type counts struct{ accepted, rejected int }

func (x *Extractor) run(ctx context.Context, src source, f mosaic.File, emit mosaic.Emitter) (counts, error) {
	e := &emitter{file: f, emit: emit}
	if x.workers <= 1 {
		d := &decoder{file: f.Path}
		b := &batch{}
		for {
			if err := ctx.Err(); err != nil {
				return e.counts, err
			}
			fill(src, b)
			decodeBatch(d, b)
			if err := e.batch(b); err != nil {
				return e.counts, err
			}
			if b.err != nil || len(b.rows) == 0 {
				return e.counts, e.end(b.err)
			}
		}
	}

	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer func() {
		cancel()
		wg.Wait() // nothing outlives the call, and the file stays open until then
	}()
	work := make(chan *batch, x.workers)
	ordered := make(chan *batch, 2*x.workers)
	free := make(chan *batch, 2*x.workers+2)

	wg.Go(func() {
		defer close(work)
		defer close(ordered)
		for {
			var b *batch
			select {
			case b = <-free:
			default:
				b = &batch{}
			}
			fill(src, b)
			b.done = make(chan struct{})
			// ordered first: the consumer then always waits on a batch
			// that is already on its way to a worker.
			select {
			case ordered <- b:
			case <-ctx.Done():
				return
			}
			select {
			case work <- b:
			case <-ctx.Done():
				return
			}
			if b.err != nil || len(b.rows) == 0 {
				return
			}
		}
	})
	for range x.workers {
		wg.Go(func() {
			d := &decoder{file: f.Path}
			for b := range work {
				decodeBatch(d, b)
				close(b.done)
			}
		})
	}

	for b := range ordered {
		select {
		case <-b.done:
		case <-ctx.Done():
			return e.counts, ctx.Err()
		}
		if err := e.batch(b); err != nil {
			return e.counts, err
		}
		if b.err != nil || len(b.rows) == 0 {
			return e.counts, e.end(b.err)
		}
		select {
		case free <- b:
		default:
		}
	}
	return e.counts, ctx.Err()
}

// fill reads up to a batch of rows. A batch with no rows ends the file.
func fill(src source, b *batch) {
	b.rows, b.buf, b.err = b.rows[:0], b.buf[:0], nil
	for len(b.rows) < batchRows && len(b.buf) < batchBytes {
		var r row
		var err error
		b.buf, r, err = src.next(b.buf)
		if err != nil {
			// At the end of the file the rows read so far go out now and
			// the next, empty batch says the file is done.
			if err != io.EOF {
				b.err = err
			}
			return
		}
		b.rows = append(b.rows, r)
	}
}

func decodeBatch(d *decoder, b *batch) {
	if cap(b.results) < len(b.rows) {
		b.results = make([]result, len(b.rows))
	}
	b.results = b.results[:len(b.rows)]
	for i, r := range b.rows {
		if r.reject != "" {
			b.results[i] = result{reason: r.reject}
			continue
		}
		d.decode(b.buf[r.start:r.end], r.line, &b.results[i])
	}
}

// emitter hands results to the caller's Emitter in order and counts them.
//
// Until a row looks like a LogEvent it holds rejects back: a file whose
// first objects are all valid JSON without any of Okta's fields is some
// other log put in the okta folder, and one clear error says so better than
// a reject per line.
type emitter struct {
	file    mosaic.File
	emit    mosaic.Emitter
	counts  counts
	sure    bool
	pending []mosaic.Reject
	foreign int
}

// foreignLimit is how many foreign objects, with no LogEvent before them,
// make a file "not an Okta export".
const foreignLimit = 3

// pendingLimit bounds the rejects held back while unsure.
const pendingLimit = 1000

func (e *emitter) batch(b *batch) error {
	for i := range b.results {
		r := &b.results[i]
		if r.reason == "" {
			if err := e.flush(); err != nil {
				return err
			}
			e.counts.accepted++
			if err := e.emit.Accept(r.event); err != nil {
				return err
			}
			continue
		}
		rej := mosaic.Reject{File: e.file.Path, Line: b.rows[i].line, Column: r.column, Reason: r.reason}
		if !e.sure {
			if r.foreign {
				if e.foreign++; e.foreign >= foreignLimit {
					return notOkta(e.file)
				}
			} else if r.column != "" {
				// A LogEvent with a bad field: this is an Okta export.
				if err := e.flush(); err != nil {
					return err
				}
			}
		}
		if !e.sure {
			e.pending = append(e.pending, rej)
			if len(e.pending) >= pendingLimit {
				if err := e.flush(); err != nil {
					return err
				}
			}
			continue
		}
		e.counts.rejected++
		if err := e.emit.Reject(rej); err != nil {
			return err
		}
	}
	return nil
}

// flush emits the held-back rejects and stops holding.
func (e *emitter) flush() error {
	e.sure = true
	for _, rej := range e.pending {
		e.counts.rejected++
		if err := e.emit.Reject(rej); err != nil {
			return err
		}
	}
	e.pending = nil
	return nil
}

// end finishes the file: readErr is the error that stopped reading, if any.
func (e *emitter) end(readErr error) error {
	if !e.sure && e.foreign > 0 {
		return notOkta(e.file)
	}
	if err := e.flush(); err != nil {
		return err
	}
	if readErr != nil {
		return mosaic.WrapError(mosaic.EINVALID, readErr, "cannot read %s", e.file.Path)
	}
	return nil
}
