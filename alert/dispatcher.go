package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Defaults for the Dispatcher's zero fields.
const (
	DefaultPollInterval = 50 * time.Millisecond
	DefaultMaxBackoff   = 5 * time.Minute
	DefaultBatch        = 100
	DefaultSendTimeout  = 15 * time.Second
	// MaxRetryAfter caps a receiver's Retry-After, so a typo on its side
	// ("Retry-After: 86400") does not silence alerts for a day.
	MaxRetryAfter = time.Hour
)

// DefaultBackoff waits 1 s after the first failed attempt, doubling up to
// DefaultMaxBackoff, plus up to 20% jitter so deliveries that failed
// together (a receiver down) do not all come back in the same instant.
func DefaultBackoff(attempt int) time.Duration {
	d := DefaultMaxBackoff
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 20 { // 2^19 s is far past the cap; avoid overflow beyond
		if e := time.Second << (attempt - 1); e < d {
			d = e
		}
	}
	return d + rand.N(d/5+1)
}

// Dispatcher sends the outbox's due deliveries with their destinations'
// senders and records the outcome. Set the fields, then call Run (or
// DispatchOnce in tests); do not copy a Dispatcher after first use.
type Dispatcher struct {
	Outbox  Outbox
	Senders map[string]Sender // by Sender.Name, the outbox's destination
	// Backoff is the wait after a delivery's attempt-th failure; default
	// DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// MaxBackoff is the wait after a permanent error; default
	// DefaultMaxBackoff. Such deliveries are kept and retried at this pace
	// rather than dropped, so fixing the receiver or the configuration
	// delivers them.
	MaxBackoff time.Duration
	Log        *slog.Logger     // default slog.Default()
	Now        func() time.Time // default time.Now
	// PollInterval is how often Run looks for due deliveries when nobody
	// calls Notify; default DefaultPollInterval.
	PollInterval time.Duration
	Batch        int           // deliveries per DispatchOnce; default DefaultBatch
	SendTimeout  time.Duration // per send; default DefaultSendTimeout

	once sync.Once
	poke chan struct{}

	mu    sync.Mutex
	dests map[string]*destState
}

// destState is what the dispatcher remembers of a destination between
// passes: while it fails, its deliveries wait for one probe at a time
// instead of each walking its own backoff from 1 s (an alert raised during
// an outage would otherwise try again after 1, 2, 4 ... s, each of them).
// It lives in memory: after a restart the first pass probes once and
// rebuilds it.
type destState struct {
	fails   int       // consecutive retryable failures
	until   time.Time // no sends before this
	lastErr string
}

func (d *Dispatcher) destState(dest string) destState {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st := d.dests[dest]; st != nil {
		return *st
	}
	return destState{}
}

func (d *Dispatcher) setDestState(dest string, st destState) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.dests == nil {
		d.dests = map[string]*destState{}
	}
	d.dests[dest] = &st
}

func (d *Dispatcher) init() {
	d.once.Do(func() { d.poke = make(chan struct{}, 1) })
}

// Notify wakes Run to look at the outbox now, as after an Enqueue; it never
// blocks.
func (d *Dispatcher) Notify() {
	d.init()
	select {
	case d.poke <- struct{}{}:
	default: // a wake-up is already pending; it will see this work too
	}
}

// Run dispatches until ctx is done, then returns ctx's error. Deliveries in
// flight when ctx ends are cancelled and stay due, so the next start sends
// them again (at-least-once). Run one Dispatcher per outbox: two would send
// the same due deliveries (harmless to receivers, which de-duplicate, but
// twice the traffic).
func (d *Dispatcher) Run(ctx context.Context) error {
	d.init()
	interval := d.PollInterval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false
	batch := d.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	for {
		n, err := d.DispatchOnce(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil && n >= batch {
			continue // a full batch went out: there may be more waiting
		}
		// Log an unreachable outbox once per outage, not 20 times a second.
		if err != nil && !failing {
			d.log().Error("alert outbox unavailable", "err", err)
		} else if err == nil && failing {
			d.log().Info("alert outbox available again")
		}
		failing = err != nil
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-d.poke:
		case <-t.C:
		}
	}
}

// DispatchOnce sends the deliveries due now (at most Batch) and returns how
// many were delivered. Destinations are served in parallel, so a slow
// receiver does not hold up the others; each destination's deliveries go
// in order. An error means the outbox itself failed.
func (d *Dispatcher) DispatchOnce(ctx context.Context) (int, error) {
	batch := d.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	due, err := d.Outbox.Due(ctx, d.now(), batch)
	if err != nil {
		return 0, fmt.Errorf("alert outbox: %w", err)
	}
	byDest := map[string][]Delivery{}
	var order []string
	for _, dl := range due {
		if _, ok := byDest[dl.Destination]; !ok {
			order = append(order, dl.Destination)
		}
		byDest[dl.Destination] = append(byDest[dl.Destination], dl)
	}
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		delivered int
		errs      []error
	)
	for _, dest := range order {
		wg.Go(func() {
			n, err := d.dispatchDest(ctx, dest, byDest[dest])
			mu.Lock()
			delivered += n
			if err != nil {
				errs = append(errs, err)
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return delivered, errors.Join(errs...)
}

// dispatchDest sends one destination's due deliveries in order. After a
// retryable failure (connection refused, timeout, 5xx) the rest of the
// batch is deferred to the same time without being tried: the receiver is
// most likely down, and trying each would cost a timeout apiece and hammer
// it as it comes back. Deferring them
// (rather than leaving them due) keeps them from filling the next batches
// ahead of other destinations' deliveries.
func (d *Dispatcher) dispatchDest(ctx context.Context, dest string, ds []Delivery) (int, error) {
	sender := d.Senders[dest]
	delivered := 0
	st := d.destState(dest)
	if d.now().Before(st.until) {
		d.defer_(ctx, dest, ds, st.until, "deferred: "+st.lastErr)
		return 0, nil
	}
	for i, dl := range ds {
		if ctx.Err() != nil {
			return delivered, nil // shutting down: the rest stay due
		}
		err := d.send(ctx, sender, dest, dl)
		if ctx.Err() != nil && err != nil {
			return delivered, nil // cancelled by shutdown, not the receiver's fault
		}
		now := d.now()
		if err == nil {
			if st.fails > 0 {
				d.log().Info("alert destination recovered", "destination", dest, "failures", st.fails)
				st = destState{}
				d.setDestState(dest, st)
			}
			mctx, cancel := markContext(ctx)
			merr := d.Outbox.MarkDelivered(mctx, dl.AlertID, dest, now)
			cancel()
			if merr != nil {
				return delivered, fmt.Errorf("alert outbox: %w", merr)
			}
			delivered++
			continue
		}
		attempts := dl.Attempts + 1
		text := err.Error()
		permanent := IsPermanent(err)
		var next time.Time
		if permanent {
			next = now.Add(d.wait(attempts, err))
		} else {
			// The destination's failure count, not just this delivery's,
			// sets the pace: a new alert during an outage joins the
			// outage's backoff instead of starting again from 1 s.
			st.fails++
			next = now.Add(d.wait(max(attempts, st.fails), err))
			st.until, st.lastErr = next, text
			d.setDestState(dest, st)
		}
		// No personal data in the log: the alert id points to it.
		msg := "alert delivery failed; will retry"
		if permanent {
			msg = "alert delivery failed permanently; will retry slowly"
		}
		d.log().Warn(msg, "alert_id", dl.AlertID, "destination", dest, "attempts", attempts,
			"next_attempt", next, "err", text)
		mctx, cancel := markContext(ctx)
		merr := d.Outbox.MarkFailed(mctx, dl.AlertID, dest, attempts, next, text)
		cancel()
		if merr != nil {
			return delivered, fmt.Errorf("alert outbox: %w", merr)
		}
		if !permanent {
			d.defer_(ctx, dest, ds[i+1:], next, "deferred: "+text)
			return delivered, nil
		}
		// A permanent error came back fast and may concern this alert
		// only (a 400 for its body); the rest still get their own try.
	}
	return delivered, nil
}

// defer_ moves deliveries that were not tried to next, keeping their
// attempt counts: they did not fail, their destination did.
func (d *Dispatcher) defer_(ctx context.Context, dest string, rest []Delivery, next time.Time, text string) {
	ctx, cancel := markContext(ctx)
	defer cancel()
	for _, dl := range rest {
		if err := d.Outbox.MarkFailed(ctx, dl.AlertID, dest, dl.Attempts, next, text); err != nil {
			return // they stay due; the next pass tries again
		}
	}
}

// markContext is the context for recording an outcome. It outlives a
// cancelled ctx, because a send that succeeded during shutdown should still
// be recorded (or it is sent again on the next start), but not by long.
func markContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}

var errBadPayload = errors.New("stored alert is not valid alert JSON")

func (d *Dispatcher) send(ctx context.Context, s Sender, dest string, dl Delivery) error {
	if s == nil {
		// A destination removed from the configuration: keep the delivery,
		// so putting the destination back delivers it.
		return Permanent(fmt.Errorf("no sender configured for destination %q", dest))
	}
	var a Alert
	if err := json.Unmarshal(dl.Payload, &a); err != nil {
		return Permanent(errBadPayload)
	}
	timeout := d.SendTimeout
	if timeout <= 0 {
		timeout = DefaultSendTimeout
	}
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return s.Send(sctx, a)
}

// wait is how long to wait after a delivery's attempt-th failure with err.
func (d *Dispatcher) wait(attempt int, err error) time.Duration {
	maxB := d.MaxBackoff
	if maxB <= 0 {
		maxB = DefaultMaxBackoff
	}
	if IsPermanent(err) {
		return maxB
	}
	backoff := d.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	w := backoff(attempt)
	if ra, ok := RetryAfterOf(err); ok {
		w = max(w, min(ra, MaxRetryAfter))
	}
	return w
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dispatcher) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}
