package phone

import (
	"strings"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, raw, region string
		want              Phone
		ok                bool
	}{
		{"parentheses", "(415) 555-2671", "US", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"dots", "415.555.2671", "", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"international", "+1 415 555 2671", "GB", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"compact e164", "+14155552671", "", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"dashes with trunk 1", "1-415-555-2671", "US", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"exit code 00 from a US form", "001 415 555 2671", "US", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"exit code 00 no region", "0014155552671", "", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"exit code 011 from the US", "011 44 20 7946 0958", "US", Phone{"+442079460958", "GB", "fixed_line"}, true},
		{"tel uri", "tel:+1-415-555-2671", "", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"tel uri upper case", "TEL:+1-415-555-2671", "", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"tel uri with extension", "tel:+1-415-555-2671;ext=55", "", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"extension ext.", "415-555-2671 ext. 123", "US", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"extension x", "(415) 555-2671 x12", "US", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"fictional 555-01xx", "+1 602 555 0143", "US", Phone{"+16025550143", "US", "fixed_line_or_mobile"}, true},
		{"toll free", "1-800-555-0199", "US", Phone{"+18005550199", "US", "toll_free"}, true},
		{"UK national with region", "020 7946 0958", "GB", Phone{"+442079460958", "GB", "fixed_line"}, true},
		{"UK alias and lower case", "020 7946 0958", " uk ", Phone{"+442079460958", "GB", "fixed_line"}, true},
		{"Singapore mobile", "+6595509555", "SG", Phone{"+6595509555", "SG", "mobile"}, true},
		{"Singapore national", "9550 9555", "sg", Phone{"+6595509555", "SG", "mobile"}, true},
		{"Mexico", "+525519008109", "MX", Phone{"+525519008109", "MX", "fixed_line_or_mobile"}, true},
		{"unknown region falls back to US", "(213) 529-1699", "XX", Phone{"+12135291699", "US", "fixed_line_or_mobile"}, true},
		{"full-width digits", "（４１５）５５５-２６７１", "US", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"zero-width and control characters", "415\u200b555\x002671\n", "US", Phone{"+14155552671", "US", "fixed_line_or_mobile"}, true},
		{"a real number with a run of digits", "+1 678 901 2345", "", Phone{"+16789012345", "US", "fixed_line_or_mobile"}, true},
		{"invalid area code still links", "+1 123 555 0143", "US", Phone{"+11235550143", "US", "unknown"}, true},

		{"empty", "", "US", Phone{}, false},
		{"spaces", "   ", "US", Phone{}, false},
		{"too short", "12", "US", Phone{}, false},
		{"local only, no area code", "555-0143", "US", Phone{}, false},
		{"too long", "+1 415 555 2671 1234 5678", "US", Phone{}, false},
		{"UK number read as US", "020 7946 0958", "US", Phone{}, false},
		{"unknown country code", "+999 1234567", "", Phone{}, false},
		{"all zeros", "+1 000 000 0000", "", Phone{}, false},
		{"one digit repeated", "999-999-9999", "US", Phone{}, false},
		{"counting", "123-456-7890", "US", Phone{}, false},
		{"counting with country code", "+1 234 567 8901", "", Phone{}, false},
		{"letters", "call me maybe", "US", Phone{}, false},
		{"emoji", "📞📞📞", "US", Phone{}, false},
		{"invalid utf-8", "\xff\xfe\xfd", "US", Phone{}, false},
		{"huge", strings.Repeat("4", 100000), "US", Phone{}, false},
		{"tel only", "tel:", "US", Phone{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Normalize(tt.raw, tt.region)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Normalize(%q, %q) = %+v, %v; want %+v, %v", tt.raw, tt.region, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNormalizeSameNumberManyForms(t *testing.T) {
	forms := []string{
		"+1 801 326 9845", "801-326-9845", "(801) 326-9845", "801.326.9845",
		"+18013269845", "1 (801) 326-9845", "001 801 326 9845", "tel:+18013269845",
		"801-326-9845 ext 7",
	}
	for _, f := range forms {
		p, ok := Normalize(f, "US")
		if !ok || p.E164 != "+18013269845" {
			t.Errorf("Normalize(%q) = %+v, %v; want +18013269845", f, p, ok)
		}
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, raw := range []string{"(415) 555-2671", "+6595509555", "+1 123 555 0143", "020 7946 0958"} {
		p, ok := Normalize(raw, "GB")
		if !ok {
			continue
		}
		again, ok := Normalize(p.E164, "")
		if !ok || again != p {
			t.Errorf("Normalize(%q) = %+v but Normalize(%q) = %+v, %v", raw, p, p.E164, again, ok)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+16025550143", "+1 602 555 0143"},
		{"+14155552671", "+1 415 555 2671"},
		{"+442079460958", "+44 20 7946 0958"},
		{"+6595509555", "+65 9550 9555"},
		{" +525519008109 ", "+52 55 1900 8109"},
		{"", ""},
		{"not a phone", "not a phone"},
		{"4155552671", "4155552671"},
		{"+999", "+999"},
	}
	for _, tt := range tests {
		if got := Format(tt.in); got != tt.want {
			t.Errorf("Format(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestFormatRoundTrip checks that what Format prints normalises back to the
// same number, so an analyst can paste it into a search.
func TestFormatRoundTrip(t *testing.T) {
	for _, e := range []string{"+16025550143", "+442079460958", "+6595509555", "+11235550143"} {
		p, ok := Normalize(Format(e), "")
		if !ok || p.E164 != e {
			t.Errorf("Normalize(Format(%q)) = %+v, %v", e, p, ok)
		}
	}
}

func TestNormalizeConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				if p, ok := Normalize("(415) 555-2671", "US"); !ok || p.E164 != "+14155552671" {
					t.Errorf("got %+v, %v", p, ok)
					return
				}
				_ = Format("+442079460958")
			}
		}()
	}
	wg.Wait()
}

func BenchmarkNormalize(b *testing.B) {
	inputs := []string{"(415) 555-2671", "+1 415 555 2671", "415.555.2671", "+6595509555", "020 7946 0958"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(inputs[i%len(inputs)], "US")
	}
}

func BenchmarkFormat(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Format("+14155552671")
	}
}

func TestE164AgreesWithNormalize(t *testing.T) {
	for _, raw := range []string{"(415) 555-2671", "+1 415 555 2671", "415.555.2671", "+44 20 7946 0958", "0049 30 123456", "1111111111", "12", "", "tel:+1-602-555-0143;ext=12"} {
		p, ok1 := Normalize(raw, "US")
		e, ok2 := E164(raw, "US")
		if ok1 != ok2 || p.E164 != e {
			t.Errorf("%q: Normalize %q %v, E164 %q %v", raw, p.E164, ok1, e, ok2)
		}
	}
}

// TestE164MatchesTheLibrary: the E.164 form is built by hand; it must be
// what phonenumbers.Format writes, including Italy's leading zero.
func TestE164MatchesTheLibrary(t *testing.T) {
	for _, tc := range [][2]string{
		{"(602) 555-0143", "US"}, {"+39 06 6982 0000", ""}, {"020 7946 0958", "GB"}, {"+44 (0) 20 7946 0958", ""},
		{"+49 30 901820", ""}, {"+91 22 2288 1234", ""}, {"+63 917 123 4567", ""}, {"1-800-555-0199", "US"},
		{"+1 416 555 0100", ""}, {"0041 44 668 18 00", ""}, {"+86 10 6552 9988", ""}, {"3 1234 5678", "AU"},
	} {
		num, nsn, ok := parse(tc[0], tc[1])
		if !ok {
			t.Errorf("%q in %s did not parse", tc[0], tc[1])
			continue
		}
		if got, want := e164(num, nsn), phonenumbers.Format(num, phonenumbers.E164); got != want {
			t.Errorf("%q in %s: %s, the library writes %s", tc[0], tc[1], got, want)
		}
	}
}
