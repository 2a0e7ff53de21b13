package textsim

import (
	"os"
	"path/filepath"
	"testing"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTestdataResumes: two hand-written copies of one resume (other name,
// layout and contact details, sections moved, two bullets reworded), an
// honest resume in the same field, and broken files.
func TestTestdataResumes(t *testing.T) {
	names := []string{"ring-a.txt", "ring-b.txt", "honest.txt", "broken-encoding.txt", "docx-bytes.txt"}
	var docs []Doc
	for _, n := range names {
		docs = append(docs, Doc{ID: n, Text: readTestdata(t, n)})
	}
	got := find(t, docs, Options{})
	if len(got) != 1 || got[0].A != "ring-a.txt" || got[0].B != "ring-b.txt" {
		t.Fatalf("got %v, want only the ring pair", got)
	}
	t.Logf("ring pair similarity %.3f", got[0].Similarity)
	if s := Similarity(docs[0].Text, docs[2].Text); s > 0.3 {
		t.Errorf("honest resume scored %.3f against the ring", s)
	}
}

// FuzzSimilarity checks that no input panics or leaves [0, 1].
func FuzzSimilarity(f *testing.F) {
	for _, n := range []string{"ring-a.txt", "honest.txt", "broken-encoding.txt", "docx-bytes.txt"} {
		f.Add(readTestdata(f, n), readTestdata(f, "ring-b.txt"))
	}
	f.Add("", "")
	f.Add("RESUME\n\n", "Name: \n")
	f.Fuzz(func(t *testing.T, a, b string) {
		s := Similarity(a, b)
		if !(s >= 0 && s <= 1) {
			t.Fatalf("similarity %v out of range", s)
		}
	})
}
