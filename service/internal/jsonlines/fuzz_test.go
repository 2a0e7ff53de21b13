package jsonlines

import (
	"bytes"
	"encoding/csv"
	"io"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// FuzzToCSV converts arbitrary bodies (JSON lines, JSON arrays,
// anything) to the CSV the bundle readers take. It must not panic; a body
// it cannot read is an input error; the CSV it writes reads back with
// encoding/csv, one record per converted row, each as wide as the header;
// every row and reject points at a line of the body.
func FuzzToCSV(f *testing.F) {
	f.Add([]byte(`{"application_id":"A1","ssn":"123-45-6789","phone":"+1 602 555 0143"}` + "\n" + `{"application_id":"A2","n":1.5,"ok":true,"x":null,"o":{"a":[1,2]}}`))
	f.Add([]byte(`[{"employee_id":"E1"},{"employee_id":"E2","bank_account_number":"000123456789"},7]`))
	f.Add([]byte("{\"a\":\"line\\nbreak, \\\"quoted\\\"\"}\n\nnot json\n[]\n{}\n"))
	f.Add([]byte("\ufeff{\"a\":\"\"}\r\n{\"\":\"empty key\"}"))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, body []byte) {
		out, lineMap, rejects, err := ToCSV(bytes.NewReader(body), "fuzz.jsonl")
		if err != nil {
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("an unreadable body is an input error: %v", err)
			}
			return
		}
		lines := 1 + bytes.Count(body, []byte("\n"))
		for _, r := range rejects {
			if r.Line < 1 || r.Line > max(lines, len(body)) || r.Reason == "" {
				t.Fatalf("reject %+v outside the body's %d lines", r, lines)
			}
		}
		if len(out) == 0 {
			return
		}
		cr := csv.NewReader(bytes.NewReader(out))
		var records [][]string
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the CSV written does not read back: %v\n%q", err, out)
			}
			records = append(records, rec)
		}
		if len(records) != len(lineMap)-1 {
			t.Fatalf("%d CSV records (header included), %d rows mapped\n%q", len(records), len(lineMap)-2, out)
		}
		for i, rec := range records {
			if len(rec) != len(records[0]) {
				t.Fatalf("record %d has %d fields, the header %d", i, len(rec), len(records[0]))
			}
		}
		prev := 0
		for _, l := range lineMap[2:] {
			if l <= prev {
				t.Fatalf("row lines out of order: %v", lineMap)
			}
			prev = l
		}
	})
}
