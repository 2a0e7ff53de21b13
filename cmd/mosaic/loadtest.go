package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
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
	)
	cmd := &cobra.Command{
		Use:   "loadtest",
		Short: "Measure a running mosaic serve under concurrent analysts (loopback only)",
		Long: `loadtest sends analysts' requests (the queue page, a person's page, the API list)
from --analysts concurrent workers to a mosaic serve on this machine for --duration, then
prints p50, p99 and errors per endpoint. It stops by itself.`,
		Example: `  mosaic loadtest --url http://127.0.0.1:8080 --token "$(cat analyst.token)" --analysts 20 --duration 60s`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLoadtest(cmd.Context(), base, token, analysts, duration)
		},
	}
	cmd.Flags().StringVar(&base, "url", "http://127.0.0.1:8080", "the service's address (loopback only)")
	cmd.Flags().StringVar(&token, "token", "", "an analyst (or viewer) API token")
	cmd.Flags().IntVar(&analysts, "analysts", 20, "concurrent analysts")
	cmd.Flags().DurationVar(&duration, "duration", 30*time.Second, "how long to run (at most 30 minutes)")
	return cmd
}

func (a *app) runLoadtest(ctx context.Context, base, token string, analysts int, duration time.Duration) error {
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
	var wg sync.WaitGroup
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
					mu.Lock()
					samples = append(samples, sample{ep[0], time.Since(t0), err == nil && code == 200})
					mu.Unlock()
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
	return nil
}
