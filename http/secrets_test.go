package http_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/alert"
	"github.com/mosaic-sec/mosaic/csvbundle"
	mhttp "github.com/mosaic-sec/mosaic/http"
	"github.com/mosaic-sec/mosaic/okta"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/osquery"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSecretsStayOut (ASVS 7.1.1, 7.1.2, 8.3.x, issue 16 item 9): the
// service runs over a real SQLite store with every log line captured (at
// debug level); people log in with right and wrong passwords, tokens are
// made and used (and bad ones tried), ingest bodies carry SSNs and bank
// account numbers (good rows and rejected ones, CSV and JSON lines), and a
// webhook with a secret fails to deliver. No password, token, SSN, account
// number or webhook secret then appears in any log line, any HTTP answer
// to a failed call, the audit log, the ingest log, the outbox's errors or
// the database file.
func TestSecretsStayOut(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "mosaic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	h, err := secret.NewHasher(key)
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	xs := []mosaic.Extractor{csvbundle.New(h, csvbundle.DefaultMapping(), log), okta.New(log), osquery.New(log)}
	ops := opstore.New(db, nil)
	svc := service.New(service.Config{Store: db, Ops: ops, Extractors: xs, Analysis: scan.Config{Rules: set, Log: log},
		Hash: h.Hash, Log: log, RuleOverrides: ops.AppliedRuleOverrides})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mhttp.New(mhttp.Config{Service: svc, Ops: ops, Rules: set, Log: log, Version: "test",
		Ready: func(ctx context.Context) error { _, err := ops.Pending(ctx); return err }}))
	defer srv.Close()

	// The secrets, each distinctive enough to find anywhere.
	const (
		password      = "Tr0ub4dor-secret-passphrase"
		wrongPassword = "wr0ng-secret-passphrase-xyz"
		ssn           = "123-45-6789"
		ssnDigits     = "123456789"
		badSSN        = "987-65-432"
		account       = "000123456789012"
		routing       = "021000021"
		jsonSSN       = "234-56-7890"
		jsonAccount   = "987654321098"
	)
	if err := ops.AddUser(ctx, "ana", opstore.RoleAdmin, password); err != nil {
		t.Fatal(err)
	}
	ingestTok, err := ops.CreateToken(ctx, "ats", opstore.RoleIngest, "test")
	if err != nil {
		t.Fatal(err)
	}
	adminTok, err := ops.CreateToken(ctx, "ops", opstore.RoleAdmin, "test")
	if err != nil {
		t.Fatal(err)
	}
	badTok := "mosaic_" + base64.RawURLEncoding.EncodeToString([]byte("not-a-real-token-but-secret!"))
	hookKey := make([]byte, 24)
	_, _ = rand.Read(hookKey)
	hookSecret := "whsec_" + base64.StdEncoding.EncodeToString(hookKey)
	secrets := map[string]string{
		"password": password, "wrong password": wrongPassword, "ingest token": ingestTok, "admin token": adminTok,
		"bad token": badTok, "SSN": ssn, "SSN digits": ssnDigits, "bad SSN": badSSN, "account number": account,
		"routing number": routing, "JSON SSN": jsonSSN, "JSON account number": jsonAccount,
		"webhook secret": hookSecret, "webhook key": strings.TrimPrefix(hookSecret, "whsec_"), "webhook URL token": "hook-url-secret-q",
	}

	var answers []string // every HTTP answer that is not a success
	call := func(c *http.Client, method, path, ctype, auth, body string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			answers = append(answers, method+" "+path+": "+string(out))
		}
		return resp.StatusCode, string(out)
	}
	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := "application/x-www-form-urlencoded"

	// Log-ins: wrong password, unknown user, a password typed as the name
	// field's neighbour, then the right one.
	call(plain, "POST", "/login", form, "", url.Values{"username": {"ana"}, "password": {wrongPassword}}.Encode())
	call(plain, "POST", "/login", form, "", url.Values{"username": {"nobody"}, "password": {password}}.Encode())
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	if code, _ := call(browser, "POST", "/login", form, "", url.Values{"username": {"ana"}, "password": {password}}.Encode()); code != http.StatusOK {
		t.Fatalf("log-in: %d", code)
	}
	// Tokens: a bad one, a wrong role, the right ones.
	call(plain, "GET", "/api/v1/status", "", badTok, "")
	call(plain, "GET", "/api/v1/audit", "", ingestTok, "")

	// Ingest: CSV with a good row and rows rejected for other columns and
	// for a malformed SSN; JSON lines the same.
	employees := "employee_id,first_name,last_name,work_email,hire_date,ssn,date_of_birth\n" +
		"E1,Ann,Lee,ann@example.com,2025-01-06," + ssn + ",1990-03-14\n" +
		"E2,Bo,Kim,bo@example.com,not-a-date," + ssn + ",1990-03-14\n" +
		"E3,Cy,Park,cy@example.com,2025-01-06," + badSSN + ",1990-03-14\n"
	if code, out := call(plain, "POST", "/api/v1/ingest/employees", "text/csv", ingestTok, employees); code != http.StatusOK || !strings.Contains(out, `"rows_rejected":1`) {
		t.Fatalf("ingest employees: %d %s", code, out)
	}
	payroll := "event_id,employee_id,occurred_at,kind,routing_number,account_number,amount,currency\n" +
		"P1,E1,2025-02-01T00:00:00Z,deposit_change," + routing + "," + account + ",100,USD\n" +
		"P2,E1,yesterday,deposit_change," + routing + "," + account + ",100,USD\n" +
		"P3,E1,2025-02-01T00:00:00Z,deposit_change," + routing + "," + account + "x!,100,USD\n"
	if code, out := call(plain, "POST", "/api/v1/ingest/payroll", "text/csv", ingestTok, payroll); code != http.StatusOK || !strings.Contains(out, `"rows_rejected":1`) {
		t.Fatalf("ingest payroll: %d %s", code, out)
	}
	lines := `{"employee_id":"E4","first_name":"Di","ssn":"` + jsonSSN + `","hire_date":"2025-03-03"}` + "\n" +
		`{"employee_id":"E5","ssn":"` + jsonSSN + `","hire_date":"when?"}` + "\n" +
		`not json ` + jsonSSN + "\n"
	call(plain, "POST", "/api/v1/ingest/employees", "application/x-ndjson", ingestTok, lines)
	jsonPay := `{"event_id":"P9","employee_id":"E4","occurred_at":"2025-04-01T00:00:00Z","kind":"deposit_change","account_number":"` + jsonAccount + `","routing_number":"` + routing + `"}`
	call(plain, "POST", "/api/v1/ingest/payroll", "application/x-ndjson", ingestTok, jsonPay)
	call(plain, "POST", "/api/v1/ingest/employees", "application/json", ingestTok, `[{"ssn":"`+jsonSSN+`"`)
	call(plain, "POST", "/api/v1/ingest/nonsense", "text/csv", ingestTok, "ssn\n"+ssn+"\n")
	call(plain, "POST", "/api/v1/subjects/S-none/verdict", "application/json", adminTok, `{"verdict":"benign","note":"`+ssn+`","x":1}`)
	wctx, wcancel := context.WithTimeout(ctx, 60*time.Second)
	defer wcancel()
	if err := svc.WaitReflected(wctx); err != nil {
		t.Fatal(err)
	}

	// A webhook with a secret (and a token in its URL) that refuses the
	// delivery.
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such hook", http.StatusUnauthorized)
	}))
	defer hook.Close()
	target := hook.URL + "/hook?token=hook-url-secret-q"
	wh, err := alert.NewWebhook(alert.DestinationName("webhook", target), target, hookSecret, alert.HTTPOptions{AllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ops.Enqueue(ctx, "AL-1", []byte(`{"schema":"mosaic.alert/v1","id":"AL-1","subject_id":"S-1","level":"high"}`), []string{wh.Name()}); err != nil {
		t.Fatal(err)
	}
	d := &alert.Dispatcher{Outbox: ops, Senders: map[string]alert.Sender{wh.Name(): wh}, Log: log}
	if _, err := d.DispatchOnce(ctx); err != nil {
		t.Logf("dispatch: %v", err)
	}
	log.Info("configured", "webhook", wh, "sender", any(wh))

	// Gather everything a person or a log collector could read.
	var places []string
	places = append(places, "the log:\n"+logs.String())
	for _, a := range answers {
		places = append(places, "an HTTP answer: "+a)
	}
	_, auditJSON := call(plain, "GET", "/api/v1/audit", "", adminTok, "")
	places = append(places, "the audit log (API): "+auditJSON)
	entries, err := ops.AuditLog(ctx, time.Time{}, 10000)
	if err != nil {
		t.Fatal(err)
	}
	ej, _ := json.Marshal(entries)
	places = append(places, "the audit log: "+string(ej))
	ingests, err := ops.Ingests(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	ij, _ := json.Marshal(ingests)
	places = append(places, "the ingest log: "+string(ij))
	_, sources := call(plain, "GET", "/api/v1/sources", "", adminTok, "")
	places = append(places, "the sources API: "+sources)
	due, _ := ops.Due(ctx, time.Now().Add(24*time.Hour), 100)
	dj, _ := json.Marshal(due)
	places = append(places, "the outbox: "+string(dj))
	if len(due) == 0 || !strings.Contains(string(dj), "401") {
		t.Errorf("the webhook failure was not recorded: %s", dj)
	}
	cancel() // stops the detection loop before the database file is read
	time.Sleep(300 * time.Millisecond)
	db.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "mosaic.db*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		places = append(places, "the database file "+filepath.Base(f)+": "+string(b))
	}

	t.Logf("searched %d log bytes, %d failed answers (%s), %d audit entries, %d ingest calls, %d outbox deliveries, %d database files",
		len(logs.String()), len(answers), strings.Join(answers, " | "), len(entries), len(ingests), len(due), len(files))
	if len(answers) < 5 || !strings.Contains(logs.String(), "{") {
		t.Fatalf("the run did not exercise enough: %d failed answers", len(answers))
	}
	for what, s := range secrets {
		for _, p := range places {
			if i := strings.Index(p, s); i >= 0 {
				head, _, _ := strings.Cut(p, "\n")
				t.Errorf("the %s appears in %.80s… near %q", what, head, p[max(0, i-80):min(len(p), i+len(s)+40)])
				break
			}
		}
	}
}
