package profile

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleProfiles reads every profile link of the sample bundle's
// applications: each must be recognised as LinkedIn or GitHub.
func TestSampleProfiles(t *testing.T) {
	path := ""
	for _, root := range []string{filepath.Join("..", "..", ".."), filepath.Join("..", "..")} {
		p := filepath.Join(root, "shared", "contract", "sample", "applications.csv")
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("sample bundle (shared/contract/sample) not present; skipping")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
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
