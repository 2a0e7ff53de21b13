package csvbundle

import (
	"github.com/mosaic-sec/mosaic/normalize/bank"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	tests := []struct {
		in      string
		layouts []string
		want    time.Time
		ok      bool
	}{
		{in: "2026-04-18T14:39:00Z", want: utc("2026-04-18T14:39:00Z"), ok: true},
		{in: "2026-04-18T14:39:00.123456Z", want: utc("2026-04-18T14:39:00.123456Z"), ok: true},
		{in: "2026-04-18T16:39:00+02:00", want: utc("2026-04-18T14:39:00Z"), ok: true},
		{in: "2026-04-18 14:39:00", want: utc("2026-04-18T14:39:00Z"), ok: true},
		{in: "2024-01-31 06:00:00.000", want: utc("2024-01-31T06:00:00Z"), ok: true}, // Greenhouse BI connector
		{in: "2026-04-18 14:39:00+00", want: utc("2026-04-18T14:39:00Z"), ok: true},  // PostgreSQL
		{in: "2026-04-18 16:39:00+02:00", want: utc("2026-04-18T14:39:00Z"), ok: true},
		{in: "2026-04-18T14:39:00", want: utc("2026-04-18T14:39:00Z"), ok: true},
		{in: "2026-04-18", want: utc("2026-04-18T00:00:00Z"), ok: true},
		{in: "04/18/2026 14:39", layouts: []string{"01/02/2006 15:04"}, want: utc("2026-04-18T14:39:00Z"), ok: true},
		{in: "04/18/2026 14:39", ok: false},
		{in: "2026-02-30T00:00:00Z", ok: false},
		{in: "2026-04-18X14:39:00Z", ok: false},
		{in: "yesterday", ok: false},
		{in: "2026", ok: false},
		{in: "", ok: false},
		{in: "2026-04-18T14:39:00Z trailing", ok: false},
	}
	for _, tt := range tests {
		got, ok := timeParser{timeLayouts: tt.layouts}.parseTime(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) || (ok && got.Location() != time.UTC) {
			t.Errorf("parseTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := time.Date(2021, 9, 16, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in      string
		layouts []string
		want    time.Time
		ok      bool
	}{
		{in: "2021-09-16", want: day, ok: true},
		{in: "2021-09-16T00:00:00Z", want: day, ok: true},
		// The date as written, not as it falls in UTC.
		{in: "2021-09-16T23:30:00-05:00", want: day, ok: true},
		{in: "2021-09-16 00:00:00", want: day, ok: true},
		{in: "09/16/2021", layouts: []string{"01/02/2006"}, want: day, ok: true},
		{in: "09/16/2021", ok: false},
		{in: "2021-13-01", ok: false},
		{in: "16.09.2021", ok: false},
	}
	for _, tt := range tests {
		got, ok := timeParser{dateLayouts: tt.layouts}.parseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in       string
		want, ok bool
	}{
		{in: "true", want: true, ok: true},
		{in: "TRUE", want: true, ok: true},
		{in: "Yes", want: true, ok: true},
		{in: "1", want: true, ok: true},
		{in: "false", ok: true},
		{in: "No", ok: true},
		{in: "0", ok: true},
		{in: "maybe", ok: false},
		{in: "2", ok: false},
	}
	for _, tt := range tests {
		got, ok := parseBool(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseBool(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalisers(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"ssn dashes", digitsOnly, "123-45-6789", "123456789"},
		{"ssn spaces", digitsOnly, " 123 45 6789 ", "123456789"},
		{"ssn letters", digitsOnly, "N/A", ""},
		{"ssn non-ascii digits dropped", digitsOnly, "١٢٣", ""},
		{"routing", digitsOnly, "0110-0001-5", "011000015"},
		{"iban", bank.NormalizeAccount, "gb29 nwbk 6016 1331 9268 19", "GB29NWBK60161331926819"},
		{"account dashes", bank.NormalizeAccount, "12-3456-78", "12345678"},
		{"account non-ascii dropped", bank.NormalizeAccount, "ab·12é", "AB12"},
		{"eth lower-cased", normaliseWallet, "0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886e0f7030069857d2e4169ee7"},
		{"eth upper prefix", normaliseWallet, "0X52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886e0f7030069857d2e4169ee7"},
		{"bech32 lower-cased", normaliseWallet, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
		{"base58 kept", normaliseWallet, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
		{"0x but not hex kept", normaliseWallet, "0xZZ", "0xZZ"},
		{"tron kept", normaliseWallet, "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestIsPlaceholderSSN(t *testing.T) {
	tests := map[string]bool{
		"000000000": true,
		"000123456": true,
		"123004567": true,
		"123450000": true,
		"111111111": true,
		"999999999": true,
		"123456789": true,
		"784886210": false,
		"12345678":  false, // wrong length: hashed as it is
		"":          false,
	}
	for in, want := range tests {
		if got := isPlaceholderSSN(in); got != want {
			t.Errorf("isPlaceholderSSN(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestIsDateLayout(t *testing.T) {
	tests := map[string]bool{
		"2006-01-02":          true,
		"01/02/2006":          true,
		"02.01.2006 15:04":    true,
		"2006-01-02 15:04:05": true,
		"yyyy-mm-dd":          false,
		"15:04":               false,
		"hello":               false,
		"2006-01":             false,
	}
	for layout, want := range tests {
		if got := isDateLayout(layout); got != want {
			t.Errorf("isDateLayout(%q) = %v, want %v", layout, got, want)
		}
	}
}
