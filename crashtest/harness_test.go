// Package crashtest kills mosaic scan and mosaic serve with SIGKILL at
// random points, restarts them and checks after each kill and at the end
// that nothing accepted is lost, nothing is counted twice, cursors and the
// alert outbox agree with the records, every raised alert was delivered at
// least once, and the database passes integrity_check (issue 16 item 1).
//
// The tests build the mosaic binary once (TestMain) and drive it as an
// operator would. They are skipped with -short. MOSAIC_CRASH_ROUNDS sets
// the kills per scenario (default 4, so CI stays within a few minutes;
// 20 for a thorough local run); MOSAIC_CRASH_OUTAGE how long PostgreSQL is
// unreachable in the outage test (default 5s; 1m for the minute).
// MOSAIC_TEST_POSTGRES (a DSN) enables the PostgreSQL scenarios.
package crashtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" database/sql driver
	_ "modernc.org/sqlite"             // "sqlite" database/sql driver
)

// bin is the mosaic binary built for this run.
var bin string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run()) // every test skips itself
	}
	dir, err := os.MkdirTemp("", "mosaic-crashtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "mosaic")
	build := exec.Command("go", "build", "-o", bin, "./cmd/mosaic")
	build.Dir = ".."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building mosaic:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func needBinary(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("crash harness: skipped with -short")
	}
}

// rounds is how many kills a scenario makes.
func rounds() int {
	if n, err := strconv.Atoi(os.Getenv("MOSAIC_CRASH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 4
}

func outage() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("MOSAIC_CRASH_OUTAGE")); err == nil && d > 0 {
		return d
	}
	return 5 * time.Second
}

// run runs mosaic to completion in dir and returns its standard output.
func run(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("mosaic %s: %w: %s", strings.Join(args, " "), err, tail(errb.String(), 800))
	}
	return out.String(), err
}

func mustRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := run(t, dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// newBundle writes a tiny company without its attachments (the ingest
// client streams rows; leaving the files out of the reference scan too
// keeps the two comparable) nor its truth files.
func newBundle(t *testing.T, seed int) string {
	t.Helper()
	dir := t.TempDir()
	mustRun(t, dir, "simulate", "--out", "bundle", "--size", "tiny", "--seed", strconv.Itoa(seed))
	b := filepath.Join(dir, "bundle")
	for _, p := range []string{"attachments", "truth.csv", "truth_rings.csv", "truth_names.csv"} {
		os.RemoveAll(filepath.Join(b, p))
	}
	return b
}

// db is a store under test: a SQLite file or a PostgreSQL schema.
type db struct {
	arg  string // the --db argument
	dir  string // where mosaic runs (its key file lives here)
	pg   bool
	name string // PostgreSQL: the application_name of mosaic's connections
}

func sqliteDB(t *testing.T) *db {
	dir := t.TempDir()
	return &db{arg: filepath.Join(dir, "m.db"), dir: dir}
}

// open opens the store for the checks.
func (d *db) open(t *testing.T) *sql.DB {
	t.Helper()
	var s *sql.DB
	var err error
	if d.pg {
		s, err = sql.Open("pgx", d.arg)
	} else {
		s, err = sql.Open("sqlite", "file:"+d.arg+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// recordTables are the tables of records, each keyed by a natural key.
var recordTables = []string{"jobs", "applications", "employees", "shipments", "payroll", "notes", "signins", "host_rows", "resumes", "photos"}

// counts counts the records per table. SQLite's staged sign-ins
// (signins_load) count with the moved ones, each uuid once.
func (d *db) counts(t *testing.T) map[string]int {
	t.Helper()
	s := d.open(t)
	defer s.Close()
	out := map[string]int{}
	staged := false
	if !d.pg {
		var n int
		_ = s.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'signins_load'`).Scan(&n)
		staged = n > 0
	}
	for _, tab := range recordTables {
		q := "SELECT COUNT(*) FROM " + tab
		if tab == "signins" && staged {
			q = "SELECT COUNT(*) FROM (SELECT uuid FROM signins UNION SELECT uuid FROM signins_load)"
		}
		var n int
		if err := s.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("counting %s: %v", tab, err)
		}
		out[tab] = n
	}
	return out
}

// check runs integrity_check (SQLite) after a kill.
func (d *db) check(t *testing.T) {
	t.Helper()
	if d.pg {
		return
	}
	if _, err := os.Stat(d.arg); err != nil {
		return // killed before the file was made
	}
	if _, err := run(t, d.dir, "db", "check", "--db", d.arg); err != nil {
		t.Fatalf("integrity check after a kill: %v", err)
	}
}

// subjects is a report's people: subject id -> level.
func (d *db) subjects(t *testing.T) map[string]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	mustRun(t, d.dir, "report", "--db", d.arg, "--format", "json", "--out", out)
	return readSubjects(t, out)
}

func readSubjects(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Subjects []struct {
			ID    string `json:"id"`
			Level string `json:"level"`
		} `json:"subjects"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range rep.Subjects {
		out[s.ID] = s.Level
	}
	return out
}

// reference scans the bundle once, cleanly, into its own SQLite file.
func reference(t *testing.T, bundle string) (map[string]string, map[string]int) {
	t.Helper()
	subjects, counts, _ := timedReference(t, bundle)
	return subjects, counts
}

// timedReference is reference with the time the scan took.
func timedReference(t *testing.T, bundle string) (map[string]string, map[string]int, time.Duration) {
	t.Helper()
	ref := sqliteDB(t)
	t0 := time.Now()
	mustRun(t, ref.dir, "scan", bundle, "--db", ref.arg, "--format", "json", "--out", filepath.Join(ref.dir, "scan.json"))
	took := time.Since(t0)
	return ref.subjects(t), ref.counts(t), took
}

// sameSubjects reports the differences between two reports' people.
func sameSubjects(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var diffs []string
	for id, l := range want {
		if got[id] != l {
			diffs = append(diffs, fmt.Sprintf("%s: %q, want %q", id, got[id], l))
		}
	}
	for id, l := range got {
		if _, ok := want[id]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: %q, not in the clean scan", id, l))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		t.Errorf("%s: %d of %d subjects differ from one clean scan: %s", what, len(diffs), len(want), strings.Join(diffs[:min(10, len(diffs))], "; "))
	}
}

func sameCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	for _, tab := range recordTables {
		if got[tab] != want[tab] {
			t.Errorf("%s: %s holds %d rows, a clean scan %d", what, tab, got[tab], want[tab])
		}
	}
}

// noMoreThan checks that no table holds more than the clean scan: nothing
// counted twice, even half-way.
func noMoreThan(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	for _, tab := range recordTables {
		if got[tab] > want[tab] {
			t.Fatalf("%s: %s holds %d rows, more than all of the company's %d", what, tab, got[tab], want[tab])
		}
	}
}

// server is a mosaic serve process that can be killed and restarted.
type server struct {
	t    *testing.T
	d    *db
	args []string
	addr string
	log  *os.File
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func newServer(t *testing.T, d *db, extra ...string) *server {
	t.Helper()
	addr := freePort(t)
	log, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, d: d, addr: addr, log: log,
		args: append([]string{"serve", "--db", d.arg, "--listen", addr, "--log-level", "info"}, extra...)}
	t.Cleanup(func() {
		s.kill()
		log.Close()
	})
	return s
}

func (s *server) base() string { return "http://" + s.addr }

// start starts serve without waiting for it.
func (s *server) start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	cmd := exec.Command(bin, s.args...)
	cmd.Dir = s.d.dir
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd = cmd
	s.done = make(chan struct{})
	go func(done chan struct{}) { _ = cmd.Wait(); close(done) }(s.done)
}

// startReady starts serve and waits until /readyz answers 200.
func (s *server) startReady() {
	s.t.Helper()
	s.start()
	s.waitReady(90 * time.Second)
}

func (s *server) waitReady(limit time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	c := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			s.t.Fatalf("serve exited before it was ready: %s", s.logTail())
		default:
		}
		resp, err := c.Get(s.base() + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("serve not ready after %s: %s", limit, s.logTail())
}

func (s *server) logTail() string {
	data, _ := os.ReadFile(s.log.Name())
	return tail(string(data), 1500)
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *server) kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	s.cmd = nil
}

// stop sends SIGTERM and expects a clean exit 0 within 30 s.
func (s *server) stop() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		if code := s.cmd.ProcessState.ExitCode(); code != 0 {
			s.t.Errorf("serve exited %d on SIGTERM: %s", code, s.logTail())
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.done
		s.t.Errorf("serve did not stop within 30 s of SIGTERM")
	}
	s.cmd = nil
}

// token creates an API token.
func token(t *testing.T, d *db, role string) string {
	t.Helper()
	out := mustRun(t, d.dir, "tokens", "create", "--db", d.arg, "--role", role, "--name", "crash-"+role)
	lines := strings.Fields(out)
	if len(lines) == 0 {
		t.Fatal("tokens create printed no token")
	}
	return lines[len(lines)-1]
}

// status reads /api/v1/status.
func status(base, tok string) (pending int64, ok bool) {
	req, _ := http.NewRequest("GET", base+"/api/v1/status", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	var st struct {
		Pending int64 `json:"pending"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&st) != nil {
		return 0, false
	}
	return st.Pending, true
}

func waitCaughtUp(t *testing.T, s *server, tok string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if p, ok := status(s.base(), tok); ok && p == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("status never reached pending 0: %s", s.logTail())
}

// chunk is one ingest call.
type chunk struct {
	kind, ctype string
	body        []byte
}

// chunks cuts a bundle into ingest calls: CSV files by rows (header on
// each), Okta and osquery by lines.
func chunks(t *testing.T, bundle string, rows, lines int) []chunk {
	t.Helper()
	var out []chunk
	for _, kind := range []string{"jobs", "applications", "employees", "shipments", "payroll", "notes"} {
		f, err := os.Open(filepath.Join(bundle, kind+".csv"))
		if err != nil {
			continue
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(recs); i += rows {
			var buf bytes.Buffer
			w := csv.NewWriter(&buf)
			_ = w.Write(recs[0])
			_ = w.WriteAll(recs[i:min(len(recs), i+rows)])
			out = append(out, chunk{kind, "text/csv", buf.Bytes()})
		}
	}
	for _, kind := range []string{"okta", "osquery"} {
		files, _ := filepath.Glob(filepath.Join(bundle, kind, "*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ls := bytes.SplitAfter(bytes.TrimSpace(data), []byte("\n"))
			for i := 0; i < len(ls); i += lines {
				body := bytes.Join(ls[i:min(len(ls), i+lines)], nil)
				out = append(out, chunk{kind, "application/x-ndjson", append(body, '\n')})
			}
		}
	}
	return out
}

// client sends chunks, each until it is answered 200 (at-least-once from
// the client's side), and tallies the answers it saw.
type client struct {
	base, tok string
	http      *http.Client
	mu        sync.Mutex
	answers   map[string]int // "200", "503", "connection error", ...
	bad       []string       // answers that should never be seen
}

func newClient(base, tok string) *client {
	return &client{base: base, tok: tok, http: &http.Client{Timeout: 60 * time.Second}, answers: map[string]int{}}
}

func (c *client) send(ctx context.Context, ch chunk) error {
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "POST", c.base+"/api/v1/ingest/"+ch.kind, bytes.NewReader(ch.body))
		req.Header.Set("Authorization", "Bearer "+c.tok)
		req.Header.Set("Content-Type", ch.ctype)
		resp, err := c.http.Do(req)
		if err != nil {
			c.note("connection error", "")
			time.Sleep(50 * time.Millisecond)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		code := strconv.Itoa(resp.StatusCode)
		switch resp.StatusCode {
		case 200:
			var res struct {
				Rejected int `json:"rows_rejected"`
			}
			_ = json.Unmarshal(body, &res)
			if res.Rejected > 0 {
				c.note("200 with rejects", string(body))
			} else {
				c.note(code, "")
			}
			return nil
		case 503:
			c.note(code, "")
			time.Sleep(100 * time.Millisecond)
		default:
			c.note(code, fmt.Sprintf("%s %s: %s", code, ch.kind, tail(string(body), 300)))
			time.Sleep(100 * time.Millisecond)
		}
	}
	return ctx.Err()
}

func (c *client) note(answer, bad string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answers[answer]++
	if bad != "" && len(c.bad) < 20 {
		c.bad = append(c.bad, bad)
	}
}

func (c *client) count(answer string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.answers[answer]
}

func (c *client) report(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Logf("client answers: %v", c.answers)
	if len(c.bad) > 0 {
		t.Errorf("answers an ingest client should never see: %s", strings.Join(c.bad, " | "))
	}
}

// randomDelay is uniform in [lo, hi).
func randomDelay(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(mrand.Int64N(int64(hi-lo)))
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// withParams adds query parameters to a postgres:// URL.
func withParams(t *testing.T, dsn string, kv ...string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("MOSAIC_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}
