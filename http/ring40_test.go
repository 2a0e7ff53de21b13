package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ingestRing40 feeds 40 applicants who form one ring the way a phone farm
// does: eight phones, each given by five of them, and each five sharing a
// profile URL with the next five (a recycled LinkedIn page). It returns the
// ring's cluster id.
func ingestRing40(t testing.TB, b *bench) string {
	t.Helper()
	var body strings.Builder
	body.WriteString("application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone,linkedin_url\n")
	first := []string{"Ava", "Ben", "Chen", "Dara", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"}
	last := []string{"Ito", "Khan", "Lund", "Moreau", "Novak", "Okafor", "Park", "Quinn"}
	for i := range 40 {
		group := i / 5
		profile := fmt.Sprintf("https://linkedin.com/in/person-r40-%02d/", i)
		switch i % 5 {
		case 4: // the last of a five shares a profile with the next five's first
			profile = fmt.Sprintf("https://linkedin.com/in/recycled-r40-%d/", group)
		case 0:
			if group > 0 {
				profile = fmt.Sprintf("https://linkedin.com/in/recycled-r40-%d/", group-1)
			}
		}
		fmt.Fprintf(&body, "R40-%02d,CR40-%02d,JOB-R40,2026-04-%02dT10:%02d:00Z,%s,%s,r40.%02d@example.com,+1 480 555 %04d,%s\n",
			i, i, 1+i%28, i%60, first[i%len(first)], last[group], i, 100+group, profile)
	}
	ctx := context.Background()
	if _, err := b.svc.Ingest(ctx, "applications", "text/csv", strings.NewReader(body.String()), "test"); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := b.svc.WaitReflected(wctx); err != nil {
		t.Fatal(err)
	}
	sub, err := b.svc.Subject("A:R40-00")
	if err != nil || sub.ClusterID == nil {
		for _, s := range b.svc.Snapshot().Report.Subjects {
			for _, a := range s.ApplicationIDs {
				if a == "R40-00" && s.ClusterID != nil {
					return *s.ClusterID
				}
			}
		}
		t.Fatalf("the 40 applicants formed no ring (%v)", err)
	}
	return *sub.ClusterID
}

// TestBrowserRing40 opens the ring page of a 40-person ring in Chromium:
// everyone is drawn, names are readable (no two labels on top of each
// other), and axe finds nothing serious. With MOSAIC_SCREENSHOTS=DIR the
// page is saved as DIR/ring-40.png.
func TestBrowserRing40(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("SKIPPED LOUDLY: no chromium binary found (apt-get install chromium, or set MOSAIC_CHROMIUM); the ring page was not tested in a browser")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := newBench(t)
	cluster := ingestRing40(t, b)
	c, err := b.svc.Cluster(cluster)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.SubjectIDs) != 40 {
		t.Fatalf("the ring has %d people, want 40", len(c.SubjectIDs))
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1300),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	err = chromedp.Do(ctx,
		chromedp.Navigate(b.http.URL+"/clusters/"+cluster),
		chromedp.WaitVisible(css(`#username`)),
		chromedp.SendKeys(css(`#username`), "analyst1"),
		chromedp.SendKeys(css(`#password`), benchPassword),
		chromedp.Submit(css(`#password`)),
		chromedp.WaitVisible(css(`#ring[data-ready]`)),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("ring page: %v", err)
	}
	people, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#ring`), "data-ready"))
	if err != nil || people.Value != "40" {
		t.Errorf("the picture drew %q people, want 40 (%v)", people.Value, err)
	}
	// Label boxes in rendered pixels, from cytoscape: none may overlap
	// another by more than a sliver, and none may be smaller than 10 px.
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.mosaicRing ? window.mosaicRing.labelBoxes() : null)`))
	if err != nil {
		t.Fatal(err)
	}
	var boxes []struct{ X1, Y1, X2, Y2, Font float64 }
	if err := json.Unmarshal([]byte(out), &boxes); err != nil || len(boxes) != 40 {
		t.Fatalf("label boxes: %s (%v)", out, err)
	}
	overlaps := 0
	for i, a := range boxes {
		if a.Font < 10 {
			t.Errorf("label %d is drawn %.1f px high", i, a.Font)
		}
		for _, b := range boxes[i+1:] {
			w := min(a.X2, b.X2) - max(a.X1, b.X1)
			h := min(a.Y2, b.Y2) - max(a.Y1, b.Y1)
			if w > 2 && h > 2 {
				overlaps++
			}
		}
	}
	if overlaps > 0 {
		t.Errorf("%d pairs of names overlap in the picture", overlaps)
	}
	if shots := os.Getenv("MOSAIC_SCREENSHOTS"); shots != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, "ring-40.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
