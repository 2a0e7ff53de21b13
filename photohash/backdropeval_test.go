package photohash

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackdropFigures measures the backdrop matcher on a bundle written by
// `mosaic simulate --textures ...`, which labels every photo in
// truth_backdrops.csv. It runs only when MOSAIC_BACKDROP_BUNDLE names such
// a bundle:
//
//	MOSAIC_BACKDROP_BUNDLE=/tmp/b301 go test ./photohash -run BackdropFigures -v
//
// It prints, as scan uses the matches (a photo whose background matches
// more than maxStrangers other people is a common setting and dropped):
//   - walls: the share of honest people on a textured wall whose photo
//     matches another person's background;
//   - studio: the same for honest people photographed in a studio;
//   - rings: the share of ring personas on a real cloth whose photo matches
//     a fellow persona's.
func TestBackdropFigures(t *testing.T) {
	dir := os.Getenv("MOSAIC_BACKDROP_BUNDLE")
	if dir == "" {
		t.Skip("MOSAIC_BACKDROP_BUNDLE is not set")
	}
	const maxStrangers = 15       // scan.MaxBackgroundMatches
	person := map[string]string{} // application id -> person id
	role := map[string]string{}   // person id -> legit or fraud
	for _, row := range readCSV(t, filepath.Join(dir, "truth.csv"))[1:] {
		role[row[0]] = row[1]
		for _, a := range strings.Split(row[3], ";") {
			person[a] = row[0]
		}
	}
	label := map[string][]string{} // application id -> backdrop, texture, group
	for _, row := range readCSV(t, filepath.Join(dir, "truth_backdrops.csv"))[1:] {
		label[row[0]] = row[1:]
	}
	files, _ := filepath.Glob(filepath.Join(dir, "attachments", "photos", "*"))
	var photos []Photo
	for _, f := range files {
		fp, err := FromFile(f)
		if err != nil {
			continue
		}
		id := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		photos = append(photos, Photo{ID: id, FP: fp})
	}
	matches, err := FindMatches(context.Background(), photos, Options{})
	if err != nil {
		t.Fatal(err)
	}
	others := map[string]map[string]bool{} // photo -> people its background matches
	for _, m := range matches {
		if m.Kind != KindBackground {
			continue
		}
		for _, ab := range [][2]string{{m.A, m.B}, {m.B, m.A}} {
			if person[ab[0]] == person[ab[1]] {
				continue
			}
			if others[ab[0]] == nil {
				others[ab[0]] = map[string]bool{}
			}
			others[ab[0]][person[ab[1]]] = true
		}
	}
	// Per person: matched to another person (after the crowding rule), and
	// for ring personas matched to a fellow persona of the same cloth.
	type tally struct{ people, matched map[string]bool }
	newTally := func() tally { return tally{map[string]bool{}, map[string]bool{}} }
	walls, studios, rings, plain := newTally(), newTally(), newTally(), newTally()
	for _, p := range photos {
		l, pid := label[p.ID], person[p.ID]
		if l == nil || pid == "" {
			continue
		}
		var tl tally
		switch l[0] {
		case "wall":
			tl = walls
		case "studio":
			tl = studios
		case "ring_texture":
			tl = rings
		case "plain":
			tl = plain
		default:
			continue
		}
		tl.people[pid] = true
		o := others[p.ID]
		if len(o) == 0 || len(o) > maxStrangers {
			continue
		}
		if l[0] != "ring_texture" {
			tl.matched[pid] = true
			continue
		}
		for q := range o {
			if role[q] == "fraud" {
				tl.matched[pid] = true
			}
		}
	}
	share := func(tl tally) string {
		return fmt.Sprintf("%d/%d = %.3f", len(tl.matched), len(tl.people), float64(len(tl.matched))/float64(max(1, len(tl.people))))
	}
	t.Logf("backdrops %s: honest textured walls matched %s; studio matched %s; plain matched %s; ring personas on real cloth found %s",
		filepath.Base(dir), share(walls), share(studios), share(plain), share(rings))
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}
