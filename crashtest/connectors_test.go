package crashtest

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The windowed connectors (Microsoft Graph sign-ins, Google Workspace login
// activity, Greenhouse Harvest) run inside serve against small fakes of
// their APIs whose records appear over time, oldest first, each with a
// record time in the last hour (inside the connectors' first lookback).
// The fakes answer newest first in short pages with an opaque position, as
// the real APIs do, so serve is killed in mid-window as well as between
// windows. After every kill: integrity_check is clean, no more records are
// stored than were served, and every record older than the saved window
// start is stored (the cursor never runs ahead of the store). In the end
// every record is stored once and the window start is the newest record's
// time.

// windowItem is one record a fake serves.
type windowItem struct {
	at  time.Time
	id  string // the stored key (sign-in uuid, application id); "" when not known
	raw []byte
	rel []byte // Greenhouse: the application's candidate
}

// windowFake releases items over time and pages through them newest first.
type windowFake struct {
	items []windowItem // oldest first
	start time.Time
	rate  float64 // items released per second
	page  int
	calls atomic.Int64
}

func newWindowFake(n int, rate float64, make func(i int, at time.Time) windowItem) *windowFake {
	f := &windowFake{start: time.Now(), rate: rate, page: 25}
	base := f.start.Add(-time.Hour).Truncate(time.Second)
	for i := range n {
		f.items = append(f.items, make(i, base.Add(time.Duration(i)*time.Second)))
	}
	return f
}

func (f *windowFake) available() int {
	return min(len(f.items), int(time.Since(f.start).Seconds()*f.rate)+f.page)
}

// since returns the released items at or after from, newest first.
func (f *windowFake) since(from time.Time) []windowItem {
	var out []windowItem
	for i := f.available() - 1; i >= 0; i-- {
		if !f.items[i].at.Before(from) {
			out = append(out, f.items[i])
		}
	}
	return out
}

// position is an opaque page position bound to its query.
func position(offset int, query string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset) + "|" + query))
}

func fromPosition(p string) (int, string, bool) {
	dec, err := base64.RawURLEncoding.DecodeString(p)
	off, q, ok := strings.Cut(string(dec), "|")
	n, aerr := strconv.Atoi(off)
	return n, q, err == nil && ok && aerr == nil
}

func listen(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func tokenAnswer(w http.ResponseWriter, tok string) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3599}`, tok)
}

func firstLine(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(bytes.SplitN(data, []byte("\n"), 2)[0], &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// windowScenario is one connector's kill loop.
type windowScenario struct {
	source string                                    // the connector's cursor key
	fake   *windowFake                               //
	args   func(d *db) []string                      // serve's connector flags
	stored func(t *testing.T, d *db) map[string]bool // the stored keys
}

func (sc windowScenario) run(t *testing.T) {
	d := sqliteDB(t)
	srv := newServer(t, d, append(sc.args(d), "--poll-every", "100ms", "--allow-private-targets")...)
	srv.startReady()
	f := sc.fake
	// check returns how many items are older than the window start and
	// whether everything is stored with the window closed at the newest.
	check := func() (int, bool) {
		t.Helper()
		s := d.open(t)
		var raw string
		_ = s.QueryRow(`SELECT cursor FROM source_cursors WHERE source = ?`, sc.source).Scan(&raw)
		s.Close()
		var cur struct {
			Since     string `json:"since"`
			Next      string `json:"next"`
			PageToken string `json:"page_token"`
		}
		if raw != "" {
			if err := json.Unmarshal([]byte(raw), &cur); err != nil {
				t.Fatalf("%s: the cursor %q is not a window cursor: %v", sc.source, raw, err)
			}
		}
		since, _ := time.Parse(time.RFC3339Nano, cur.Since)
		stored := sc.stored(t, d)
		if len(stored) > len(f.items) {
			t.Fatalf("%s: %d records stored, more than the %d served", sc.source, len(stored), len(f.items))
		}
		older := 0
		for i, it := range f.items {
			if !it.at.Before(since) {
				break
			}
			older++
			if it.id != "" && !stored[it.id] {
				t.Fatalf("%s: the window starts at %s but record %d (%s, %s) is not stored", sc.source, cur.Since, i, it.id, it.at.Format(time.RFC3339))
			}
		}
		if len(stored) < older {
			t.Fatalf("%s: the window starts at %s, after %d records, but only %d are stored", sc.source, cur.Since, older, len(stored))
		}
		last := f.items[len(f.items)-1].at
		done := len(stored) == len(f.items) && !since.Before(last) && cur.Next == "" && cur.PageToken == ""
		return older, done
	}
	for range rounds() {
		time.Sleep(randomDelay(150*time.Millisecond, 1200*time.Millisecond))
		srv.kill()
		d.check(t)
		check()
		srv.startReady()
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		older, done := check()
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: after 90 s the window start is after %d of %d records: %s", sc.source, older, len(f.items), srv.logTail())
		}
		time.Sleep(200 * time.Millisecond)
	}
	srv.stop()
	d.check(t)
	// The ingest log counts what was read: windows start before the cursor
	// by design (late records), so re-read rows are counted there, but it
	// never counts fewer than were stored.
	s := d.open(t)
	defer s.Close()
	var logged int
	_ = s.QueryRow(`SELECT COALESCE(SUM(rows_accepted), 0) FROM ingest_log WHERE source = ?`, "connector:"+sc.source).Scan(&logged)
	if logged < len(f.items) {
		t.Errorf("%s: the ingest log counts %d rows accepted, fewer than the %d stored", sc.source, logged, len(f.items))
	}
	t.Logf("%s: %d kills; %d records stored once, window closed at the newest; %d requests to the fake; ingest log %d rows accepted",
		sc.source, rounds(), len(f.items), f.calls.Load(), logged)
}

// storedKeys reads one column of keys.
func storedKeys(t *testing.T, d *db, queries ...string) map[string]bool {
	t.Helper()
	s := d.open(t)
	defer s.Close()
	out := map[string]bool{}
	for _, q := range queries {
		rows, err := s.Query(q)
		if err != nil {
			continue // no working table (yet)
		}
		for rows.Next() {
			var k string
			_ = rows.Scan(&k)
			out[k] = true
		}
		rows.Close()
	}
	return out
}

func storedSignIns(t *testing.T, d *db) map[string]bool {
	return storedKeys(t, d, `SELECT uuid FROM signins`, `SELECT uuid FROM signins_load`)
}

// TestGraphConnectorKilled: Microsoft Graph sign-ins (client credentials,
// $filter=createdDateTime ge, @odata.nextLink with a $skiptoken).
func TestGraphConnectorKilled(t *testing.T) {
	needBinary(t)
	tmpl := firstLine(t, "../connector/graph/testdata/signins.jsonl")
	f := newWindowFake(600, 150, func(i int, at time.Time) windowItem {
		m := map[string]any{}
		for k, v := range tmpl {
			m[k] = v
		}
		id := fmt.Sprintf("6f2d1c3a-0000-4000-8000-%012d", i)
		m["id"], m["createdDateTime"], m["correlationId"] = id, at.UTC().Format(time.RFC3339), fmt.Sprintf("c-%d", i)
		return windowItem{at: at, id: id, raw: mustJSON(m)}
	})
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("POST /tenant-1/oauth2/v2.0/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if id != "client-1" || secret != "crashtest-graph-secret" || r.PostForm.Get("grant_type") != "client_credentials" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		tokenAnswer(w, "graph-token")
	})
	mux.HandleFunc("GET /v1.0/auditLogs/signIns", func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		if r.Header.Get("Authorization") != "Bearer graph-token" {
			http.Error(w, `{"error":{"code":"InvalidAuthenticationToken"}}`, http.StatusUnauthorized)
			return
		}
		q := r.URL.Query()
		filter, offset := q.Get("$filter"), 0
		if st := q.Get("$skiptoken"); st != "" {
			var ok bool
			if offset, filter, ok = fromPosition(st); !ok {
				http.Error(w, `{"error":{"code":"Request_BadRequest"}}`, http.StatusBadRequest)
				return
			}
		}
		from, err := time.Parse(time.RFC3339, strings.TrimPrefix(filter, "createdDateTime ge "))
		if err != nil {
			http.Error(w, `{"error":{"code":"Request_UnsupportedQuery"}}`, http.StatusBadRequest)
			return
		}
		match := f.since(from)
		end := min(offset+f.page, len(match))
		page := []json.RawMessage{}
		for _, it := range match[min(offset, end):end] {
			page = append(page, it.raw)
		}
		resp := map[string]any{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns", "value": page}
		if end < len(match) {
			resp["@odata.nextLink"] = base + "/v1.0/auditLogs/signIns?$top=500&$skiptoken=" + position(end, filter)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(mustJSON(resp))
	})
	srv := listen(t, mux)
	base = srv.URL
	windowScenario{source: "entra", fake: f, stored: storedSignIns, args: func(d *db) []string {
		secret := filepath.Join(d.dir, "graph.secret")
		if err := os.WriteFile(secret, []byte("crashtest-graph-secret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return []string{"--entra-tenant", "tenant-1", "--entra-client-id", "client-1", "--entra-client-secret-file", secret,
			"--entra-url", base, "--entra-token-url", base + "/tenant-1/oauth2/v2.0/token"}
	}}.run(t)
}

// TestGoogleWorkspaceConnectorKilled: Admin Reports API login activity
// (a service account's signed JWT for a token, startTime, pageToken). The
// stored sign-ins' ids are derived from the activity's unique qualifier,
// so the cursor check counts them.
func TestGoogleWorkspaceConnectorKilled(t *testing.T) {
	needBinary(t)
	tmpl := firstLine(t, "../connector/gworkspace/testdata/login.jsonl")
	f := newWindowFake(600, 150, func(i int, at time.Time) windowItem {
		m := map[string]any{}
		for k, v := range tmpl {
			m[k] = v
		}
		id := map[string]any{"time": at.UTC().Format("2006-01-02T15:04:05.000Z"), "uniqueQualifier": strconv.Itoa(-4811309462413520000 + i),
			"applicationName": "login", "customerId": "C03az79cb"}
		m["id"], m["etag"] = id, fmt.Sprintf(`"e%d"`, i)
		return windowItem{at: at, raw: mustJSON(m)}
	})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.PostForm.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || strings.Count(r.PostForm.Get("assertion"), ".") != 2 {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		tokenAnswer(w, "ya29.crashtest")
	})
	mux.HandleFunc("GET /admin/reports/v1/activity/users/all/applications/login", func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		if r.Header.Get("Authorization") != "Bearer ya29.crashtest" {
			http.Error(w, `{"error":{"code":401,"message":"Invalid Credentials"}}`, http.StatusUnauthorized)
			return
		}
		q := r.URL.Query()
		start, offset := q.Get("startTime"), 0
		if pt := q.Get("pageToken"); pt != "" {
			var bound string
			var ok bool
			if offset, bound, ok = fromPosition(pt); !ok || bound != start {
				http.Error(w, `{"error":{"code":400,"message":"Invalid page token"}}`, http.StatusBadRequest)
				return
			}
		}
		from, err := time.Parse(time.RFC3339Nano, start)
		if err != nil {
			http.Error(w, `{"error":{"code":400,"message":"Invalid value for: startTime"}}`, http.StatusBadRequest)
			return
		}
		match := f.since(from)
		end := min(offset+f.page, len(match))
		resp := map[string]any{"kind": "admin#reports#activities", "etag": `"tag"`}
		if offset < end {
			var items []json.RawMessage
			for _, it := range match[offset:end] {
				items = append(items, it.raw)
			}
			resp["items"] = items
		}
		if end < len(match) {
			resp["nextPageToken"] = position(end, start)
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		_, _ = w.Write(mustJSON(resp))
	})
	srv := listen(t, mux)
	windowScenario{source: "google_workspace", fake: f, stored: storedSignIns, args: func(d *db) []string {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		sa := map[string]string{"type": "service_account", "project_id": "crashtest", "private_key_id": "k1",
			"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
			"client_email": "mosaic@crashtest.iam.gserviceaccount.com", "client_id": "1", "token_uri": srv.URL + "/token"}
		keyFile := filepath.Join(d.dir, "google-sa.json")
		if err := os.WriteFile(keyFile, mustJSON(sa), 0o600); err != nil {
			t.Fatal(err)
		}
		return []string{"--google-key-file", keyFile, "--google-subject", "admin@example.com", "--google-url", srv.URL}
	}}.run(t)
}

// TestGreenhouseConnectorKilled: Harvest v3 applications and their
// candidates (client credentials, updated_at=gte|, an opaque cursor in
// Link rel="next" that is the only parameter), each pair released at once.
func TestGreenhouseConnectorKilled(t *testing.T) {
	needBinary(t)
	f := newWindowFake(300, 75, func(i int, at time.Time) windowItem {
		stamp := at.UTC().Format("2006-01-02T15:04:05.000Z")
		appID, candID := 71000000+i, 41000000+i
		app := map[string]any{"id": appID, "candidate_id": candID, "job_id": 5550001 + i%3, "prospect": false, "status": "active",
			"applied_at": stamp, "created_at": stamp, "updated_at": stamp, "last_activity_at": stamp, "source_id": 4000}
		cand := map[string]any{"id": candID, "first_name": "Crash", "last_name": fmt.Sprintf("Test%d", i), "is_private": false,
			"created_at": stamp, "updated_at": stamp, "last_activity_at": stamp,
			"email_addresses":        []map[string]string{{"value": fmt.Sprintf("crash.test%d@example.com", i), "type": "personal"}},
			"phone_numbers":          []map[string]string{{"value": fmt.Sprintf("+1 602 555 %04d", i), "type": "mobile"}},
			"addresses":              []any{},
			"website_addresses":      []any{},
			"social_media_addresses": []any{}, "tags": []any{}}
		return windowItem{at: at, id: strconv.Itoa(appID), raw: mustJSON(app), rel: mustJSON(cand)}
	})
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id, secret, ok := r.BasicAuth()
		if !ok || id != "gh-client" || secret != "crashtest-gh-secret" || r.PostForm.Get("grant_type") != "client_credentials" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		tokenAnswer(w, "ghv3.crashtest")
	})
	list := func(resource string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			f.calls.Add(1)
			if r.Header.Get("Authorization") != "Bearer ghv3.crashtest" {
				http.Error(w, `{"errors":[{"message":"Unauthorized"}]}`, http.StatusUnauthorized)
				return
			}
			q, offset := r.URL.Query(), 0
			if c := q.Get("cursor"); c != "" {
				var enc string
				var ok bool
				if offset, enc, ok = fromPosition(c); !ok || len(q) != 1 {
					http.Error(w, `{"errors":[{"message":"invalid cursor"}]}`, http.StatusBadRequest)
					return
				}
				q, _ = url.ParseQuery(enc)
			}
			var from time.Time
			if u := q.Get("updated_at"); u != "" {
				ts, ok := strings.CutPrefix(u, "gte|")
				t, err := time.Parse(time.RFC3339, ts)
				if !ok || err != nil {
					http.Error(w, `{"errors":[{"message":"invalid updated_at filter"}]}`, http.StatusUnprocessableEntity)
					return
				}
				from = t
			}
			ids := map[string]bool{}
			for _, name := range []string{"ids", "candidate_ids"} {
				for _, v := range strings.Split(q.Get(name), ",") {
					if v != "" {
						ids[name+":"+v] = true
					}
				}
			}
			var match []json.RawMessage
			for _, it := range f.since(from) {
				var rec struct {
					ID          int `json:"id"`
					CandidateID int `json:"candidate_id"`
				}
				raw := it.raw
				if resource == "candidates" {
					raw = it.rel
				}
				_ = json.Unmarshal(raw, &rec)
				if q.Get("ids") != "" && !ids["ids:"+strconv.Itoa(rec.ID)] {
					continue
				}
				if q.Get("candidate_ids") != "" && (resource != "applications" || !ids["candidate_ids:"+strconv.Itoa(rec.CandidateID)]) {
					continue
				}
				match = append(match, raw)
			}
			end := min(offset+f.page, len(match))
			page := []json.RawMessage{}
			if offset < end {
				page = match[offset:end]
			}
			if end < len(match) {
				w.Header().Set("Link", fmt.Sprintf(`<%s/v3/%s?cursor=%s>; rel="next"`, base, resource, position(end, q.Encode())))
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(mustJSON(page))
		}
	}
	mux.HandleFunc("GET /v3/applications", list("applications"))
	mux.HandleFunc("GET /v3/candidates", list("candidates"))
	srv := listen(t, mux)
	base = srv.URL
	windowScenario{source: "greenhouse", fake: f, args: func(d *db) []string {
		secret := filepath.Join(d.dir, "gh.secret")
		if err := os.WriteFile(secret, []byte("crashtest-gh-secret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return []string{"--greenhouse-client-id", "gh-client", "--greenhouse-client-secret-file", secret,
			"--greenhouse-url", base, "--greenhouse-token-url", base + "/token"}
	}, stored: func(t *testing.T, d *db) map[string]bool {
		return storedKeys(t, d, `SELECT application_id FROM applications`)
	}}.run(t)
}
