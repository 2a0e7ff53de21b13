package http_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (see testdata/README.md), injected into each page
// to check accessibility.
//
//go:embed testdata/axe-4.14.1.min.js
var axeSource string

// chromium finds a Chromium or Chrome binary: MOSAIC_CHROMIUM, then the
// usual names on PATH.
func chromium() string {
	if p := os.Getenv("MOSAIC_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowserWorkflow drives a real Chromium through the workbench: log in,
// open the queue, the top person and their ring, record a verdict and see
// it on the person and in the audit log; every page is checked with
// axe-core (serious and critical violations fail) and for script errors
// (a CSP violation shows up as one). With MOSAIC_SCREENSHOTS=DIR each page
// is saved there as PNG.
func TestBrowserWorkflow(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("SKIPPED LOUDLY: no chromium binary found (apt-get install chromium, or set MOSAIC_CHROMIUM); the workbench was not tested in a browser")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := newBench(t)
	shots := os.Getenv("MOSAIC_SCREENSHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		// The network is closed: without these Chromium waits on lookups.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelT()

	// Script errors and CSP violations reach the console; collect them.
	var (
		mu           sync.Mutex
		scriptErrors []string
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() || strings.Contains(m.URL, "favicon") || strings.Contains(m.Text, "favicon") {
				continue
			}
			mu.Lock()
			scriptErrors = append(scriptErrors, m.String())
			mu.Unlock()
		}
	}()

	base := b.http.URL
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if shots == "" {
				return nil
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		})
	}
	axe := func(page string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
				return err
			}
			out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
				.then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
				.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				return err
			}
			var vs []map[string]any
			_ = json.Unmarshal([]byte(out), &vs)
			for _, v := range vs {
				t.Errorf("axe on the %s page: %v", page, v)
			}
			return nil
		})
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// Log in.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/queue"),
		chromedp.WaitVisible(css(`#username`)),
		axe("log-in"),
		chromedp.SendKeys(css(`#username`), "admin1"),
		chromedp.SendKeys(css(`#password`), benchPassword),
		chromedp.Submit(css(`#password`)),
		chromedp.WaitVisible(css(`table.queue`)),
	)
	if err != nil {
		t.Fatalf("log-in: %v", err)
	}
	queueText, err := chromedp.Run(ctx, chromedp.Text(css(`main`)))
	if err != nil {
		t.Fatalf("queue: %v", err)
	}
	if err := chromedp.Do(ctx, shot("queue"), axe("queue")); err != nil {
		t.Fatalf("queue: %v", err)
	}
	if !strings.Contains(queueText, "people") {
		t.Errorf("the queue says: %.200s", queueText)
	}

	// The top person, with the first cited row opened in place.
	err = chromedp.Do(ctx,
		chromedp.Click(css(`table.queue tbody tr:first-child td:nth-child(3) a`)),
		chromedp.WaitVisible(css(`#why`)),
		chromedp.Click(css(`.evidence details summary`)),
		chromedp.WaitVisible(css(`.evidence details table.record`)),
		shot("person"),
		axe("person"),
	)
	if err != nil {
		t.Fatalf("person: %v", err)
	}
	personURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	verdictBefore, _ := chromedp.Run(ctx, chromedp.Text(css(`#verdict-now`)))

	// The ring, when the top person is in one.
	ringLinks, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main a[href^="/clusters/"]')).map(a => a.getAttribute('href'))`))
	if len(ringLinks) > 0 {
		err = chromedp.Do(ctx,
			chromedp.Navigate(base+ringLinks[0]),
			chromedp.WaitVisible(css(`#ring[data-ready]`)),
			chromedp.Sleep(300*time.Millisecond), // let the canvas paint
			shot("ring"),
			axe("ring"),
		)
		if err != nil {
			t.Fatalf("ring: %v", err)
		}
		people, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#ring`), "data-ready"))
		if err != nil || people.Value == "" || people.Value == "0" {
			t.Errorf("the ring picture drew %q people (%v)", people.Value, err)
		}
	} else {
		t.Log("the top person is in no ring; the ring page was not opened")
	}

	// Record a verdict; the page it lands on shows it.
	err = chromedp.Do(ctx,
		chromedp.Navigate(personURL),
		chromedp.WaitVisible(css(`#verdict`)),
		chromedp.SetValue(css(`#verdict`), "confirmed_fraud"),
		chromedp.SendKeys(css(`#note`), "browser test"),
		chromedp.Submit(css(`#note`)),
	)
	// Submit returns before the next page loads: wait for it (evaluations
	// fail while the page changes, so errors are retried too).
	for deadline := time.Now().Add(15 * time.Second); err == nil && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		v, e := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('verdict-now') || {}).textContent || ''`))
		if e == nil && v == "confirmed fraud" {
			break
		}
	}
	if err != nil {
		t.Fatalf("verdict: %v", err)
	}
	verdictAfter, _ := chromedp.Run(ctx, chromedp.Text(css(`#verdict-now`)))
	score, _ := chromedp.Run(ctx, chromedp.Text(css(`#score`)))
	if verdictAfter != "confirmed fraud" {
		t.Errorf("after recording confirmed_fraud the page says verdict %q (before: %q)", verdictAfter, verdictBefore)
	}
	t.Logf("verdict %q -> %q, score now %s", verdictBefore, verdictAfter, score)

	// The audit log shows it, newest first.
	subject := personURL[strings.LastIndex(personURL, "/")+1:]
	subject = strings.SplitN(subject, "#", 2)[0]
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/admin/audit"),
		chromedp.WaitVisible(css(`table.audit`)),
		shot("audit"),
		axe("audit"),
	)
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	auditText, _ := chromedp.Run(ctx, chromedp.Text(css(`table.audit tbody`)))
	if !strings.Contains(auditText, "verdict") || !strings.Contains(auditText, subject) {
		t.Errorf("the audit log shows %.300q; want the verdict on %s", auditText, subject)
	}

	for _, p := range []struct{ path, sel, name string }{
		{"/sources", `main h1`, "sources"},
		{"/rules", `table.rules`, "rules"},
		{"/admin/users", `main h1`, "users"},
		{"/account/sessions", `main h1`, "sessions"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p.path), chromedp.WaitVisible(css(p.sel)), shot(p.name), axe(p.name)); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, e := range scriptErrors {
		t.Errorf("error in the browser console: %s", e)
	}
}
