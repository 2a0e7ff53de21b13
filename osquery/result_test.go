package osquery

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestValueText(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`"plain"`, "plain"},
		{`"C:\\Program Files\\x.exe"`, `C:\Program Files\x.exe`},
		{`"\u00e9"`, "é"},
		{`42`, "42"},
		{`18446744073709551615`, "18446744073709551615"},
		{`1.5e3`, "1500"},
		{`1500.0`, "1500"},
		{`0.25`, "0.25"},
		{`-2E-2`, "-0.02"},
		{`1e999`, "1e999"},
		{`true`, "true"},
		{`false`, "false"},
		{`null`, ""},
		{`{"a": [1, 2]}`, `{"a":[1,2]}`},
	}
	for _, tt := range tests {
		if got := value(json.RawMessage(tt.raw)); got != tt.want {
			t.Errorf("value(%s) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestUnixTime(t *testing.T) {
	tests := []struct {
		raw  string
		want time.Time
		ok   bool
	}{
		{`1772413200`, time.Unix(1772413200, 0), true},
		{`"1772413200"`, time.Unix(1772413200, 0), true},
		{`1772413200.5`, time.Unix(1772413200, 5e8), true},
		{`0`, time.Time{}, false},
		{`-1`, time.Time{}, false},
		{`"soon"`, time.Time{}, false},
		{`null`, time.Time{}, false},
		{``, time.Time{}, false},
		{`1e300`, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := unixTime(json.RawMessage(tt.raw))
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("unixTime(%s) = %v, %v; want %v, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSyntaxReasonHidesContent(t *testing.T) {
	for _, in := range []string{`{"ssn":123-45-6789}`, `{"a":x}`, `{"a":"b"`, `{'a':1}`} {
		reason := syntaxReason([]byte(in))
		if strings.Contains(reason, "'") && !strings.Contains(reason, "cut short") {
			t.Errorf("syntaxReason(%q) = %q quotes the input", in, reason)
		}
		if !strings.HasPrefix(reason, "invalid JSON at byte ") && !strings.HasPrefix(reason, "JSON cut short at byte ") {
			t.Errorf("syntaxReason(%q) = %q", in, reason)
		}
	}
}

// FuzzDecodeLine: any line gives rows or a reason, never a panic, and rows
// always carry a name, a host and a time.
func FuzzDecodeLine(f *testing.F) {
	for _, seed := range []string{
		`{"name":"pack_mosaic_programs","hostIdentifier":"h","unixTime":1772413200,"action":"added","columns":{"name":"x","version":"1","publisher":"p"}}`,
		`{"name":"n","hostIdentifier":"h","calendarTime":"Mon Mar  2 01:00:00 2026 UTC","snapshot":[{"a":1},{"b":null}],"action":"snapshot"}`,
		`{"name":"n","hostIdentifier":"h","unixTime":"1","diffResults":{"added":[{"a":"b"}],"removed":[]}}`,
		`{"name":1,"hostIdentifier":true,"unixTime":[1],"columns":[]}`,
		`[]`, `"x"`, `{`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		in = trimSpace(in)
		if len(in) == 0 {
			return // the line reader never returns blank lines
		}
		d := decodeLine(in, "osquery/f.log", 1)
		if d.reason != "" {
			if len(d.rows) != 0 {
				t.Fatal("rows with a reject")
			}
			return
		}
		if !d.many && len(d.rows) != 1 {
			t.Fatalf("single-row line gave %d rows", len(d.rows))
		}
		for _, r := range d.rows {
			if r.Name == "" || r.HostIdentifier == "" || r.Time.IsZero() || r.Origin.EventID == "" || r.Columns == nil {
				t.Fatalf("incomplete row %+v", r)
			}
		}
	})
}
