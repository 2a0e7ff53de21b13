package report

import (
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestTextWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"王小明", 6},
		{"ｱｲｳ", 3}, // halfwidth katakana
		{"ＡＢ", 4},  // fullwidth latin
		{"e\u0301", 1},
		{"😀", 2},
		{"a\u200bb", 2},
		{"\x1b[31mred\x1b[0m", 3},
		{"…", 1},
	}
	for _, tt := range tests {
		if got := textWidth(tt.in); got != tt.want {
			t.Errorf("textWidth(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello", 4, "hel…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"hello", -3, ""},
		{"王小明", 5, "王小…"},
		{"王小明", 4, "王…"},
		{"\x1b[31mredder\x1b[0m", 4, "\x1b[31mred…\x1b[0m"},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.w)
		if got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
		if tt.w > 0 && textWidth(got) > tt.w {
			t.Errorf("truncate(%q, %d) is %d wide", tt.in, tt.w, textWidth(got))
		}
	}
}

func TestFitParts(t *testing.T) {
	long := strings.Repeat("x", 100)
	tests := []struct {
		parts []string
		w     int
		want  string
	}{
		{[]string{"a", "b", "c"}, 20, "a; b; c"},
		{[]string{"short", long, long}, 30, "short; xxxxxxxxxxxxxxxxxxxxxx…"},
		{[]string{"short", long, long}, 40, "short; xxxxxxxxxxxxxx…; xxxxxxxxxxxxxx…"},
		{[]string{"one", "two", "three"}, 12, "one; two"},
		{[]string{long, long, long}, 10, "xxxxxxxxx…"},
		{[]string{long}, 3, "xx…"},
		{nil, 10, ""},
		{[]string{"a", "b"}, 0, ""},
	}
	for _, tt := range tests {
		got := fitParts(tt.parts, "; ", tt.w)
		if got != tt.want {
			t.Errorf("fitParts(%d parts, %d) = %q, want %q", len(tt.parts), tt.w, got, tt.want)
		}
		if textWidth(got) > max(tt.w, 0) {
			t.Errorf("fitParts(%d parts, %d) is %d wide", len(tt.parts), tt.w, textWidth(got))
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"two\nlines", "two lines"},
		{"a\r\n\tb", "a b"},
		{"\x1b[2Jcls", "[2Jcls"},
		{"rtl \u202eevil\u202c", "rtl evil"},
		{"bad \xff", "bad \uFFFD"},
		{"nul\x00", "nul"},
		{"ok 王", "ok 王"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 51234: "51,234", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := groupDigits(in); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestFitIDs(t *testing.T) {
	s := &mosaic.Subject{ApplicationIDs: []string{"A0001276", "A2"}, EmployeeIDs: []string{"E1"}}
	tests := []struct {
		w    int
		want string
	}{
		{20, "A0001276 +2"},
		{11, "A0001276 +2"},
		{8, "A000… +2"},
		{4, "A00…"},
	}
	for _, tt := range tests {
		if got := fitIDs(s, tt.w); got != tt.want {
			t.Errorf("fitIDs(%d) = %q, want %q", tt.w, got, tt.want)
		}
	}
	if got := compactIDs(&mosaic.Subject{CandidateIDs: []string{"C1", "C2"}}); got != "C1 +1" {
		t.Errorf("candidate-only ids = %q", got)
	}
	if got := compactIDs(&mosaic.Subject{}); got != "-" {
		t.Errorf("no ids = %q", got)
	}
}
