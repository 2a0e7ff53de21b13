package http

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic/opstore"

	"github.com/mosaic-sec/mosaic/service"
)

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func maskText(s string) string { return service.MaskText(s) }

// writeRejects writes one ingest call's rejected rows as CSV.
func writeRejects(w io.Writer, in opstore.Ingest) {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"ingest", "at", "source", "kind", "file", "line", "column", "reason"})
	for _, rj := range in.Rejects {
		_ = cw.Write([]string{strconv.FormatInt(in.Seq, 10), in.At.UTC().Format(time.RFC3339), csvSafe(in.Source), in.Kind,
			csvSafe(rj.File), strconv.Itoa(rj.Line), csvSafe(rj.Column), csvSafe(rj.Reason)})
	}
	cw.Flush()
}
