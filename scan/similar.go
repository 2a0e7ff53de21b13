package scan

import (
	"context"
	"strconv"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/photohash"
	"github.com/mosaic-sec/mosaic/textsim"
)

// MaxBackgroundMatches is the most other people whose photos one photo's
// background may match before that background counts as common.
const MaxBackgroundMatches = 15

// similarities finds near-duplicate resumes and reused photos between
// applications, through indexes (MinHash/LSH, hash bands), never all pairs.
//
// cache, when not nil, keeps the index searches' raw matches between calls:
// a search is re-run only when its inputs (the texts and their authors, the
// photos' fingerprints) changed, so the service re-analysing everything
// after a batch of sign-ins does not search resumes and photos again. The
// matches are the same either way; only the work is saved.
func similarities(ctx context.Context, g *link.Graph, cache *SimilarityCache) ([]link.Similarity, error) {
	ds := g.DS
	var out []link.Similarity
	docs := make([]textsim.Doc, 0, len(ds.Resumes))
	for i, r := range ds.Resumes {
		if app := g.ResumeApp[i]; app >= 0 {
			// One person's copies (a resume sent with each application)
			// count once when deciding what text is boilerplate.
			docs = append(docs, textsim.Doc{ID: strconv.Itoa(i), Text: r.Text, Author: g.Subjects[g.AppSubject[app]].Key})
		}
	}
	if len(docs) > 1 {
		matches, err := cache.resumeMatches(docs, func() ([]textsim.Match, error) {
			return textsim.FindNearDuplicates(ctx, docs, textsim.Options{})
		})
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			a, b := atoi(m.A), atoi(m.B)
			out = append(out, link.Similarity{
				AppA: g.ResumeApp[a], AppB: g.ResumeApp[b], Kind: "resume", Score: m.Similarity,
				Evidence: []mosaic.Evidence{evidenceOf(ds.Resumes[a].Origin), evidenceOf(ds.Resumes[b].Origin)},
			})
		}
	}
	photos := make([]photohash.Photo, 0, len(ds.Photos))
	for i, p := range ds.Photos {
		fp, ok := p.Fingerprint.(photohash.Fingerprint)
		if ok && g.PhotoApp[i] >= 0 {
			photos = append(photos, photohash.Photo{ID: strconv.Itoa(i), FP: fp})
		}
	}
	if len(photos) > 1 {
		matches, err := cache.photoMatches(photos, func() ([]photohash.Match, error) {
			return photohash.FindMatches(ctx, photos, photohash.Options{})
		})
		if err != nil {
			return nil, err
		}
		crowded := crowdedBackgrounds(matches, func(photo string) int { return g.AppSubject[g.PhotoApp[atoi(photo)]] })
		for _, m := range matches {
			if m.Kind == photohash.KindBackground && (crowded[m.A] || crowded[m.B]) {
				continue
			}
			a, b := atoi(m.A), atoi(m.B)
			kind := "photo_background"
			if m.Kind == photohash.KindSamePhoto {
				kind = "photo"
			}
			out = append(out, link.Similarity{
				AppA: g.PhotoApp[a], AppB: g.PhotoApp[b], Kind: kind, Score: m.Similarity,
				Evidence: []mosaic.Evidence{evidenceOf(ds.Photos[a].Origin), evidenceOf(ds.Photos[b].Origin)},
			})
		}
	}
	return out, nil
}

func evidenceOf(o mosaic.Origin) mosaic.Evidence { return mosaic.EvidenceFrom(o, "") }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// crowdedBackgrounds returns the photos whose background matches the photos
// of more than MaxBackgroundMatches other people. Such a background is a
// common setting (a studio wall, an office, a look-alike pattern), not one
// team's backdrop: it is evidence of nothing, like a switchboard phone.
// People are counted, not photos: a ring persona sends the same photo with
// each application, and a ring of a dozen personas may send fifty.
func crowdedBackgrounds(matches []photohash.Match, personOf func(photo string) int) map[string]bool {
	people := map[string]map[int]bool{}
	note := func(photo, other string) {
		if people[photo] == nil {
			people[photo] = map[int]bool{}
		}
		if p := personOf(other); p != personOf(photo) {
			people[photo][p] = true
		}
	}
	for _, m := range matches {
		if m.Kind == photohash.KindBackground {
			note(m.A, m.B)
			note(m.B, m.A)
		}
	}
	crowded := map[string]bool{}
	for photo, ps := range people {
		if len(ps) > MaxBackgroundMatches {
			crowded[photo] = true
		}
	}
	return crowded
}
