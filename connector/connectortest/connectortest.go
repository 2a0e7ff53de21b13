// Package connectortest holds the test doubles the connector packages
// share: a de-duplicating in-memory sink, cursor stores that fail on
// demand, a fake clock that never really sleeps, a helper that cuts a
// response off mid-body, and Env, the set of them every connector's tests
// start from.
package connectortest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/connector"
)

// KeyFunc returns the natural key of one record of a kind ("" rejects it).
type KeyFunc func(record map[string]any) string

// Sink is an in-memory connector.Sink that de-duplicates like the real
// store: a record whose key is already stored replaces it.
type Sink struct {
	Keys map[string]KeyFunc // by kind

	mu         sync.Mutex
	records    map[string]map[string]map[string]any // kind → key → record
	deliveries map[string]map[string]int            // kind → key → times delivered
	calls      int
	// FailOn, when set, is called before storing; an error fails Ingest
	// (nothing stored). AfterStore is called after storing; an error fails
	// Ingest although the rows are stored (a crash before the reply).
	FailOn     func(call int, kind string) error
	AfterStore func(call int, kind string) error
	Bodies     [][]byte
}

// NewSink returns a Sink with the given key functions.
func NewSink(keys map[string]KeyFunc) *Sink {
	return &Sink{Keys: keys, records: map[string]map[string]map[string]any{}, deliveries: map[string]map[string]int{}}
}

// Ingest parses body by content type and stores each record by its key.
func (s *Sink) Ingest(ctx context.Context, kind, contentType string, body []byte) (connector.IngestResult, error) {
	if err := ctx.Err(); err != nil {
		return connector.IngestResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	call := s.calls
	if s.FailOn != nil {
		if err := s.FailOn(call, kind); err != nil {
			return connector.IngestResult{}, err
		}
	}
	recs, err := Parse(contentType, body)
	if err != nil {
		return connector.IngestResult{}, err
	}
	key := s.Keys[kind]
	if key == nil {
		return connector.IngestResult{}, fmt.Errorf("unknown kind %q", kind)
	}
	var res connector.IngestResult
	if s.records[kind] == nil {
		s.records[kind] = map[string]map[string]any{}
		s.deliveries[kind] = map[string]int{}
	}
	for _, r := range recs {
		res.RowsRead++
		k := key(r)
		if k == "" {
			res.RowsRejected++
			continue
		}
		res.RowsAccepted++
		s.records[kind][k] = r
		s.deliveries[kind][k]++
	}
	s.Bodies = append(s.Bodies, append([]byte(nil), body...))
	if s.AfterStore != nil {
		if err := s.AfterStore(call, kind); err != nil {
			return res, err
		}
	}
	return res, nil
}

// Keys returns the stored keys of a kind, sorted.
func (s *Sink) StoredKeys(kind string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.records[kind] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Record returns a stored record.
func (s *Sink) Record(kind, key string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.records[kind][key]
}

// Deliveries returns how often each key of a kind was delivered.
func (s *Sink) Deliveries(kind string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, n := range s.deliveries[kind] {
		out[k] = n
	}
	return out
}

// Calls returns the number of Ingest calls.
func (s *Sink) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Parse reads a body the way the ingest API would: a JSON array (or one
// object), JSON lines, or CSV with a header row.
func Parse(contentType string, body []byte) ([]map[string]any, error) {
	switch contentType {
	case "application/json":
		t := bytes.TrimSpace(body)
		if len(t) > 0 && t[0] == '{' {
			var m map[string]any
			if err := json.Unmarshal(t, &m); err != nil {
				return nil, err
			}
			return []map[string]any{m}, nil
		}
		var arr []map[string]any
		if err := json.Unmarshal(t, &arr); err != nil {
			return nil, err
		}
		return arr, nil
	case "application/x-ndjson":
		var out []map[string]any
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				return nil, fmt.Errorf("bad JSON line: %w", err)
			}
			out = append(out, m)
		}
		return out, sc.Err()
	case "text/csv":
		r := csv.NewReader(bytes.NewReader(body))
		head, err := r.Read()
		if err != nil {
			return nil, err
		}
		var out []map[string]any
		for {
			row, err := r.Read()
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			if err != nil {
				return nil, err
			}
			m := map[string]any{}
			for i, h := range head {
				m[h] = row[i]
			}
			out = append(out, m)
		}
	}
	return nil, fmt.Errorf("unsupported content type %q", contentType)
}

// Field returns a string field by dotted path ("id.uniqueQualifier").
func Field(r map[string]any, path ...string) string {
	var cur any = r
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[p]
	}
	switch v := cur.(type) {
	case string:
		return v
	case float64:
		return fmt.Sprint(int64(v))
	case json.Number:
		return v.String()
	case nil:
		return ""
	}
	return fmt.Sprint(cur)
}

// Cursors is an in-memory CursorStore. FailSave, when set, is called with
// the save number (1-based) and can fail it.
type Cursors struct {
	mu       sync.Mutex
	m        map[string]string
	saves    int
	FailSave func(n int, source, cursor string) error
	History  []string
}

// NewCursors returns an empty store.
func NewCursors() *Cursors { return &Cursors{m: map[string]string{}} }

// LoadCursor returns the saved cursor or "".
func (c *Cursors) LoadCursor(ctx context.Context, source string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[source], ctx.Err()
}

// SaveCursor saves a cursor unless FailSave says no.
func (c *Cursors) SaveCursor(ctx context.Context, source, cursor string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.saves++
	if c.FailSave != nil {
		if err := c.FailSave(c.saves, source, cursor); err != nil {
			return err
		}
	}
	c.m[source] = cursor
	c.History = append(c.History, cursor)
	return nil
}

// Get returns the cursor of source.
func (c *Cursors) Get(source string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[source]
}

// Set stores a cursor directly.
func (c *Cursors) Set(source, cursor string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[source] = cursor
}

// Clock is a fake connector.Clock: Sleep advances Now at once and records
// the durations asked for.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	Sleeps []time.Duration
}

// NewClock returns a Clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the fake time by d.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	c.Sleeps = append(c.Sleeps, d)
	return nil
}

// Advance moves the fake time on.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// SleepsCopy returns the recorded sleeps.
func (c *Clock) SleepsCopy() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.Sleeps...)
}

// CutBody writes the status line, the headers and the first half of body,
// then closes the connection: the client sees a body cut off mid-page.
func CutBody(w http.ResponseWriter, header http.Header, body []byte) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("connectortest: response writer cannot be hijacked")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\n")
	for k, vs := range header {
		for _, v := range vs {
			fmt.Fprintf(buf, "%s: %s\r\n", k, v)
		}
	}
	fmt.Fprintf(buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body[:len(body)/2])
	buf.Flush()
}

// LogBuffer is a concurrency-safe buffer for a test's slog output.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything logged.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Env is what every connector test sets up beside its fake server: a fake
// clock at 2026-06-01 00:00 UTC, a sink keyed for one kind, a cursor store
// and a buffer the connector logs into.
type Env struct {
	Clock   *Clock
	Sink    *Sink
	Cursors *Cursors
	Logs    *LogBuffer
}

// NewEnv returns an Env whose sink stores records of kind by key.
func NewEnv(kind string, key KeyFunc) Env {
	return Env{Clock: NewClock(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)),
		Sink: NewSink(map[string]KeyFunc{kind: key}), Cursors: NewCursors(), Logs: &LogBuffer{}}
}

// Logger is a debug-level text logger writing to Logs.
func (e Env) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// FailSaveAt makes the n-th cursor save (1-based) fail with err: the
// process "dies" after the sink stored a page and before its cursor is
// saved.
func (c *Cursors) FailSaveAt(n int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.FailSave = func(i int, _, _ string) error {
		if i == n {
			return err
		}
		return nil
	}
}

// CheckDeliveredOnce fails t for every record of kind delivered more than
// once (or not at all).
func (s *Sink) CheckDeliveredOnce(t testing.TB, kind string) {
	t.Helper()
	for k, n := range s.Deliveries(kind) {
		if n != 1 {
			t.Errorf("%s delivered %d times", k, n)
		}
	}
}

// Redelivered counts the records of kind delivered more than once.
func (s *Sink) Redelivered(kind string) int {
	twice := 0
	for _, n := range s.Deliveries(kind) {
		if n > 1 {
			twice++
		}
	}
	return twice
}
