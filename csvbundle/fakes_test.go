package csvbundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"

	"github.com/mosaic-sec/mosaic"
)

// fakeHasher hashes like the real one would (the output reveals nothing of
// the input) and remembers what it was given, so tests can check the
// normalised values without the records ever holding them.
type fakeHasher struct {
	mu   sync.Mutex
	seen map[string]string // hash -> field + "=" + normalised value
}

func (h *fakeHasher) Hash(field, value string) string {
	if value == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(field + "\x00" + value))
	hash := "h:" + hex.EncodeToString(sum[:8])
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen = map[string]string{}
	}
	h.seen[hash] = field + "=" + value
	return hash
}

// input returns what was hashed into hash.
func (h *fakeHasher) input(hash string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.seen[hash]
}

// fakeEmitter collects what a reader emits. failAfter > 0 makes the n-th
// call fail, to test that the error stops the file.
type fakeEmitter struct {
	mu        sync.Mutex
	accepted  []mosaic.Record
	rejects   []mosaic.Reject
	calls     int
	failAfter int
}

var errEmitterFull = errors.New("emitter full")

func (e *fakeEmitter) call() error {
	e.calls++
	if e.failAfter > 0 && e.calls >= e.failAfter {
		return errEmitterFull
	}
	return nil
}

func (e *fakeEmitter) Accept(r mosaic.Record) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.call(); err != nil {
		return err
	}
	e.accepted = append(e.accepted, r)
	return nil
}

func (e *fakeEmitter) AcceptMany(rs []mosaic.Record) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.call(); err != nil {
		return err
	}
	e.accepted = append(e.accepted, rs...)
	return nil
}

func (e *fakeEmitter) Reject(r mosaic.Reject) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.call(); err != nil {
		return err
	}
	e.rejects = append(e.rejects, r)
	return nil
}

// countingEmitter only counts, for benchmarks.
type countingEmitter struct{ accepted, rejected int }

func (e *countingEmitter) Accept(mosaic.Record) error { e.accepted++; return nil }
func (e *countingEmitter) AcceptMany(rs []mosaic.Record) error {
	e.accepted++
	return nil
}
func (e *countingEmitter) Reject(mosaic.Reject) error { e.rejected++; return nil }

// logBuffer captures every log line, at every level.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newTestLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}
