package photohash

import (
	"context"
	"math"
	"math/bits"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/mosaic-sec/mosaic"
)

// maxBorderTiles bounds Fingerprint.Border so a hand-made fingerprint cannot
// make the index allocate without limit.
const maxBorderTiles = 64

// Same-photo thumbnails: the largest mean and the largest single-cell
// difference (summed over R, G and B). Re-encoding or scaling moves every
// cell a few levels and a slight crop moves the cells on strong edges by
// a tenth of the edge's contrast; a face, shirt or card photo of another
// colour moves its own cells by far more.
const (
	thumbMaxDiff     = 24
	thumbMaxCellDiff = 90
)

// FindMatches returns the pairs of photos that are the same picture
// (KindSamePhoto) or share a patterned background (KindBackground), sorted
// by A then B. A pair is reported once, with its strongest kind. Plain
// backgrounds never make a background match. Candidates come from a banded
// index of the hashes, so the work grows with the number of photos and the
// number of true neighbours rather than with the number of pairs.
func FindMatches(ctx context.Context, photos []Photo, opts Options) ([]Match, error) {
	opts = opts.withDefaults()
	tiles, err := validate(photos)
	if err != nil {
		return nil, err
	}
	if len(photos) < 2 {
		return nil, ctx.Err()
	}

	// The whole-photo hashes go to a band index that finds every pair up
	// to maxIndexedDistance apart. Table k of the tile index is the pHash
	// of border tile k and table tiles+k its texture signature. Only
	// textured tiles of non-Plain photos are indexed: nothing else can
	// contribute to a background match.
	whole := newBandIndex(len(photos), 1, opts.MaxBucket, func(add func(int, int32, uint64)) {
		for i := range photos {
			if fp := &photos[i].FP; len(fp.Border) > 0 {
				add(0, int32(i), fp.Whole)
			}
		}
	})
	tilesIx := newTileIndex(opts.MaxBucket, func(add func(int, int32, uint64)) {
		for i := range photos {
			fp := &photos[i].FP
			if len(fp.Border) == 0 || fp.Plain {
				continue
			}
			for k, h := range fp.Border {
				if fp.Tiles[k].Textured {
					add(k, int32(i), h)
					add(tiles+k, int32(i), fp.Texture[k])
				}
			}
		}
	})
	// The whole hashes side by side, so that the many chance candidates
	// of the whole-photo bands are dismissed without touching the photos.
	wholes := make([]uint64, len(photos))
	for i := range photos {
		wholes[i] = photos[i].FP.Whole
	}
	ix := &indexes{whole: whole, tiles: tilesIx, wholes: wholes, summaries: newTileSummaries(photos, tiles)}

	workers := min(runtime.GOMAXPROCS(0), max(1, len(photos)/256))
	results := make([][]Match, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[w] = matchRange(ctx, photos, ix, tiles, opts, &next)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	var out []Match
	for _, r := range results {
		out = append(out, r...)
	}
	out = append(out, stripMatches(photos, out, opts)...)
	out = confirmPatterns(ctx, photos, out)
	if opts.AlignedWithoutTiles {
		out = append(out, patternMatches(ctx, photos, out, opts)...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out, nil
}

// validate rejects input the matcher cannot use and returns the number of
// border tiles to index.
func validate(photos []Photo) (int, error) {
	seen := make(map[string]struct{}, len(photos))
	tiles := 0
	for i := range photos {
		p := &photos[i]
		if p.ID == "" {
			return 0, mosaic.Errorf(mosaic.EINVALID, "photo %d has no id", i)
		}
		if _, dup := seen[p.ID]; dup {
			return 0, mosaic.Errorf(mosaic.EINVALID, "photo id %q appears twice", p.ID)
		}
		seen[p.ID] = struct{}{}
		if len(p.FP.Border) != len(p.FP.Tiles) || len(p.FP.Border) != len(p.FP.Texture) {
			return 0, mosaic.Errorf(mosaic.EINVALID, "photo %q: fingerprint has %d border hashes, %d texture signatures and %d tile statistics",
				p.ID, len(p.FP.Border), len(p.FP.Texture), len(p.FP.Tiles))
		}
		if len(p.FP.Border) > maxBorderTiles {
			return 0, mosaic.Errorf(mosaic.EINVALID, "photo %q: fingerprint has %d border tiles, more than %d", p.ID, len(p.FP.Border), maxBorderTiles)
		}
		tiles = max(tiles, len(p.FP.Border))
	}
	// Index offsets are int32.
	if int64(len(photos))*int64(2*tiles)*tileBandCount > math.MaxInt32 {
		return 0, mosaic.Errorf(mosaic.EINVALID, "%d photos are too many to match in one call", len(photos))
	}
	return tiles, nil
}

// indexes are the candidate generators of FindMatches.
type indexes struct {
	whole  *bandIndex
	tiles  *tileIndex
	wholes []uint64 // Fingerprint.Whole of every photo
	// summaries dismiss most candidates before compare reads the photos.
	summaries *tileSummaries
}

// matchRange takes photos off the shared counter in chunks and compares
// each with the later photos the indexes propose.
func matchRange(ctx context.Context, photos []Photo, ix *indexes, tiles int, opts Options, next *atomic.Int64) []Match {
	const chunk = 64
	var out []Match
	stamp := make([]int32, len(photos)) // stamp[j] == i+1: j already proposed for i
	var cands []int32
	for {
		start := int(next.Add(chunk)) - chunk
		if start >= len(photos) || ctx.Err() != nil {
			return out
		}
		for i := start; i < min(start+chunk, len(photos)); i++ {
			a := &photos[i].FP
			if len(a.Border) == 0 {
				continue
			}
			cands = cands[:0]
			visit := func(j int32) {
				if stamp[j] != int32(i+1) {
					stamp[j] = int32(i + 1)
					cands = append(cands, j)
				}
			}
			// A pair proposed by the whole hash alone can only be the
			// same photo, which compare accepts only within
			// SamePhotoDistance: the bands' chance neighbours stop here.
			// (A background match is proposed by the tile index.)
			ix.whole.probe(0, a.Whole, true, int32(i), func(j int32) {
				if bits.OnesCount64(a.Whole^ix.wholes[j]) <= opts.SamePhotoDistance {
					visit(j)
				}
			})
			if !a.Plain {
				for k, h := range a.Border {
					if a.Tiles[k].Textured {
						ix.tiles.probe(k, h, int32(i), visit)
						ix.tiles.probe(tiles+k, a.Texture[k], int32(i), visit)
					}
				}
			}
			for _, j := range cands {
				d := bits.OnesCount64(a.Whole ^ ix.wholes[j])
				if !ix.summaries.mayMatch(int32(i), j, d, &opts) {
					continue
				}
				if m, ok := compare(&photos[i], &photos[j], opts); ok {
					out = append(out, m)
				}
			}
		}
	}
}

// compare verifies a candidate pair, same photo first. Cheap tests come
// first: most candidates are chance collisions in one band.
func compare(pa, pb *Photo, opts Options) (Match, bool) {
	a, b := &pa.FP, &pb.FP
	if len(a.Border) != len(b.Border) || len(a.Border) == 0 {
		return Match{}, false
	}
	// The whole-photo hash sees mostly the sitter; a fine backdrop
	// averages away in it. The same picture must therefore also keep its
	// border (below), or two people in the same pose on different
	// tablecloths would pass for one photo.
	//
	// On plain walls nothing corroborates the subject, and subjects of one
	// template (ID cards, passport poses) differ only in a small face, so
	// the thresholds halve there.
	plain := a.Plain || b.Plain
	strict := 1
	if plain {
		strict = 2
	}
	d := bits.OnesCount64(a.Whole ^ b.Whole)
	maybeSame := d <= opts.SamePhotoDistance/strict && thumbsAlike(&a.Thumb, &b.Thumb, strict)
	if !maybeSame && plain {
		return Match{}, false
	}
	need := opts.MinTiles
	if maybeSame {
		need = min(need, (len(a.Border)+1)/2)
	}
	agree, texturedAgree, backdrop, worst := borderAgreement(a, b, opts, need)

	m := Match{A: pa.ID, B: pb.ID}
	if m.B < m.A {
		m.A, m.B = m.B, m.A
	}
	if maybeSame && 2*agree >= len(a.Border) {
		m.Kind, m.Distance, m.Similarity = KindSamePhoto, d, 1-float64(d)/64
		return m, true
	}
	if plain || agree < opts.MinTiles || texturedAgree < opts.MinTexturedTiles || !backdrop.enough(opts.MinBackdropTiles) ||
		!patternBeside(a, b) {
		return Match{}, false
	}
	m.Kind, m.Distance, m.Similarity = KindBackground, worst, float64(agree)/float64(len(a.Border))
	return m, true
}

// backdropAgreement counts the textured tiles that agree in the outer
// columns of the photo, left and right, above the shoulders, and whether
// the top corner of each column is among them.
type backdropAgreement struct {
	// left and right count the agreeing textured tiles of each outer
	// column whose grey levels spread widely in both photos (a pattern,
	// not one thin line).
	left, right             int
	leftCorner, rightCorner bool
}

// enough reports whether the backdrop itself agrees. The top row's middle
// tiles hold the hair and the lowest side tiles the shoulders, so two
// portraits on plain walls agree there by the sitter's silhouette alone,
// and long hair or a head off centre reaches the side tiles of one column.
// A shared backdrop shows on both sides of the head, or fills one column
// up to its top corner, which no silhouette reaches (a crop can shift a
// coarse pattern out of step on the other side). In one column alone the
// tiles must carry a pattern, not a thin line: a door frame or the corner
// of a room runs straight through the whole column of many honest photos.
func (b backdropAgreement) enough(min int) bool {
	if b.left > 0 && b.right > 0 {
		return b.left+b.right >= min
	}
	return (b.leftCorner && b.left >= min) || (b.rightCorner && b.right >= min)
}

// borderAgreement counts the border tiles of a and b that agree, those of
// them textured in both, those of the latter in the backdrop columns, and
// the largest distance among the textured ones. It gives up early, with a
// partial count, once fewer than need tiles can agree.
func borderAgreement(a, b *Fingerprint, opts Options, need int) (agree, texturedAgree int, backdrop backdropAgreement, worst int) {
	for k := range a.Border {
		if agree+len(a.Border)-k < need {
			return agree, texturedAgree, backdrop, worst
		}
		ta, tb := &a.Tiles[k], &b.Tiles[k]
		if ta.Textured != tb.Textured ||
			colourDiff(ta.Dark, tb.Dark) > opts.ColourDistance ||
			colourDiff(ta.Light, tb.Light) > opts.ColourDistance {
			continue
		}
		if !ta.Textured {
			// Two flat tiles of one colour: consistent with one backdrop,
			// but no evidence on their own.
			agree++
			continue
		}
		// Either the same picture under the tile (pHash), or the same
		// texture shifted by a crop (signature).
		d := bits.OnesCount64(a.Border[k] ^ b.Border[k])
		if d > opts.TileDistance {
			var ok bool
			if d, ok = textureAgree(a.Texture[k], b.Texture[k], opts.TextureDistance); !ok {
				continue
			}
		}
		agree++
		texturedAgree++
		worst = max(worst, d)
		if k < len(BorderTiles) {
			if t := BorderTiles[k]; t[1] < tileGrid-2 {
				patterned := ta.StdDev >= texturedStdDev && tb.StdDev >= texturedStdDev
				// A thin straight line (a door frame, the corner of a
				// room) is no backdrop on either side.
				switch {
				case !patterned:
				case t[0] == 0:
					backdrop.left++
					backdrop.leftCorner = backdrop.leftCorner || t[1] == 0
				case t[0] == tileGrid-1:
					backdrop.right++
					backdrop.rightCorner = backdrop.rightCorner || t[1] == 0
				}
			}
		}
	}
	return agree, texturedAgree, backdrop, worst
}

func colourDiff(a, b [3]uint8) int {
	return int(absDiff(a[0], b[0])) + int(absDiff(a[1], b[1])) + int(absDiff(a[2], b[2]))
}

// thumbsAlike compares two thumbnails cell by cell.
// strict divides the thresholds.
func thumbsAlike(a, b *[thumbCells * thumbCells * 3]uint8, strict int) bool {
	sum := 0
	for i := 0; i < len(a); i += 3 {
		d := int(absDiff(a[i], b[i])) + int(absDiff(a[i+1], b[i+1])) + int(absDiff(a[i+2], b[i+2]))
		if d > thumbMaxCellDiff/strict {
			return false
		}
		sum += d
	}
	return sum <= thumbMaxDiff*thumbCells*thumbCells/strict
}
