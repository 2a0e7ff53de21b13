package crashtest

import (
	"database/sql"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// pgDB makes a fresh schema for one test on MOSAIC_TEST_POSTGRES (dropped
// at the end). mosaic connects through a proxy on loopback (so the test
// can cut it off) and names its connections, so the test terminates only
// its own backends, never those of other tests sharing the server.
func pgDB(t *testing.T) (*db, *proxy, string) {
	t.Helper()
	dsn := os.Getenv("MOSAIC_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("MOSAIC_TEST_POSTGRES not set: skipping the PostgreSQL crash scenarios")
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		t.Skip("MOSAIC_TEST_POSTGRES is not a postgres:// URL")
	}
	schema := "mosaic_crash_" + randomHex(6)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("creating schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
		admin.Close()
	})
	name := "mosaic_crash_" + randomHex(4)
	direct := withParams(t, dsn, "search_path", schema)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	if u.Port() == "" {
		target = net.JoinHostPort(u.Hostname(), "5432")
	}
	px := newProxy(t, target)
	u.Host = px.addr
	viaProxy := withParams(t, u.String(), "search_path", schema, "application_name", name)
	dir := t.TempDir()
	return &db{arg: viaProxy, dir: dir, pg: true, name: name}, px, direct
}

// pgChecker counts and reports through a direct connection (the proxy may be down).
func pgChecker(d *db, direct string) *db {
	return &db{arg: direct, dir: d.dir, pg: true}
}

// terminate ends mosaic's backends, whatever they are doing.
func terminate(t *testing.T, direct, name string) int {
	t.Helper()
	s, err := sql.Open("pgx", direct)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND pid <> pg_backend_pid()`, name).Scan(&n); err != nil {
		t.Fatalf("pg_terminate_backend: %v", err)
	}
	return n
}

// TestPostgresIngestKilled: scenario (b) against PostgreSQL, with mosaic's
// backends terminated mid-ingest between kills and, once, the server cut
// off for MOSAIC_CRASH_OUTAGE: while it is unreachable every ingest call
// is answered 503 (never 500, never 401 for a good token), and once it is
// back serve recovers by itself, without a restart.
func TestPostgresIngestKilled(t *testing.T) {
	needBinary(t)
	d, px, direct := pgDB(t)
	check := pgChecker(d, direct)
	bundle := newBundle(t, 15)
	terminated := 0
	outageDone := false
	r := ingestRun{d: d, checker: check, kills: rounds(), disrupt: func(t *testing.T, round int, cl *client, srv *server) {
		if round == 1 && !outageDone {
			outageDone = true
			ok0, unavailable0 := cl.count("200"), cl.count("503")
			px.down()
			time.Sleep(outage())
			ok1, unavailable1 := cl.count("200"), cl.count("503")
			px.up()
			t.Logf("PostgreSQL unreachable for %s: %d calls answered 503 meanwhile, %d answered 200 (begun before the cut)",
				outage(), unavailable1-unavailable0, ok1-ok0)
			if unavailable1 == unavailable0 {
				t.Errorf("no call was answered 503 while PostgreSQL was unreachable")
			}
			// Recovers without a restart.
			deadline := time.Now().Add(60 * time.Second)
			for cl.count("200") <= ok1+2 {
				if time.Now().After(deadline) {
					t.Fatalf("serve did not recover within 60 s of the server coming back")
				}
				time.Sleep(50 * time.Millisecond)
			}
			// Cut off again: SIGTERM still exits 0, and a start while the
			// server is unreachable ends at once with a clear error.
			px.down()
			time.Sleep(500 * time.Millisecond)
			srv.stop()
			out, err := run(t, d.dir, srv.args...)
			if err == nil || !strings.Contains(err.Error(), "exit status 2") || !strings.Contains(err.Error(), "cannot connect to PostgreSQL") {
				t.Errorf("serve started with PostgreSQL unreachable: want exit 2 and \"cannot connect to PostgreSQL\", got %v %s", err, out)
			}
			px.up()
			srv.startReady()
			return
		}
		// Terminate mid-transaction a few times, then go on.
		for range 3 {
			terminated += terminate(t, direct, d.name)
			time.Sleep(randomDelay(20*time.Millisecond, 300*time.Millisecond))
		}
	}}
	streamWithKills(t, bundle, r)
	t.Logf("%d backends terminated", terminated)
}

// proxy forwards loopback TCP to the PostgreSQL server and can be cut off:
// down closes the listener and every connection (refused and reset, as a
// server that went away), up listens again on the same address.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *proxy) pipe(c net.Conn) {
	u, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil {
		p.mu.Unlock()
		c.Close()
		u.Close()
		return
	}
	p.conns[c], p.conns[u] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(u, c); u.Close(); c.Close() }()
	_, _ = io.Copy(c, u)
	c.Close()
	u.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, u)
	p.mu.Unlock()
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *proxy) up() {
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy: listening again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}
