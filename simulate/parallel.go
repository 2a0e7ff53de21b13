package simulate

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallel runs job(0..n-1) on a few workers. Jobs must be independent and
// draw randomness only from their own seeded streams, so output does not
// depend on scheduling. progress sees the stage from one goroutine at a
// time and never backwards. It returns the number of jobs done and the
// first error.
func parallel(ctx context.Context, n int, stage string, progress Progress, job func(i int) error) (int64, error) {
	var (
		next, done atomic.Int64
		wg         sync.WaitGroup
		mu         sync.Mutex
		reported   int64
		first      error
	)
	tell := func(d int64, force bool) {
		mu.Lock()
		defer mu.Unlock()
		if progress != nil && (d > reported || force) {
			reported = d
			progress(stage, d, int64(n))
		}
	}
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil
	}
	tell(0, true)
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || failed() {
					return
				}
				if i%512 == 0 {
					if err := ctx.Err(); err != nil {
						fail(err)
						return
					}
				}
				if err := job(i); err != nil {
					fail(err)
					return
				}
				if d := done.Add(1); d%2000 == 0 {
					tell(d, false)
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return done.Load(), first
	}
	tell(int64(n), false)
	return done.Load(), nil
}
