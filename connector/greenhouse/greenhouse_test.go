package greenhouse

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
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
	clientID     = "gh-client-123"
	clientSecret = "gh-secret-9f8e7d6c5b4a-DO-NOT-LOG"
	sample       = "../../../shared/contract/sample/applications.csv"
)

// fakeHarvest speaks the v3 auth and list protocol: POST /token (client
// credentials, HTTP Basic), GET /v3/applications and /v3/candidates with
// updated_at=gte|..., ids / candidate_ids (≤ 50), per_page (≤ 500), an
// opaque cursor in Link rel="next" that must be the only parameter, the
// X-RateLimit-* headers and 429 with Retry-After.
type fakeHarvest struct {
	t     *testing.T
	clock *connectortest.Clock
	srv   *httptest.Server

	mu         sync.Mutex
	apps       []map[string]any
	cands      []map[string]any
	tokens     map[string]bool
	tokenCalls int
	subs       []string
	requests   int
	faults     map[int]string
	budget     int
	remaining  int
	resetAt    time.Time
	over429    int
}

func newFakeHarvest(t *testing.T, clock *connectortest.Clock) *fakeHarvest {
	f := &fakeHarvest{t: t, clock: clock, tokens: map[string]bool{}, faults: map[int]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", f.token)
	mux.HandleFunc("GET /v3/applications", func(w http.ResponseWriter, r *http.Request) { f.list(w, r, "applications") })
	mux.HandleFunc("GET /v3/candidates", func(w http.ResponseWriter, r *http.Request) { f.list(w, r, "candidates") })
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeHarvest) load(t *testing.T) {
	for file, into := range map[string]*[]map[string]any{"testdata/applications.json": &f.apps, "testdata/candidates.json": &f.cands} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, into); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *fakeHarvest) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokenCalls++
	id, secret, ok := r.BasicAuth()
	r.ParseForm()
	w.Header().Set("Content-Type", "application/json")
	if !ok || id != clientID || secret != clientSecret {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":"unsupported_grant_type"}`)
		return
	}
	f.subs = append(f.subs, r.PostForm.Get("sub"))
	tok := fmt.Sprintf("ghv3.%d", f.tokenCalls)
	f.tokens[tok] = true
	fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, tok)
}

func jsonError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"errors":[{"message":%q}]}`, msg)
}

func (f *fakeHarvest) list(w http.ResponseWriter, r *http.Request, resource string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !f.tokens[tok] {
		jsonError(w, 401, "Unauthorized")
		return
	}
	f.requests++
	now := f.clock.Now()
	h := w.Header()
	if f.budget > 0 {
		if !now.Before(f.resetAt) {
			f.remaining, f.resetAt = f.budget, now.Add(10*time.Second)
		}
		h.Set("X-RateLimit-Limit", strconv.Itoa(f.budget))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(f.resetAt.Unix(), 10))
		if f.remaining == 0 {
			f.over429++
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("Retry-After", strconv.Itoa(int(f.resetAt.Sub(now).Seconds()+0.999)))
			jsonError(w, 429, "Too Many Requests")
			return
		}
		f.remaining--
		h.Set("X-RateLimit-Remaining", strconv.Itoa(f.remaining))
	}
	switch f.faults[f.requests] {
	case "429":
		h.Set("Retry-After", "2")
		jsonError(w, 429, "Too Many Requests")
		return
	case "500", "502":
		jsonError(w, 502, "Bad Gateway")
		return
	}
	q := r.URL.Query()
	offset := 0
	if c := q.Get("cursor"); c != "" {
		if len(q) != 1 {
			jsonError(w, 400, "cursor cannot be combined with other parameters")
			return
		}
		dec, err := base64.RawURLEncoding.DecodeString(c)
		var st struct {
			Q      string
			Offset int
		}
		if err != nil || json.Unmarshal(dec, &st) != nil {
			jsonError(w, 400, "invalid cursor")
			return
		}
		q, _ = url.ParseQuery(st.Q)
		offset = st.Offset
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	if q.Get("per_page") == "" {
		per = 100
	} else if err != nil || per < 1 || per > 500 {
		jsonError(w, 422, "per_page must be between 1 and 500")
		return
	}
	var from time.Time
	if u := q.Get("updated_at"); u != "" {
		op, ts, ok := strings.Cut(u, "|")
		t, err := time.Parse(time.RFC3339, ts)
		if !ok || op != "gte" || err != nil {
			jsonError(w, 422, "invalid updated_at filter")
			return
		}
		from = t
	}
	idSet := func(name string) (map[string]bool, bool) {
		v := q.Get(name)
		if v == "" {
			return nil, true
		}
		parts := strings.Split(v, ",")
		if len(parts) > 50 {
			return nil, false
		}
		m := map[string]bool{}
		for _, p := range parts {
			m[p] = true
		}
		return m, true
	}
	ids, ok1 := idSet("ids")
	candIDs, ok2 := idSet("candidate_ids")
	if !ok1 || !ok2 {
		jsonError(w, 422, "at most 50 ids")
		return
	}
	src := f.apps
	if resource == "candidates" {
		src = f.cands
	}
	var match []map[string]any
	for _, rec := range src {
		if ids != nil && !ids[idString(rec["id"])] {
			continue
		}
		if candIDs != nil && !candIDs[idString(rec["candidate_id"])] {
			continue
		}
		if !from.IsZero() {
			t, _ := time.Parse(time.RFC3339Nano, rec["updated_at"].(string))
			if t.Before(from) {
				continue
			}
		}
		match = append(match, rec)
	}
	sort.Slice(match, func(i, j int) bool { return idString(match[i]["id"]) > idString(match[j]["id"]) }) // id descending
	end := min(offset+per, len(match))
	page := []map[string]any{}
	if offset < end {
		page = match[offset:end]
	}
	if end < len(match) {
		st, _ := json.Marshal(map[string]any{"Q": q.Encode(), "Offset": end})
		h.Set("Link", fmt.Sprintf(`<%s/v3/%s?cursor=%s>; rel="next"`, f.srv.URL, resource, base64.RawURLEncoding.EncodeToString(st)))
	}
	body, _ := json.Marshal(page)
	h.Set("Content-Type", "application/json")
	if f.faults[f.requests] == "cut" {
		connectortest.CutBody(w, h, body)
		return
	}
	w.Write(body)
}

func idString(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatInt(int64(x), 10)
	case string:
		return x
	}
	return ""
}

type env struct {
	connectortest.Env
	fake *fakeHarvest
}

func newEnv(t *testing.T) *env {
	e := connectortest.NewEnv(Kind, func(r map[string]any) string {
		if connectortest.Field(r, "job_id") == "" || connectortest.Field(r, "submitted_at") == "" {
			return ""
		}
		return connectortest.Field(r, "application_id")
	})
	return &env{Env: e, fake: newFakeHarvest(t, e.Clock)}
}

func (e *env) config(per int) Config {
	return Config{BaseURL: e.fake.srv.URL, TokenURL: e.fake.srv.URL + "/token", ClientID: clientID,
		ClientSecret: connector.NewSecret(clientSecret), PerPage: per, Lookback: 365 * 24 * time.Hour,
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

// wantApps are the application ids that belong in the CSV (prospects
// without a job are left out).
func wantApps(f *fakeHarvest) []string {
	var out []string
	for _, a := range f.apps {
		if a["job_id"] != nil {
			out = append(out, idString(a["id"]))
		}
	}
	sort.Strings(out)
	return out
}

func check(t *testing.T, e *env) {
	t.Helper()
	if got, want := e.Sink.StoredKeys(Kind), wantApps(e.fake); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("stored %v\nwant %v", got, want)
	}
}

func TestPollMapsApplicationsToCSV(t *testing.T) {
	e := newEnv(t)
	e.fake.load(t)
	cfg := e.config(3)
	cfg.UserID = "4242"
	c := e.connector(t, cfg)
	res, err := c.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !res.CaughtUp {
		t.Fatalf("%+v", res)
	}
	check(t, e)
	// Header row is the contract's, in order.
	head, _ := csv.NewReader(strings.NewReader(string(e.Sink.Bodies[0]))).Read()
	if strings.Join(head, ",") != strings.Join(Columns, ",") {
		t.Fatalf("header %v", head)
	}
	r := e.Sink.Record(Kind, "71000501") // Bo Chen's first application
	want := map[string]string{"candidate_id": "41000101", "job_id": "5550001", "submitted_at": "2026-04-02T09:00:00Z",
		"first_name": "Bo", "last_name": "Chen", "email": "bo.chen@example.net", "phone": "(602) 555-0143",
		"address_line1": "1200 W Main St Apt 4, Phoenix, AZ 85007, US", "github_url": "https://github.com/bochen-example",
		"source": "greenhouse_source:4001"}
	for k, v := range want {
		if connectortest.Field(r, k) != v {
			t.Errorf("%s = %q, want %q", k, connectortest.Field(r, k), v)
		}
	}
	if got := connectortest.Field(e.Sink.Record(Kind, "71000500"), "source"); got != "LinkedIn" {
		t.Errorf("source %q", got)
	}
	if got := connectortest.Field(e.Sink.Record(Kind, "71000500"), "linkedin_url"); got != "https://www.linkedin.com/in/ana-lima-example" {
		t.Errorf("linkedin %q", got)
	}
	if len(e.fake.subs) != 1 || e.fake.subs[0] != "4242" {
		t.Fatalf("token requests sub %v", e.fake.subs)
	}
	var cur connector.WindowCursor
	json.Unmarshal([]byte(e.Cursors.Get("greenhouse")), &cur)
	if cur.Phase != "" || cur.Next != "" || cur.Since != "2026-04-06T12:00:00Z" {
		t.Fatalf("cursor %+v", cur)
	}
}

func TestCandidateChangeReemitsApplication(t *testing.T) {
	e := newEnv(t)
	e.fake.load(t)
	c := e.connector(t, e.config(3))
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Ana changes her phone; her application is not touched.
	e.fake.mu.Lock()
	e.fake.cands[0]["phone_numbers"] = []any{map[string]any{"value": "+1 602 555 0143", "type": "mobile"}}
	e.fake.cands[0]["updated_at"] = "2026-05-20T08:00:00.000Z"
	e.fake.mu.Unlock()
	if _, err := c.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := connectortest.Field(e.Sink.Record(Kind, "71000500"), "phone"); got != "+1 602 555 0143" {
		t.Fatalf("phone after the candidate changed: %q", got)
	}
}

func TestRateLimitsRetriesAndCut(t *testing.T) {
	e := newEnv(t)
	e.fake.load(t)
	e.fake.budget = 3
	e.fake.faults = map[int]string{1: "429", 2: "502", 4: "cut"}
	if _, err := e.connector(t, e.config(2)).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	check(t, e)
	if e.fake.over429 != 0 {
		t.Fatalf("%d requests ran past a spent X-RateLimit budget", e.fake.over429)
	}
	if s := e.Clock.SleepsCopy(); len(s) < 3 || s[0] != 2*time.Second {
		t.Fatalf("sleeps %v", s)
	}
}

func TestRestartAfterCrash(t *testing.T) {
	for _, failAt := range []int{1, 2, 4} {
		t.Run(strconv.Itoa(failAt), func(t *testing.T) {
			e := newEnv(t)
			e.fake.load(t)
			e.Cursors.FailSaveAt(failAt, errors.New("crash"))
			if _, err := e.connector(t, e.config(2)).Poll(context.Background()); err == nil {
				t.Fatal("want the save error")
			}
			if _, err := e.connector(t, e.config(2)).Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			check(t, e)
		})
	}
}

func TestStaleCursorRestartsPhase(t *testing.T) {
	e := newEnv(t)
	e.fake.load(t)
	e.Cursors.Set("greenhouse", fmt.Sprintf(`{"since":"2026-01-01T00:00:00Z","phase":"candidates","next":%q}`, e.fake.srv.URL+"/v3/candidates?cursor=garbage"))
	if _, err := e.connector(t, e.config(50)).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	check(t, e) // the candidates phase brings every application of every changed candidate
}

func TestEmptyPoll(t *testing.T) {
	e := newEnv(t)
	res, err := e.connector(t, e.config(50)).Poll(context.Background())
	if err != nil || !res.CaughtUp || e.Sink.Calls() != 0 || res.Pages != 2 {
		t.Fatalf("%+v %v", res, err)
	}
}

// TestSampleRoundTrip builds Greenhouse records from mosaic's sample
// applications.csv and checks the connector's CSV gives the same values.
func TestSampleRoundTrip(t *testing.T) {
	fh, err := os.Open(sample)
	if err != nil {
		t.Skipf("%s not present (shared/ is not part of the repository): %v", sample, err)
	}
	defer fh.Close()
	rd := csv.NewReader(fh)
	head, _ := rd.Read()
	e := newEnv(t)
	var rows []map[string]string
	for i := 0; i < 120; i++ {
		rec, err := rd.Read()
		if err != nil {
			break
		}
		m := map[string]string{}
		for j, h := range head {
			m[h] = rec[j]
		}
		rows = append(rows, m)
	}
	// Sample ids are strings like A0001276/C000001/JOB-0018: keep them as
	// string ids (the connector takes either).
	seenCand := map[string]bool{}
	firstRow := map[string]map[string]string{} // the candidate is made from its first row
	for _, m := range rows {
		if firstRow[m["candidate_id"]] == nil {
			firstRow[m["candidate_id"]] = m
		}
		e.fake.apps = append(e.fake.apps, map[string]any{"id": m["application_id"], "candidate_id": m["candidate_id"], "job_id": m["job_id"],
			"applied_at": m["submitted_at"], "updated_at": m["submitted_at"], "source": map[string]any{"public_name": m["source"]}})
		if seenCand[m["candidate_id"]] {
			continue
		}
		seenCand[m["candidate_id"]] = true
		social := []any{}
		for _, u := range []string{m["linkedin_url"], m["github_url"]} {
			if u != "" {
				social = append(social, map[string]any{"value": u})
			}
		}
		e.fake.cands = append(e.fake.cands, map[string]any{"id": m["candidate_id"], "first_name": m["first_name"], "last_name": m["last_name"],
			"updated_at": m["submitted_at"], "email_addresses": []any{map[string]any{"value": m["email"], "type": "personal"}},
			"phone_numbers": []any{map[string]any{"value": m["phone"], "type": "mobile"}}, "social_media_addresses": social})
	}
	cfg := e.config(25)
	cfg.Lookback = 10 * 365 * 24 * time.Hour
	if _, err := e.connector(t, cfg).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, m := range rows {
		got := e.Sink.Record(Kind, m["application_id"])
		if got == nil {
			t.Fatalf("%s missing", m["application_id"])
		}
		for _, col := range []string{"candidate_id", "job_id", "submitted_at", "source"} {
			if connectortest.Field(got, col) != m[col] {
				t.Errorf("%s %s = %q, want %q", m["application_id"], col, connectortest.Field(got, col), m[col])
			}
		}
		cand := firstRow[m["candidate_id"]]
		for _, col := range []string{"first_name", "last_name", "email", "phone", "linkedin_url", "github_url"} {
			if connectortest.Field(got, col) != cand[col] {
				t.Errorf("%s %s = %q, want %q", m["application_id"], col, connectortest.Field(got, col), cand[col])
			}
		}
	}
}

func TestSecretNeverLogged(t *testing.T) {
	e := newEnv(t)
	e.fake.load(t)
	file := t.TempDir() + "/secret"
	os.WriteFile(file, []byte(clientSecret+"\n"), 0o600)
	cfg := e.config(3)
	cfg.ClientSecret = connector.Secret{}
	cfg.ClientSecretFile = file
	e.fake.faults = map[int]string{1: "502"}
	if _, err := e.connector(t, cfg).Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, []byte("not-"+clientSecret), 0o600)
	cfg.Name = "gh-bad"
	bad := e.connector(t, cfg)
	log := slog.New(slog.NewTextHandler(e.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	log.Info("config", "cfg", bad.cfg)
	_ = connector.RunWith(context.Background(), bad, connector.RunOptions{Polls: 2, Clock: e.Clock, Log: log})
	st := bad.Status()
	if !strings.Contains(st.LastError, "invalid_client") {
		t.Fatalf("status %+v", st)
	}
	for _, s := range []string{clientSecret, "ghv3."} {
		if strings.Contains(e.Logs.String(), s) || strings.Contains(st.LastError, s) {
			t.Fatalf("%q leaked:\n%s", s, e.Logs.String())
		}
	}
}

func TestRefusesLoopbackWithoutAllowPrivate(t *testing.T) {
	e := newEnv(t)
	cfg := e.config(3)
	cfg.HTTP.AllowPrivate = false
	if _, err := e.connector(t, cfg).Poll(context.Background()); !errors.Is(err, connector.ErrForbiddenAddress) {
		t.Fatalf("err = %v", err)
	}
	if e.fake.tokenCalls != 0 {
		t.Fatal("the token request reached the loopback server")
	}
}
