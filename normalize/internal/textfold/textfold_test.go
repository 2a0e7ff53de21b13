package textfold

import (
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
