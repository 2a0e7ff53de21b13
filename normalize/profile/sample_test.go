package profile

import (
	"github.com/mosaic-sec/mosaic/normalize/internal/sample"
	"testing"
)

// TestSampleProfiles reads every profile link of the sample bundle's
// applications: each must be recognised as LinkedIn or GitHub.
func TestSampleProfiles(t *testing.T) {
	rows, col := sample.Rows(t, "applications.csv")
	want := map[string]string{"linkedin_url": SiteLinkedIn, "github_url": SiteGitHub}
	seen := 0
	for _, r := range rows[1:] {
		for column, site := range want {
			raw := r[col[column]]
			if raw == "" {
				continue
			}
			seen++
			if p, ok := Normalize(raw); !ok || p.Site != site {
				t.Errorf("%s %q: got %+v, %v; want site %s", column, raw, p, ok, site)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no profile links in the sample")
	}
}
