package migrations_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/storetest"
)

func TestRecordTablesOrder(t *testing.T) {
	// rows.go indexes RecordTables by number; each fixture kind must land
	// in the table storetest names for it.
	for _, rec := range storetest.Records() {
		tables, err := migrations.EncodeRecords([]mosaic.Record{rec})
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) != 1 || tables[0].Table.Name != storetest.TableOf(rec.RecordKind()) || tables[0].Len() != 1 {
			t.Errorf("%s record went to %+v", rec.RecordKind(), tables)
			continue
		}
		if got, want := len(tables[0].Row(0)), len(tables[0].Table.Columns); got != want {
			t.Errorf("%s row has %d values, table has %d columns", rec.RecordKind(), got, want)
		}
	}
	if len(migrations.RecordTables) != 10 {
		t.Errorf("RecordTables has %d tables; update recordTableCount", len(migrations.RecordTables))
	}
}

// TestValueTypes checks every value against its column type: string for
// TEXT, int64 for INTEGER, float64 for DOUBLE PRECISION.
func TestValueTypes(t *testing.T) {
	tables, err := migrations.EncodeRecords(storetest.Records())
	if err != nil {
		t.Fatal(err)
	}
	results, err := migrations.EncodeReport(storetest.Report(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range append(tables, results...) {
		for i := range rows.Len() {
			for j, v := range rows.Row(i) {
				c := rows.Table.Columns[j]
				ok := false
				switch c.Type {
				case migrations.Text:
					_, ok = v.(string)
				case migrations.Integer:
					_, ok = v.(int64)
				case migrations.Real:
					_, ok = v.(float64)
				}
				if !ok {
					t.Errorf("%s.%s holds %T", rows.Table.Name, c.Name, v)
				}
			}
		}
	}
}

func signIn(id string, line int) mosaic.SignIn {
	return mosaic.SignIn{ID: id, Actor: "a@example.com", Origin: mosaic.Origin{File: "okta.jsonl", Line: line}}
}

func TestEncodeRecordsSortsAndKeepsLast(t *testing.T) {
	batch := []mosaic.Record{signIn("c", 1), signIn("a", 2), signIn("b", 3), signIn("a", 4), &[]mosaic.SignIn{signIn("c", 5)}[0]}
	tables, err := migrations.EncodeRecords(batch)
	if err != nil {
		t.Fatal(err)
	}
	rows := tables[0]
	var got []string
	for i := range rows.Len() {
		r := rows.Row(i)
		line := r[slices.Index(rows.Table.ColumnNames(), "origin_line")].(int64)
		got = append(got, r[0].(string)+"@"+string(rune('0'+line)))
	}
	if want := []string{"a@4", "b@3", "c@5"}; !slices.Equal(got, want) {
		t.Errorf("rows = %v, want %v (key order, last of each key)", got, want)
	}
}

func TestEncodeRecordsErrors(t *testing.T) {
	var nilNote *mosaic.Note
	tests := []struct {
		name string
		rec  mosaic.Record
		want string
	}{
		{"nil", nil, "nil record"},
		{"nil pointer", nilNote, "nil record"},
		{"no job id", mosaic.Job{Origin: mosaic.Origin{File: "jobs.csv", Line: 7}}, "jobs record without job_id (jobs.csv line 7)"},
		{"no uuid", mosaic.SignIn{}, "okta record without uuid"},
		{"no event id", mosaic.HostRow{}, "osquery record without event id"},
		{"no resume path", mosaic.Resume{ApplicationID: "A1"}, "resume record without path"},
		{"secret stays out", mosaic.PayrollEvent{AccountHash: "hk1:account:feed", Origin: mosaic.Origin{File: "payroll.csv", Line: 2}},
			"payroll record without event_id (payroll.csv line 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := migrations.EncodeRecords([]mosaic.Record{storetest.Records()[0], tt.rec})
			if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want EINVALID saying %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "feed") {
				t.Errorf("error shows a hash: %v", err)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"nul\x00byte", "nul\uFFFDbyte"},
		{"bad \xff utf-8", "bad \uFFFD utf-8"},
		{"émoji 🧑‍💻", "émoji 🧑‍💻"},
	}
	for _, tt := range tests {
		tables, err := migrations.EncodeRecords([]mosaic.Record{mosaic.Note{ID: "N1", Text: tt.in}})
		if err != nil {
			t.Fatal(err)
		}
		got := tables[0].Row(0)[7].(string)
		if got != tt.want || !utf8.ValidString(got) {
			t.Errorf("text %q stored as %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Time{}, ""},
		{time.Date(2026, 4, 18, 14, 39, 0, 0, time.UTC), "2026-04-18T14:39:00.000000000Z"},
		{time.Date(2026, 4, 18, 23, 39, 0, 5, time.FixedZone("JST", 9*3600)), "2026-04-18T14:39:00.000000005Z"},
	}
	for _, tt := range tests {
		if got := migrations.FormatTime(tt.in); got != tt.want {
			t.Errorf("FormatTime(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// The hand-written formatter agrees with time.Format everywhere.
	for _, tm := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 123_456_789, time.FixedZone("", -7*3600)),
		time.Unix(1772413200, 42),
	} {
		if got, want := migrations.FormatTime(tm), tm.UTC().Format(migrations.TimeLayout); got != want {
			t.Errorf("FormatTime(%v) = %q, time.Format gives %q", tm, got, want)
		}
	}
	// Fixed width: text order is time order.
	a := migrations.FormatTime(time.Date(2026, 1, 1, 0, 0, 0, 500_000_000, time.UTC))
	b := migrations.FormatTime(time.Date(2026, 1, 1, 0, 0, 1, 0, time.UTC))
	if !(a < b) {
		t.Errorf("%q sorts after %q", a, b)
	}
}

func TestNonFiniteNumbers(t *testing.T) {
	s := signIn("u", 1)
	s.Lat, s.Lon = math.NaN(), math.Inf(-1)
	tables, err := migrations.EncodeRecords([]mosaic.Record{s})
	if err != nil {
		t.Fatal(err)
	}
	row := tables[0].Row(0)
	if row[10] != 0.0 || row[11] != 0.0 {
		t.Errorf("lat, lon = %v, %v; want 0, 0", row[10], row[11])
	}
}

func TestEncodeReport(t *testing.T) {
	r := storetest.Report(t)
	r.Subjects[2].FirstFlaggedAt = nil
	tables, err := migrations.EncodeReport(r)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{tables[0].Table.Name, tables[1].Table.Name, tables[2].Table.Name, tables[3].Table.Name}
	if !slices.Equal(names, []string{"subjects", "signals", "clusters", "links"}) {
		t.Fatalf("tables %v", names)
	}
	if n := tables[1].Len(); n != 5 {
		t.Errorf("%d signals, want 5", n)
	}
	first := tables[0].Row(0)
	if first[2] != `["A0001276"]` || first[7] != "2026-05-02T09:14:00.000000000Z" || first[8] != "K-1c2d3e4f" {
		t.Errorf("subject row = %v", first)
	}
	alone := tables[0].Row(2)
	if alone[7] != "" || alone[8] != "" || alone[2] != "[]" {
		t.Errorf("lone subject row = %v", alone)
	}
	if _, err := migrations.EncodeReport(&mosaic.Report{}); err != nil {
		t.Errorf("empty report: %v", err)
	}
}

func BenchmarkEncodeSignIns(b *testing.B) {
	batch := storetest.SignIns("e", 5000)
	for b.Loop() {
		if _, err := migrations.EncodeRecords(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(batch)*b.N)/b.Elapsed().Seconds(), "rows/s")
}
