package crashtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// receiver is a webhook endpoint on loopback that records alert ids. It
// answers slowly and now and then fails, so kills land while deliveries
// are in flight and retries happen.
type receiver struct {
	secret  []byte
	failing atomic.Bool
	mu      sync.Mutex
	got     map[string]int // alert id -> deliveries
	badSig  int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	id, ts, sig := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Header.Get("webhook-signature")
	mac := hmac.New(sha256.New, rc.secret)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	var a struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(body, &a)
	time.Sleep(time.Duration(mrand.IntN(80)) * time.Millisecond)
	if rc.failing.Load() && mrand.IntN(10) == 0 {
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	rc.mu.Lock()
	if !strings.Contains(" "+sig+" ", " "+want+" ") || a.ID == "" || a.ID != id {
		rc.badSig++
	}
	rc.got[a.ID]++
	rc.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// TestAlertsKilled: scenario (c). A scanned company is served with a
// webhook; serve raises its alerts on start and is killed at random points
// while they are queued and delivered. In the end every alert in the
// outbox was received at least once, nothing was received that the outbox
// does not hold, alert_state and the outbox agree, and everyone at the
// alert level in the report has been alerted at that level.
func TestAlertsKilled(t *testing.T) {
	needBinary(t)
	bundle := newBundle(t, 13)
	d := sqliteDB(t)
	mustRun(t, d.dir, "scan", bundle, "--db", d.arg, "--format", "json", "--out", filepath.Join(d.dir, "scan.json"))

	rc := &receiver{secret: []byte("crashtest-secret-0123456789abcdef"), got: map[string]int{}}
	rc.failing.Store(true)
	hook := httptest.NewUnstartedServer(rc)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hook.Listener = ln
	hook.Start()
	defer hook.Close()
	secretFile := filepath.Join(d.dir, "hook.secret")
	if err := os.WriteFile(secretFile, []byte("whsec_"+base64.StdEncoding.EncodeToString(rc.secret)), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, d, "--alert-level", "medium", "--alert-webhook", hook.URL+"/hook", "--alert-secret-file", secretFile)

	// Kills counted from the start of the process: alerts are raised by
	// the first analysis, before serve answers.
	t0 := time.Now()
	srv.startReady()
	up := time.Since(t0)
	time.Sleep(300 * time.Millisecond)
	srv.kill()
	for range rounds() {
		srv.start()
		time.Sleep(randomDelay(0, up+time.Second))
		srv.kill()
		d.check(t)
		checkAlertState(t, d)
	}
	rc.failing.Store(false)
	srv.startReady()
	deadline := time.Now().Add(90 * time.Second)
	for undelivered(t, d) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still undelivered after 90 s: %s", undelivered(t, d), srv.logTail())
		}
		time.Sleep(100 * time.Millisecond)
	}
	srv.stop()
	d.check(t)
	checkAlertState(t, d)

	s := d.open(t)
	defer s.Close()
	outbox := map[string]bool{}
	rows, err := s.Query(`SELECT alert_id FROM alert_outbox`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		outbox[id] = true
	}
	rows.Close()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(outbox) == 0 {
		t.Fatal("no alert was raised: the scenario tests nothing")
	}
	dups := 0
	for id := range outbox {
		if rc.got[id] == 0 {
			t.Errorf("alert %s is in the outbox but was never received", id)
		}
		dups += max(0, rc.got[id]-1)
	}
	for id := range rc.got {
		if !outbox[id] {
			t.Errorf("received alert %s, which the outbox does not hold", id)
		}
	}
	if rc.badSig > 0 {
		t.Errorf("%d deliveries with a bad signature or id", rc.badSig)
	}
	t.Logf("%d alerts, each received at least once (%d received again after a kill); %d kills", len(outbox), dups, rounds()+1)

	// Everyone at medium or above is alerted at their level.
	levels := map[string]string{}
	rows, err = s.Query(`SELECT subject_id, level FROM alert_state`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, l string
		_ = rows.Scan(&id, &l)
		levels[id] = l
	}
	rows.Close()
	for id, l := range d.subjects(t) {
		if l == "medium" || l == "high" || l == "critical" {
			if levels[id] != l {
				t.Errorf("subject %s is %s but alerted at %q", id, l, levels[id])
			}
		}
	}
}

// checkAlertState: every alert_state row names an alert the outbox holds
// (they are written in one transaction).
func checkAlertState(t *testing.T, d *db) {
	t.Helper()
	s := d.open(t)
	defer s.Close()
	var orphans int
	if err := s.QueryRow(`SELECT COUNT(*) FROM alert_state st WHERE NOT EXISTS (SELECT 1 FROM alert_outbox o WHERE o.alert_id = st.alert_id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans > 0 {
		t.Fatalf("%d alert_state rows have no delivery in the outbox", orphans)
	}
}

func undelivered(t *testing.T, d *db) int {
	t.Helper()
	s := d.open(t)
	defer s.Close()
	var n int
	if err := s.QueryRow(`SELECT COUNT(*) FROM alert_outbox WHERE delivered_at = ''`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
