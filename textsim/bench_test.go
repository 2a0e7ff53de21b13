package textsim

import (
	"context"
	"fmt"
	"testing"
)

// benchCorpus is n generated resumes of about 2 KB, one in a hundred of
// them in a ring of five.
func benchCorpus(n int) []Doc {
	g := newResumeGen(uint64(n))
	docs := make([]Doc, 0, n)
	for len(docs) < n {
		if len(docs)%100 == 0 && n-len(docs) >= 5 {
			docs = append(docs, ringDocs(g, fmt.Sprintf("r%07d-", len(docs)), 4, 0.3)...)
			continue
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("u%07d", len(docs)), Text: g.resume(3, 4).render()})
	}
	return docs
}

func BenchmarkFindNearDuplicates(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			docs := benchCorpus(n)
			bytes := 0
			for _, d := range docs {
				bytes += len(d.Text)
			}
			b.SetBytes(int64(bytes))
			b.ReportAllocs()
			var matches []Match
			for b.Loop() {
				var err error
				matches, err = FindNearDuplicates(context.Background(), docs, Options{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(matches)), "matches")
		})
	}
}

func BenchmarkSimilarity(b *testing.B) {
	ring := ringDocs(newResumeGen(1), "r", 1, 0.3)
	b.ReportAllocs()
	for b.Loop() {
		Similarity(ring[0].Text, ring[1].Text)
	}
}
