package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/mosaic-sec/mosaic"
)

// loadtest plays analysts against a running mosaic serve on this machine:
// each worker opens the queue, a person and the API list in turn, for a
// bounded time, and the latencies are reported per endpoint. It only talks
// to loopback addresses.
func (a *app) loadtestCommand() *cobra.Command {
	var (
		base     string
		token    string
		analysts int
		duration time.Duration
		ing      ingestLoad
	)
	cmd := &cobra.Command{
		Use:   "loadtest",
		Short: "Measure a running mosaic serve under concurrent analysts (loopback only)",
		Long: `loadtest sends analysts' requests (the queue page, a person's page, the API list)
from --analysts concurrent workers to a mosaic serve on this machine for --duration, then
prints p50, p99 and errors per endpoint. It stops by itself.

With --ingest-token and --ingest-dir BUNDLE it also streams the bundle's Okta sign-ins
(each sent as a new event: its uuid gets a suffix; --ingest-replay sends them as they are) and applications (re-sent as they are)
to the ingest API at --ingest-rate and --ingest-apps-rate per second, and samples the
server's resident memory from /metrics every --sample-every.`,
		Example: `  mosaic loadtest --url http://127.0.0.1:8080 --token "$(cat analyst.token)" --analysts 20 --duration 60s
  mosaic loadtest --token "$(cat analyst.token)" --ingest-token "$(cat ingest.token)" --ingest-dir ./bundle --duration 600s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLoadtest(cmd.Context(), base, token, analysts, duration, ing)
		},
	}
	cmd.Flags().StringVar(&base, "url", "http://127.0.0.1:8080", "the service's address (loopback only)")
	cmd.Flags().StringVar(&token, "token", "", "an analyst (or viewer) API token")
	cmd.Flags().IntVar(&analysts, "analysts", 20, "concurrent analysts")
	cmd.Flags().DurationVar(&duration, "duration", 30*time.Second, "how long to run (at most 30 minutes)")
	cmd.Flags().StringVar(&ing.token, "ingest-token", "", "an ingest API token: also stream records from --ingest-dir while the analysts run")
	cmd.Flags().StringVar(&ing.dir, "ingest-dir", "", "a bundle (mosaic simulate) whose Okta sign-ins and applications are streamed")
	cmd.Flags().IntVar(&ing.rate, "ingest-rate", 100, "sign-ins per second sent to the ingest API")
	cmd.Flags().IntVar(&ing.appsRate, "ingest-apps-rate", 1, "applications per second sent to the ingest API")
	cmd.Flags().BoolVar(&ing.replay, "ingest-replay", false, "send the bundle's sign-ins as they are (already stored: nothing new is kept) instead of as new events")
	cmd.Flags().DurationVar(&ing.sampleEvery, "sample-every", 10*time.Second, "how often the server's resident memory is read from /metrics")
	return cmd
}

func (a *app) runLoadtest(ctx context.Context, base, token string, analysts int, duration time.Duration, ing ingestLoad) error {
	u, err := url.Parse(base)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		return mosaic.Errorf(mosaic.EINVALID, "--url must be a loopback address (127.0.0.1, localhost or ::1)")
	}
	if token == "" {
		return mosaic.Errorf(mosaic.EINVALID, "--token is required (mosaic tokens create --role analyst)")
	}
	if analysts < 1 || analysts > 500 || duration <= 0 || duration > 30*time.Minute {
		return mosaic.Errorf(mosaic.EINVALID, "--analysts from 1 to 500, --duration up to 30m")
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: analysts}}
	get := func(path string) (int, []byte, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(base, "/")+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	}
	code, body, err := get("/api/v1/subjects?level=medium&limit=200")
	if err != nil || code != 200 {
		return mosaic.Errorf(mosaic.EINVALID, "cannot list subjects at %s (status %d): %v", base, code, err)
	}
	var page struct {
		Subjects []struct {
			ID string `json:"id"`
		} `json:"subjects"`
	}
	if err := json.Unmarshal(body, &page); err != nil || len(page.Subjects) == 0 {
		return mosaic.Errorf(mosaic.EINVALID, "the service lists nobody at medium or above to open")
	}
	type sample struct {
		endpoint string
		took     time.Duration
		ok       bool
	}
	var mu sync.Mutex
	var samples []sample
	deadline := time.Now().Add(duration)
	record := func(endpoint string, took time.Duration, ok bool) {
		mu.Lock()
		samples = append(samples, sample{endpoint, took, ok})
		mu.Unlock()
	}
	var wg sync.WaitGroup
	var mem []memSample
	var ingested ingestCounts
	if ing.token != "" {
		feed, err := loadIngestFeed(ing.dir)
		if err != nil {
			return err
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			ingested = ing.stream(ctx, client, base, feed, deadline, record)
		}()
		go func() {
			defer wg.Done()
			mem = sampleMemory(ctx, client, base, ing.sampleEvery, deadline)
		}()
	}
	for w := range analysts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for time.Now().Before(deadline) && ctx.Err() == nil {
				id := page.Subjects[rng.IntN(len(page.Subjects))].ID
				for _, ep := range [][2]string{{"queue page", "/queue?level=high"}, {"person page", "/subjects/" + id},
					{"API subjects", "/api/v1/subjects?level=high&limit=50"}, {"API subject", "/api/v1/subjects/" + id}} {
					t0 := time.Now()
					code, _, err := get(ep[1])
					record(ep[0], time.Since(t0), err == nil && code == 200)
				}
			}
		}()
	}
	wg.Wait()
	by := map[string][]time.Duration{}
	errs := map[string]int{}
	for _, s := range samples {
		by[s.endpoint] = append(by[s.endpoint], s.took)
		if !s.ok {
			errs[s.endpoint]++
		}
	}
	names := make([]string, 0, len(by))
	for n := range by {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(a.stdout, "%d analysts for %s: %d requests\n", analysts, duration, len(samples))
	for _, n := range names {
		d := by[n]
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		p := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
		fmt.Fprintf(a.stdout, "  %-14s %6d requests  p50 %7.1f ms  p99 %7.1f ms  errors %d\n", n, len(d),
			float64(p(0.50).Microseconds())/1000, float64(p(0.99).Microseconds())/1000, errs[n])
	}
	if code, body, err := get("/api/v1/status"); err == nil && code == 200 {
		var st struct {
			Pending     int64 `json:"pending"`
			Analyses    int64 `json:"analyses"`
			DetectionMS int64 `json:"detection_ms"`
		}
		if json.Unmarshal(body, &st) == nil {
			fmt.Fprintf(a.stdout, "status at the end: pending %d, %d analyses so far, the last took %d ms\n", st.Pending, st.Analyses, st.DetectionMS)
		}
	}
	if ing.token != "" {
		fmt.Fprintf(a.stdout, "ingest: %d sign-ins and %d applications accepted (%.0f and %.1f per second)\n",
			ingested.signins, ingested.apps, float64(ingested.signins)/duration.Seconds(), float64(ingested.apps)/duration.Seconds())
		if len(mem) > 0 {
			fmt.Fprintf(a.stdout, "server resident memory (MB) every %s:", ing.sampleEvery)
			for _, m := range mem {
				fmt.Fprintf(a.stdout, " %.0f", float64(m.rss)/(1<<20))
			}
			fmt.Fprintln(a.stdout)
			if len(mem) >= 4 {
				// Warm-up is the first quarter of the run.
				w := mem[len(mem)/4:]
				lo, hi := w[0].rss, w[0].rss
				for _, m := range w {
					lo, hi = min(lo, m.rss), max(hi, m.rss)
				}
				fmt.Fprintf(a.stdout, "after warm-up: %.0f MB to %.0f MB (first %.0f, last %.0f)\n", float64(lo)/(1<<20),
					float64(hi)/(1<<20), float64(w[0].rss)/(1<<20), float64(w[len(w)-1].rss)/(1<<20))
			}
		}
	}
	return nil
}

// ingestLoad is the ingest side of a load test: a system streaming
// records at a steady rate while analysts work.
type ingestLoad struct {
	token       string
	dir         string
	rate        int // sign-ins per second
	appsRate    int // applications per second
	replay      bool
	sampleEvery time.Duration
}

// ingestFeed is what the ingest side sends: Okta events (JSON objects) and
// applications (CSV rows under their header).
type ingestFeed struct {
	okta    []map[string]any
	appHead string
	apps    []string
}

type ingestCounts struct{ signins, apps int }

type memSample struct{ rss int64 }

// loadIngestFeed reads a bundle's Okta System Log and applications.csv.
func loadIngestFeed(dir string) (*ingestFeed, error) {
	if dir == "" {
		return nil, mosaic.Errorf(mosaic.EINVALID, "--ingest-token needs --ingest-dir (a bundle from mosaic simulate)")
	}
	feed := &ingestFeed{}
	files, _ := filepath.Glob(filepath.Join(dir, "okta", "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", f)
		}
		trimmed := bytes.TrimSpace(data)
		if len(trimmed) > 0 && trimmed[0] == '[' {
			var arr []map[string]any
			if err := json.Unmarshal(trimmed, &arr); err != nil {
				return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s is not a JSON array of events", f)
			}
			feed.okta = append(feed.okta, arr...)
			continue
		}
		for _, line := range bytes.Split(trimmed, []byte("\n")) {
			var ev map[string]any
			if json.Unmarshal(line, &ev) == nil && ev != nil {
				feed.okta = append(feed.okta, ev)
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "applications.csv"))
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the bundle's applications.csv")
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) > 0 {
		feed.appHead = lines[0]
		for _, l := range lines[1:] {
			// Rows with quoted line breaks are left out: a row is one line here.
			if strings.TrimSpace(l) != "" && strings.Count(l, `"`)%2 == 0 {
				feed.apps = append(feed.apps, l)
			}
		}
	}
	if len(feed.okta) == 0 && len(feed.apps) == 0 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s has no Okta events and no applications to stream", dir)
	}
	return feed, nil
}

// stream sends, once a second until the deadline, rate sign-ins (each a new
// event: its uuid gets the round as a suffix) and appsRate applications.
// Each call is timed as the endpoint "ingest okta" or "ingest applications".
func (ing ingestLoad) stream(ctx context.Context, client *http.Client, base string, feed *ingestFeed,
	deadline time.Time, record func(string, time.Duration, bool)) ingestCounts {
	var n ingestCounts
	post := func(endpoint, kind, ctype string, body []byte) (int, bool) {
		req, _ := http.NewRequestWithContext(ctx, "POST", strings.TrimSuffix(base, "/")+"/api/v1/ingest/"+kind, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+ing.token)
		req.Header.Set("Content-Type", ctype)
		t0 := time.Now()
		resp, err := client.Do(req)
		var res struct {
			Accepted int `json:"rows_accepted"`
		}
		ok := false
		if err == nil {
			ok = resp.StatusCode == 200 && json.NewDecoder(resp.Body).Decode(&res) == nil
			resp.Body.Close()
		}
		record(endpoint, time.Since(t0), ok)
		return res.Accepted, ok
	}
	oi, ai := 0, 0
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for round := 0; time.Now().Before(deadline) && ctx.Err() == nil; round++ {
		if len(feed.okta) > 0 && ing.rate > 0 {
			var buf bytes.Buffer
			for range ing.rate {
				ev := feed.okta[oi%len(feed.okta)]
				cp := make(map[string]any, len(ev))
				for k, v := range ev {
					cp[k] = v
				}
				if !ing.replay {
					cp["uuid"] = fmt.Sprintf("%v-lt%d", ev["uuid"], oi/len(feed.okta)+1)
				}
				line, _ := json.Marshal(cp)
				buf.Write(line)
				buf.WriteByte('\n')
				oi++
			}
			if k, ok := post("ingest okta", "okta", "application/x-ndjson", buf.Bytes()); ok {
				n.signins += k
			}
		}
		if len(feed.apps) > 0 && ing.appsRate > 0 {
			var buf strings.Builder
			buf.WriteString(feed.appHead)
			for range ing.appsRate {
				buf.WriteString(feed.apps[ai%len(feed.apps)])
				ai++
			}
			if k, ok := post("ingest apps", "applications", "text/csv", []byte(buf.String())); ok {
				n.apps += k
			}
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
	return n
}

// sampleMemory reads process_resident_memory_bytes from the server's
// /metrics every interval until the deadline.
func sampleMemory(ctx context.Context, client *http.Client, base string, every time.Duration, deadline time.Time) []memSample {
	if every <= 0 {
		every = 10 * time.Second
	}
	var out []memSample
	for time.Now().Before(deadline) && ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(base, "/")+"/metrics", nil)
		if resp, err := client.Do(req); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, line := range strings.Split(string(body), "\n") {
				if v, ok := strings.CutPrefix(line, "process_resident_memory_bytes "); ok {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						out = append(out, memSample{int64(f)})
					}
				}
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(min(every, time.Until(deadline)+time.Millisecond)):
		}
	}
	return out
}
