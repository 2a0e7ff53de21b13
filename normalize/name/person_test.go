package name

import "testing"

func TestNamesAsSystemsWriteThem(t *testing.T) {
	yes := []struct{ written, first, last string }{
		// Order, capitals, commas.
		{"WANG Wei", "Wei", "Wang"},
		{"Wang, Wei", "Wei", "Wang"},
		{"WANG WEI", "Wei", "Wang"},
		{"wei wang", "Wei", "Wang"},
		{"SMITH, JOHN", "John", "Smith"},
		// Given names joined, hyphenated, spaced, in either system.
		{"PARK MIN JUN", "Min-jun", "Park"},
		{"Minjun Park", "Min-jun", "Park"},
		{"Min-Jun Park", "Minjun", "Park"},
		{"Park, Min Jun", "Min-jun", "Park"},
		{"KIM SEOYEON", "Seo-yeon", "Kim"},
		// Romanisations of the family name.
		{"YI Ji-hoon", "Ji-hoon", "Lee"},
		{"Rhee Jihoon", "Jihoon", "Lee"},
		{"PAK Minjun", "Min-jun", "Park"},
		{"Choe Da-eun", "Da-eun", "Choi"},
		{"Jeong Sung-min", "Sung-min", "Jung"},
		{"Chang Wei", "Wei", "Zhang"},
		{"Wong Mei", "Mei", "Wang"},
		{"LEE Xin", "Xin", "Li"},
		{"Chan Hui", "Hui", "Chen"},
		{"Lau Jing", "Jing", "Liu"},
		{"Ms. Hana Satoh", "Hana", "Sato"},
		// Diacritics, Vietnamese middle names, typos.
		{"Nguyễn Văn Minh", "Minh", "Nguyen"},
		{"NGUYEN VAN MINH", "Minh", "Nguyễn"},
		{"Trần Thị Thảo", "Thao", "Tran"},
		{"Pham Quang", "Quang", "Phạm"},
		{"Minh Ngyuen", "Minh", "Nguyen"},
		{"Thao Tran", "Thi Thao", "Tran"},
		// Middle names, initials, nicknames, short forms.
		{"John Michael Smith", "John", "Smith"},
		{"John M. Smith", "John", "Smith"},
		{"J. Smith", "John", "Smith"},
		{"John Smith", "John Michael", "Smith"},
		{"Bill Brown", "William", "Brown"},
		{"Jon Carter", "Jonathan", "Carter"},
		{"Maria Garcia", "Maria", "Garcia Lopez"},
		{"Maria Garcia-Lopez", "Maria", "Garcia Lopez"},
		{"Ana de la Cruz", "Ana", "Dela Cruz"},
		// Joint holders and care of.
		{"Ann Lee & Wei Wang", "Wei", "Wang"},
		{"Ann Lee & Wei Wang", "Ann", "Lee"},
		{"Wei and Min Wang", "Wei", "Wang"},
		{"WANG WEI / LI NA", "Na", "Li"},
		{"Mr & Mrs John Smith", "John", "Smith"},
		{"Ann Lee c/o Mark Jones", "Ann", "Lee"},
	}
	for _, c := range yes {
		if !Names(c.written, c.first, c.last) {
			t.Errorf("%q does not name %s %s", c.written, c.first, c.last)
		}
	}
	no := []struct{ written, first, last string }{
		{"Kevin Lee", "Wei", "Wang"},
		{"Wang Min", "Wei", "Wang"},
		{"Wei Zhang", "Wei", "Wang"},
		{"Huang Wei", "Wei", "Wang"}, // Wang and Huang are two names, though both are Wong in Cantonese
		{"Mario Garcia", "Maria", "Garcia"},
		{"Kim", "Min-jun", "Kim"},
		{"Min-jun", "Min-jun", "Kim"},
		{"Kevin I Smith", "Kevin", "Lee"}, // a middle initial is not the family name I
		{"Mark Jones c/o Ann Lee", "Ann", "Lee"},
		{"Ji-hoon Kim & Seo-yeon Park", "Ji-hoon", "Park"},
		{"", "Ann", "Lee"},
		{"Ann Lee", "", "Lee"},
		{"Ann Lee", "Ann", ""},
		{"Northwind Holdings LLC", "Ann", "Lee"},
	}
	for _, c := range no {
		if Names(c.written, c.first, c.last) {
			t.Errorf("%q names %s %s", c.written, c.first, c.last)
		}
	}
}

func TestSamePerson(t *testing.T) {
	same := [][4]string{
		{"Min-jun", "Park", "Minjun", "Pak"},
		{"Wei", "Wang", "Wang", "Wei"}, // entered family first in one system
		{"John", "Smith", "John Michael", "Smith"},
		{"Thảo", "Trần", "Thao", "Tran"},
	}
	for _, c := range same {
		if !SamePerson(Normalize(c[0], c[1]), Normalize(c[2], c[3])) {
			t.Errorf("%v: not the same person", c)
		}
	}
	differ := [][4]string{
		{"Wei", "Wang", "Wei", "Zhang"},
		{"Maria", "Garcia", "Mario", "Garcia"},
		{"Ann", "Lee", "", "Lee"},
	}
	for _, c := range differ {
		if SamePerson(Normalize(c[0], c[1]), Normalize(c[2], c[3])) {
			t.Errorf("%v: the same person", c)
		}
	}
	if !SameGiven(Normalize("Jessica", "Brown"), Normalize("Jessica", "Okafor")) || SameGiven(Normalize("Jessica", "Brown"), Normalize("Jennifer", "Brown")) {
		t.Error("SameGiven")
	}
}

func FuzzNames(f *testing.F) {
	f.Add("WANG Wei & Li Na c/o X", "Wei", "Wang")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, written, first, last string) {
		_ = Names(written, first, last)
	})
}
