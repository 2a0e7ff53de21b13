package name

import "testing"

func TestNear(t *testing.T) {
	for _, tc := range []struct {
		a, b [2]string
		want bool
	}{
		{[2]string{"John", "Smith"}, [2]string{"JOHN", "SMITH"}, true},
		{[2]string{"Jonh", "Smith"}, [2]string{"John", "Smith"}, true},                // swapped letters
		{[2]string{"Bill", "Carter"}, [2]string{"William", "Karter"}, true},           // nickname, sounds alike
		{[2]string{"Priya", "Ramachandran"}, [2]string{"Priya", "Ramachadran"}, true}, // one typo in a long name
		{[2]string{"Eun-ji", "Park"}, [2]string{"Eunji", "Park"}, true},
		{[2]string{"Maria", "Garcia"}, [2]string{"Mario", "Garcia"}, false}, // siblings, not a typo
		{[2]string{"Ana", "Lee"}, [2]string{"Ana", "Lea"}, false},           // short family names
		{[2]string{"David", "Chen"}, [2]string{"Daniel", "Chen"}, false},
		{[2]string{"John", "Smith"}, [2]string{"Jane", "Smith"}, false},
		{[2]string{"", "Smith"}, [2]string{"", "Smith"}, false}, // too little to go on
	} {
		a, b := Normalize(tc.a[0], tc.a[1]), Normalize(tc.b[0], tc.b[1])
		if got := Near(a, b); got != tc.want {
			t.Errorf("Near(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if Near(a, b) != Near(b, a) {
			t.Errorf("Near(%v, %v) is not symmetric", tc.a, tc.b)
		}
	}
}
