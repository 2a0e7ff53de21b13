package photohash

import "context"

// patternChromaCell is the width of a chromaticity cell of the pattern
// index: twice... no wider than patternChromaDistance, so that two sides
// close enough to agree sit in the same or a neighbouring cell.
const patternChromaCell = patternChromaDistance

// confirmPatterns checks every background match of photos whose backdrops
// both show a pattern: the pattern itself must line up (aligned), or the
// match was two palettes alike, not one backdrop. Matches of old
// fingerprints (no Pattern) and same-photo matches pass unchanged.
// patternMinVotesToKeep is the least number of windows that must fit
// near one displacement for a match the tiles found to stand, when both
// backdrops show enough pattern to tell: two at least, as two different
// walls of one colour seldom manage.
const patternMinVotesToKeep = 2

func confirmPatterns(ctx context.Context, photos []Photo, matches []Match) []Match {
	index := make(map[string]int, len(photos))
	for i := range photos {
		index[photos[i].ID] = i
	}
	out := matches[:0]
	for _, m := range matches {
		if m.Kind == KindBackground && ctx.Err() == nil {
			a, b := photos[index[m.A]].FP.Pattern, photos[index[m.B]].FP.Pattern
			if al := aligned(a, b); al.known && al.votes < patternMinVotesToKeep {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// patternMatches finds the backdrops that line up although no tile agrees:
// a cloth shifted, scaled and re-lit. Candidates come from an index of
// each textured side's chromaticity cell (probing the neighbouring cells),
// so a photo is compared only with photos of backdrops of its colour, and
// a cell that more than MaxBucket photos share (a colour half the company
// has behind it) proposes nothing.
func patternMatches(ctx context.Context, photos []Photo, found []Match, opts Options) []Match {
	have := make(map[[2]string]bool, len(found))
	for _, m := range found {
		have[[2]string{m.A, m.B}] = true
	}
	type cell struct{ side, r, g int }
	cellOf := func(s int, c [2]uint8) cell {
		return cell{s, int(c[0]) / patternChromaCell, int(c[1]) / patternChromaCell}
	}
	buckets := map[cell][]int{}
	for i := range photos {
		p := photos[i].FP.Pattern
		if p == nil || photos[i].FP.Plain {
			continue
		}
		for s := 0; s < 2; s++ {
			if p.Textured[s] {
				k := cellOf(s, p.Chroma[s])
				buckets[k] = append(buckets[k], i)
			}
		}
	}
	var out []Match
	for i := range photos {
		if ctx.Err() != nil {
			return out
		}
		p := photos[i].FP.Pattern
		if p == nil || photos[i].FP.Plain {
			continue
		}
		for s := 0; s < 2; s++ {
			if !p.Textured[s] {
				continue
			}
			k := cellOf(s, p.Chroma[s])
			for dr := -1; dr <= 1; dr++ {
				for dg := -1; dg <= 1; dg++ {
					other := buckets[cell{s, k.r + dr, k.g + dg}]
					if len(other) > opts.MaxBucket {
						continue
					}
					for _, j := range other {
						if j <= i {
							continue
						}
						m := Match{A: photos[i].ID, B: photos[j].ID, Kind: KindBackground}
						if m.B < m.A {
							m.A, m.B = m.B, m.A
						}
						if have[[2]string{m.A, m.B}] {
							continue
						}
						have[[2]string{m.A, m.B}] = true
						al := aligned(p, photos[j].FP.Pattern)
						if !patternProves(al, &photos[i].FP, &photos[j].FP) {
							continue
						}
						m.Similarity = min(1, float64(al.strict)/float64(patternH/patternWin))
						out = append(out, m)
					}
				}
			}
		}
	}
	return out
}

// patternProves reports whether an alignment found without the tiles is a
// backdrop: the pattern lines up on both sides, or on one side by four
// windows or more (a cloth hung off centre leaves a strip of wall at the
// other). Either way the side strips must show structure in both photos
// where the sitter does not reach (see strip.go): the hair of two
// close-framed sitters lines up too, but it is the sitter.
func patternProves(al alignment, a, b *Fingerprint) bool {
	structured := func(s int) bool { return a.Sides[s].Structured && b.Sides[s].Structured }
	if al.bothSides() {
		return structured(0) || structured(1)
	}
	for s := 0; s < 2; s++ {
		if al.side[s] >= patternMinVotes+1 && structured(s) {
			return true
		}
	}
	return false
}
