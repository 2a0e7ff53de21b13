package scan

import (
	"context"
	"runtime"
	"sync"

	"github.com/mosaic-sec/mosaic"
)

// bufferedEmitter records what an extractor emits for one file, so that
// files read concurrently can be replayed into the scan in file order.
type bufferedEmitter struct {
	calls []func(mosaic.Emitter) error
}

func (b *bufferedEmitter) Accept(r mosaic.Record) error {
	b.calls = append(b.calls, func(e mosaic.Emitter) error { return e.Accept(r) })
	return nil
}

func (b *bufferedEmitter) AcceptMany(rs []mosaic.Record) error {
	b.calls = append(b.calls, func(e mosaic.Emitter) error { return e.AcceptMany(rs) })
	return nil
}

func (b *bufferedEmitter) Reject(r mosaic.Reject) error {
	b.calls = append(b.calls, func(e mosaic.Emitter) error { return e.Reject(r) })
	return nil
}

// parallelKinds are small one-row files whose reading is CPU-bound (photo
// decoding and fingerprinting): they are read on every core.
var parallelKinds = map[mosaic.Kind]bool{mosaic.KindPhoto: true, mosaic.KindResume: true}

// extractAll reads a run of small files concurrently and returns, per file,
// the buffered emissions and the file-level error, in input order.
func extractAll(ctx context.Context, x mosaic.Extractor, files []mosaic.File) ([]*bufferedEmitter, []error) {
	bufs := make([]*bufferedEmitter, len(files))
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				b := &bufferedEmitter{}
				errs[i] = x.Extract(ctx, files[i], b)
				bufs[i] = b
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return bufs, errs
}
