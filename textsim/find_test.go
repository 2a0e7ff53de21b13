package textsim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func find(t *testing.T, docs []Doc, opts Options) []Match {
	t.Helper()
	m, err := FindNearDuplicates(context.Background(), docs, opts)
	if err != nil {
		t.Fatalf("FindNearDuplicates: %v", err)
	}
	return m
}

// allPairs lists every pair of ids, A < B.
func allPairs(docs []Doc) map[[2]string]bool {
	want := map[[2]string]bool{}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			a, b := docs[i].ID, docs[j].ID
			if b < a {
				a, b = b, a
			}
			want[[2]string{a, b}] = true
		}
	}
	return want
}

func TestRingIsFound(t *testing.T) {
	for _, tc := range []struct {
		name   string
		copies int
		reword float64
	}{
		{"six copies, 30% reworded", 6, 0.3},
		{"six copies, 50% reworded", 6, 0.5},
		{"fourteen copies, 30% reworded", 14, 0.3},
		{"one copy, none reworded", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 5; seed++ {
				ring := ringDocs(newResumeGen(seed), "ring-", tc.copies, tc.reword)
				got := find(t, ring, Options{})
				want := allPairs(ring)
				low := 1.0
				for _, m := range got {
					if !want[[2]string{m.A, m.B}] {
						t.Errorf("seed %d: unexpected pair %v", seed, m)
					}
					delete(want, [2]string{m.A, m.B})
					low = min(low, m.Similarity)
				}
				if len(want) > 0 {
					t.Errorf("seed %d: %d ring pairs missed, e.g. %v", seed, len(want), firstKey(want))
				}
				t.Logf("seed %d: %d pairs, lowest similarity %.2f", seed, len(got), low)
			}
		})
	}
}

func firstKey(m map[[2]string]bool) [2]string {
	keys := make([][2]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	return keys[0]
}

func TestBootcampTemplateIsNotARing(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		docs := bootcampDocs(newResumeGen(seed), "grad-", 40)
		if got := find(t, docs, Options{}); len(got) > 0 {
			t.Errorf("seed %d: %d honest pairs reported, e.g. %v", seed, len(got), got[0])
		}
	}
}

func TestUnrelatedResumesDoNotMatch(t *testing.T) {
	docs := unrelatedDocs(newResumeGen(7), "u-", 500)
	if got := find(t, docs, Options{}); len(got) > 0 {
		t.Errorf("%d unrelated pairs reported, e.g. %v", len(got), got[0])
	}
}

// TestMixedCorpus hides two rings among template users and unrelated
// resumes: exactly the ring pairs come out, in order, every run alike.
func TestMixedCorpus(t *testing.T) {
	g := newResumeGen(11)
	ringA := ringDocs(g, "ra-", 6, 0.3)
	ringB := ringDocs(g, "rb-", 9, 0.3)
	docs := slices.Concat(ringA, bootcampDocs(g, "grad-", 40), unrelatedDocs(g, "u-", 500), ringB)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })

	got := find(t, docs, Options{})
	want := allPairs(ringA)
	for k := range allPairs(ringB) {
		want[k] = true
	}
	if len(got) != len(want) {
		t.Errorf("got %d pairs, want %d", len(got), len(want))
	}
	for _, m := range got {
		if !want[[2]string{m.A, m.B}] {
			t.Errorf("unexpected pair %v", m)
		}
		if m.A >= m.B {
			t.Errorf("pair not ordered: %v", m)
		}
	}
	if !slices.IsSortedFunc(got, func(x, y Match) int { return strings.Compare(x.A+"\x00"+x.B, y.A+"\x00"+y.B) }) {
		t.Error("matches not sorted")
	}
	again := find(t, docs, Options{})
	if !slices.Equal(got, again) {
		t.Error("two runs disagree")
	}
}

// TestIdenticalCopiesCountOnce: a large ring of unedited copies would
// exceed any document frequency cut if each copy counted.
func TestIdenticalCopiesCountOnce(t *testing.T) {
	g := newResumeGen(3)
	text := g.resume(3, 4).render()
	var docs []Doc
	for i := range 30 {
		docs = append(docs, Doc{ID: fmt.Sprintf("copy-%02d", i), Text: strings.ReplaceAll(text, "\n", "\r\n")})
	}
	docs = append(docs, unrelatedDocs(g, "u-", 50)...)
	got := find(t, docs, Options{})
	if len(got) != 30*29/2 {
		t.Fatalf("got %d pairs, want %d", len(got), 30*29/2)
	}
	for _, m := range got {
		if m.Similarity != 1 {
			t.Fatalf("identical copies scored %v", m.Similarity)
		}
	}
}

func TestHostileInput(t *testing.T) {
	junk := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	var huge strings.Builder
	g := newResumeGen(9)
	for huge.Len() < 1<<20 {
		huge.WriteString(g.resume(4, 4).render())
	}
	docs := []Doc{
		{ID: "empty", Text: ""},
		{ID: "spaces", Text: " \n\t\r\n "},
		{ID: "one-word", Text: "Engineer"},
		{ID: "one-word-2", Text: "Engineer"},
		{ID: "junk", Text: string(junk)},
		{ID: "junk-2", Text: string(junk[:1000])},
		{ID: "huge", Text: huge.String()},
		{ID: "huge-2", Text: huge.String()[:len(huge.String())/2]},
		{ID: "nul", Text: strings.Repeat("\x00", 5000)},
		{ID: "one-line", Text: strings.Repeat("word ", 200000)},
		{ID: "digits", Text: strings.Repeat("555-1234 2024 +1 (415) ", 1000)},
		{ID: "emails", Text: strings.Repeat("a@b.c http://x.y/z ", 1000)},
		{ID: "accents", Text: "José Núñez\nIngeniería de datos en São Paulo: ﬁnanzas, pagos, señales, Straße"},
		{ID: "rtl", Text: "محمد أحمد\nمهندس برمجيات في شركة كبيرة للتقنية المالية"},
		{ID: "long-line", Text: strings.Repeat("x", 3<<20)},
	}
	got := find(t, docs, Options{})
	for _, m := range got {
		if m.A == "one-word" || m.A == "empty" || m.A == "spaces" || m.A == "nul" {
			t.Errorf("degenerate document matched: %v", m)
		}
	}
	t.Logf("hostile matches: %v", got)
	if got := find(t, nil, Options{}); len(got) != 0 {
		t.Errorf("no documents gave %v", got)
	}
}

func TestOptionsAndIDsAreChecked(t *testing.T) {
	docs := []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}}
	for _, tc := range []struct {
		name string
		docs []Doc
		opts Options
	}{
		{"negative threshold", docs, Options{Threshold: -0.1}},
		{"threshold above one", docs, Options{Threshold: 1.5}},
		{"max doc freq one", docs, Options{MaxDocFreq: 1}},
		{"shingle size too big", docs, Options{ShingleSize: 40}},
		{"negative min features", docs, Options{MinFeatures: -1}},
		{"duplicate id", []Doc{{ID: "a"}, {ID: "a"}}, Options{}},
		{"empty id", []Doc{{ID: ""}}, Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FindNearDuplicates(context.Background(), tc.docs, tc.opts)
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Errorf("got %v, want an EINVALID error", err)
			}
		})
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs := unrelatedDocs(newResumeGen(1), "u-", 300)
	if _, err := FindNearDuplicates(ctx, docs, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestShingleSize records why 3 is the default: rewording breaks longer
// shingles, while template users stay apart with any of them.
func TestShingleSize(t *testing.T) {
	g := newResumeGen(21)
	ring := ringDocs(g, "r-", 6, 0.3)
	grads := bootcampDocs(g, "g-", 40)
	for _, k := range []int{3, 4, 5} {
		ringLow := 1.0
		for _, m := range find(t, ring, Options{ShingleSize: k, Threshold: 0.01}) {
			ringLow = min(ringLow, m.Similarity)
		}
		gradHigh := 0.0
		for _, m := range find(t, grads, Options{ShingleSize: k, Threshold: 0.01}) {
			gradHigh = max(gradHigh, m.Similarity)
		}
		t.Logf("k=%d: lowest ring pair %.2f, highest template pair %.2f", k, ringLow, gradHigh)
		if ringLow < DefaultThreshold || gradHigh >= DefaultThreshold {
			t.Errorf("k=%d does not separate ring (%.2f) from template (%.2f)", k, ringLow, gradHigh)
		}
	}
}

// TestSampleResumes runs on the contract's sample bundle when present. It
// checks nothing beyond running cleanly: the sample is one draw, not a
// ground truth to tune to; the pairs are logged for the record.
func TestSampleResumes(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "contract", "sample", "attachments", "resumes")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("sample resumes not available at %s: %v", dir, err)
	}
	var docs []Doc
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Doc{ID: e.Name(), Text: string(b)})
	}
	got := find(t, docs, Options{})
	t.Logf("%d resumes, %d near-duplicate pairs", len(docs), len(got))
	for _, m := range got {
		t.Logf("  %s %s %.3f (pairwise, no corpus: %.3f)", m.A, m.B, m.Similarity, Similarity(text(docs, m.A), text(docs, m.B)))
	}
}

func text(docs []Doc, id string) string {
	for _, d := range docs {
		if d.ID == id {
			return d.Text
		}
	}
	return ""
}

// TestRingAuthorsCountOnce: eight personas each send a reworded copy of
// their team's resume with four applications, 33 documents in all, more
// than MaxDocFreq. Counted by document, the team's text is boilerplate and
// the ring vanishes; counted by author, it is used by nine people and kept.
// Forty bootcamp graduates, one document each, stay apart either way.
func TestRingAuthorsCountOnce(t *testing.T) {
	g := newResumeGen(3)
	ring := ringDocs(g, "ring-", 32, 0.3)
	for i := range ring {
		ring[i].Author = fmt.Sprintf("persona-%d", (i+3)/4) // 0 alone, then four copies each
	}
	grads := bootcampDocs(g, "grad-", 40)
	for i := range grads {
		grads[i].Author = grads[i].ID
	}
	got := find(t, append(append([]Doc(nil), ring...), grads...), Options{})
	pairs := 0
	for _, m := range got {
		if !strings.HasPrefix(m.A, "ring-") || !strings.HasPrefix(m.B, "ring-") {
			t.Fatalf("a pair outside the ring: %v", m)
		}
		pairs++
	}
	if want := len(allPairs(ring)); pairs < want*9/10 {
		t.Fatalf("ring of 9 authors and 33 copies: %d of %d pairs found", pairs, want)
	}
	// Without authors the same corpus loses the ring's shared text.
	for i := range ring {
		ring[i].Author = ""
	}
	if n := len(find(t, ring, Options{})); n >= len(allPairs(ring))/2 {
		t.Errorf("without authors %d of %d pairs found: the test no longer shows what authors change", n, len(allPairs(ring)))
	}
}

func TestBoilerplateThresholdGrowsWithTheCorpus(t *testing.T) {
	for n, want := range map[int]int{0: 20, 600: 20, 20_000: 20, 66_000: 66, 1_000_000: 1000} {
		if got := scaledMaxDocFreq(n); got != want {
			t.Errorf("scaledMaxDocFreq(%d) = %d, want %d", n, got, want)
		}
	}
}
