package gworkspace

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
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

	"golang.org/x/oauth2"

	"github.com/mosaic-sec/mosaic/connector"
	"github.com/mosaic-sec/mosaic/connector/connectortest"
)

const (
	bearer   = "ya29.a0-test-bearer-token-SECRET"
	realdata = "../../../shared/realdata/google_workspace/test-login.log"
)

type activity struct {
	raw  json.RawMessage
	key  string
	time time.Time
}

// fakeReports speaks activities.list for applications/login: startTime,
// maxResults, pageToken (opaque, bound to the query), newest first, Google
// error bodies, 403 rateLimitExceeded and 429 quota answers.
type fakeReports struct {
	t   *testing.T
	srv *httptest.Server

	mu         sync.Mutex
	items      []activity
	requests   int
	faults     map[int]string
	startTimes []string
	auths      []string
}

func newFakeReports(t *testing.T) *fakeReports {
	f := &fakeReports{t: t, faults: map[int]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeReports) add(items ...activity) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, items...)
	sort.SliceStable(f.items, func(i, j int) bool { return f.items[i].time.After(f.items[j].time) })
}

func googleError(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"error":{"code":%d,"message":%q,"errors":[{"message":%q,"domain":"global","reason":%q}]}}`, code, msg, msg, reason)
}

func (f *fakeReports) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path != "/admin/reports/v1/activity/users/all/applications/login" {
		googleError(w, 404, "notFound", "Not Found")
		return
	}
	f.requests++
	f.auths = append(f.auths, r.Header.Get("Authorization"))
	if r.Header.Get("Authorization") != "Bearer "+bearer {
		googleError(w, 401, "authError", "Invalid Credentials")
		return
	}
	switch f.faults[f.requests] {
	case "403":
		googleError(w, 403, "rateLimitExceeded", "Rate Limit Exceeded")
		return
	case "429":
		w.Header().Set("Retry-After", "4")
		googleError(w, 429, "rateLimitExceeded", "Quota exceeded")
		return
	case "500":
		googleError(w, 500, "backendError", "Backend Error")
		return
	}
	q := r.URL.Query()
	start := q.Get("startTime")
	f.startTimes = append(f.startTimes, start)
	from, err := time.Parse(time.RFC3339Nano, start)
	if err != nil {
		googleError(w, 400, "invalid", "Invalid value for: startTime")
		return
	}
	n, err := strconv.Atoi(q.Get("maxResults"))
	if err != nil || n < 1 || n > 1000 {
		n = 1000
	}
	offset := 0
	if pt := q.Get("pageToken"); pt != "" {
		dec, err := base64.RawURLEncoding.DecodeString(pt)
		parts := strings.SplitN(string(dec), "|", 2)
		if err != nil || len(parts) != 2 || parts[1] != start {
			googleError(w, 400, "invalid", "Invalid page token")
			return
		}
		offset, _ = strconv.Atoi(parts[0])
	}
	var match []json.RawMessage
	for _, it := range f.items {
		if !it.time.Before(from) {
			match = append(match, it.raw)
		}
	}
	resp := map[string]any{"kind": "admin#reports#activities", "etag": `"tag"`}
	end := min(offset+n, len(match))
	if offset < end {
		resp["items"] = match[offset:end]
	}
	if end < len(match) {
		resp["nextPageToken"] = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end) + "|" + start))
	}
	body, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if f.faults[f.requests] == "cut" {
		connectortest.CutBody(w, w.Header(), body)
		return
	}
	w.Write(body)
}

func parseActivity(t *testing.T, m map[string]any) activity {
	raw, _ := json.Marshal(m)
	key, ok := ActivityKey(raw)
	if !ok {
		t.Fatalf("no key: %s", raw)
	}
	tm, err := time.Parse(time.RFC3339Nano, key[:strings.IndexByte(key, '|')])
	if err != nil {
		t.Fatal(err)
	}
	return activity{raw: raw, key: key, time: tm}
}

func readLines(t *testing.T, path string) []map[string]any {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s not present (shared/realdata is not part of the repository): %v", path, err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, m)
	}
	return out
}

func fixtures(t *testing.T) []activity {
	var out []activity
	for _, m := range readLines(t, "testdata/login.jsonl") {
		out = append(out, parseActivity(t, m))
	}
	return out
}

// realActivities reads Elastic's sample and puts it back in API form:
// events as an array, and a uniqueQualifier of its own per activity.
func realActivities(t *testing.T) []activity {
	var out []activity
	for i, m := range readLines(t, realdata) {
		if ev, ok := m["events"].(map[string]any); ok {
			m["events"] = []any{ev}
		}
		id := m["id"].(map[string]any)
		id["uniqueQualifier"] = strconv.Itoa(-7000000000000000000 + i*104729)
		out = append(out, parseActivity(t, m))
	}
	return out
}

func datasets() map[string]func(*testing.T) []activity {
	return map[string]func(*testing.T) []activity{"fixtures": fixtures, "realdata": realActivities}
}

func keys(items []activity) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.key)
	}
	sort.Strings(out)
	return out
}

type env struct {
	connectortest.Env
	fake *fakeReports
}

func newEnv(t *testing.T) *env {
	return &env{fake: newFakeReports(t), Env: connectortest.NewEnv(Kind, func(r map[string]any) string {
		b, _ := json.Marshal(r)
		k, _ := ActivityKey(b)
		return k
	})}
}

func (e *env) config(n int) Config {
	return Config{BaseURL: e.fake.srv.URL, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: bearer}),
		MaxResults: n, Lookback: 10 * 365 * 24 * time.Hour,
		HTTP: connector.HTTPOptions{AllowPrivate: true, Clock: e.Clock, Timeout: 5 * time.Second}}
}

func (e *env) connector(t *testing.T, cfg Config) *Connector {
	t.Helper()
	c, err := New(cfg, e.Sink, e.Cursors, e.Logger())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func check(t *testing.T, e *env, want []activity) {
	t.Helper()
	if got, w := e.Sink.StoredKeys(Kind), keys(want); strings.Join(got, ",") != strings.Join(w, ",") {
		t.Fatalf("stored %d %v\nwant %d %v", len(got), got, len(w), w)
	}
}

func TestPollAllPages(t *testing.T) {
	for name, load := range datasets() {
		t.Run(name, func(t *testing.T) {
			items := load(t)
			e := newEnv(t)
			e.fake.add(items...)
			c := e.connector(t, e.config(5))
			res, err := c.Poll(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !res.CaughtUp || res.RowsAccepted != len(items) {
				t.Fatalf("%+v", res)
			}
			check(t, e, items)
			e.Sink.CheckDeliveredOnce(t, Kind)
			if st := c.Status(); st.Rows != int64(len(items)) || st.LastError != "" {
				t.Fatalf("status %+v", st)
			}
		})
	}
}

func TestLagWindowCatchesLateActivities(t *testing.T) {
	items := fixtures(t)
	e := newEnv(t)
	e.fake.add(items...)
	c := e.connector(t, e.config(3))
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	top := items[0].time
	for _, it := range items {
		if it.time.After(top) {
			top = it.time
		}
	}
	mk := func(q string, at time.Time) activity {
		return parseActivity(t, map[string]any{"kind": "admin#reports#activity",
			"id":    map[string]any{"time": at.UTC().Format(time.RFC3339Nano), "uniqueQualifier": q, "applicationName": "login", "customerId": "C03az79cb"},
			"actor": map[string]any{"email": "ana.lima@example.com"}, "events": []any{map[string]any{"type": "login", "name": "login_success"}}})
	}
	late, tooLate := mk("901", top.Add(-50*time.Minute)), mk("902", top.Add(-2*time.Hour))
	e.fake.add(late, tooLate)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := e.fake.startTimes[len(e.fake.startTimes)-1], top.Add(-time.Hour).UTC().Format("2006-01-02T15:04:05.000Z"); got != want {
		t.Fatalf("startTime %s, want %s", got, want)
	}
	if e.Sink.Record(Kind, late.key) == nil {
		t.Fatal("an activity delivered late, inside the lag window, was missed")
	}
	if e.Sink.Record(Kind, tooLate.key) != nil {
		t.Fatal("the window reaches further back than the lag")
	}
}

func TestQuotaErrorsAndCutBody(t *testing.T) {
	for name, load := range datasets() {
		t.Run(name, func(t *testing.T) {
			items := load(t)
			e := newEnv(t)
			e.fake.add(items...)
			e.fake.faults = map[int]string{1: "403", 2: "429", 3: "cut", 4: "500"}
			if _, err := e.connector(t, e.config(4)).Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			check(t, e, items)
			if s := e.Clock.SleepsCopy(); len(s) != 4 || s[1] != 4*time.Second {
				t.Fatalf("sleeps %v", s)
			}
		})
	}
}

func TestRestartMidWindow(t *testing.T) {
	for name, load := range datasets() {
		t.Run(name, func(t *testing.T) {
			items := load(t)
			e := newEnv(t)
			e.fake.add(items...)
			e.Cursors.FailSaveAt(2, errors.New("crash"))
			if _, err := e.connector(t, e.config(3)).Poll(context.Background()); err == nil {
				t.Fatal("want the save error")
			}
			if _, err := e.connector(t, e.config(3)).Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			check(t, e, items)
			if twice := e.Sink.Redelivered(Kind); twice != 3 {
				t.Fatalf("%d delivered twice, want the 3 of the re-fetched page", twice)
			}
		})
	}
}

func TestRefusedPageTokenRestartsWindow(t *testing.T) {
	items := fixtures(t)
	e := newEnv(t)
	e.fake.add(items...)
	e.Cursors.Set(Kind, `{"since":"2026-05-01T09:00:00Z","page_token":"stale"}`)
	if _, err := e.connector(t, e.config(3)).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	check(t, e, items)
}

func TestEmptyPoll(t *testing.T) {
	e := newEnv(t)
	res, err := e.connector(t, e.config(3)).Poll(context.Background())
	if err != nil || !res.CaughtUp || res.Pages != 1 || e.Sink.Calls() != 0 {
		t.Fatalf("%+v %v calls=%d", res, err, e.Sink.Calls())
	}
	if e.Cursors.Get(Kind) == "" {
		t.Fatal("no cursor saved after an empty poll")
	}
}

func TestTokenNeverLogged(t *testing.T) {
	e := newEnv(t)
	e.fake.add(fixtures(t)...)
	e.fake.faults = map[int]string{1: "500"}
	cfg := e.config(3)
	c := e.connector(t, cfg)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg.Name = "gw-bad"
	cfg.TokenSource = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "wrong-" + bearer})
	bad := e.connector(t, cfg)
	_ = connector.RunWith(context.Background(), bad, connector.RunOptions{Polls: 2, Clock: e.Clock,
		Log: slog.New(slog.NewTextHandler(e.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if st := bad.Status(); !strings.Contains(st.LastError, "401") || strings.Contains(st.LastError, bearer) {
		t.Fatalf("status %+v", st)
	}
	if strings.Contains(e.Logs.String(), bearer) {
		t.Fatalf("log leaks the token:\n%s", e.Logs.String())
	}
}

// TestServiceAccountTokenSource signs a JWT with a throwaway key and
// exchanges it at a fake token endpoint, as domain-wide delegation does.
func TestServiceAccountTokenSource(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: must(x509.MarshalPKCS8PrivateKey(key))})
	var gotAssertion string
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		gotAssertion = r.PostForm.Get("assertion")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, bearer)
	}))
	defer tokenSrv.Close()
	sa, _ := json.Marshal(map[string]string{"type": "service_account", "client_email": "mosaic@project.iam.gserviceaccount.com",
		"private_key_id": "k1", "private_key": string(pemKey), "token_uri": tokenSrv.URL})
	file := filepath.Join(t.TempDir(), "sa.json")
	os.WriteFile(file, sa, 0o600)
	ts, err := ServiceAccountTokenSource(context.Background(), file, "admin@example.com", "", connector.NewHTTPClient(true, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	items := fixtures(t)
	e.fake.add(items...)
	cfg := e.config(10)
	cfg.TokenSource = ts
	if _, err := e.connector(t, cfg).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	check(t, e, items)
	parts := strings.Split(gotAssertion, ".")
	if len(parts) != 3 {
		t.Fatalf("assertion %q", gotAssertion)
	}
	claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var c struct{ Sub, Scope, Iss string }
	json.Unmarshal(claims, &c)
	if c.Sub != "admin@example.com" || c.Scope != Scope || c.Iss != "mosaic@project.iam.gserviceaccount.com" {
		t.Fatalf("claims %s", claims)
	}
	// Without AllowPrivate the token request itself is refused.
	ts2, _ := ServiceAccountTokenSource(context.Background(), file, "admin@example.com", "", connector.NewHTTPClient(false, 5*time.Second))
	// (the oauth2 package flattens the cause into its message)
	if _, err := ts2.Token(); err == nil || !strings.Contains(err.Error(), connector.ErrForbiddenAddress.Error()) {
		t.Fatalf("err = %v", err)
	}
	if _, err := ServiceAccountTokenSource(context.Background(), file, "", "", nil); !errors.Is(err, connector.ErrConfig) {
		t.Fatalf("no subject: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
