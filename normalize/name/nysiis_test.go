package name

import "testing"

// TestNYSIIS uses the published test vectors of the jellyfish library
// (testdata/nysiis.csv), which implements NYSIIS without truncation.
func TestNYSIIS(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Worthy", "WARTY"}, {"Ogata", "OGAT"}, {"montgomery", "MANTGANARY"}, {"Costales", "CASTAL"},
		{"Tu", "T"}, {"martincevic", "MARTANCAFAC"}, {"Catherine", "CATARAN"}, {"Katherine", "CATARAN"},
		{"Katerina", "CATARAN"}, {"Johnathan", "JANATAN"}, {"Jonathan", "JANATAN"}, {"John", "JAN"},
		{"Teresa", "TARAS"}, {"Theresa", "TARAS"}, {"Jessica", "JASAC"}, {"Joshua", "JAS"},
		{"Bosch", "BAS"}, {"Lapher", "LAFAR"}, {"wiyh", "WY"}, {"MacArthur", "MCARTAR"},
		{"Pheenard", "FANAD"}, {"Schmittie", "SNATY"}, {"Knaqze", "NAGS"}, {"Knokno", "NAN"},
		{"Knoko", "NAC"}, {"Macaw", "MC"}, {"T", "T"}, {"S", "S"}, {"P", "P"}, {"K", "C"},
		{"M", "M"}, {"E", "E"}, {"PFEISTER", "FASTAR"}, {"SARAH", "SAR"},
	}
	for _, tt := range tests {
		if got := phonetic(familyKey(tt.in)); got != tt.want {
			t.Errorf("NYSIIS(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestPhoneticFallback(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"김", "김"},
		{"ван дер", "вандер"},
		{"o brien", "OBRAN"},
		{"123", "123"},
	}
	for _, tt := range tests {
		if got := phonetic(tt.in); got != tt.want {
			t.Errorf("phonetic(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
