package profile

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	li := func(h string) Profile { return Profile{SiteLinkedIn, h, "linkedin:" + h} }
	gh := func(h string) Profile { return Profile{SiteGitHub, h, "github:" + h} }
	tests := []struct {
		in   string
		want Profile
		ok   bool
	}{
		{"https://linkedin.com/in/williambrown535/", li("williambrown535"), true},
		{"https://www.linkedin.com/in/mohammed-sharma", li("mohammed-sharma"), true},
		{"https://uk.linkedin.com/in/Jane-Doe/?trk=public_profile#about", li("jane-doe"), true},
		{"http://de.linkedin.com/in/jane-doe", li("jane-doe"), true},
		{"linkedin.com/in/jane-doe", li("jane-doe"), true},
		{"www.linkedin.com/in/jane-doe/details/experience/", li("jane-doe"), true},
		{"  HTTPS://WWW.LINKEDIN.COM/IN/JANE-DOE  ", li("jane-doe"), true},
		{"https://www.linkedin.com/in/j%C3%B6rg-m%C3%BCller", li("jörg-müller"), true},
		{"https://linkedin.com/in/jörg-müller", li("jörg-müller"), true},
		{"https://m.linkedin.com/in/jane-doe", li("jane-doe"), true},
		{"https://github.com/williambrown", gh("williambrown"), true},
		{"https://github.com/Kang-Dev84/", gh("kang-dev84"), true},
		{"github.com/janedoe/some-repo/tree/main", gh("janedoe"), true},
		{"https://janedoe.github.io/", gh("janedoe"), true},
		{"//github.com/janedoe?tab=repositories", gh("janedoe"), true},

		{"https://github.com/orgs/acme", Profile{"github.com", "orgs/acme", "github.com/orgs/acme"}, true},
		{"https://www.linkedin.com/company/acme/", Profile{"linkedin.com", "company/acme", "linkedin.com/company/acme"}, true},
		{"https://linkedin.com/in/ab", Profile{"linkedin.com", "in/ab", "linkedin.com/in/ab"}, true},
		{"https://gitlab.com/JaneDoe/", Profile{"gitlab.com", "janedoe", "gitlab.com/janedoe"}, true},
		{"https://www.janedoe.dev", Profile{"janedoe.dev", "", "janedoe.dev"}, true},
		{"https://github.com/", Profile{"github.com", "", "github.com"}, true},

		{"", Profile{}, false},
		{"jane doe", Profile{}, false},
		{"janedoe", Profile{}, false},
		{"javascript://alert(1)", Profile{}, false},
		{"ftp://github.com/janedoe", Profile{}, false},
		{"https://user:pass@github.com/janedoe", Profile{}, false},
		{"https://github.com/jane\x00doe", Profile{}, false},
		{"https://git\xffhub.com/janedoe", Profile{}, false},
		{"https://🙂.com/x", Profile{}, false},
		{"https://github.com/%zz", Profile{}, false},
		{"https://" + strings.Repeat("a", 5000) + ".com", Profile{}, false},
	}
	for _, tt := range tests {
		got, ok := Normalize(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("Normalize(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	in := []string{"https://www.linkedin.com/in/mohammed-sharma", "https://github.com/williambrown", "https://uk.linkedin.com/in/Jane-Doe/?trk=x"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(in[i%len(in)])
	}
}
