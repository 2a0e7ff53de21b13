package name

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, first, last string
		want              Name
	}{
		{"plain", "William", "Brown", Name{"william", "brown", "William Brown", "william brown", "BRAN"}},
		{"hyphenated given", "Eun-ji", "Carter", Name{"eunji", "carter", "Eun-ji Carter", "eunji carter", "CARTAR"}},
		{"spaced given", "Eun Ji", "CARTER", Name{"eunji", "carter", "Eun Ji CARTER", "eunji carter", "CARTAR"}},
		{"accents", "José", "Núñez", Name{"jose", "nunez", "José Núñez", "jose nunez", "NAN"}},
		{"last, first in first", "Carter, Eun-ji", "", Name{"eunji", "carter", "Eun-ji Carter", "eunji carter", "CARTAR"}},
		{"last, first in last", "", "Carter,Eun-ji", Name{"eunji", "carter", "Eun-ji Carter", "eunji carter", "CARTAR"}},
		{"whole name in first", "Mary Ann Smith", "", Name{"maryann", "smith", "Mary Ann Smith", "maryann smith", "SNAT"}},
		{"title and middle initial", "Dr. John Q.", "Public", Name{"john", "public", "Dr. John Q. Public", "john public", "PABLAC"}},
		{"generational suffix", "Robert", "Browne III", Name{"robert", "browne", "Robert Browne III", "robert browne", "BRAN"}},
		{"apostrophe and hyphenated family", "Seán", "O'Brien-García", Name{"sean", "obrien garcia", "Seán O'Brien-García", "sean obrien garcia", "OBRANGARC"}},
		{"spaces and controls", "  Anna\t\x00 ", " \u200bLee\n", Name{"anna", "lee", "Anna Lee", "anna lee", "LY"}},
		{"Hangul keeps its letters", "은지", "김", Name{"은지", "김", "은지 김", "은지 김", "김"}},
		{"family only", "", "Sato", Name{"", "sato", "Sato", "sato", "SAT"}},
		{"given only", "Priya", "", Name{"priya", "", "Priya", "priya", ""}},
		{"empty", "", "", Name{}},
		{"punctuation only", "--", "..", Name{"", "", "-- ..", "", ""}},
		{"invalid utf-8", "Jo\xffhn", "Sm\xfeith", Name{"john", "smith", "John Smith", "john smith", "SNAT"}},
		{"emoji", "🙂 Ana", "Lima 🙂", Name{"ana", "lima", "🙂 Ana Lima 🙂", "ana lima", "LAN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.first, tt.last); got != tt.want {
				t.Errorf("Normalize(%q, %q) =\n%+v; want\n%+v", tt.first, tt.last, got, tt.want)
			}
		})
	}
}

func TestSameKey(t *testing.T) {
	groups := [][][2]string{
		{{"Eun-ji", "Carter"}, {"Eunji", "Carter"}, {"Eun Ji", "carter"}, {"EUN-JI", "CARTER"}, {"Carter, Eun-ji", ""}},
		{{"Zoë", "Müller"}, {"Zoe", "Muller"}, {"ZOE", "MÜLLER"}},
		{{"Ha-eun", "Ivanov"}, {"Haeun", "Ivanov"}},
	}
	for _, g := range groups {
		want := Normalize(g[0][0], g[0][1]).Key
		for _, n := range g[1:] {
			if got := Normalize(n[0], n[1]).Key; got != want {
				t.Errorf("%q %q: key %q; want %q", n[0], n[1], got, want)
			}
		}
	}
}

func TestPhoneticMeets(t *testing.T) {
	pairs := [][2]string{{"Carter", "Karter"}, {"Catherine", "Katherine"}, {"Phillips", "Filips"}, {"Brown", "Braun"}, {"Knight", "Night"}, {"Schmitt", "Schmit"}}
	for _, p := range pairs {
		a, b := Normalize("", p[0]).Phonetic, Normalize("", p[1]).Phonetic
		if a != b {
			t.Errorf("%s -> %s but %s -> %s", p[0], a, p[1], b)
		}
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bill", "william"}, {"Will", "william"}, {"Billy", "william"}, {"William", "william"},
		{"Bob", "robert"}, {"Rob", "robert"}, {"Mike", "michael"}, {"Liz", "elizabeth"},
		{"Beth", "elizabeth"}, {"Jim", "james"}, {"Jimmy", "james"}, {"Kate", "katherine"},
		{"Catherine", "katherine"}, {"Steve", "steven"}, {"Stephen", "steven"},
		{"Alex", "alex"}, {"Chris", "chris"}, {"Sam", "sam"},
		{"Eun-ji", "eunji"}, {" BILL ", "william"}, {"", ""}, {"\xff", ""},
	}
	for _, tt := range tests {
		if got := Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNicknameTable(t *testing.T) {
	if len(nicknames) < 80 {
		t.Errorf("%d nicknames; want about 80 or more", len(nicknames))
	}
	for nick, formal := range nicknames {
		if givenKey(nick) != nick || givenKey(formal) != formal {
			t.Errorf("entry %q -> %q is not folded", nick, formal)
		}
		if _, chained := nicknames[formal]; chained {
			t.Errorf("%q -> %q, which is itself a nickname", nick, formal)
		}
	}
}

func TestHuge(t *testing.T) {
	n := Normalize(strings.Repeat("Ann-", 100000), strings.Repeat("Lee ", 100000))
	if len(n.Full) > 2*maxField+1 || len(n.Key) > 2*maxField+1 {
		t.Errorf("huge input gave %d-byte Full, %d-byte Key", len(n.Full), len(n.Key))
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Normalize("Eun-ji", "Carter")
	}
}
