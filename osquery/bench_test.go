package osquery_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/osquery"
)

// countingEmitter counts and drops rows, so the benchmark measures reading.
type countingEmitter struct{ lines, rows int }

func (c *countingEmitter) Accept(mosaic.Record) error { c.lines++; c.rows++; return nil }
func (c *countingEmitter) AcceptMany(rs []mosaic.Record) error {
	c.lines++
	c.rows += len(rs)
	return nil
}
func (c *countingEmitter) Reject(mosaic.Reject) error { c.lines++; return nil }

// writeBenchLog writes n differential lines shaped like the sample bundle's
// (programs, usb_devices, keyboard layouts) and one 200-row snapshot per
// 1,000 lines.
func writeBenchLog(tb testing.TB, n int) string {
	tb.Helper()
	var b bytes.Buffer
	deco := func(i int) string {
		return fmt.Sprintf(`{"host_uuid":"0000000A-0000-0000-0000-%012d","hostname":"NW-LT-%04d","serial_number":"TZ%06d","username":"user.%d"}`, i%700, i%700, i%700, i%700)
	}
	for i := range n {
		cal, unix := "Mon Mar  2 01:00:00 2026 UTC", 1772413200+i
		switch i % 4 {
		case 0, 1:
			fmt.Fprintf(&b, `{"action":"added","calendarTime":%q,"columns":{"install_date":"20260302","name":"Program %d","publisher":"Publisher %d","version":"%d.%d.%d"},"counter":%d,"decorations":%s,"epoch":0,"hostIdentifier":"NW-LT-%04d","name":"pack_mosaic_programs","numerics":false,"unixTime":%d}`+"\n",
				cal, i%97, i%13, i%9, i%17, i%31, i, deco(i), i%700, unix)
		case 2:
			fmt.Fprintf(&b, `{"action":"added","calendarTime":%q,"columns":{"model":"USB Receiver","model_id":"c52b","removable":"1","serial":"%08X","vendor":"Logitech","vendor_id":"046d"},"counter":%d,"decorations":%s,"epoch":0,"hostIdentifier":"NW-LT-%04d","name":"pack_mosaic_usb_devices","numerics":false,"unixTime":%d}`+"\n",
				cal, i, i, deco(i), i%700, unix)
		case 3:
			fmt.Fprintf(&b, `{"action":"added","calendarTime":%q,"columns":{"data":"00000409","path":"HKEY_USERS\\S-1-5-21-%d\\Keyboard Layout\\Preload\\1"},"counter":%d,"decorations":%s,"epoch":0,"hostIdentifier":"NW-LT-%04d","name":"pack_mosaic_keyboard_layouts","numerics":false,"unixTime":%d}`+"\n",
				cal, i, i, deco(i), i%700, unix)
		}
		if i%1000 == 999 {
			b.WriteString(`{"snapshot":[`)
			for k := range 200 {
				if k > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"pid":"%d","name":"proc%d","path":"/usr/bin/proc%d","cmdline":"/usr/bin/proc%d --flag"}`, k, k, k, k)
			}
			fmt.Fprintf(&b, `],"action":"snapshot","name":"pack_mosaic_processes","hostIdentifier":"NW-LT-0001","calendarTime":"Mon Mar  2 01:00:00 2026 UTC","unixTime":%d,"decorations":%s}`+"\n", unix, deco(1))
		}
	}
	path := filepath.Join(tb.TempDir(), "osqueryd.results.log")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkExtract reads 20,000 result lines (24,000 rows).
func BenchmarkExtract(b *testing.B) {
	path := writeBenchLog(b, 20000)
	info, _ := os.Stat(path)
	x := osquery.New(nil)
	f := mosaic.File{Path: "osquery/osqueryd.results.log", Abs: path}
	b.SetBytes(info.Size())
	var c countingEmitter
	start := time.Now()
	for b.Loop() {
		if err := x.Extract(context.Background(), f, &c); err != nil {
			b.Fatal(err)
		}
	}
	took := time.Since(start).Seconds()
	b.ReportMetric(float64(c.lines)/took, "lines/s")
	b.ReportMetric(float64(c.rows)/took, "rows/s")
}
