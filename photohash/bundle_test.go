package photohash

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGeneratedBundle scores the matcher on a bundle written by
// `mosaic simulate`: matches between two people of one ring whose photos
// share a backdrop are right, matches between different people otherwise
// are wrong. It runs only when MOSAIC_PHOTO_BUNDLE names such a bundle,
// and asserts only that nobody outside a ring matches a ring backdrop.
func TestGeneratedBundle(t *testing.T) {
	dir := os.Getenv("MOSAIC_PHOTO_BUNDLE")
	if dir == "" {
		t.Skip("set MOSAIC_PHOTO_BUNDLE to a folder written by `mosaic simulate` to score the matcher")
	}
	person, ring, backdrop := readTruth(t, filepath.Join(dir, "truth.csv"))
	photoDir := filepath.Join(dir, "attachments", "photos")
	entries, err := os.ReadDir(photoDir)
	if err != nil {
		t.Fatal(err)
	}
	photos := make([]Photo, len(entries))
	var wg sync.WaitGroup
	var next sync.Mutex
	i := 0
	start := time.Now()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= len(entries) {
					return
				}
				name := entries[k].Name()
				fp, err := FromFile(filepath.Join(photoDir, name))
				if err != nil {
					t.Errorf("%s: %v", name, err)
				}
				photos[k] = Photo{ID: strings.TrimSuffix(name, filepath.Ext(name)), FP: fp}
			}
		}()
	}
	wg.Wait()
	fpTime := time.Since(start)
	start = time.Now()
	ms, err := FindMatches(context.Background(), photos, Options{})
	if err != nil {
		t.Fatal(err)
	}
	matchTime := time.Since(start)
	plain := 0
	for _, p := range photos {
		if p.FP.Plain {
			plain++
		}
	}
	var samePerson, ringRight, wrong int
	found := map[[2]string]bool{}
	for _, m := range ms {
		pa, pb := person[m.A], person[m.B]
		switch {
		case pa == pb:
			samePerson++
		case ring[pa] != "" && ring[pa] == ring[pb] && backdrop[pa] && backdrop[pb]:
			ringRight++
			found[[2]string{min(pa, pb), max(pa, pb)}] = true
		default:
			wrong++
			if wrong <= 10 {
				t.Logf("wrong: %+v (%s %s)", m, pa, pb)
			}
		}
	}
	// Pairs of people in one ring, both with a backdrop and a photo.
	withPhoto := map[string]bool{}
	for _, p := range photos {
		withPhoto[person[p.ID]] = true
	}
	byRing := map[string][]string{}
	for p, r := range ring {
		if r != "" && backdrop[p] && withPhoto[p] {
			byRing[r] = append(byRing[r], p)
		}
	}
	pairs := 0
	for _, ps := range byRing {
		pairs += len(ps) * (len(ps) - 1) / 2
	}
	t.Logf("%d photos (%d plain) fingerprinted in %s (%.0f µs/photo/core); matched in %s",
		len(photos), plain, fpTime.Round(time.Millisecond),
		float64(fpTime.Microseconds())*float64(runtime.GOMAXPROCS(0))/float64(len(photos)), matchTime.Round(time.Millisecond))
	t.Logf("%d matches: %d same person, %d ring backdrop (%d of %d ring person pairs), %d wrong",
		len(ms), samePerson, ringRight, len(found), pairs, wrong)
}

// readTruth maps application ids to people, and people to their ring and
// whether their photos carry the ring's backdrop.
func readTruth(t *testing.T, path string) (person, ring map[string]string, backdrop map[string]bool) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	person, ring, backdrop = map[string]string{}, map[string]string{}, map[string]bool{}
	for _, r := range rows[1:] {
		for _, app := range strings.Split(r[3], ";") {
			person[app] = r[0]
		}
		ring[r[0]] = r[2]
		backdrop[r[0]] = strings.Contains(r[6], "photo_background")
	}
	return person, ring, backdrop
}
