package textfold

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"José", "jose"},
		{"MÜNCHEN", "munchen"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"Søren Ærø", "soren aero"},
		{"Ｆｕｌｌ", "full"},
		{"ﬁne", "fine"},
		{"은지", "은지"},
		{"Ǆ", "dz"},
		{"a\x00b\u200bc\u202ed", "abcd"},
		{"\xff\xfeok", "ok"},
		{"🙂", "🙂"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in, 1024); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := Fold(strings.Repeat("é", 1000), 11); got != "eeeee" {
		t.Errorf("cut: %q", got)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"José", "Straße", "은지", "\xff", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s, 4096)
		if twice := Fold(once, 4096); twice != once {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, once, twice)
		}
	})
}

// TestASCIIFastPathAgrees checks the ASCII shortcut against the Unicode
// path on every printable and control character, in random strings.
func TestASCIIFastPathAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = byte(r.IntN(0x80))
		}
		s := string(b)
		fast, ok := foldASCII(s)
		if !ok {
			t.Fatalf("foldASCII refused ASCII %q", s)
		}
		if slow := foldUnicode(s); fast != slow {
			t.Fatalf("fold(%q): ASCII path %q, Unicode path %q", s, fast, slow)
		}
	}
	if _, ok := foldASCII("José"); ok {
		t.Error("foldASCII took a non-ASCII string")
	}
}
