package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeSender records what it sends and fails while fail says so.
type fakeSender struct {
	name string
	mu   sync.Mutex
	got  []string // alert ids, in order
	fail func(a Alert) error
}

func (f *fakeSender) Name() string { return f.name }

func (f *fakeSender) Send(_ context.Context, a Alert) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(a); err != nil {
			return err
		}
	}
	f.got = append(f.got, a.ID)
	return nil
}

func (f *fakeSender) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

func enqueue(t *testing.T, o Outbox, subject string, dests ...string) Alert {
	t.Helper()
	a := sample()
	a.SubjectID = subject
	a.ID = ID(subject, string(a.Level))
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Enqueue(context.Background(), a.ID, b, dests); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestEnqueueIsIdempotent(t *testing.T) {
	ctx := context.Background()
	var o MemoryOutbox
	a := enqueue(t, &o, "S-1", "hook", "slack")
	if err := o.MarkFailed(ctx, a.ID, "hook", 3, time.Unix(9e9, 0), "down"); err != nil {
		t.Fatal(err)
	}
	// The same alert again, with another payload and one more destination.
	if err := o.Enqueue(ctx, a.ID, []byte(`{"changed":true}`), []string{"hook", "slack", "syslog"}); err != nil {
		t.Fatal(err)
	}
	all := o.All()
	if len(all) != 3 {
		t.Fatalf("%d deliveries, want 3: %+v", len(all), all)
	}
	for _, d := range all[:2] {
		if strings.Contains(string(d.Payload), "changed") {
			t.Errorf("%s: payload replaced", d.Destination)
		}
	}
	if all[0].Attempts != 3 || all[0].LastError != "down" {
		t.Errorf("existing delivery changed: %+v", all[0])
	}
	if n, _ := o.Pending(ctx); n != 3 {
		t.Errorf("pending %d, want 3", n)
	}
	due, _ := o.Due(ctx, time.Now(), 10)
	if len(due) != 2 || due[0].Destination != "slack" || due[1].Destination != "syslog" {
		t.Errorf("due: %+v", due)
	}
}

func TestDispatcherRetriesWithBackoff(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	var o MemoryOutbox
	failures := 3
	s := &fakeSender{name: "hook", fail: func(Alert) error {
		if failures > 0 {
			failures--
			return errors.New("hook: receiver answered 503")
		}
		return nil
	}}
	log, _ := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"hook": s}, Backoff: noJitter, Log: log, Now: clk.Now}
	a := enqueue(t, &o, "S-1", "hook")

	for attempt := 1; attempt <= 3; attempt++ {
		if n, err := d.DispatchOnce(ctx); n != 0 || err != nil {
			t.Fatalf("attempt %d: delivered %d, err %v", attempt, n, err)
		}
		dl := o.All()[0]
		wait := noJitter(attempt)
		if dl.Attempts != attempt || !dl.NextAttempt.Equal(clk.Now().Add(wait)) || dl.LastError == "" {
			t.Fatalf("after attempt %d: %+v, want next in %v", attempt, dl, wait)
		}
		// Not due a moment before the backoff ends.
		clk.Advance(wait - time.Millisecond)
		if n, _ := d.DispatchOnce(ctx); n != 0 || o.All()[0].Attempts != attempt {
			t.Fatalf("retried before the backoff ended")
		}
		clk.Advance(time.Millisecond)
	}
	if n, err := d.DispatchOnce(ctx); n != 1 || err != nil {
		t.Fatalf("4th attempt: delivered %d, err %v", n, err)
	}
	if got := s.sent(); len(got) != 1 || got[0] != a.ID {
		t.Fatalf("sent %v", got)
	}
	if p, _ := o.Pending(ctx); p != 0 {
		t.Fatalf("pending %d", p)
	}
}

func TestDefaultBackoff(t *testing.T) {
	for attempt := 1; attempt <= 40; attempt++ {
		base := min(time.Second<<min(attempt-1, 30), DefaultMaxBackoff)
		for range 20 {
			d := DefaultBackoff(attempt)
			if d < base || d > base+base/5 {
				t.Fatalf("DefaultBackoff(%d) = %v, want in [%v, %v]", attempt, d, base, base+base/5)
			}
		}
	}
}

// A receiver that was down for an hour gets every alert when it is back,
// without having been hammered while down.
func TestDispatcherDeliversEverythingAfterAnHourDown(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	var down atomic.Bool
	down.Store(true)
	var mu sync.Mutex
	got := map[string]int{}
	var downHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			downHits.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		got[r.Header.Get("webhook-id")]++
		mu.Unlock()
	}))
	defer srv.Close()
	w, err := NewWebhook("hook", srv.URL, testSecret, HTTPOptions{AllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	var o MemoryOutbox
	log, _ := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"hook": w}, Log: log, Now: clk.Now}

	// 30 alerts arrive over the hour the receiver is down, checked every 5 s.
	want := map[string]bool{}
	step := 5 * time.Second
	for i := 0; clk.Now().Before(newClock().Now().Add(time.Hour)); i++ {
		if i%24 == 0 && len(want) < 30 || i < 6 {
			want[enqueue(t, &o, fmt.Sprintf("S-%d", i), "hook").ID] = true
		}
		if _, err := d.DispatchOnce(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Advance(step)
	}
	// While the destination fails, one probe per backoff interval for the
	// whole destination (about 9 to reach the 5-minute cap, then 12 an
	// hour), not a backoff ladder per alert.
	t.Logf("receiver hit %d times during the hour down", downHits.Load())
	if n := downHits.Load(); n > 25 {
		t.Errorf("receiver hit %d times while down", n)
	}

	down.Store(false)
	// Everything arrives within the longest backoff plus jitter.
	deadline := clk.Now().Add(DefaultMaxBackoff + DefaultMaxBackoff/5 + step)
	for clk.Now().Before(deadline) {
		if _, err := d.DispatchOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if p, _ := o.Pending(ctx); p == 0 {
			break
		}
		clk.Advance(step)
	}
	if p, _ := o.Pending(ctx); p != 0 {
		t.Fatalf("%d deliveries still pending after recovery", p)
	}
	mu.Lock()
	defer mu.Unlock()
	for id := range want {
		if got[id] != 1 {
			t.Errorf("alert %s received %d times", id, got[id])
		}
	}
	if len(got) != len(want) {
		t.Errorf("received %d distinct alerts, want %d", len(got), len(want))
	}
}

func TestDispatcherHonoursRetryAfter(t *testing.T) {
	clk := newClock()
	var o MemoryOutbox
	s := &fakeSender{name: "hook", fail: func(Alert) error { return RetryAfter(errors.New("429"), 90*time.Second) }}
	log, _ := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"hook": s}, Backoff: noJitter, Log: log, Now: clk.Now}
	enqueue(t, &o, "S-1", "hook")
	d.DispatchOnce(context.Background())
	if next := o.All()[0].NextAttempt; !next.Equal(clk.Now().Add(90 * time.Second)) {
		t.Fatalf("next attempt %v, want in 90 s", next.Sub(clk.Now()))
	}
	s.fail = func(Alert) error { return RetryAfter(errors.New("429"), 48*time.Hour) }
	clk.Advance(90 * time.Second)
	d.DispatchOnce(context.Background())
	if next := o.All()[0].NextAttempt; !next.Equal(clk.Now().Add(MaxRetryAfter)) {
		t.Fatalf("next attempt %v, want capped at %v", next.Sub(clk.Now()), MaxRetryAfter)
	}
}

func TestDispatcherKeepsPermanentFailuresAndLogsThem(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	var o MemoryOutbox
	var rejected atomic.Int32
	s := &fakeSender{name: "hook", fail: func(Alert) error {
		rejected.Add(1)
		return Permanent(errors.New("hook: receiver answered 400 Bad Request"))
	}}
	log, buf := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"hook": s}, Backoff: noJitter, Log: log, Now: clk.Now}
	a := enqueue(t, &o, "S-secretive", "hook")
	b := enqueue(t, &o, "S-other", "hook")
	d.DispatchOnce(ctx)
	if rejected.Load() != 2 {
		t.Fatalf("a permanent error stopped the other alerts: %d tries", rejected.Load())
	}
	for _, dl := range o.All() {
		if dl.Delivered || !dl.NextAttempt.Equal(clk.Now().Add(DefaultMaxBackoff)) || dl.Attempts != 1 {
			t.Fatalf("after a permanent error: %+v", dl)
		}
	}
	out := buf.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, a.ID) || !strings.Contains(out, b.ID) {
		t.Fatalf("not logged at warn with the alert id:\n%s", out)
	}
	for _, personal := range []string{"S-secretive", "602 555", "A0001276", "Phone"} {
		if strings.Contains(out, personal) {
			t.Fatalf("log has personal data %q:\n%s", personal, out)
		}
	}
	// Fixed receiver: delivered at the slow pace, not lost.
	s.fail = nil
	clk.Advance(DefaultMaxBackoff)
	if n, _ := d.DispatchOnce(ctx); n != 2 {
		t.Fatalf("delivered %d after the fix, want 2", n)
	}
}

func TestDispatcherKeepsDeliveriesForUnknownDestinations(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	var o MemoryOutbox
	log, buf := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{}, Log: log, Now: clk.Now}
	enqueue(t, &o, "S-1", "gone")
	enqueue(t, &o, "S-2", "gone")
	d.DispatchOnce(ctx)
	if p, _ := o.Pending(ctx); p != 2 || !strings.Contains(buf.String(), "no sender configured") {
		t.Fatalf("pending %d, log:\n%s", p, buf.String())
	}
	s := &fakeSender{name: "gone"}
	d.Senders["gone"] = s
	clk.Advance(DefaultMaxBackoff)
	if n, _ := d.DispatchOnce(ctx); n != 2 {
		t.Fatalf("delivered %d once the destination is back", n)
	}
}

func TestDispatcherBadPayloadDoesNotBlockOthers(t *testing.T) {
	ctx := context.Background()
	var o MemoryOutbox
	o.Enqueue(ctx, "AL-broken", []byte("{not json"), []string{"hook"})
	a := enqueue(t, &o, "S-1", "hook")
	s := &fakeSender{name: "hook"}
	log, _ := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"hook": s}, Log: log}
	if n, _ := d.DispatchOnce(ctx); n != 1 || s.sent()[0] != a.ID {
		t.Fatalf("delivered %d: %v", n, s.sent())
	}
	if dl := o.All()[0]; dl.Delivered || dl.LastError == "" {
		t.Fatalf("broken payload: %+v", dl)
	}
}

// failingMarks is an outbox whose MarkDelivered fails once, as if the
// process died between the send and the mark.
type failingMarks struct {
	MemoryOutbox
	failed atomic.Bool
}

func (f *failingMarks) MarkDelivered(ctx context.Context, alertID, dest string, at time.Time) error {
	if f.failed.CompareAndSwap(false, true) {
		return errors.New("database is locked")
	}
	return f.MemoryOutbox.MarkDelivered(ctx, alertID, dest, at)
}

func TestDispatcherIsAtLeastOnce(t *testing.T) {
	ctx := context.Background()
	o := &failingMarks{}
	s := &fakeSender{name: "hook"}
	log, _ := testLogger(t)
	d := &Dispatcher{Outbox: o, Senders: map[string]Sender{"hook": s}, Log: log}
	a := enqueue(t, o, "S-1", "hook")
	if _, err := d.DispatchOnce(ctx); err == nil {
		t.Fatal("a failed mark was not reported")
	}
	if n, err := d.DispatchOnce(ctx); n != 1 || err != nil {
		t.Fatalf("resend: %d %v", n, err)
	}
	if got := s.sent(); len(got) != 2 || got[0] != a.ID || got[1] != a.ID {
		t.Fatalf("sent %v, want the same id twice", got)
	}
}

// A destination that hangs does not delay another one.
func TestDispatcherSlowDestinationDoesNotBlockOthers(t *testing.T) {
	ctx := context.Background()
	var o MemoryOutbox
	release := make(chan struct{})
	slow := &blockingSender{name: "slow", release: release}
	fast := &fakeSender{name: "fast"}
	log, _ := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"slow": slow, "fast": fast}, Log: log, SendTimeout: 5 * time.Second}
	enqueue(t, &o, "S-1", "slow", "fast")
	done := make(chan struct{})
	go func() { d.DispatchOnce(ctx); close(done) }()
	deadline := time.After(5 * time.Second)
	for len(fast.sent()) == 0 {
		select {
		case <-deadline:
			t.Fatal("fast destination waited for the slow one")
		case <-time.After(5 * time.Millisecond):
		}
	}
	close(release)
	<-done
}

type blockingSender struct {
	name    string
	release chan struct{}
}

func (b *blockingSender) Name() string { return b.name }
func (b *blockingSender) Send(ctx context.Context, _ Alert) error {
	select {
	case <-b.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestRunDeliversPromptlyOnNotifyAndStopsCleanly(t *testing.T) {
	var o MemoryOutbox
	s := &fakeSender{name: "hook"}
	log, _ := testLogger(t)
	// A long poll interval, so only Notify can explain a prompt delivery.
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"hook": s}, Log: log, PollInterval: time.Hour}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(20 * time.Millisecond) // let Run go idle
	start := time.Now()
	enqueue(t, &o, "S-1", "hook")
	d.Notify()
	for len(s.sent()) == 0 {
		if time.Since(start) > 2*time.Second {
			t.Fatal("not delivered within 2 s of Notify")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
}

func TestShutdownLeavesInFlightDeliveriesDue(t *testing.T) {
	var o MemoryOutbox
	slow := &blockingSender{name: "slow", release: make(chan struct{})}
	log, _ := testLogger(t)
	d := &Dispatcher{Outbox: &o, Senders: map[string]Sender{"slow": slow}, Log: log}
	enqueue(t, &o, "S-1", "slow")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	dl := o.All()[0]
	if dl.Delivered || dl.Attempts != 0 || !dl.NextAttempt.IsZero() {
		t.Fatalf("in-flight delivery after shutdown: %+v", dl)
	}
}

// Neither the webhook secret nor the Slack URL (a credential) may appear in
// logs, returned errors or the outbox's error text.
func TestNoSecretInLogsOrErrors(t *testing.T) {
	ctx := context.Background()
	const rawSecret = "raw-webhook-secret-s3cr3t"
	slackToken := "T0SECRET/B0SECRET/xoxsecrettoken"
	statuses := []int{500, 400, 0} // 0: closed connection
	for _, st := range statuses {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			if st == 0 {
				hj, _ := w.(http.Hijacker)
				c, _, _ := hj.Hijack()
				c.Close()
				return
			}
			w.Header().Set("X-Echo", rawSecret)
			w.WriteHeader(st)
			io.WriteString(w, "you sent "+rawSecret+" and "+slackToken)
		}))
		var o MemoryOutbox
		log, buf := testLogger(t)
		var errs []string
		hooks := map[string]Sender{}
		for _, secret := range []string{rawSecret, "whsec_" + testKeyB64} {
			w, err := NewWebhook("webhook:"+secret[:3], srv.URL+"/hook?token="+rawSecret, secret, HTTPOptions{AllowPrivate: true})
			if err != nil {
				t.Fatal(err)
			}
			hooks[w.Name()] = w
			errs = append(errs, fmt.Sprint(w), fmt.Sprintf("%+v", w), fmt.Sprintf("%#v", w))
		}
		sl, err := NewSlack("slack:x", srv.URL+"/services/"+slackToken, HTTPOptions{AllowPrivate: true})
		if err != nil {
			t.Fatal(err)
		}
		hooks[sl.Name()] = sl
		errs = append(errs, fmt.Sprint(sl))
		var names []string
		for n, s := range hooks {
			names = append(names, n)
			if err := s.Send(ctx, sample()); err != nil {
				errs = append(errs, err.Error())
			} else {
				t.Errorf("status %d: %s succeeded", st, n)
			}
		}
		d := &Dispatcher{Outbox: &o, Senders: hooks, Log: log}
		enqueue(t, &o, "S-1", names...)
		d.DispatchOnce(ctx)
		for _, dl := range o.All() {
			errs = append(errs, dl.LastError)
		}
		srv.Close()
		everything := buf.String() + strings.Join(errs, "\n")
		for _, leak := range []string{rawSecret, testKeyB64, "xoxsecrettoken", "T0SECRET", "/services/"} {
			if strings.Contains(everything, leak) {
				t.Errorf("status %d: %q leaked:\n%s", st, leak, everything)
			}
		}
		if !strings.Contains(buf.String(), "level=WARN") {
			t.Errorf("status %d: failures not logged:\n%s", st, buf.String())
		}
	}
}

func TestDestinationName(t *testing.T) {
	a := DestinationName("slack", "https://hooks.slack.com/services/T0/B0/tok")
	if a != DestinationName("slack", "https://hooks.slack.com/services/T0/B0/tok") || !strings.HasPrefix(a, "slack:") ||
		strings.Contains(a, "tok") || a == DestinationName("slack", "https://hooks.slack.com/services/T0/B0/other") {
		t.Fatalf("DestinationName = %s", a)
	}
}
