package postgres_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/mosaic-sec/mosaic/postgres"
	"github.com/mosaic-sec/mosaic/storetest"
)

const benchBatch = 5000

// BenchmarkSaveSignIns saves batches of 5,000 new Okta sign-ins, one
// transaction each, comparing pipelined multi-row INSERTs of several sizes
// with COPY into a temporary table followed by one INSERT ... SELECT.
func BenchmarkSaveSignIns(b *testing.B) {
	strategies := []struct {
		name                     string
		rowsPerStatement, copyAt int
	}{
		{"insert_rows_per_statement=1", 1, math.MaxInt},
		{"insert_rows_per_statement=64", 64, math.MaxInt},
		{"insert_rows_per_statement=256", 256, math.MaxInt},
		{"insert_rows_per_statement=2978", 2978, math.MaxInt},
		{"copy", 256, 1},
	}
	for _, s := range strategies {
		b.Run(s.name, func(b *testing.B) {
			db, err := postgres.Open(b.Context(), freshSchema(b))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			postgres.SetStrategy(db, s.rowsPerStatement, s.copyAt)
			var rows int
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				batch := storetest.SignIns(fmt.Sprintf("b%d-", i), benchBatch)
				b.StartTimer()
				if err := db.SaveRecords(b.Context(), batch); err != nil {
					b.Fatal(err)
				}
				rows += len(batch)
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkResaveSignIns re-saves the same 5,000 sign-ins: the re-scan case.
func BenchmarkResaveSignIns(b *testing.B) {
	db, err := postgres.Open(b.Context(), freshSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
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
