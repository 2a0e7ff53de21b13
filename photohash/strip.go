package photohash

// Side strips: a second, coarser view of the backdrop.
//
// Border tiles compare a backdrop piece by piece, which fails for a sparse
// pattern (wallpaper dots a fifth of the photo apart): a crop of a few
// pixels moves a dot from one tile into the next, so tile by tile the two
// photos disagree. The outer edge of each side, above the shoulders, which
// a head-and-shoulders portrait seldom reaches (rows it does reach are left
// out), is long enough to hold several repeats of any pattern, so its two
// inks and how often the dark one recurs survive any crop.

const (
	// stripWidth is the width of each side strip on the canonical grid:
	// the outer half of a border column, clear of the hair of a sitter
	// whose head is off centre.
	stripWidth = tileSize / 2
	// stripHeight covers the top three rows of tiles: the shoulders of a
	// head-and-shoulders portrait reach into the fourth.
	stripHeight = (tileGrid - 2) * tileSize
	// stripMinContrast is the least colour difference (summed over R, G
	// and B) between a strip's dark and light inks for it to show a
	// pattern; a plain wall's lighting gradient stays far below. Colour,
	// not grey: green dots on pink paper are nearly one grey.
	stripMinContrast = 90
	// stripMinGreyGap is the least grey-level gap between the inks for
	// the runs down the strip to be the pattern and not noise.
	stripMinGreyGap = 10
	// stripMinRepeats is the least number of separate dark runs down one
	// line of the strip: a pattern repeats, a lock of hair, a door frame
	// or a shadow does not.
	stripMinRepeats = 2
)

// Strip describes one side strip of a photo.
type Strip struct {
	// Dark and Light are the median colours of the strip's dark and light
	// pixels: the pattern's two inks.
	Dark, Light [3]uint8
	// Repeats is the most separate dark runs met down one vertical line.
	Repeats uint8
	// Structured is set when the inks differ enough and the strip is more
	// than one straight vertical line (a door frame, the corner of a
	// room): something stands or hangs behind the sitter.
	Structured bool
	// Patterned is set when the strip is Structured and the dark ink
	// repeats down it: a pattern, evidence on its own.
	Patterned bool
}

// sideStrips measures the left and right strips, leaving out the rows the
// sitter reaches into. The backdrop's colours are the two inks of each top
// corner, the spot of a portrait a sitter least often reaches.
func (c *canon) sideStrips() [2]Strip {
	ld, ll := c.cornerInks(0)
	rd, rl := c.cornerInks(canonSize - cornerSize)
	palette := [4][3]uint8{ld, ll, rd, rl}
	var left, right [stripHeight]bool
	for y := 0; y < stripHeight; y++ {
		left[y] = !c.sitterReaches(y, -1, &palette)
		right[y] = !c.sitterReaches(y, +1, &palette)
	}
	return [2]Strip{c.strip(0, &left), c.strip(canonSize-stripWidth, &right)}
}

// sitterReaches walks row y from the centre outwards (step -1 to the left,
// +1 to the right) until three pixels in a row have a backdrop colour, and
// reports whether what lies before them, the sitter, reaches the outer
// strip of that side. A close-framed head or long hair does, and must not
// be read as a backdrop.
func (c *canon) sitterReaches(y, step int, palette *[4][3]uint8) bool {
	run := 0
	for x := canonSize / 2; x >= 0 && x < canonSize; x += step {
		i := (y*canonSize + x) * 3
		if !backdropColour([3]uint8{c.rgb[i], c.rgb[i+1], c.rgb[i+2]}, palette) {
			run = 0
			continue
		}
		if run++; run < 3 {
			continue
		}
		sitterEdge := x - 3*step // the last pixel before the backdrop began
		if step < 0 {
			return sitterEdge < stripWidth
		}
		return sitterEdge >= canonSize-stripWidth
	}
	return true // no backdrop anywhere on the row
}

// cornerSize is the side of the corner block the backdrop's inks are
// taken from.
const cornerSize = stripWidth

// cornerInks returns the mean colours of the darker and the lighter pixels
// (split by Otsu's threshold) of the top corner block whose left column is
// x0; both are the one colour of a plain corner.
func (c *canon) cornerInks(x0 int) (dark, light [3]uint8) {
	var hist [256]int
	for y := 0; y < cornerSize; y++ {
		for x := x0; x < x0+cornerSize; x++ {
			hist[c.grey[y*canonSize+x]]++
		}
	}
	mid := otsu(&hist, cornerSize*cornerSize)
	var sum [2][3]int
	var count [2]int
	for y := 0; y < cornerSize; y++ {
		for x := x0; x < x0+cornerSize; x++ {
			i := y*canonSize + x
			k := 0
			if int(c.grey[i]) >= mid {
				k = 1
			}
			count[k]++
			for ch := range 3 {
				sum[k][ch] += int(c.rgb[i*3+ch])
			}
		}
	}
	var out [2][3]uint8
	for k := range 2 {
		if count[k] == 0 {
			count[k], sum[k] = count[1-k], sum[1-k]
		}
		for ch := range 3 {
			out[k][ch] = uint8(sum[k][ch] / count[k])
		}
	}
	return out[0], out[1]
}

// backdropColour reports whether p is near one of the backdrop's inks.
func backdropColour(p [3]uint8, palette *[4][3]uint8) bool {
	for _, q := range palette {
		if colourDiff(p, q) <= sitterDistance {
			return true
		}
	}
	return false
}

// sitterDistance is the largest colour difference (summed over R, G and
// B) between a pixel and a backdrop ink for the pixel to be backdrop.
const sitterDistance = 60

// strip measures the rows of the strip whose left grid column is x0 that
// rows marks; with fewer than half of them it says nothing.
func (c *canon) strip(x0 int, rows *[stripHeight]bool) Strip {
	kept := 0
	for _, ok := range rows {
		if ok {
			kept++
		}
	}
	if kept < stripHeight/2 {
		return Strip{}
	}
	var hist [256]int
	for y := 0; y < stripHeight; y++ {
		if !rows[y] {
			continue
		}
		for x := x0; x < x0+stripWidth; x++ {
			hist[c.grey[y*canonSize+x]]++
		}
	}
	n := stripWidth * kept
	// The inks are the two classes of grey levels that Otsu's threshold
	// separates best, which holds however little of the strip the dark
	// one covers; their colours are per-channel medians, which a few
	// JPEG-ringing pixels do not move.
	mid := otsu(&hist, n)
	var darkHist, lightHist [3][256]int
	var nDark, nLight int
	for y := 0; y < stripHeight; y++ {
		if !rows[y] {
			continue
		}
		for x := x0; x < x0+stripWidth; x++ {
			i := y*canonSize + x
			g := int(c.grey[i])
			p := c.rgb[i*3 : i*3+3 : i*3+3]
			switch {
			case g < mid:
				nDark++
				for k := range 3 {
					darkHist[k][p[k]]++
				}
			default:
				nLight++
				for k := range 3 {
					lightHist[k][p[k]]++
				}
			}
		}
	}
	var s Strip
	if nDark == 0 || nLight == 0 {
		return s // one flat colour
	}
	for k := range 3 {
		s.Dark[k] = uint8(percentile(&darkHist[k], nDark/2))
		s.Light[k] = uint8(percentile(&lightHist[k], nLight/2))
	}
	gDark, gLight := int(inkGrey(s.Dark)), int(inkGrey(s.Light))
	repeats, mixed := 0, 0
	for x := x0; x < x0+stripWidth; x++ {
		// A run counts from its second pixel, so a speck of noise is no
		// repeat; rows left out neither end nor extend a run.
		runs, length, column := 0, 0, 0
		for y := 0; y < stripHeight; y++ {
			if !rows[y] {
				continue
			}
			if int(c.grey[y*canonSize+x]) >= mid {
				length = 0
				continue
			}
			column++
			length++
			if length == 2 {
				runs++
			}
		}
		repeats = max(repeats, runs)
		// A column nearly all of one ink is what a vertical line makes.
		if column > kept/10 && column < kept-kept/10 {
			mixed++
		}
	}
	s.Repeats = uint8(min(repeats, 255))
	contrast := colourDiff(s.Dark, s.Light) >= stripMinContrast && gLight-gDark >= stripMinGreyGap
	s.Structured = contrast && mixed > 0
	s.Patterned = s.Structured && repeats >= stripMinRepeats
	return s
}

// otsu returns the grey level that splits the n pixels of hist into the two
// classes with the largest between-class variance: levels below it are one
// class, the rest the other.
func otsu(hist *[256]int, n int) int {
	var total float64
	for g, c := range hist {
		total += float64(g * c)
	}
	var below, sumBelow, best float64
	threshold := 128
	for g := 0; g < 255; g++ {
		below += float64(hist[g])
		sumBelow += float64(g * hist[g])
		above := float64(n) - below
		if below == 0 || above == 0 {
			continue
		}
		diff := sumBelow/below - (total-sumBelow)/above
		if v := below * above * diff * diff; v > best {
			best, threshold = v, g+1
		}
	}
	return threshold
}

// inkGrey is the grey level of an ink, as the canonical grid computes it.
func inkGrey(c [3]uint8) uint8 { return greyOf(c[0], c[1], c[2]) }

// percentile returns the value below which rank of the counts fall.
func percentile(hist *[256]int, rank int) int {
	seen := 0
	for g, n := range hist {
		seen += n
		if seen > rank {
			return g
		}
	}
	return 255
}

// patternBeside reports whether both photos show something behind the
// sitter in the outer strip of one side at least. Tiles next to the head
// can agree on the sitter's silhouette alone (two bobbed haircuts against
// two pale walls); the outer strips are beyond any silhouette.
func patternBeside(a, b *Fingerprint) bool {
	for k := range a.Sides {
		if a.Sides[k].Structured && b.Sides[k].Structured {
			return true
		}
	}
	return false
}

// stripsAgree reports whether both side strips of a and b are patterned
// and show the same pattern: the same two inks, repeating about as often.
// How much of a narrow strip the dark ink covers is no test: over sparse
// dots it changes as the pattern shifts under the frame.
func stripsAgree(a, b *Fingerprint, opts Options) bool {
	for k := range a.Sides {
		sa, sb := &a.Sides[k], &b.Sides[k]
		if !sa.Patterned || !sb.Patterned ||
			colourDiff(sa.Dark, sb.Dark) > opts.ColourDistance ||
			colourDiff(sa.Light, sb.Light) > opts.ColourDistance ||
			absDiff(sa.Repeats, sb.Repeats) > 2 {
			return false
		}
	}
	return true
}

// stripSimilarity is the Similarity of a match found by the side strips
// alone: as much as the border agreement at which a tile match counts in
// full, for both sides of the photo agree on the whole pattern.
const stripSimilarity = 0.6

// stripMatches finds the background matches the border tiles missed:
// pairs whose side strips show the same pattern on both sides. Candidates
// come from buckets of the left strip's light ink (each photo is looked up
// in its bucket and the neighbouring ones), never from all pairs; only
// photos patterned on both sides are indexed, which plain walls never are.
func stripMatches(photos []Photo, found []Match, opts Options) []Match {
	have := make(map[[2]string]bool, len(found))
	for _, m := range found {
		have[[2]string{m.A, m.B}] = true
	}
	key := func(c [3]uint8) [3]int {
		return [3]int{int(c[0]) / stripBucket, int(c[1]) / stripBucket, int(c[2]) / stripBucket}
	}
	buckets := map[[3]int][]int{}
	for i := range photos {
		fp := &photos[i].FP
		if fp.Sides[0].Patterned && fp.Sides[1].Patterned {
			k := key(fp.Sides[0].Light)
			buckets[k] = append(buckets[k], i)
		}
	}
	var out []Match
	for k, members := range buckets {
		for dr := -1; dr <= 1; dr++ {
			for dg := -1; dg <= 1; dg++ {
				for db := -1; db <= 1; db++ {
					other := buckets[[3]int{k[0] + dr, k[1] + dg, k[2] + db}]
					if len(members) > opts.MaxBucket || len(other) > opts.MaxBucket {
						continue // a stock backdrop thousands share: no evidence
					}
					for _, i := range members {
						for _, j := range other {
							if j <= i {
								continue
							}
							a, b := &photos[i], &photos[j]
							m := Match{A: a.ID, B: b.ID, Kind: KindBackground, Similarity: stripSimilarity}
							if m.B < m.A {
								m.A, m.B = m.B, m.A
							}
							if have[[2]string{m.A, m.B}] || !stripsAgree(&a.FP, &b.FP, opts) {
								continue
							}
							have[[2]string{m.A, m.B}] = true
							out = append(out, m)
						}
					}
				}
			}
		}
	}
	return out
}

// stripBucket is the width of a colour bucket per channel: wider than the
// brightness drift between two shots of one backdrop, so a pair is in the
// same or a neighbouring bucket.
const stripBucket = 40
