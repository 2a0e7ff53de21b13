package connector_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/connector"
	"github.com/mosaic-sec/mosaic/connector/connectortest"
)

type flaky struct {
	fails, polls int
}

func (f *flaky) Name() string { return "flaky" }
func (f *flaky) Poll(ctx context.Context) (connector.PollResult, error) {
	f.polls++
	if f.polls <= f.fails {
		return connector.PollResult{}, errors.New("upstream down")
	}
	return connector.PollResult{CaughtUp: true}, nil
}

func TestRunBacksOffThenPollsEvery(t *testing.T) {
	clock := connectortest.NewClock(time.Unix(0, 0))
	f := &flaky{fails: 4}
	err := connector.RunWith(context.Background(), f, connector.RunOptions{
		Every: time.Minute, MinBackoff: 10 * time.Second, MaxBackoff: 30 * time.Second, Clock: clock, Polls: 7,
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	s := clock.SleepsCopy()
	if len(s) != 6 {
		t.Fatalf("sleeps %v", s)
	}
	// 10 s, 20 s, 30 s, 30 s (less up to 25% jitter), then the interval.
	for i, max := range []time.Duration{10 * time.Second, 20 * time.Second, 30 * time.Second, 30 * time.Second} {
		if s[i] > max || s[i] < max*3/4 {
			t.Errorf("backoff %d = %v, want within [%v, %v]", i, s[i], max*3/4, max)
		}
	}
	if s[4] != time.Minute || s[5] != time.Minute {
		t.Errorf("interval sleeps %v", s[4:])
	}
}

func TestRunStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := connector.Run(ctx, &flaky{}, time.Hour, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestPublicAddress(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "2606:4700:4700::1111": true, "151.101.1.69": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "fe80::1": false, "fd00::1": false, "0.0.0.0": false, "::": false,
		"100.64.0.1": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "224.0.0.1": false,
		"64:ff9b::a00:1": false, "255.255.255.255": false,
	} {
		if got := connector.PublicAddress(netip.MustParseAddr(addr)); got != want {
			t.Errorf("PublicAddress(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestClientRefusesPrivateAtDialTime(t *testing.T) {
	c := connector.NewHTTPClient(false, 2*time.Second)
	// localhost resolves to loopback: the check runs on the resolved address.
	for _, u := range []string{"http://127.0.0.1:9/", "http://localhost:9/", "http://[::1]:9/", "http://169.254.169.254/latest/meta-data/"} {
		_, err := c.Get(u)
		if !errors.Is(err, connector.ErrForbiddenAddress) {
			t.Errorf("%s: err = %v, want ErrForbiddenAddress", u, err)
		}
	}
}

func TestNextLink(t *testing.T) {
	h := http.Header{}
	h.Add("Link", `<https://x.okta.com/api/v1/logs?since=a,b&limit=2>; rel="self"`)
	h.Add("Link", `<https://x.okta.com/api/v1/logs?after=3>; rel="next"`)
	if got := connector.NextLink(h); got != "https://x.okta.com/api/v1/logs?after=3" {
		t.Fatalf("got %q", got)
	}
	h = http.Header{"Link": {`<https://h/v3/jobs?cursor=a>; rel="prev", <https://h/v3/jobs?cursor=b>; rel=next`}}
	if got := connector.NextLink(h); got != "https://h/v3/jobs?cursor=b" {
		t.Fatalf("got %q", got)
	}
	if got := connector.NextLink(http.Header{}); got != "" {
		t.Fatalf("got %q", got)
	}
}

func TestSecretRedacted(t *testing.T) {
	s := connector.NewSecret("hunter2-very-secret")
	var b strings.Builder
	log := slog.New(slog.NewJSONHandler(&b, nil))
	log.Info("x", "secret", s, "cfg", struct{ Token connector.Secret }{s})
	out := b.String() + fmt.Sprintf("%v %+v %#v %s %q", s, s, s, s, s)
	if strings.Contains(out, "hunter2") {
		t.Fatalf("secret leaked: %s", out)
	}
	if s.Reveal() != "hunter2-very-secret" {
		t.Fatal("Reveal")
	}
	t.Setenv("MOSAIC_TEST_SECRET", "  v  \n")
	if v, err := connector.ReadSecret("", "MOSAIC_TEST_SECRET", "test"); err != nil || v.Reveal() != "v" {
		t.Fatalf("%v %v", v.Reveal(), err)
	}
	if _, err := connector.ReadSecret("/nonexistent/secret", "", "test"); !errors.Is(err, connector.ErrConfig) {
		t.Fatalf("err = %v", err)
	}
}

func TestTrackerLag(t *testing.T) {
	clock := connectortest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	tr := connector.NewTracker("okta", "okta", clock)
	started := clock.Now()
	tr.Page(10, started.Add(-time.Hour))
	tr.Done(started, false, nil)
	if st := tr.Status(); st.LagSeconds != 3600 || st.Rows != 10 || st.Pages != 1 {
		t.Fatalf("%+v", st)
	}
	tr.Done(started, true, nil)
	clock.Advance(30 * time.Second)
	if st := tr.Status(); st.LagSeconds != 30 || !st.CursorAt.Equal(started) {
		t.Fatalf("%+v", st)
	}
	tr.Done(clock.Now(), false, errors.New("boom"))
	if st := tr.Status(); st.LastError != "boom" {
		t.Fatalf("%+v", st)
	}
}

// TestCommitOrder: the cursor is saved only after the sink returned.
func TestCommitOrder(t *testing.T) {
	sink := connectortest.NewSink(map[string]connectortest.KeyFunc{"okta": func(r map[string]any) string { return connectortest.Field(r, "uuid") }})
	cur := connectortest.NewCursors()
	sink.FailOn = func(int, string) error { return errors.New("no") }
	if _, err := connector.Commit(context.Background(), sink, cur, "s", "okta", "application/json", []byte(`[{"uuid":"a"}]`), "c1"); err == nil {
		t.Fatal("want error")
	}
	if cur.Get("s") != "" {
		t.Fatal("cursor saved although the sink failed")
	}
	sink.FailOn = nil
	res, err := connector.Commit(context.Background(), sink, cur, "s", "okta", "application/json", []byte(`[{"uuid":"a"}]`), "c1")
	if err != nil || res.RowsAccepted != 1 || cur.Get("s") != "c1" {
		t.Fatalf("%+v %v %q", res, err, cur.Get("s"))
	}
}
