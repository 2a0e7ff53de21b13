package doctext_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/secret"
)

// TestResumeReuseSameAcrossFormats scans one bundle three times, its
// resumes as .txt, as .docx and as .pdf: the same people are flagged for a
// reused resume, with the same similarity.
func TestResumeReuseSameAcrossFormats(t *testing.T) {
	var want []string
	for _, ext := range []string{".txt", ".docx", ".pdf"} {
		got := resumeSignals(t, ext)
		t.Logf("%s: %q", ext, got)
		if len(got) == 0 {
			t.Fatalf("%s: no resume reuse signal", ext)
		}
		if want == nil {
			want = got
			continue
		}
		// The same people, each named as the other's copy, and the
		// similarity the explanation gives within one point.
		if len(got) != len(want) {
			t.Fatalf("%s: signals %q, as .txt %q", ext, got, want)
		}
		for i := range got {
			g, w := percent.FindStringSubmatch(got[i]), percent.FindStringSubmatch(want[i])
			if g == nil || w == nil || percent.ReplaceAllString(got[i], "") != percent.ReplaceAllString(want[i], "") {
				t.Errorf("%s: signal %q, as .txt %q", ext, got[i], want[i])
				continue
			}
			gp, _ := strconv.Atoi(g[1])
			wp, _ := strconv.Atoi(w[1])
			if d := gp - wp; d > 1 || d < -1 {
				t.Errorf("%s: similarity %d%%, as .txt %d%%", ext, gp, wp)
			}
		}
	}
}

var percent = regexp.MustCompile(`(\d+)% similar`)

// resumeSignals returns "subject: explanation" for every resume signal.
func resumeSignals(t *testing.T, ext string) []string {
	t.Helper()
	dir := t.TempDir()
	apps := map[string]string{"A0000001": "ring-a", "A0000002": "ring-b", "A0000003": "honest"}
	var rows strings.Builder
	rows.WriteString("application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,resume_file\n")
	write(t, dir, "jobs.csv", "job_id,title,posted_at,remote\nJOB-1,Backend Engineer,2026-03-01T00:00:00Z,true\n")
	for i, id := range []string{"A0000001", "A0000002", "A0000003"} {
		data, err := os.ReadFile(filepath.Join("testdata", apps[id]+ext))
		if err != nil {
			t.Fatal(err)
		}
		name := "attachments/resumes/" + id + ext
		write(t, dir, name, string(data))
		rows.WriteString(id + ",C" + id[1:] + ",JOB-1,2026-03-0" + string(rune('2'+i)) + "T10:00:00Z,P" + id + ",Q" + id + "," + strings.ToLower(id) + "@example.com," + name + "\n")
	}
	write(t, dir, "applications.csv", rows.String())
	h, err := secret.NewHasher([]byte("doctext-test-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	var rejects []mosaic.Reject
	res, err := scan.Run(context.Background(), scan.Config{
		Dir:        dir,
		Extractors: []mosaic.Extractor{csvbundle.New(h, nil, nil), bundle.Attachments{}},
		Reject:     func(r mosaic.Reject) error { rejects = append(rejects, r); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rejects) > 0 {
		t.Fatalf("%s: rejected %+v", ext, rejects)
	}
	var out []string
	for _, s := range res.Report.Subjects {
		for _, sig := range s.Signals {
			if sig.RuleID == "hiring.resume_near_duplicate" {
				out = append(out, strings.Join(s.ApplicationIDs, "+")+": "+sig.Explanation)
			}
		}
	}
	slices.Sort(out)
	return out
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
