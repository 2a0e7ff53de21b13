package okta

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/connector"
	"github.com/mosaic-sec/mosaic/connector/connectortest"
)

// roundTrip answers every request from memory.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzPollPage serves arbitrary System Log pages (body and Link header,
// seeded with testdata's pages) to a connector: the page parsing must not
// panic; every request, followed links included, stays on the org (the
// API token never goes elsewhere); the cursor saved is never off the org.
func FuzzPollPage(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json*")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data, `<https://example.okta.com/api/v1/logs?after=2&limit=1000>; rel="next"`)
		}
	}
	f.Add([]byte(`[{"uuid":"u1","published":"2026-05-01T00:00:00Z"}]`), `<https://attacker.example/api/v1/logs?after=1>; rel="next"`)
	f.Add([]byte(`[]`), `<https://example.okta.com/api/v1/logs?after=1>; rel="self"`)
	f.Add([]byte(`{"errorCode":"E0000011"}`), ``)
	const base = "https://example.okta.com"
	clock := connectortest.NewClock(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, body []byte, link string) {
		client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			if r.URL.Scheme+"://"+r.URL.Host != base {
				t.Fatalf("a request left the org: %s", r.URL)
			}
			h := http.Header{"Content-Type": {"application/json"}}
			if link != "" {
				h.Set("Link", link)
			}
			return &http.Response{StatusCode: http.StatusOK, Header: h, Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
		})}
		cursors := connectortest.NewCursors()
		c, err := New(Config{BaseURL: base, Token: connector.NewSecret(testToken), MaxPages: 3,
			HTTP: connector.HTTPOptions{Client: client, Clock: clock, MaxAttempts: 1}}, newSink(), cursors, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.Poll(t.Context())
		if cur := cursors.Get(c.cfg.Name); cur != "" && !c.validCursor(cur) {
			t.Fatalf("cursor saved off the org: %q", cur)
		}
	})
}
