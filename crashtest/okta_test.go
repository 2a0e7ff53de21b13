package crashtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// fakeOkta serves a System Log that grows over time: pages of 50 events
// with a Link rel="next" on every answer (also when empty), as Okta's
// polling mode does.
type fakeOkta struct {
	events [][]byte
	uuids  []string
	start  time.Time
	rate   float64 // events released per second
	calls  atomic.Int64
}

func (f *fakeOkta) available() int {
	return min(len(f.events), int(time.Since(f.start).Seconds()*f.rate)+50)
}

func (f *fakeOkta) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls.Add(1)
	if r.URL.Path != "/api/v1/logs" || r.Header.Get("Authorization") != "SSWS crashtest-okta-token" {
		http.Error(w, "no", http.StatusUnauthorized)
		return
	}
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	end := min(f.available(), after+50)
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i := after; i < end; i++ {
		if i > after {
			buf.WriteByte(',')
		}
		buf.Write(f.events[i])
	}
	buf.WriteByte(']')
	next := url.URL{Scheme: "http", Host: r.Host, Path: "/api/v1/logs", RawQuery: "after=" + strconv.Itoa(max(after, end))}
	w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, next.String()))
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(buf.Bytes())
}

// TestOktaConnectorKilled (the stretch goal of scenario (a)'s list): serve
// pulls a growing System Log from a fake Okta and is killed at random
// points. After every kill the saved cursor never runs ahead of the
// stored events (every event before it is stored); in the end every event
// is stored once and the cursor is at the end.
func TestOktaConnectorKilled(t *testing.T) {
	needBinary(t)
	bundle := newBundle(t, 16)
	data, err := os.ReadFile(filepath.Join(bundle, "okta", "system_log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeOkta{start: time.Now(), rate: 400}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var ev struct {
			UUID string `json:"uuid"`
		}
		if json.Unmarshal(line, &ev) != nil || ev.UUID == "" {
			t.Fatalf("an Okta line without a uuid: %.80s", line)
		}
		f.events = append(f.events, line)
		f.uuids = append(f.uuids, ev.UUID)
	}
	okta := httptest.NewUnstartedServer(f)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	okta.Listener = ln
	okta.Start()
	defer okta.Close()

	d := sqliteDB(t)
	tokFile := filepath.Join(d.dir, "okta.token")
	if err := os.WriteFile(tokFile, []byte("crashtest-okta-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, d, "--okta-url", okta.URL, "--okta-token-file", tokFile, "--poll-every", "100ms", "--allow-private-targets")
	// The first poll starts from the lookback window: the fake ignores
	// since and serves from the start.
	srv.startReady()
	checkCursor := func(final bool) int {
		t.Helper()
		s := d.open(t)
		defer s.Close()
		var cur string
		_ = s.QueryRow(`SELECT cursor FROM source_cursors WHERE source = 'okta'`).Scan(&cur)
		after := 0
		if u, err := url.Parse(cur); err == nil && cur != "" {
			after, _ = strconv.Atoi(u.Query().Get("after"))
		}
		stored := map[string]bool{}
		for _, q := range []string{`SELECT uuid FROM signins`, `SELECT uuid FROM signins_load`} {
			rows, err := s.Query(q)
			if err != nil {
				continue // no working table (yet)
			}
			for rows.Next() {
				var u string
				_ = rows.Scan(&u)
				stored[u] = true
			}
			rows.Close()
		}
		for i := range after {
			if !stored[f.uuids[i]] {
				t.Fatalf("the cursor is at event %d but event %d (%s) is not stored", after, i, f.uuids[i])
			}
		}
		if len(stored) > len(f.uuids) {
			t.Fatalf("%d sign-ins stored, more than the %d served", len(stored), len(f.uuids))
		}
		if final && (after != len(f.uuids) || len(stored) != len(f.uuids)) {
			return -1
		}
		return after
	}
	for range rounds() {
		time.Sleep(randomDelay(150*time.Millisecond, 1200*time.Millisecond))
		srv.kill()
		d.check(t)
		checkCursor(false)
		srv.startReady()
	}
	deadline := time.Now().Add(90 * time.Second)
	for checkCursor(true) < 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s the cursor is at %d of %d events: %s", checkCursor(false), len(f.uuids), srv.logTail())
		}
		time.Sleep(200 * time.Millisecond)
	}
	srv.stop()
	d.check(t)
	t.Logf("%d kills; %d events stored once, cursor at the end; %d requests to the fake Okta", rounds(), len(f.uuids), f.calls.Load())
}
