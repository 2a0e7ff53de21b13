package graph

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/connector"
	"github.com/mosaic-sec/mosaic/connector/connectortest"
)

const (
	clientID     = "11111111-2222-3333-4444-555555555555"
	clientSecret = "Zq8~verysecret.value_Graph~0123456789"
	tenant       = "contoso-tenant"
	realdata     = "../../../shared/realdata/entra"
)

type signIn struct {
	raw     json.RawMessage
	id      string
	created time.Time
}

// fakeGraph speaks the Entra token endpoint (client credentials) and
// GET /v1.0/auditLogs/signIns: $filter=createdDateTime ge X, $top,
// newest first, @odata.nextLink with an opaque $skiptoken, Graph error
// bodies, Retry-After on 429/503.
type fakeGraph struct {
	t     *testing.T
	clock *connectortest.Clock
	srv   *httptest.Server

	mu           sync.Mutex
	items        []signIn
	tokens       map[string]bool
	tokenCalls   int
	requests     int
	faults       map[int]string
	filters      []string
	expireTokens int // on request n, forget every token
}

func newFakeGraph(t *testing.T, clock *connectortest.Clock) *fakeGraph {
	f := &fakeGraph{t: t, clock: clock, tokens: map[string]bool{}, faults: map[int]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /"+tenant+"/oauth2/v2.0/token", f.token)
	mux.HandleFunc("GET /v1.0/auditLogs/signIns", f.signIns)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGraph) add(items ...signIn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, items...)
	sort.SliceStable(f.items, func(i, j int) bool { return f.items[i].created.After(f.items[j].created) })
}

func graphError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"code":%q,"message":%q,"innerError":{"date":"2026-06-01T00:00:00","request-id":"r1"}}}`, code, msg)
}

func (f *fakeGraph) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokenCalls++
	if err := r.ParseForm(); err != nil {
		w.WriteHeader(400)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if r.PostForm.Get("grant_type") != "client_credentials" || !strings.HasSuffix(r.PostForm.Get("scope"), "/.default") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":"invalid_request","error_description":"AADSTS900144: bad request"}`)
		return
	}
	if id != clientID || secret != clientSecret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`)
		return
	}
	tok := fmt.Sprintf("eyJ0eXAiOiJKV1Qi.fake.%d", f.tokenCalls)
	f.tokens[tok] = true
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":%q}`, tok)
}

var filterRE = regexp.MustCompile(`^createdDateTime ge (\S+)$`)

func (f *fakeGraph) signIns(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if f.expireTokens == f.requests {
		f.tokens = map[string]bool{}
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !f.tokens[tok] {
		graphError(w, 401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
		return
	}
	switch fault := f.faults[f.requests]; fault {
	case "429":
		w.Header().Set("Retry-After", "7")
		graphError(w, 429, "TooManyRequests", "Too many requests")
		return
	case "503":
		w.Header().Set("Retry-After", "3")
		graphError(w, 503, "ServiceUnavailable", "Service unavailable")
		return
	}
	q := r.URL.Query()
	top, err := strconv.Atoi(q.Get("$top"))
	if err != nil || top < 1 || top > 1000 {
		top = 1000
	}
	offset := 0
	filter := q.Get("$filter")
	if st := q.Get("$skiptoken"); st != "" {
		dec, err := base64.RawURLEncoding.DecodeString(st)
		parts := strings.SplitN(string(dec), "|", 2)
		if err != nil || len(parts) != 2 {
			graphError(w, 400, "Request_BadRequest", "Invalid skip token")
			return
		}
		offset, _ = strconv.Atoi(parts[0])
		filter = parts[1]
	}
	f.filters = append(f.filters, filter)
	m := filterRE.FindStringSubmatch(filter)
	if m == nil {
		graphError(w, 400, "Request_UnsupportedQuery", "Unsupported filter")
		return
	}
	from, err := time.Parse(time.RFC3339, m[1])
	if err != nil {
		graphError(w, 400, "Request_BadRequest", "Invalid DateTime")
		return
	}
	var match []json.RawMessage
	for _, it := range f.items {
		if !it.created.Before(from) {
			match = append(match, it.raw)
		}
	}
	end := min(offset+top, len(match))
	page := []json.RawMessage{}
	if offset < end {
		page = match[offset:end]
	}
	resp := map[string]any{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns", "value": page}
	if end < len(match) {
		st := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end) + "|" + filter))
		resp["@odata.nextLink"] = f.srv.URL + "/v1.0/auditLogs/signIns?$top=" + strconv.Itoa(top) + "&$skiptoken=" + st
	}
	body, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")
	if f.faults[f.requests] == "cut" {
		connectortest.CutBody(w, w.Header(), body)
		return
	}
	w.Write(body)
}

func parseSignIn(t *testing.T, raw []byte) signIn {
	var v struct {
		ID              string `json:"id"`
		CreatedDateTime string `json:"createdDateTime"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	c, err := time.Parse(time.RFC3339Nano, v.CreatedDateTime)
	if err != nil {
		t.Fatal(err)
	}
	return signIn{raw: append(json.RawMessage(nil), raw...), id: v.ID, created: c}
}

// fixtures reads testdata/signins.jsonl (Graph signIn objects).
func fixtures(t *testing.T) []signIn {
	data, err := os.ReadFile("testdata/signins.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out []signIn
	for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		out = append(out, parseSignIn(t, l))
	}
	return out
}

// realSignIns takes the properties object (the Graph signIn) of every
// diagnostic-settings record under shared/realdata/entra. The synthetic
// records reuse one id; those get fresh ids, as Graph's are unique.
func realSignIns(t *testing.T) []signIn {
	files, _ := filepath.Glob(filepath.Join(realdata, "*.log"))
	if len(files) == 0 {
		t.Skipf("%s not present (shared/realdata is not part of the repository)", realdata)
	}
	seen := map[string]bool{}
	var out []signIn
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for n := 0; sc.Scan(); n++ {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			var rec struct {
				Properties map[string]any `json:"properties"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			id, _ := rec.Properties["id"].(string)
			if seen[id] {
				id = fmt.Sprintf("%s-%s-%d", id, filepath.Base(f), n)
				rec.Properties["id"] = id
			}
			seen[id] = true
			raw, _ := json.Marshal(rec.Properties)
			out = append(out, parseSignIn(t, raw))
		}
	}
	return out
}

func datasets() map[string]func(*testing.T) []signIn {
	return map[string]func(*testing.T) []signIn{"fixtures": fixtures, "realdata": realSignIns}
}

func ids(items []signIn) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.id)
	}
	sort.Strings(out)
	return out
}

func newest(items []signIn) time.Time {
	var n time.Time
	for _, it := range items {
		if it.created.After(n) {
			n = it.created
		}
	}
	return n
}

type env struct {
	connectortest.Env
	fake *fakeGraph
}

func newEnv(t *testing.T) *env {
	e := connectortest.NewEnv(Kind, func(r map[string]any) string { return connectortest.Field(r, "id") })
	return &env{Env: e, fake: newFakeGraph(t, e.Clock)}
}

func (e *env) config(pageSize int) Config {
	return Config{
		BaseURL: e.fake.srv.URL, TokenURL: e.fake.srv.URL + "/" + tenant + "/oauth2/v2.0/token",
		ClientID: clientID, ClientSecret: connector.NewSecret(clientSecret), PageSize: pageSize,
		Lookback: 10 * 365 * 24 * time.Hour,
		HTTP:     connector.HTTPOptions{AllowPrivate: true, Clock: e.Clock, Timeout: 5 * time.Second},
	}
}

func (e *env) connector(t *testing.T, cfg Config) *Connector {
	t.Helper()
	c, err := New(cfg, e.Sink, e.Cursors, e.Logger())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func loadCursor(t *testing.T, e *env) connector.WindowCursor {
	var c connector.WindowCursor
	if err := json.Unmarshal([]byte(e.Cursors.Get("entra")), &c); err != nil {
		t.Fatalf("cursor %q: %v", e.Cursors.Get("entra"), err)
	}
	return c
}

func checkExactlyOnce(t *testing.T, e *env, want []signIn) {
	t.Helper()
	got := e.Sink.StoredKeys(Kind)
	if w := ids(want); strings.Join(got, ",") != strings.Join(w, ",") {
		t.Fatalf("stored %d ids %v\nwant %d %v", len(got), got, len(w), w)
	}
}

func TestPollAllPages(t *testing.T) {
	for name, load := range datasets() {
		t.Run(name, func(t *testing.T) {
			items := load(t)
			e := newEnv(t)
			e.fake.add(items...)
			c := e.connector(t, e.config(4))
			res, err := c.Poll(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !res.CaughtUp || res.RowsAccepted != len(items) || res.Pages != (len(items)+3)/4 {
				t.Fatalf("result %+v for %d items", res, len(items))
			}
			checkExactlyOnce(t, e, items)
			e.Sink.CheckDeliveredOnce(t, Kind)
			cur := loadCursor(t, e)
			if cur.Next != "" || cur.Since != newest(items).UTC().Format(time.RFC3339Nano) {
				t.Fatalf("cursor %+v, want since = newest createdDateTime %v", cur, newest(items))
			}
			if e.fake.tokenCalls != 1 {
				t.Fatalf("token requested %d times", e.fake.tokenCalls)
			}
			// Bodies are JSON lines of signIn objects.
			for _, b := range e.Sink.Bodies {
				for _, l := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
					if !json.Valid(l) || !bytes.HasPrefix(l, []byte(`{`)) {
						t.Fatalf("not a JSON line: %.60s", l)
					}
				}
			}
		})
	}
}

func TestOverlapWindowCatchesLateSignIns(t *testing.T) {
	items := fixtures(t)
	e := newEnv(t)
	e.fake.add(items...)
	c := e.connector(t, e.config(3))
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	top := newest(items)
	late := parseSignIn(t, []byte(fmt.Sprintf(`{"id":"late-1","createdDateTime":%q,"userPrincipalName":"ana.lima@example.com"}`, top.Add(-5*time.Minute).Format(time.RFC3339))))
	tooLate := parseSignIn(t, []byte(fmt.Sprintf(`{"id":"late-2","createdDateTime":%q,"userPrincipalName":"ana.lima@example.com"}`, top.Add(-20*time.Minute).Format(time.RFC3339))))
	fresh := parseSignIn(t, []byte(fmt.Sprintf(`{"id":"new-1","createdDateTime":%q,"userPrincipalName":"bo.chen@example.com"}`, top.Add(time.Minute).Format(time.RFC3339))))
	e.fake.add(late, tooLate, fresh)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	last := e.fake.filters[len(e.fake.filters)-1]
	if want := "createdDateTime ge " + top.Add(-10*time.Minute).UTC().Truncate(time.Second).Format(time.RFC3339); last != want {
		t.Fatalf("filter %q, want %q", last, want)
	}
	if e.Sink.Record(Kind, "late-1") == nil || e.Sink.Record(Kind, "new-1") == nil {
		t.Fatal("a sign-in inside the overlap window was missed")
	}
	if e.Sink.Record(Kind, "late-2") != nil {
		t.Fatal("a sign-in older than the overlap window was read: the window is wider than configured")
	}
	if got := loadCursor(t, e).Since; got != fresh.created.UTC().Format(time.RFC3339Nano) {
		t.Fatalf("since %s", got)
	}
}

func TestRetryAfterAndCutBody(t *testing.T) {
	for name, load := range datasets() {
		t.Run(name, func(t *testing.T) {
			items := load(t)
			e := newEnv(t)
			e.fake.add(items...)
			e.fake.faults = map[int]string{1: "429", 2: "503", 3: "cut", 5: "cut"}
			c := e.connector(t, e.config(5))
			res, err := c.Poll(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !res.CaughtUp {
				t.Fatalf("%+v", res)
			}
			checkExactlyOnce(t, e, items)
			s := e.Clock.SleepsCopy()
			if len(s) < 4 || s[0] != 7*time.Second || s[1] != 3*time.Second {
				t.Fatalf("sleeps %v: want Retry-After 7 s then 3 s, then backoffs", s)
			}
		})
	}
}

// TestRestartMidWindow: Graph lists newest first, so the cursor must not
// jump to the newest time after the first page. The save after page 2
// fails ("crash"); a new instance resumes from the saved nextLink and
// every sign-in arrives, none twice in the store.
func TestRestartMidWindow(t *testing.T) {
	for name, load := range datasets() {
		t.Run(name, func(t *testing.T) {
			items := load(t)
			e := newEnv(t)
			e.fake.add(items...)
			e.Cursors.FailSaveAt(2, errors.New("power cut"))
			if _, err := e.connector(t, e.config(2)).Poll(context.Background()); err == nil {
				t.Fatal("want the save error")
			}
			cur := loadCursor(t, e)
			if cur.Next == "" || cur.Since == newest(items).UTC().Format(time.RFC3339Nano) {
				t.Fatalf("mid-window cursor %+v moved its since before the window was read", cur)
			}
			if _, err := e.connector(t, e.config(2)).Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkExactlyOnce(t, e, items)
			if twice := e.Sink.Redelivered(Kind); twice != 2 {
				t.Fatalf("%d sign-ins delivered twice, want the 2 of the one re-fetched page", twice)
			}
		})
	}
}

func TestExpiredSkipTokenRestartsWindow(t *testing.T) {
	items := fixtures(t)
	e := newEnv(t)
	e.fake.add(items...)
	cur, _ := json.Marshal(connector.WindowCursor{Since: "2026-05-01T00:00:00Z", Next: e.fake.srv.URL + "/v1.0/auditLogs/signIns?$top=3&$skiptoken=expired!!"})
	e.Cursors.Set("entra", string(cur))
	if _, err := e.connector(t, e.config(3)).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, e, items)
}

func TestTokenRefreshedOn401(t *testing.T) {
	items := fixtures(t)
	e := newEnv(t)
	e.fake.add(items...)
	e.fake.expireTokens = 2
	if _, err := e.connector(t, e.config(3)).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, e, items)
	if e.fake.tokenCalls != 2 {
		t.Fatalf("token calls %d, want 2", e.fake.tokenCalls)
	}
}

func TestSecretNeverLogged(t *testing.T) {
	e := newEnv(t)
	e.fake.add(fixtures(t)...)
	dir := t.TempDir()
	good := filepath.Join(dir, "secret")
	bad := filepath.Join(dir, "bad")
	os.WriteFile(good, []byte(clientSecret+"\n"), 0o600)
	os.WriteFile(bad, []byte(clientSecret+"-wrong\n"), 0o600)
	cfg := e.config(3)
	cfg.ClientSecret = connector.Secret{}
	cfg.ClientSecretFile = good
	e.fake.faults = map[int]string{1: "429"}
	c := e.connector(t, cfg)
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg.ClientSecretFile = bad
	cfg.Name = "entra-bad"
	cb := e.connector(t, cfg)
	log := slog.New(slog.NewJSONHandler(e.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	log.Info("config", "cfg", cb.cfg)
	_ = connector.RunWith(context.Background(), cb, connector.RunOptions{Polls: 2, Clock: e.Clock, Log: log})
	st := cb.Status()
	if !strings.Contains(st.LastError, "invalid_client") {
		t.Fatalf("status %+v", st)
	}
	out := e.Logs.String()
	for _, s := range []string{clientSecret, "eyJ0eXAiOiJKV1Qi"} {
		if strings.Contains(out, s) || strings.Contains(st.LastError, s) {
			t.Fatalf("%q leaked into the log or the status:\n%s", s, out)
		}
	}
}

func TestRefusesLoopbackWithoutAllowPrivate(t *testing.T) {
	e := newEnv(t)
	cfg := e.config(3)
	cfg.HTTP.AllowPrivate = false
	_, err := e.connector(t, cfg).Poll(context.Background())
	if !errors.Is(err, connector.ErrForbiddenAddress) {
		t.Fatalf("err = %v", err)
	}
	if e.fake.tokenCalls != 0 || e.fake.requests != 0 {
		t.Fatal("a request reached the loopback server")
	}
}
