package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeQueueFlag: --queue (or queue: in the config file) names the
// NATS server; an unusable URL or a server that does not answer stops
// serve at start with exit 2 and says which.
func TestServeQueueFlag(t *testing.T) {
	dir := t.TempDir()
	serve := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"serve", "--db", filepath.Join(dir, "m.db"), "--listen", "127.0.0.1:0"}, args...), &out, &errb)
		return code, errb.String()
	}
	if code, msg := serve("--queue", "http://127.0.0.1:4222"); code != 2 || !strings.Contains(msg, "nats://HOST:PORT") {
		t.Errorf("a non-NATS URL: exit %d: %s", code, msg)
	}
	if code, msg := serve("--queue", "nats://127.0.0.1:1"); code != 2 || !strings.Contains(msg, "cannot reach the NATS server nats://127.0.0.1:1") {
		t.Errorf("no server: exit %d: %s", code, msg)
	}
	cfg := filepath.Join(dir, "serve.yaml")
	if err := os.WriteFile(cfg, []byte("queue: nats://127.0.0.1:1?stream=ACME\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, msg := serve("--config", cfg); code != 2 || !strings.Contains(msg, "NATS server") {
		t.Errorf("queue from the config file: exit %d: %s", code, msg)
	}
	if q, closeQueue, err := openQueue(context.Background(), "", nil); q != nil || err != nil {
		t.Errorf("the default is not the in-process queue: %v %v", q, err)
	} else {
		closeQueue()
	}
}
