package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptedScanExits130: a scan stopped by Ctrl-C exits 130 (143 for
// SIGTERM), says so, and prints no usage hint.
func TestInterruptedScanExits130(t *testing.T) {
	bundle := generate(t, "tiny", 7)
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		word string
	}{{syscall.SIGINT, 130, "interrupted"}, {syscall.SIGTERM, 143, "terminated"}} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(signalCause{c.sig})
		var out, errb bytes.Buffer
		code := run(ctx, []string{"scan", bundle, "--db", filepath.Join(t.TempDir(), "m.db"), "-q"}, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.word) || strings.Contains(errb.String(), "--help") {
			t.Errorf("%v: exit %d, want %d:\n%s", c.sig, code, c.code, errb.String())
		}
	}
}

// TestNotifyContextSaysWhichSignal: the context is cancelled by SIGTERM
// with a cause naming it.
func TestNotifyContextSaysWhichSignal(t *testing.T) {
	ctx, stop := notifyContext(context.Background())
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("not cancelled")
	}
	sc, ok := context.Cause(ctx).(signalCause)
	if !ok || sc.sig != syscall.SIGTERM || sc.exitCode() != 143 {
		t.Fatalf("cause %v", context.Cause(ctx))
	}
}

// TestServeExitsZeroOnSIGTERM: the service contract: SIGTERM stops serve
// with exit 0.
func TestServeExitsZeroOnSIGTERM(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--db", filepath.Join(t.TempDir(), "m.db"), "--listen", "127.0.0.1:0"}, &out, &errb)
	}()
	time.Sleep(2 * time.Second)
	cancel(signalCause{syscall.SIGTERM})
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exit %d: %s", code, errb.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop")
	}
}
