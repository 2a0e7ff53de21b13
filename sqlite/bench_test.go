package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/storetest"
)

const benchBatch = 5000

// BenchmarkSaveSignIns saves batches of 5,000 new Okta sign-ins, one
// transaction each, into a file database, comparing how many rows one
// INSERT carries (1 = one prepared single-row statement per row).
func BenchmarkSaveSignIns(b *testing.B) {
	for _, perStatement := range []int{1, 32, 128, 256, 512, maxVariables} {
		b.Run(fmt.Sprintf("rows_per_statement=%d", perStatement), func(b *testing.B) {
			rows := saveNewSignIns(b, benchDB(b, perStatement), benchBatch)
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkSaveSignInsPerTransaction saves new sign-ins in transactions of
// several sizes: a transaction rewrites every index page it touches, so
// larger ones cost less CPU per row (the scan's store writer merges queued
// batches up to 50,000 records). Run each size with enough iterations to
// reach a few hundred thousand rows, as a scan does, e.g.
// -bench 'PerTransaction/rows=50000' -benchtime 6x.
func BenchmarkSaveSignInsPerTransaction(b *testing.B) {
	for _, size := range []int{benchBatch, 20_000, 50_000} {
		b.Run(fmt.Sprintf("rows=%d", size), func(b *testing.B) {
			saveNewSignIns(b, benchDB(b, defaultRowsPerStatement), size)
		})
	}
}

// saveNewSignIns saves b.N batches of size new sign-ins, one transaction
// each, reports the rows per CPU second spent saving, and returns the rows
// saved.
func saveNewSignIns(b *testing.B, db *DB, size int) int {
	var rows int
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		batch := storetest.SignIns(fmt.Sprintf("b%d-", i), size)
		start := processCPU()
		b.StartTimer()
		if err := db.SaveRecords(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += processCPU() - start
		b.StartTimer()
		rows += len(batch)
	}
	if cpu > 0 {
		b.ReportMetric(float64(rows)/cpu.Seconds(), "rows/cpu-s")
	}
	return rows
}

// BenchmarkResaveSignIns re-saves the same 5,000 sign-ins: the re-scan case,
// where every row hits its key and nothing changes.
func BenchmarkResaveSignIns(b *testing.B) {
	db := benchDB(b, defaultRowsPerStatement)
	batch := storetest.SignIns("r", benchBatch)
	if err := db.SaveRecords(b.Context(), batch); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var rows int
	for b.Loop() {
		if err := db.SaveRecords(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
		rows += len(batch)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSaveResults saves a report of 1,000 subjects with 5 signals each.
func BenchmarkSaveResults(b *testing.B) {
	db := benchDB(b, defaultRowsPerStatement)
	r := storetest.Report(b)
	tmpl := r.Subjects[0]
	r.Subjects = nil
	for i := range 1000 {
		s := tmpl
		s.ID = fmt.Sprintf("S-%06d", i)
		s.Signals = append(append(tmpl.Signals, tmpl.Signals...)[:5:5], nil...)
		r.Subjects = append(r.Subjects, s)
	}
	for b.Loop() {
		if err := db.SaveResults(b.Context(), r); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDB(b *testing.B, perStatement int) *DB {
	b.Helper()
	db, err := Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	db.rowsPerStatement = perStatement
	b.Cleanup(func() { db.Close() })
	return db
}

var _ mosaic.Store = (*DB)(nil)
