package csvbundle

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

const benchRows = 50_000

// writeApplications writes a real-shaped applications.csv of n rows, with
// quoted user agents, multi-line addresses now and then and references.
func writeApplications(tb testing.TB, n int) (path string, size int64) {
	tb.Helper()
	path = filepath.Join(tb.TempDir(), "applications.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone,address_line1,address_line2,city,region,postal_code,country,linkedin_url,github_url,source,resume_file,photo_file,ref1_name,ref1_email,ref1_phone,ref2_name,ref2_email,ref2_phone,submit_ip,user_agent")
	for i := range n {
		addr := fmt.Sprintf("%d Jefferson Ct.", 1000+i%9000)
		if i%50 == 0 {
			addr = fmt.Sprintf("\"%d Highland Way\nUnit %d\"", 100+i%900, i%40)
		}
		fmt.Fprintf(w, "A%07d,C%06d,JOB-%04d,2026-03-%02dT%02d:%02d:00Z,William,Brown,williambrown%d@icloud.com,213.529.%04d,%s,,Boston,MA,02160,US,"+
			"https://linkedin.com/in/williambrown%d/,https://github.com/williambrown%d,indeed,attachments/resumes/A%07d.txt,attachments/photos/A%07d.jpg,"+
			"Donna Lopez,donnalopez@hotmail.com,+13106088420,Lei Rossi,leirossi@gmail.com,+13108053851,104.131.%d.%d,"+
			"\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\"\n",
			i, i/2, i%20, 1+i%28, i%24, i%60, i, i%10000, addr, i, i, i, i, i%256, (i/256)%256)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return path, st.Size()
}

// BenchmarkApplications reads a 50,000-row applications.csv end to end:
// splitting, parsing times, building records, emitting.
func BenchmarkApplications(b *testing.B) {
	path, size := writeApplications(b, benchRows)
	x := New(&fakeHasher{}, nil, nil)
	f := mosaic.File{Path: "applications.csv", Abs: path, Kind: mosaic.KindApplications}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		emit := &countingEmitter{}
		if err := x.Extract(context.Background(), f, emit); err != nil {
			b.Fatal(err)
		}
		if emit.accepted != benchRows || emit.rejected != 0 {
			b.Fatalf("%d accepted, %d rejected", emit.accepted, emit.rejected)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSplitRows and BenchmarkSplitEncodingCSV compare the bounded
// splitter with encoding/csv on the same file: the price of the 1 MiB rule.
func BenchmarkSplitRows(b *testing.B) {
	path, size := writeApplications(b, benchRows)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		rr := newRowReader(f, maxRowBytes)
		n := 0
		for {
			_, err := rr.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		f.Close()
		if n != benchRows+1 {
			b.Fatalf("%d rows", n)
		}
	}
}

func BenchmarkSplitEncodingCSV(b *testing.B) {
	path, size := writeApplications(b, benchRows)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r := csv.NewReader(bufio.NewReaderSize(f, readBufferSize))
		r.ReuseRecord = true
		n := 0
		for {
			_, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		f.Close()
		if n != benchRows+1 {
			b.Fatalf("%d rows", n)
		}
	}
}
