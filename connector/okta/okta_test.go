package okta

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/connector"
	"github.com/mosaic-sec/mosaic/connector/connectortest"
)

const testToken = "00aBcDeFgHiJkLmNoPqRsTuVwXyZ-secret-token"

// realdata is the folder of public sample data beside the repository.
const realdata = "../../../shared/realdata/okta"

// fakeOkta speaks the System Log API in polling mode: since/after,
// sortOrder=ASCENDING, limit, a Link rel="next" on every page (empty ones
// too), SSWS auth, and the X-Rate-Limit-* headers with a fixed budget per
// window that answers 429 when the client does not wait for the reset.
type fakeOkta struct {
	t     *testing.T
	clock *connectortest.Clock
	srv   *httptest.Server

	mu        sync.Mutex
	events    []json.RawMessage // ascending by published
	published []time.Time
	requests  int
	faults    map[int]string // request number → fault
	budget    int            // requests per window (0: unlimited)
	window    time.Duration
	remaining int
	resetAt   time.Time
	over429   int // 429s because the client did not wait for the reset
	auths     []string
}

func newFakeOkta(t *testing.T, clock *connectortest.Clock) *fakeOkta {
	f := &fakeOkta{t: t, clock: clock, faults: map[int]string{}, window: time.Minute}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeOkta) add(events ...json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range events {
		var v struct{ Published string }
		if err := json.Unmarshal(e, &v); err != nil {
			f.t.Fatalf("bad event: %v", err)
		}
		p, err := time.Parse(time.RFC3339Nano, v.Published)
		if err != nil {
			f.t.Fatalf("bad published %q", v.Published)
		}
		f.events = append(f.events, e)
		f.published = append(f.published, p)
	}
}

func (f *fakeOkta) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path != "/api/v1/logs" {
		http.NotFound(w, r)
		return
	}
	f.auths = append(f.auths, r.Header.Get("Authorization"))
	if r.Header.Get("Authorization") != "SSWS "+testToken {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oae1","errorCauses":[]}`)
		return
	}
	f.requests++
	now := f.clock.Now()
	h := w.Header()
	if f.budget > 0 {
		if !now.Before(f.resetAt) {
			f.remaining, f.resetAt = f.budget, now.Add(f.window)
		}
		h.Set("X-Rate-Limit-Limit", strconv.Itoa(f.budget))
		h.Set("X-Rate-Limit-Reset", strconv.FormatInt(f.resetAt.Unix(), 10))
		if f.remaining == 0 {
			f.over429++
			h.Set("X-Rate-Limit-Remaining", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`)
			return
		}
		f.remaining--
		h.Set("X-Rate-Limit-Remaining", strconv.Itoa(f.remaining))
	}
	fault := f.faults[f.requests]
	switch fault {
	case "429":
		h.Set("X-Rate-Limit-Remaining", "0")
		h.Set("X-Rate-Limit-Reset", strconv.FormatInt(now.Add(30*time.Second).Unix(), 10))
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`)
		return
	case "500", "503":
		code, _ := strconv.Atoi(fault)
		w.WriteHeader(code)
		fmt.Fprint(w, `{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`)
		return
	}
	q := r.URL.Query()
	if q.Get("sortOrder") != "ASCENDING" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"errorCode":"E0000001","errorSummary":"polling needs sortOrder=ASCENDING"}`)
		return
	}
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit < 1 || limit > 1000 {
		limit = 100
	}
	since, err := time.Parse(time.RFC3339Nano, q.Get("since"))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"errorCode":"E0000001","errorSummary":"Invalid since"}`)
		return
	}
	start := sort.Search(len(f.published), func(i int) bool { return !f.published[i].Before(since) })
	if a := q.Get("after"); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 || n > len(f.events) {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		start = max(start, n)
	}
	end := min(start+limit, len(f.events))
	page := f.events[start:end]
	body, _ := json.Marshal(page)
	if len(page) == 0 {
		body = []byte("[]")
	}
	next := fmt.Sprintf("%s/api/v1/logs?since=%s&sortOrder=ASCENDING&limit=%d&after=%d",
		f.srv.URL, q.Get("since"), limit, end)
	h.Add("Link", fmt.Sprintf(`<%s>; rel="self"`, f.srv.URL+r.URL.RequestURI()))
	h.Add("Link", fmt.Sprintf(`<%s>; rel="next"`, next))
	h.Set("Content-Type", "application/json")
	if fault == "cut" {
		connectortest.CutBody(w, h, body)
		return
	}
	w.Write(body)
}

// loadLines reads JSON lines; it gives repeated uuids (Elastic's fixtures
// reuse a few) fresh ones, since Okta's are unique, and sorts by published.
func loadLines(t *testing.T, path string) []json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s not present (shared/realdata is not part of the repository): %v", path, err)
	}
	type ev struct {
		raw  json.RawMessage
		pub  string
		uuid string
	}
	var evs []ev
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for n := 0; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		u, _ := m["uuid"].(string)
		if seen[u] {
			u = fmt.Sprintf("%s-dup%d", u, n)
			m["uuid"] = u
		}
		seen[u] = true
		raw, _ := json.Marshal(m)
		evs = append(evs, ev{raw, m["published"].(string), u})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].pub < evs[j].pub })
	out := make([]json.RawMessage, len(evs))
	for i, e := range evs {
		out[i] = e.raw
	}
	return out
}

func datasets(t *testing.T) map[string]string {
	return map[string]string{
		"fixtures": "testdata/events.jsonl",
		"realdata": filepath.Join(realdata, "test-okta-system-yes-flattened-events.log"),
	}
}

func uuids(events []json.RawMessage) []string {
	var out []string
	for _, e := range events {
		var v struct{ UUID string }
		json.Unmarshal(e, &v)
		out = append(out, v.UUID)
	}
	sort.Strings(out)
	return out
}

// uuidKey is the natural key of an Okta LogEvent.
func uuidKey(r map[string]any) string { return connectortest.Field(r, "uuid") }

func newSink() *connectortest.Sink {
	return connectortest.NewSink(map[string]connectortest.KeyFunc{Kind: uuidKey})
}

type env struct {
	connectortest.Env
	fake *fakeOkta
}

func newEnv(t *testing.T) *env {
	e := connectortest.NewEnv(Kind, uuidKey)
	return &env{Env: e, fake: newFakeOkta(t, e.Clock)}
}

func (e *env) connector(t *testing.T, limit int) *Connector {
	t.Helper()
	c, err := New(Config{
		BaseURL: e.fake.srv.URL, Token: connector.NewSecret(testToken), Limit: limit,
		Lookback: 10 * 365 * 24 * time.Hour,
		HTTP:     connector.HTTPOptions{AllowPrivate: true, Clock: e.Clock, Timeout: 5 * time.Second},
	}, e.Sink, e.Cursors, e.Logger())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPollAllPages(t *testing.T) {
	for name, path := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			events := loadLines(t, path)
			e := newEnv(t)
			e.fake.add(events...)
			c := e.connector(t, 3)
			res, err := c.Poll(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			wantPages := (len(events)+2)/3 + 1 // full pages, then the empty one
			if len(events)%3 == 0 {
				wantPages = len(events)/3 + 1
			}
			if res.Pages != wantPages || !res.CaughtUp || res.RowsAccepted != len(events) {
				t.Fatalf("result %+v, want %d pages, caught up, %d rows", res, wantPages, len(events))
			}
			if got, want := e.Sink.StoredKeys(Kind), uuids(events); !equal(got, want) {
				t.Fatalf("stored %v\nwant %v", got, want)
			}
			e.Sink.CheckDeliveredOnce(t, Kind)
			// Each body is the page as Okta sent it: a JSON array.
			for _, b := range e.Sink.Bodies {
				if !bytes.HasPrefix(b, []byte("[")) {
					t.Fatalf("body is not a JSON array: %.40s", b)
				}
			}
			cur := e.Cursors.Get("okta")
			if !strings.Contains(cur, "after="+strconv.Itoa(len(events))) {
				t.Fatalf("cursor %q is not the last next link", cur)
			}
			st := c.Status()
			if st.Pages != int64(len(e.Sink.Bodies)) || st.Rows != int64(len(events)) || st.LastError != "" || st.CursorAt.IsZero() {
				t.Fatalf("status %+v", st)
			}
		})
	}
}

func TestEmptyPollKeepsNextLinkAndResumes(t *testing.T) {
	events := loadLines(t, "testdata/events.jsonl")
	e := newEnv(t)
	c := e.connector(t, 1000)
	res, err := c.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 1 || !res.CaughtUp || res.RowsRead != 0 || e.Sink.Calls() != 0 {
		t.Fatalf("empty poll: %+v, %d sink calls", res, e.Sink.Calls())
	}
	first := e.Cursors.Get("okta")
	if !strings.Contains(first, "after=0") {
		t.Fatalf("empty poll did not keep the next link: %q", first)
	}
	e.fake.add(events[:4]...)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.fake.add(events[4:]...)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := e.Sink.StoredKeys(Kind), uuids(events); !equal(got, want) {
		t.Fatalf("stored %v want %v", got, want)
	}
	e.Sink.CheckDeliveredOnce(t, Kind)
	// The second and third polls started from the saved next link.
	if e.fake.requests != 1+2+2 {
		t.Errorf("requests = %d, want 5", e.fake.requests)
	}
}

func TestRateLimitWaitsForReset(t *testing.T) {
	events := loadLines(t, "testdata/events.jsonl")
	e := newEnv(t)
	e.fake.add(events...)
	e.fake.budget = 2
	c := e.connector(t, 2)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.fake.over429 != 0 {
		t.Fatalf("the connector ran into %d 429s instead of waiting for X-Rate-Limit-Reset", e.fake.over429)
	}
	if len(e.Sink.StoredKeys(Kind)) != len(events) {
		t.Fatalf("stored %d of %d", len(e.Sink.StoredKeys(Kind)), len(events))
	}
	waited := false
	for _, d := range e.Clock.SleepsCopy() {
		if d > 30*time.Second && d <= 62*time.Second {
			waited = true
		}
	}
	if !waited {
		t.Fatalf("no wait for the reset: sleeps %v", e.Clock.SleepsCopy())
	}
}

func TestRetries429And5xxAndCutBody(t *testing.T) {
	for name, path := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			events := loadLines(t, path)
			e := newEnv(t)
			e.fake.add(events...)
			e.fake.faults = map[int]string{1: "429", 2: "500", 3: "cut", 5: "503", 6: "cut"}
			c := e.connector(t, 4)
			res, err := c.Poll(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !res.CaughtUp || res.RowsAccepted != len(events) {
				t.Fatalf("result %+v", res)
			}
			if got, want := e.Sink.StoredKeys(Kind), uuids(events); !equal(got, want) {
				t.Fatalf("stored %v want %v", got, want)
			}
			sleeps := e.Clock.SleepsCopy()
			if len(sleeps) < 5 || sleeps[0] < 29*time.Second {
				t.Fatalf("sleeps %v: want a wait for the 429's reset, then backoffs", sleeps)
			}
		})
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	e := newEnv(t)
	e.fake.add(loadLines(t, "testdata/events.jsonl")...)
	for i := 1; i <= 20; i++ {
		e.fake.faults[i] = "503"
	}
	c := e.connector(t, 10)
	_, err := c.Poll(context.Background())
	var he *connector.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if e.fake.requests != 6 {
		t.Fatalf("requests = %d, want 6 attempts", e.fake.requests)
	}
	if st := c.Status(); !strings.Contains(st.LastError, "503") {
		t.Fatalf("status %+v", st)
	}
}

// TestRestartAfterCrashBeforeCursorSave: the page is ingested, the cursor
// save fails (the process "dies"); a new connector with the same store
// re-fetches that one page and everything arrives, nothing twice in the
// de-duplicated store.
func TestRestartAfterCrashBeforeCursorSave(t *testing.T) {
	for name, path := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			events := loadLines(t, path)
			e := newEnv(t)
			e.fake.add(events...)
			e.Cursors.FailSaveAt(2, errors.New("disk gone"))
			_, err := e.connector(t, 2).Poll(context.Background())
			if err == nil || !strings.Contains(err.Error(), "save cursor") {
				t.Fatalf("err = %v", err)
			}
			if got := len(e.Sink.StoredKeys(Kind)); got != 4 {
				t.Fatalf("stored %d before the crash, want 4", got)
			}
			// Restart: a new instance, same cursor store and sink.
			if _, err := e.connector(t, 2).Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got, want := e.Sink.StoredKeys(Kind), uuids(events); !equal(got, want) {
				t.Fatalf("stored %v want %v", got, want)
			}
			twice := 0
			for _, n := range e.Sink.Deliveries(Kind) {
				if n == 2 {
					twice++
				} else if n != 1 {
					t.Fatalf("delivered %d times", n)
				}
			}
			if twice != 2 { // exactly the one page of 2 re-fetched
				t.Fatalf("%d events delivered twice, want the 2 of one page", twice)
			}
		})
	}
}

func TestRestartAfterSinkFailure(t *testing.T) {
	events := loadLines(t, "testdata/events.jsonl")
	e := newEnv(t)
	e.fake.add(events...)
	e.Sink.FailOn = func(call int, _ string) error {
		if call == 2 {
			return errors.New("database is locked")
		}
		return nil
	}
	if _, err := e.connector(t, 3).Poll(context.Background()); err == nil {
		t.Fatal("want an error")
	}
	if _, err := e.connector(t, 3).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := e.Sink.StoredKeys(Kind), uuids(events); !equal(got, want) {
		t.Fatalf("stored %v want %v", got, want)
	}
	e.Sink.CheckDeliveredOnce(t, Kind)
}

func TestTokenNeverLogged(t *testing.T) {
	e := newEnv(t)
	e.fake.add(loadLines(t, "testdata/events.jsonl")...)
	e.fake.faults = map[int]string{1: "500", 2: "cut"}
	c := e.connector(t, 3)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A wrong token: the 401 goes to the log and the status.
	dir := t.TempDir()
	tf := filepath.Join(dir, "token")
	os.WriteFile(tf, []byte("wrong-"+testToken+"\n"), 0o600)
	log := slog.New(slog.NewJSONHandler(e.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	bad, err := New(Config{Name: "okta2", BaseURL: e.fake.srv.URL, TokenFile: tf,
		HTTP: connector.HTTPOptions{AllowPrivate: true, Clock: e.Clock}}, e.Sink, e.Cursors, log)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("config", "cfg", bad.cfg, "token", bad.cfg.Token)
	_ = connector.RunWith(context.Background(), bad, connector.RunOptions{Polls: 2, Clock: e.Clock, Log: log})
	if st := bad.Status(); !strings.Contains(st.LastError, "401") || strings.Contains(st.LastError, testToken) {
		t.Fatalf("status %+v", st)
	}
	if out := e.Logs.String(); strings.Contains(out, testToken) || !strings.Contains(out, "401") {
		t.Fatalf("log leaks the token or lacks the 401:\n%s", out)
	}
	if fmt.Sprintf("%v %+v %#v", bad.cfg, bad.cfg, bad.cfg.Token) == "" || strings.Contains(fmt.Sprintf("%v %+v %#v", bad.cfg, bad.cfg, bad.cfg), testToken) {
		t.Fatal("formatting the config leaks the token")
	}
	// The server did see SSWS auth.
	if !strings.HasPrefix(e.fake.auths[0], "SSWS ") {
		t.Fatalf("auth header %q", e.fake.auths[0])
	}
}

func TestRefusesNextLinkOffOrg(t *testing.T) {
	e := newEnv(t)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<https://attacker.example/api/v1/logs?after=1>; rel="next"`)
		fmt.Fprint(w, `[{"uuid":"x","published":"2026-05-01T00:00:00Z"}]`)
	}))
	defer evil.Close()
	c, err := New(Config{BaseURL: evil.URL, Token: connector.NewSecret(testToken),
		HTTP: connector.HTTPOptions{AllowPrivate: true, Clock: e.Clock}}, e.Sink, e.Cursors, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Poll(context.Background()); err == nil || !strings.Contains(err.Error(), "off the org") {
		t.Fatalf("err = %v", err)
	}
	if e.Sink.Calls() != 0 || e.Cursors.Get("okta") != "" {
		t.Fatal("a page with a foreign next link was ingested")
	}
	// A tampered cursor is not followed either.
	e.Cursors.Set("okta", "https://attacker.example/api/v1/logs?after=1")
	e2 := newEnv(t)
	e2.Cursors = e.Cursors
	c2 := e2.connector(t, 10)
	if _, err := c2.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Cursors.Get("okta"), e2.fake.srv.URL) {
		t.Fatalf("cursor %q", e.Cursors.Get("okta"))
	}
}

func TestRefusesLoopbackWithoutAllowPrivate(t *testing.T) {
	e := newEnv(t)
	e.fake.add(loadLines(t, "testdata/events.jsonl")...)
	c, err := New(Config{BaseURL: e.fake.srv.URL, Token: connector.NewSecret(testToken),
		HTTP: connector.HTTPOptions{Clock: e.Clock}}, e.Sink, e.Cursors, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Poll(context.Background())
	if !errors.Is(err, connector.ErrForbiddenAddress) {
		t.Fatalf("err = %v, want ErrForbiddenAddress", err)
	}
	if e.fake.requests != 0 || len(e.fake.auths) != 0 {
		t.Fatal("a request reached the loopback server")
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := New(Config{BaseURL: "https://x.okta.com", TokenEnv: "MOSAIC_TEST_UNSET_OKTA_TOKEN"}, nil, nil, nil); !errors.Is(err, connector.ErrConfig) {
		t.Fatalf("err = %v", err)
	}
	if _, err := New(Config{BaseURL: "x.okta.com", Token: connector.NewSecret("t")}, nil, nil, nil); !errors.Is(err, connector.ErrConfig) {
		t.Fatalf("err = %v", err)
	}
	t.Setenv("MOSAIC_TEST_OKTA_TOKEN", "abc")
	if _, err := New(Config{BaseURL: "https://x.okta.com", TokenEnv: "MOSAIC_TEST_OKTA_TOKEN"}, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
