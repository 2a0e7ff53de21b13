package okta_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/okta"
)

// benchEvents is how many events the benchmarks read per iteration.
const benchEvents = 20000

// writeBenchFile writes n events shaped like the sample bundle's
// user.session.start events (about 1.4 KB each) and returns the path.
func writeBenchFile(tb testing.TB, n int) string {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	cities := []struct{ city, state string }{{"Boston", "Massachusetts"}, {"Ashburn", "Virginia"}, {"Phoenix", "Arizona"}, {"New York", "New York"}, {"Denver", "Colorado"}}
	uas := []string{
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
	}
	var buf bytes.Buffer
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		c := cities[rng.IntN(len(cities))]
		ip := fmt.Sprintf("%d.%d.%d.%d", 20+rng.IntN(200), rng.IntN(256), rng.IntN(256), 1+rng.IntN(254))
		fmt.Fprintf(&buf, `{"actor":{"alternateId":"user.%d@northwind.example","detailEntry":null,"displayName":"User Number%d","id":"00ue%05dx4x6","type":"User"},`+
			`"authenticationContext":{"authenticationStep":0,"externalSessionId":"102%016x"},`+
			`"client":{"device":"Computer","geographicalContext":{"city":%q,"country":"United States","geolocation":{"lat":%.14f,"lon":%.14f},"postalCode":null,"state":%q},"id":null,"ipAddress":%q,"userAgent":{"browser":"CHROME","os":"Windows 10","rawUserAgent":%q},"zone":"null"},`+
			`"debugContext":{"debugData":{"deviceFingerprint":"%032x","requestUri":"/api/v1/authn","threatSuspected":"false"}},`+
			`"displayMessage":"User login to Okta","eventType":"user.session.start","legacyEventType":"core.user_auth.login_success","outcome":{"reason":null,"result":"SUCCESS"},`+
			`"published":%q,"request":{"ipChain":[{"ip":%q,"source":null,"version":"V4"}]},`+
			`"securityContext":{"asNumber":%d,"asOrg":"comcast cable communications, llc","domain":null,"isProxy":false,"isp":"comcast cable communications, llc"},`+
			`"severity":"INFO","target":null,"transaction":{"detail":{},"id":"X%016x","type":"WEB"},"uuid":"%08x-%04x-11ef-%04x-%012x","version":"0"}`+"\n",
			i%700, i%700, i%700, rng.Uint64(),
			c.city, 25+rng.Float64()*20, -120+rng.Float64()*50, c.state, ip, uas[rng.IntN(len(uas))],
			rng.Uint64(),
			start.Add(time.Duration(i)*time.Minute).Format("2006-01-02T15:04:05.000Z"), ip,
			7922+rng.IntN(100), rng.Uint64(),
			rng.Uint32(), i&0xffff, rng.IntN(0x10000), rng.Uint64()&0xffffffffffff)
	}
	path := filepath.Join(tb.TempDir(), "system_log.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// countingEmitter counts and drops records, so benchmarks measure reading.
type countingEmitter struct{ accepted, rejected int }

func (c *countingEmitter) Accept(mosaic.Record) error { c.accepted++; return nil }
func (c *countingEmitter) AcceptMany(rs []mosaic.Record) error {
	c.accepted += len(rs)
	return nil
}
func (c *countingEmitter) Reject(mosaic.Reject) error { c.rejected++; return nil }

// stdEvent holds the same fields as mosaic.SignIn, for the encoding/json
// baseline.
type stdEvent struct {
	UUID      string `json:"uuid"`
	Published string `json:"published"`
	EventType string `json:"eventType"`
	Actor     *struct {
		AlternateID string `json:"alternateId"`
		DisplayName string `json:"displayName"`
	} `json:"actor"`
	Client *struct {
		IPAddress string `json:"ipAddress"`
		UserAgent *struct {
			RawUserAgent string `json:"rawUserAgent"`
		} `json:"userAgent"`
		GeographicalContext *stdGeo `json:"geographicalContext"`
	} `json:"client"`
	Request *struct {
		IPChain []struct {
			IP                  string  `json:"ip"`
			GeographicalContext *stdGeo `json:"geographicalContext"`
		} `json:"ipChain"`
	} `json:"request"`
	SecurityContext *struct {
		ASNumber *int   `json:"asNumber"`
		ASOrg    string `json:"asOrg"`
		ISP      string `json:"isp"`
		IsProxy  *bool  `json:"isProxy"`
	} `json:"securityContext"`
	Outcome *struct {
		Result string `json:"result"`
	} `json:"outcome"`
	DebugContext *struct {
		DebugData *struct {
			DeviceFingerprint string `json:"deviceFingerprint"`
		} `json:"debugData"`
	} `json:"debugContext"`
	AuthenticationContext *struct {
		ExternalSessionID string `json:"externalSessionId"`
	} `json:"authenticationContext"`
}

type stdGeo struct {
	City        string `json:"city"`
	State       string `json:"state"`
	Country     string `json:"country"`
	Geolocation *struct {
		Lat *float64 `json:"lat"`
		Lon *float64 `json:"lon"`
	} `json:"geolocation"`
}

// readStd reads the file line by line with encoding/json, the baseline.
func readStd(tb testing.TB, path string) int {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	n := 0
	for {
		line, err := r.ReadSlice('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var e stdEvent
			if err := json.Unmarshal(line, &e); err != nil {
				tb.Fatal(err)
			}
			if _, err := time.Parse(time.RFC3339Nano, e.Published); err != nil {
				tb.Fatal(err)
			}
			n++
		}
		if err != nil {
			return n
		}
	}
}

func readMosaic(tb testing.TB, x *okta.Extractor, path string) int {
	var c countingEmitter
	if err := x.Extract(context.Background(), mosaic.File{Path: "okta/system_log.jsonl", Abs: path}, &c); err != nil {
		tb.Fatal(err)
	}
	if c.rejected != 0 {
		tb.Fatalf("%d rejects", c.rejected)
	}
	return c.accepted
}

// BenchmarkExtract reads 20,000 events with 1 and 2 workers, as an API page
// (a JSON array), and the same file with encoding/json into a struct of the
// same fields.
func BenchmarkExtract(b *testing.B) {
	path := writeBenchFile(b, benchEvents)
	info, _ := os.Stat(path)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			x := okta.New(nil, okta.WithWorkers(workers))
			b.SetBytes(info.Size())
			start := time.Now()
			n := 0
			for b.Loop() {
				n += readMosaic(b, x, path)
			}
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "events/s")
		})
	}
	b.Run("array_page", func(b *testing.B) {
		// The same events as one JSON array, the shape of an API page.
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		array := filepath.Join(b.TempDir(), "page.json")
		page := append([]byte("["), bytes.ReplaceAll(bytes.TrimSpace(data), []byte("\n"), []byte(",\n"))...)
		if err := os.WriteFile(array, append(page, ']'), 0o600); err != nil {
			b.Fatal(err)
		}
		x := okta.New(nil)
		b.SetBytes(info.Size())
		start := time.Now()
		n := 0
		for b.Loop() {
			n += readMosaic(b, x, array)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "events/s")
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(info.Size())
		start := time.Now()
		n := 0
		for b.Loop() {
			n += readStd(b, path)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "events/s")
	})
}

// BenchmarkExtractVsEncodingJSON times both readers in each iteration and
// reports their rates and the ratio, so the comparison holds even when
// other work shares the machine.
func BenchmarkExtractVsEncodingJSON(b *testing.B) {
	path := writeBenchFile(b, benchEvents)
	x := okta.New(nil)
	var ours, std time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		n += readMosaic(b, x, path)
		t1 := time.Now()
		readStd(b, path)
		ours += t1.Sub(t0)
		std += time.Since(t1)
	}
	b.ReportMetric(float64(n)/ours.Seconds(), "events/s")
	b.ReportMetric(float64(n)/std.Seconds(), "encoding_json_events/s")
	b.ReportMetric(std.Seconds()/ours.Seconds(), "x_faster")
}
