package connector_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/connector"
)

// The limits on what a connector reads from a server (docs/limits.md): a
// body over the cap, said up front or not, compressed or not, and a page
// nested too deep are refused with ErrBodyRefused and a clear message,
// never held whole, and not fetched again.
func TestBodyLimits(t *testing.T) {
	const limit = 1 << 20
	huge := int64(1 << 30) // 1 GiB, streamed, never built
	var gzBomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gzBomb, gzip.BestCompression)
	_, _ = zw.Write(make([]byte, 8*limit)) // 8 MiB of zeros in about 8 KB
	_ = zw.Close()
	for _, c := range []struct {
		name  string
		serve http.HandlerFunc
		want  string
	}{
		{"1 GiB said up front", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.FormatInt(huge, 10))
			stream(w, huge)
		}, "is 1073741824 bytes, over the limit of 1048576"},
		{"1 GiB chunked", func(w http.ResponseWriter, r *http.Request) {
			w.(http.Flusher).Flush() // no Content-Length
			stream(w, huge)
		}, "over the limit of 1048576 bytes"},
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Error("the client did not ask for gzip; the bomb tests nothing")
			}
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(gzBomb.Bytes())
		}, "over the limit of 1048576 bytes"},
		{"deeply nested page", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"value":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"))
		}, "nests JSON deeper than 64 levels"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				c.serve(w, r)
			}))
			defer srv.Close()
			f := connector.NewFetcher(connector.HTTPOptions{AllowPrivate: true, MaxBody: limit, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, Timeout: time.Minute})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			resp, err := f.Get(context.Background(), srv.URL+"/page", nil)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, connector.ErrBodyRefused) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("resp %v, err %v: want ErrBodyRefused saying %q", resp != nil, err, c.want)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("%d requests: a refused body is not fetched again", n)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16*limit {
				t.Errorf("%d MiB allocated to refuse it", alloc>>20)
			}
		})
	}
	t.Run("at the limit", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"value":[` + strings.Repeat(" ", limit-12) + "]}"))
		}))
		defer srv.Close()
		f := connector.NewFetcher(connector.HTTPOptions{AllowPrivate: true, MaxBody: limit})
		if _, err := f.Get(context.Background(), srv.URL, nil); err != nil {
			t.Fatal(err)
		}
	})
}

// stream writes n zero bytes, stopping when the client goes away.
func stream(w http.ResponseWriter, n int64) {
	buf := make([]byte, 64<<10)
	for n > 0 {
		k, err := w.Write(buf[:min(int64(len(buf)), n)])
		if err != nil {
			return
		}
		n -= int64(k)
	}
}
