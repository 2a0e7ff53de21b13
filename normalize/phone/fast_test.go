package phone

import (
	"math/rand/v2"
	"testing"
)

// TestPlainNANPAgreesWithParser checks the parser-free path against the
// phonenumbers parser on numbers written every way people write them, in
// NANP and other default regions, including the shapes it must refuse.
func TestPlainNANPAgreesWithParser(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	regions := []string{"US", "CA", "JM", "PR", "GB", "DE", "IN", "", "XX", "uk"}
	seps := []string{"", " ", "-", ".", ") ", "(", "  ", "+", "/", "x"}
	digit := func() byte { return byte('0' + rng.IntN(10)) }
	fastHits := 0
	for range 100_000 {
		var b []byte
		switch rng.IntN(4) {
		case 0:
			b = append(b, '+')
		case 1:
			b = append(b, '0', '0')
		}
		// Half the numbers have the NANP's lengths, so both paths are
		// exercised often.
		n := 7 + rng.IntN(7)
		if rng.IntN(2) == 0 {
			n = 10 + rng.IntN(2)
		}
		for i := range n {
			if i > 0 && rng.IntN(4) == 0 {
				b = append(b, seps[rng.IntN(len(seps))]...)
			}
			b = append(b, digit())
		}
		raw, region := string(b), regions[rng.IntN(len(regions))]
		got, gotOK := E164(raw, region)
		want, wantOK := parsedE164(raw, region)
		if got != want || gotOK != wantOK {
			t.Fatalf("E164(%q, %q) = %q, %v; the parser says %q, %v", raw, region, got, gotOK, want, wantOK)
		}
		if s := cleanInput(raw); s != "" {
			if _, ok := plainNANP(s, regionOrFallback(region)); ok {
				fastHits++
			}
		}
	}
	if fastHits < 2_000 {
		t.Errorf("only %d of the random numbers took the parser-free path; the test no longer covers it", fastHits)
	}
}

func TestPlainNANPForms(t *testing.T) {
	for _, tc := range []struct {
		raw, region, want string
	}{
		{"(415) 555-2671", "US", "+14155552671"},
		{"415.555.2671", "", "+14155552671"},
		{"1-415-555-2671", "CA", "+14155552671"},
		{"+1 415 555 2671", "GB", "+14155552671"},
		{"001 415 555 2671", "DE", "+14155552671"},
		{"020 7946 0958", "GB", "+442079460958"}, // not NANP: the parser
		{"4155552671", "GB", "+444155552671"},    // read as a GB number, never +1
		{"(415) 555-2671 ext. 12", "US", "+14155552671"},
		{"2222222222", "US", ""}, // placeholder
	} {
		got, _ := E164(tc.raw, tc.region)
		if got != tc.want {
			t.Errorf("E164(%q, %q) = %q, want %q", tc.raw, tc.region, got, tc.want)
		}
	}
}

func BenchmarkE164(b *testing.B) {
	for _, tc := range []struct{ name, raw, region string }{
		{"nanp", "(415) 555-2671", "US"},
		{"international", "+44 20 7946 0958", "US"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				E164(tc.raw, tc.region)
			}
		})
	}
}
