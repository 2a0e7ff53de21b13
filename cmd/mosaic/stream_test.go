package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// TestStreamingEqualsBatch is the property the service rests on: a
// company's records sent through the ingest path in time order, in chunks
// of random size, end in the same state as one scan of the same records:
// the same people at the same levels, scores within 0.5. A restart from the
// store alone then gives the same state again.
func TestStreamingEqualsBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("generates companies and streams them; skipped with -short")
	}
	for _, seed := range []int64{21, 22} {
		dir := generate(t, "tiny", seed)
		batch := scanJSON(t, dir)
		db := filepath.Join(t.TempDir(), "stream.db")

		svc, stop := startTestService(t, db)
		streamBundle(t, svc, dir, rand.New(rand.NewPCG(uint64(seed), 1)))
		compareReports(t, seed, "streamed", batch, svc.Snapshot().Report)
		stop()

		again, stop2 := startTestService(t, db)
		compareReports(t, seed, "restarted", batch, again.Snapshot().Report)
		stop2()
	}
}

func startTestService(t *testing.T, db string) (*service.Service, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	hasher, err := openHasher(strings.TrimSuffix(db, ".db")+".key", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ip, err := loadIP(nil)
	if err != nil {
		t.Fatal(err)
	}
	mapping, _ := loadMapping("")
	xs, _ := extractors(hasher, mapping, slog.New(slog.DiscardHandler))
	svc := service.New(service.Config{Store: store, Ops: opstore.New(store, nil), Extractors: xs,
		Analysis: scan.Config{IP: ip}, DecodeFingerprint: decodeFingerprint, Hash: hasher.Hash, TempDir: t.TempDir()})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return svc, func() { cancel(); store.Close() }
}

// item is one row of the bundle with its time, for streaming in time order.
type item struct {
	at   time.Time
	kind string
	head string // the CSV header, for CSV kinds
	row  string
}

var timeColumn = map[string]string{"jobs": "posted_at", "applications": "submitted_at", "employees": "hire_date",
	"shipments": "requested_at", "payroll": "occurred_at", "notes": "occurred_at"}

func streamBundle(t *testing.T, svc *service.Service, dir string, rng *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	var items []item
	for kind, col := range timeColumn {
		data, err := os.ReadFile(filepath.Join(dir, kind+".csv"))
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		head := csvLine(rows[0])
		ci := indexOf(rows[0], col)
		for _, row := range rows[1:] {
			items = append(items, item{at: parseAny(row[ci]), kind: kind, head: head, row: csvLine(row)})
		}
	}
	for _, kind := range []string{"okta", "osquery"} {
		files, _ := filepath.Glob(filepath.Join(dir, kind, "*"))
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(fh)
			sc.Buffer(make([]byte, 1<<20), 16<<20)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if line == "" {
					continue
				}
				var ev struct {
					Published string `json:"published"`
					UnixTime  int64  `json:"unixTime"`
				}
				_ = json.Unmarshal([]byte(line), &ev)
				at := parseAny(ev.Published)
				if ev.UnixTime > 0 {
					at = time.Unix(ev.UnixTime, 0)
				}
				items = append(items, item{at: at, kind: kind, row: line})
			}
			fh.Close()
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].at.Before(items[j].at) })
	// Consecutive rows of one kind go in one call of 1 to 60 rows.
	for i := 0; i < len(items); {
		n := 1 + rng.IntN(60)
		j := i
		for j < len(items) && j-i < n && items[j].kind == items[i].kind && items[j].head == items[i].head {
			j++
		}
		var body strings.Builder
		ctype := "application/x-ndjson"
		if items[i].head != "" {
			ctype = "text/csv"
			body.WriteString(items[i].head)
		}
		for _, it := range items[i:j] {
			body.WriteString(it.row)
			if items[i].head == "" {
				body.WriteString("\n")
			}
		}
		res, err := svc.Ingest(ctx, items[i].kind, ctype, strings.NewReader(body.String()), "test")
		if err != nil {
			t.Fatalf("ingest %s: %v", items[i].kind, err)
		}
		if res.RowsRejected > 0 {
			t.Fatalf("ingest %s rejected %d rows: %+v", items[i].kind, res.RowsRejected, res.Rejects)
		}
		i = j
	}
	atts, _ := filepath.Glob(filepath.Join(dir, "attachments", "*", "*"))
	for _, f := range atts {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "attachments"), f)
		if _, err := svc.Attachment(ctx, filepath.ToSlash(rel), bytes.NewReader(data), "test"); err != nil {
			t.Fatalf("attachment %s: %v", rel, err)
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := svc.WaitReflected(wctx); err != nil {
		t.Fatal("detection never caught up:", err)
	}
}

func compareReports(t *testing.T, seed int64, what string, batch, got *mosaic.Report) {
	t.Helper()
	byID := map[string]mosaic.Subject{}
	for _, s := range got.Subjects {
		byID[s.ID] = s
	}
	if len(got.Subjects) != len(batch.Subjects) {
		t.Errorf("seed %d %s: %d people, batch %d", seed, what, len(got.Subjects), len(batch.Subjects))
	}
	bad := 0
	for _, b := range batch.Subjects {
		s, ok := byID[b.ID]
		switch {
		case !ok:
			t.Errorf("seed %d %s: %s (%s) missing", seed, what, b.ID, b.Level)
			bad++
		case s.Level != b.Level || math.Abs(s.Score-b.Score) > 0.5:
			t.Errorf("seed %d %s: %s is %s %.1f, batch %s %.1f", seed, what, b.ID, s.Level, s.Score, b.Level, b.Score)
			bad++
		}
		if bad > 10 {
			t.Fatalf("seed %d %s: too many differences", seed, what)
		}
	}
}

func csvLine(fields []string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(fields)
	w.Flush()
	return b.String()
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

func parseAny(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// TestWatchedFolderReadsEachRowOnce: a new file is read whole, a grown file
// only its new rows, an unchanged one not at all, and a restart resumes
// from the stored position.
func TestWatchedFolderReadsEachRowOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "w.db")
	path := filepath.Join(dir, "applications.csv")
	head := "application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone\n"
	writeFile(t, path, head+"A1,C1,J1,2026-03-01T10:00:00Z,Ann,Lee,ann@example.com,(602) 555-0143\n"+
		"A2,C2,J1,2026-03-01T11:00:00Z,Bob,Ray,bob@example.com,602-555-0199\n")
	svc, stop := startTestService(t, db)
	ctx := context.Background()
	_, layout := extractors(nil, mustMapping(t), slog.New(slog.DiscardHandler))
	if err := svc.WatchOnce(ctx, dir, layout); err != nil {
		t.Fatal(err)
	}
	if err := svc.WatchOnce(ctx, dir, layout); err != nil { // nothing new
		t.Fatal(err)
	}
	fh, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString("A3,C3,J1,2026-03-02T09:00:00Z,Cy,Oh,cy@example.com,602-555-0100\nA4,C4,J1,2026-03-0") // a half-written row
	fh.Close()
	if err := svc.WatchOnce(ctx, dir, layout); err != nil {
		t.Fatal(err)
	}
	stop()
	svc, stop = startTestService(t, db)
	defer stop()
	if err := svc.WatchOnce(ctx, dir, layout); err != nil {
		t.Fatal(err)
	}
	ins, err := opstore.New(mustSQL(t, db), nil).Ingests(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, in := range ins {
		read += in.Read
	}
	if read != 3 {
		t.Errorf("rows read through the watched folder: %d, want 3 (each once; the half-written row waits)", read)
	}
	if n := len(svc.Snapshot().Report.Subjects); n != 3 {
		t.Errorf("%d people, want 3", n)
	}
}

func mustMapping(t *testing.T) *csvbundle.Mapping {
	t.Helper()
	m, err := loadMapping("")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustSQL(t *testing.T, db string) *sqlite.DB {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
