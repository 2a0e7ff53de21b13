package profile

import "testing"

// FuzzNormalize checks that no input panics and that LinkedIn and GitHub
// profiles normalise the same from their canonical link.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"https://uk.linkedin.com/in/Jane-Doe/?trk=x", "github.com/janedoe/repo", "https://jane.github.io", "%", "\xff", "//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := Normalize(s)
		if !ok {
			return
		}
		var canonical string
		switch p.Site {
		case SiteLinkedIn:
			canonical = "https://www.linkedin.com/in/" + p.Handle
		case SiteGitHub:
			canonical = "https://github.com/" + p.Handle
		default:
			return
		}
		again, ok := Normalize(canonical)
		if !ok || again != p {
			t.Fatalf("Normalize(%q) = %+v; Normalize(%q) = %+v, %v", s, p, canonical, again, ok)
		}
	})
}
