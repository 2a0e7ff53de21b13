package natsqueue

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/mosaic-sec/mosaic"
)

// testServer is an in-process JetStream server on a random port with its
// store in a temporary folder, so the tests need no server of the
// machine's; restart brings it back on the same port over the same store.
type testServer struct {
	t    testing.TB
	dir  string
	port int
	srv  *server.Server
}

func startServer(t testing.TB) *testServer {
	t.Helper()
	s := &testServer{t: t, dir: t.TempDir(), port: -1}
	s.start()
	t.Cleanup(func() { s.srv.Shutdown(); s.srv.WaitForShutdown() })
	return s
}

func (s *testServer) start() {
	s.t.Helper()
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: s.port, JetStream: true, StoreDir: s.dir, NoLog: true, NoSigs: true})
	if err != nil {
		s.t.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		s.t.Fatal("the test NATS server did not start")
	}
	s.srv = srv
	s.port = srv.Addr().(*net.TCPAddr).Port
}

func (s *testServer) restart() {
	s.t.Helper()
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
	s.start()
}

func (s *testServer) url() string { return s.srv.ClientURL() }

// openQueue opens a queue on url, closed when the test ends.
func openQueue(t testing.TB, url string, change func(*Config)) *Queue {
	t.Helper()
	cfg := Config{URL: url}
	if change != nil {
		change(&cfg)
	}
	q, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Close() })
	return q
}

// jobs makes n records named from first on.
func jobs(first, n int) []mosaic.Record {
	out := make([]mosaic.Record, n)
	for i := range n {
		out[i] = mosaic.Job{ID: fmt.Sprintf("J%06d", first+i), Title: "Engineer", Origin: mosaic.Origin{File: "jobs.csv", Line: first + i + 2}}
	}
	return out
}

// drainUntil drains q until n records came out, or fails the test.
func drainUntil(t testing.TB, q *Queue, n int) (recs []mosaic.Record, upTo int64) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for len(recs) < n {
		select {
		case <-q.Ready():
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("drained %d records, want %d", len(recs), n)
		}
		got, u := q.Drain()
		recs = append(recs, got...)
		upTo = u
	}
	return recs, upTo
}

func ids(recs []mosaic.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		switch v := r.(type) {
		case mosaic.Job:
			out[i] = v.ID
		case mosaic.Note:
			out[i] = v.ID
		case mosaic.SignIn:
			out[i] = v.ID
		default:
			out[i] = fmt.Sprintf("%T", r)
		}
	}
	return out
}

// logBuffer is a slog text log the test can read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }
