package natsqueue

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// BenchmarkPublishDrain pushes b.N applications (a realistic record, about
// 900 bytes encoded) through the stream in ingest-sized batches of 1000
// while the detection side drains, and reports records/s end to end:
// from the first Publish until the last record came out of Drain and was
// acknowledged. The server is in-process (the machine's with
// MOSAIC_TEST_NATS), on the same cores as the benchmark.
func BenchmarkPublishDrain(b *testing.B) {
	url := os.Getenv("MOSAIC_TEST_NATS")
	change := func(*Config) {}
	if url == "" {
		url = startServer(b).url()
	} else {
		name := fmt.Sprintf("MOSAIC_BENCH_%d", time.Now().UnixNano())
		change = func(c *Config) { c.Stream, c.Subject = name, strings.ToLower(name)+".records" }
	}
	q := openQueue(b, url, change)
	if os.Getenv("MOSAIC_TEST_NATS") != "" {
		b.Cleanup(func() { _ = q.js.DeleteStream(context.Background(), q.cfg.Stream) })
	}
	recs := make([]mosaic.Record, b.N)
	for i := range recs {
		recs[i] = benchApplication(i)
	}
	ctx := context.Background()
	b.ResetTimer()
	start, cpu0 := time.Now(), processCPU()
	errc := make(chan error, 1)
	go func() {
		for i := 0; i < len(recs); i += 1000 {
			if err := q.Publish(ctx, recs[i:min(i+1000, len(recs))]); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	got := 0
	for got < b.N {
		select {
		case err := <-errc:
			if err != nil {
				b.Fatal(err)
			}
			errc = nil
		case <-q.Ready():
		case <-time.After(50 * time.Millisecond):
		}
		drained, _ := q.Drain()
		got += len(drained)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
	if cpu := processCPU() - cpu0; cpu > 0 {
		// Client and (in-process) server together, per CPU-second: steadier
		// than wall time on a machine shared with other work.
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "records/cpu-s")
	}
}

func benchApplication(i int) mosaic.Application {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	return mosaic.Application{ID: fmt.Sprintf("A%07d", i), CandidateID: fmt.Sprintf("C%07d", i), JobID: "JOB-0001",
		SubmittedAt: at, FirstName: "Given", LastName: "Family", Email: fmt.Sprintf("person%d@example.org", i),
		Phone: "+16025550100", Address: mosaic.Address{Line1: "7822 Jefferson Ct.", City: "Boston", Region: "MA", PostalCode: "02160", Country: "US"},
		LinkedInURL: "https://linkedin.com/in/person", GitHubURL: "https://github.com/person", Source: "indeed",
		ResumeFile: "attachments/resumes/A.txt", PhotoFile: "attachments/photos/A.jpg",
		References: []mosaic.Reference{{Name: "Donna Lopez", Email: "donna@example.org", Phone: "+13106088420"}},
		SubmitIP:   "104.131.246.148", UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		Origin: mosaic.Origin{File: "applications.csv", Line: i + 2}}
}

// BenchmarkCodec is the encoding's share of the cost: one application
// encoded and decoded.
func BenchmarkCodec(b *testing.B) {
	r := benchApplication(1)
	for b.Loop() {
		data, err := Encode(r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
