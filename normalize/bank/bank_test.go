package bank

import (
	"strings"
	"testing"
)

func TestValidABA(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"011000015", true},   // Federal Reserve Bank of Boston
		{"021000021", true},   // JPMorgan Chase, New York
		{"121000358", true},   // Bank of America, California
		{"322271627", true},   // Chase, California
		{"018802177", true},   // from the sample bundle
		{"0110-0001-5", true}, // separators allowed
		{" 011000015 ", true},
		{"011000016", false}, // wrong check digit
		{"000000000", false}, // all zeros pass the sum but are no bank
		{"991000015", false}, // prefix not in use
		{"01100001", false},  // eight digits
		{"0110000150", false},
		{"01100001a", false},
		{"０１１０００００１５", false}, // full-width digits are not typed by an export
		{"", false},
		{"\xff\xfe", false},
		{strings.Repeat("1", 10000), false},
	}
	for _, tt := range tests {
		if got := ValidABA(tt.in); got != tt.want {
			t.Errorf("ValidABA(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidIBAN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"GB82 WEST 1234 5698 7654 32", true},
		{"gb82west12345698765432", true},
		{"DE89 3704 0044 0532 0130 00", true},
		{"FR14 2004 1010 0505 0001 3M02 606", true},
		{"NL91ABNA0417164300", true},
		{"NO9386011117947", true},
		{"GB82 WEST 1234 5698 7654 33", false}, // check fails
		{"GB82 WEST 1234 5698 7654", false},    // too short for GB
		{"DE89 3704 0044 0532 0130 0", false},
		{"1282WEST12345698765432", false},
		{"GBXXWEST12345698765432", false},
		{"GB82_WEST_1234_5698_7654_32", false},
		{"GB82WEST12345698765432🙂", false},
		{"", false},
		{strings.Repeat("A", 10000), false},
	}
	for _, tt := range tests {
		if got := ValidIBAN(tt.in); got != tt.want {
			t.Errorf("ValidIBAN(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeAccount(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0012-3456 78", "0012345678"},
		{"001234567 8", "0012345678"},
		{"ab12cd", "AB12CD"},
		{"１２３", "123"},
		{" 12\x00\t34\n", "1234"},
		{"\xff12", "12"},
		{"🙂", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeAccount(tt.in); got != tt.want {
			t.Errorf("NormalizeAccount(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := NormalizeAccount(strings.Repeat("1", 100000)); len(got) > maxInput {
		t.Errorf("huge input gave %d bytes", len(got))
	}
}
