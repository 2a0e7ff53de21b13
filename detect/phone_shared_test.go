package detect

import "testing"

func TestPhoneShared(t *testing.T) {
	d := phoneShared{}
	t.Run("different people, one phone: fires for each", func(t *testing.T) {
		got := run(t, d,
			app("A1", "C1", "Ann", "Lee", "(602) 555-0143", "1 Oak St"),
			app("A2", "C2", "Bob", "Ray", "+1 602 555 0143", "9 Elm Ave"),
			app("A3", "C3", "Cid", "Moe", "602.555.0143", "5 Pine Rd"),
		)
		if len(got) != 3 {
			t.Fatalf("want 3 subjects flagged, got %d: %v", len(got), got)
		}
		if s := got["S-A1"][0]; s.Weight <= 1 {
			t.Fatalf("weight %v", s.Weight)
		}
	})
	t.Run("one person applying twice: quiet", func(t *testing.T) {
		got := run(t, d,
			app("A1", "C1", "Ann", "Lee", "(602) 555-0143", "1 Oak St"),
			app("A2", "C1", "Ann", "Lee", "(602) 555-0143", "1 Oak St"),
		)
		if len(got) != 0 {
			t.Fatalf("same candidate flagged: %v", got)
		}
	})
	t.Run("household sharing a landline: quiet", func(t *testing.T) {
		got := run(t, d,
			app("A1", "C1", "Ann", "Lee", "(602) 555-0143", "1 Oak Street"),
			app("A2", "C2", "Sam", "Lee", "602-555-0143", "1 Oak St."),
		)
		if len(got) != 0 {
			t.Fatalf("household flagged: %v", got)
		}
	})
	t.Run("agency switchboard: quiet", func(t *testing.T) {
		a := app("A1", "C1", "Ann", "Lee", "(602) 555-0100", "1 Oak St")
		b := app("A2", "C2", "Bob", "Ray", "(602) 555-0100", "9 Elm Ave")
		a.Source, b.Source = "agency", "agency"
		if got := run(t, d, a, b); len(got) != 0 {
			t.Fatalf("agency flagged: %v", got)
		}
	})
}
