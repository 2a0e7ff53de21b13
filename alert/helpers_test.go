package alert

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// sample returns an alert with text that exercises every escaping rule.
func sample() Alert {
	ff := time.Date(2026, 5, 2, 9, 14, 0, 0, time.UTC)
	a := New("S-jane", mosaic.LevelHigh, mosaic.LevelMedium, 84.2, time.Date(2026, 5, 2, 9, 14, 3, 0, time.UTC))
	a.FirstFlaggedAt = &ff
	a.ApplicationIDs = []string{"A0001276"}
	a.TopSignals = []Signal{
		{RuleID: "hiring.phone_shared_across_applicants", Explanation: "Phone +1 602 555 0143 is also given by 3 other people (A1, A2, A3)"},
		{RuleID: "identity.ip|odd", Explanation: "a=b \\ back\nslash\r\nand | pipe <!channel>"},
	}
	a.URL = "http://127.0.0.1:8080/subjects/S-jane"
	return a
}

// fakeClock is a settable clock for the dispatcher.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer is a log sink safe for the dispatcher's goroutines.
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

func testLogger(t *testing.T) (*slog.Logger, *syncBuffer) {
	t.Helper()
	var buf syncBuffer
	return slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// noJitter is a deterministic backoff for tests: 1 s, 2 s, 4 s ... capped
// at 5 minutes.
func noJitter(attempt int) time.Duration {
	d := time.Second << min(attempt-1, 20)
	return min(d, 5*time.Minute)
}
