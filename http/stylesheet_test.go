package http_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic/report"
)

// TestStylesheetIsTheReports: the workbench serves the one stylesheet the
// static HTML report inlines, so the two always look alike.
func TestStylesheetIsTheReports(t *testing.T) {
	b := newBench(t)
	resp, err := http.Get(b.http.URL + "/static/mosaic.css")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("GET /static/mosaic.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if string(body) != report.Stylesheet() || len(body) < 100 {
		t.Error("the served stylesheet is not the report's")
	}
}
