package photohash

import (
	"math"
	"sort"
)

// Backdrop patterns: does the repeated pattern itself line up?
//
// Tile hashes compare a backdrop at fixed places. Real cloth, stone and
// paper defeat them both ways: a ring's cloth, shifted by a few pixels,
// scaled by a few percent and re-lit from one persona's photo to the next,
// changes every tile's hash and mean colour, while two different stone
// walls of one beige share colours and spectra and agree. What tells a
// pattern apart is the pattern: the arrangement of its stones, threads and
// fibres. Pattern keeps the outer columns of the photo, where the sitter
// seldom reaches, as a small grey image (4 bits a pixel), and aligned
// compares two of them the way one would by eye: it takes small windows
// of one, finds where each correlates best in the other (normalised
// cross-correlation, blind to brightness and contrast, so to re-lighting),
// and asks that several windows agree on one displacement (one shift of
// the cloth, allowing a little scale and rotation). Two different stone
// walls correlate somewhere by chance, but never all at one shift.

const (
	// patternW x patternH is each side's region on the canonical grid:
	// the outer quarter of the width, above the shoulders.
	patternW = 20
	patternH = 60
	// patternWin is the side of a correlation window.
	patternWin = 10
	// patternMaxDY is the largest vertical displacement searched.
	patternMaxDY = 10
	// patternMinStd is the least grey spread (0-255) of a side for it to
	// show a pattern: below it, a plain wall's lighting and JPEG noise.
	patternMinStd = 4
	// patternWinMinStd is the least spread (in 4-bit levels) of a window
	// for its correlation to mean anything.
	patternWinMinStd = 0.8
	// patternMinNCC: a window's best correlation must reach this to vote.
	patternMinNCC = 0.6
	// patternMinVotes is the least number of windows that must agree on
	// one displacement for two backdrops to be one pattern.
	patternMinVotes = 3
)

// patternAnchors are the windows' top-left corners in a side's region:
// down the outer edge (the outer half of the region), where no sitter's
// hair reaches.
//
// They overlap (every 4 rows): a coarse pattern such as brick is mostly
// flat faces and straight mortar lines, which cannot be placed, and only
// the windows that happen to hold a joint can.
var patternAnchors = func() (a [13][2]int) {
	for i := range a {
		a[i] = [2]int{0, 4 * i}
	}
	return a
}()

// Pattern describes the backdrop at the two sides of a photo.
type Pattern struct {
	// Sides holds, left then right, each side's region row by row at 4
	// bits a pixel (two pixels a byte, high nibble first), stretched to
	// its own grey range so that a re-lit copy packs alike.
	Sides [2][]byte `json:"sides"`
	// Chroma is the median chromaticity of each side, 0-255: R/(R+G+B)
	// and G/(R+G+B) scaled by 3*255/... (see chroma). Brightness changes
	// leave it; a different colour of cloth moves it.
	Chroma [2][2]uint8 `json:"chroma"`
	// Textured reports, per side, whether it shows more than a plain wall.
	Textured [2]bool `json:"textured"`
}

// patternOf measures both sides of the canonical grid.
func (c *canon) patternOf() *Pattern {
	p := &Pattern{}
	for s := 0; s < 2; s++ {
		x0 := 0
		if s == 1 {
			x0 = canonSize - patternW
		}
		var grey [patternW * patternH]uint8
		var rs, gs []int
		for y := 0; y < patternH; y++ {
			for x := 0; x < patternW; x++ {
				// The right side is mirrored, so that both sides' windows
				// sit at the photo's outer edge.
				cx := x0 + x
				if s == 1 {
					cx = canonSize - 1 - x
				}
				i := y*canonSize + cx
				g := c.grey[i]
				grey[y*patternW+x] = g
				if x < patternW/2 {
					r, gg, b := int(c.rgb[3*i]), int(c.rgb[3*i+1]), int(c.rgb[3*i+2])
					t := max(1, r+gg+b)
					rs = append(rs, 255*r/t)
					gs = append(gs, 255*gg/t)
				}
			}
		}
		// The pattern is what stands out of its surroundings: less the
		// local mean (5x5), a lighting gradient or a vignette is gone and
		// a plain wall is left with nothing but noise.
		hp := highPass(&grey)
		// Whether a side shows a pattern is judged on its outer half,
		// which no sitter's hair reaches (the inner half may hold an
		// edge of hair or cheek, which any portrait has).
		var hs, hq float64
		for y := 0; y < patternH; y++ {
			for _, v := range hp[y*patternW : y*patternW+patternW/2] {
				hs += float64(v)
				hq += float64(v) * float64(v)
			}
		}
		n := float64(patternH * patternW / 2)
		hm := hs / n
		std := math.Sqrt(math.Max(0, hq/n-hm*hm))
		p.Textured[s] = std >= patternMinStd
		p.Chroma[s] = [2]uint8{uint8(median(rs)), uint8(median(gs))}
		p.Sides[s] = pack4(hp[:])
	}
	return p
}

// highPass returns each pixel less the mean of the 5x5 pixels around it
// (those inside the region), plus 128, clamped to 0-255.
func highPass(g *[patternW * patternH]uint8) [patternW * patternH]uint8 {
	var out [patternW * patternH]uint8
	for y := 0; y < patternH; y++ {
		for x := 0; x < patternW; x++ {
			sum, n := 0, 0
			for yy := max(0, y-2); yy <= min(patternH-1, y+2); yy++ {
				for xx := max(0, x-2); xx <= min(patternW-1, x+2); xx++ {
					sum += int(g[yy*patternW+xx])
					n++
				}
			}
			v := int(g[y*patternW+x]) - sum/n + 128
			out[y*patternW+x] = uint8(max(0, min(255, v)))
		}
	}
	return out
}

func median(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	sort.Ints(xs)
	return xs[len(xs)/2]
}

// pack4 stretches grey levels between their 2nd and 98th percentiles to
// 0-15 and packs two pixels a byte.
func pack4(grey []uint8) []byte {
	var hist [256]int
	for _, g := range grey {
		hist[g]++
	}
	lo, hi := greyPercentile(&hist, len(grey)/50), greyPercentile(&hist, len(grey)-1-len(grey)/50)
	span := max(1, hi-lo)
	out := make([]byte, (len(grey)+1)/2)
	for i, g := range grey {
		v := (int(g) - lo) * 16 / span
		v = max(0, min(15, v))
		if i%2 == 0 {
			out[i/2] |= byte(v) << 4
		} else {
			out[i/2] |= byte(v)
		}
	}
	return out
}

func greyPercentile(hist *[256]int, rank int) int {
	seen := 0
	for v, n := range hist {
		seen += n
		if seen > rank {
			return v
		}
	}
	return 255
}

// unpack4 is the inverse of pack4's packing.
func unpack4(b []byte, out []float32) bool {
	if len(b)*2 < len(out) {
		return false
	}
	for i := range out {
		v := b[i/2]
		if i%2 == 0 {
			v >>= 4
		}
		out[i] = float32(v & 15)
	}
	return true
}

// chromaClose reports whether two sides are of one colour, whatever the
// light's strength.
func chromaClose(a, b [2]uint8) bool {
	return int(absDiff(a[0], b[0]))+int(absDiff(a[1], b[1])) <= patternChromaDistance
}

// patternChromaDistance is the largest chromaticity difference (R and G
// shares summed, 0-255 each) of one cloth under different light; the
// simulator's re-lighting tints each channel by ±5%, about 6 here.
const patternChromaDistance = 14

// alignment is how well two backdrops' patterns line up.
type alignment struct {
	// votes counts the windows (sharing no row) that fit well near one
	// displacement, on the better side: enough to confirm a match the
	// tiles found, even for a periodic pattern that fits at every period.
	votes int
	// strict counts the windows whose best displacements agree, on the
	// better side, and side per side: the proof a new match needs.
	strict int
	side   [2]int
	// both is set when the two sides agree on one vertical shift.
	both bool
	// known is set when both photos show, on some side of one colour,
	// enough pattern to place: then few votes mean different patterns.
	known bool
}

// bothSides reports whether the pattern lines up on the left and on the
// right: a sitter's hair or shoulders reach one side of a close-framed
// portrait, but a backdrop shows on both.
func (al alignment) bothSides() bool {
	return al.both || (al.side[0] >= patternMinVotes && al.side[1] >= patternMinVotes)
}

// aligned compares two patterns side by side (left with left, right with
// right). Each side is tried both ways (windows of a found in b, and of b
// in a), since a shift can push one photo's windows out of the other's
// region.
func aligned(a, b *Pattern) alignment {
	var out alignment
	if a == nil || b == nil {
		return out
	}
	var ga, gb [patternW * patternH]float32
	var sides [2][2]cluster // per side, a in b and b in a
	for s := 0; s < 2; s++ {
		if !a.Textured[s] || !b.Textured[s] || !chromaClose(a.Chroma[s], b.Chroma[s]) {
			continue
		}
		if !unpack4(a.Sides[s], ga[:]) || !unpack4(b.Sides[s], gb[:]) {
			continue
		}
		ab, ba := sideVotes(&ga, &gb), sideVotes(&gb, &ga)
		// Stripes, sparse motifs and flat cloth leave too few windows to
		// place: the check can neither confirm nor refute them.
		if min(ab.informative, ba.informative) > patternMinVotes {
			out.known = true
		}
		sides[s] = [2]cluster{ab, ba}
		out.side[s] = max(ab.strict, ba.strict)
		out.votes = max(out.votes, ab.votes, ba.votes)
		out.strict = max(out.strict, out.side[s])
	}
	// A coarse pattern (brick, large tiles) shows few joints on a side.
	// Two windows on each side that agree on one vertical shift on both
	// sides are the same cloth too: by chance, two sides would not.
	for d := 0; d < 2; d++ {
		l, r := sides[0][d], sides[1][d]
		if l.strict >= 2 && r.strict >= 2 && absInt(l.dy-r.dy) <= 4 {
			out.both = true
		}
	}
	return out
}

// cluster is the largest set of windows of one side that agree on a
// displacement.
type cluster struct {
	votes, dx, dy int
	// informative counts the windows that had a pattern to place.
	informative int
	// strict counts the windows (sharing no row) whose single best
	// displacement agrees: the proof a new match needs, where votes (any
	// good fit near one displacement) only keeps a match from the tiles.
	strict int
}

// strictVotes finds each window's best displacement and returns the most
// windows, sharing no row, whose best displacements are within two pixels
// of one another's.
func strictVotes(maps *[len(patternAnchors)][shiftsY][shiftsX]float32, rows *[len(patternAnchors)]int, used int) int {
	type peak struct{ dx, dy int }
	var peaks [len(patternAnchors)]peak
	good := [len(patternAnchors)]bool{}
	for w := 0; w < used; w++ {
		top := float32(-1)
		for dy := range maps[w] {
			for dx, v := range maps[w][dy] {
				if v > top {
					top, peaks[w] = v, peak{dx, dy}
				}
			}
		}
		good[w] = top >= patternMinNCC
	}
	most := 0
	for i := 0; i < used; i++ {
		if !good[i] {
			continue
		}
		n, next := 0, -1
		for j := 0; j < used; j++ {
			if good[j] && rows[j] >= next && absInt(peaks[i].dx-peaks[j].dx) <= 2 && absInt(peaks[i].dy-peaks[j].dy) <= 2 {
				n++
				next = rows[j] + patternWin
			}
		}
		most = max(most, n)
	}
	return most
}

// The displacements searched: a window at column 0 may land at columns
// 0 to patternW-patternWin of the other photo, and up to patternMaxDY rows
// up or down.
const (
	shiftsX = patternW - patternWin + 1
	shiftsY = 2*patternMaxDY + 1
)

// sideVotes correlates each window of a with b at every displacement and
// returns the displacement that the most windows (sharing no row) fit,
// each at patternMinNCC or better within a pixel of it, and how many of
// a's windows had a pattern to place. Voting on displacements rather than
// on each window's best one keeps a periodic pattern (checks, whose every
// period fits as well) from scattering its votes.
func sideVotes(a, b *[patternW * patternH]float32) cluster {
	var maps [len(patternAnchors)][shiftsY][shiftsX]float32
	var rows [len(patternAnchors)]int
	var stats [patternH - patternWin + 1][shiftsX][2]float32 // b's windows: mean, std (0: flat)
	for y := range stats {
		for x := range stats[y] {
			if m, sd, ok := windowStats(b, x, y); ok {
				stats[y][x] = [2]float32{m, sd}
			}
		}
	}
	used := 0
	for _, at := range patternAnchors {
		wx, wy := at[0], at[1]
		wm, ws, ok := windowStats(a, wx, wy)
		if !ok || !twoDimensional(a, wx, wy) {
			continue
		}
		m := &maps[used]
		rows[used] = wy
		used++
		for dy := -patternMaxDY; dy <= patternMaxDY; dy++ {
			y := wy + dy
			for x := 0; x < shiftsX; x++ {
				m[dy+patternMaxDY][x] = -1
				if y < 0 || y > patternH-patternWin || stats[y][x][1] == 0 {
					continue
				}
				bm, bs := stats[y][x][0], stats[y][x][1]
				var dot float32
				for r := 0; r < patternWin; r++ {
					ra := a[(wy+r)*patternW+wx : (wy+r)*patternW+wx+patternWin]
					rb := b[(y+r)*patternW+x : (y+r)*patternW+x+patternWin]
					for k := range ra {
						dot += (ra[k] - wm) * (rb[k] - bm)
					}
				}
				m[dy+patternMaxDY][x] = dot / (patternWin * patternWin * ws * bs)
			}
		}
	}
	best := cluster{informative: used, strict: strictVotes(&maps, &rows, used)}
	for dy := 0; dy < shiftsY; dy++ {
		for dx := 0; dx < shiftsX; dx++ {
			// One shift of the cloth, give or take the pixel of drift
			// that a few percent of scale and a few degrees of rotation
			// make. Windows overlap, and overlapping windows agree by
			// sharing pixels, not by the pattern: only windows that share
			// no row count (they are in row order).
			n, next := 0, -1
			for w := 0; w < used; w++ {
				if rows[w] < next || !fitsNear(&maps[w], dx, dy) {
					continue
				}
				n++
				next = rows[w] + patternWin
			}
			if n > best.votes {
				best.votes, best.dx, best.dy = n, dx, dy-patternMaxDY
			}
		}
	}
	return best
}

// fitsNear reports whether a window's correlation reaches patternMinNCC
// within a pixel of displacement (dx, dy) (indexes into its map).
func fitsNear(m *[shiftsY][shiftsX]float32, dx, dy int) bool {
	for y := max(0, dy-1); y <= min(shiftsY-1, dy+1); y++ {
		for x := max(0, dx-1); x <= min(shiftsX-1, dx+1); x++ {
			if m[y][x] >= patternMinNCC {
				return true
			}
		}
	}
	return false
}

// windowStats returns the mean and standard deviation of the window at
// (x, y), and whether it has enough contrast to correlate.
func windowStats(g *[patternW * patternH]float32, x, y int) (mean, std float32, ok bool) {
	var s, sq float32
	for r := 0; r < patternWin; r++ {
		for _, v := range g[(y+r)*patternW+x : (y+r)*patternW+x+patternWin] {
			s += v
			sq += v * v
		}
	}
	const n = patternWin * patternWin
	mean = s / n
	v := sq/n - mean*mean
	if v < patternWinMinStd*patternWinMinStd {
		return mean, 0, false
	}
	return mean, float32(math.Sqrt(float64(v))), true
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// twoDimensional reports whether the window at (x, y) varies both down
// and across: a straight line (a door frame, the corner of a room, a
// stripe) fits itself at every shift along it, so its best displacement
// is arbitrary and would vote with any other line's.
func twoDimensional(g *[patternW * patternH]float32, x, y int) bool {
	var rows, cols [patternWin]float32
	for r := 0; r < patternWin; r++ {
		for c, v := range g[(y+r)*patternW+x : (y+r)*patternW+x+patternWin] {
			rows[r] += v / patternWin
			cols[c] += v / patternWin
		}
	}
	return spread(rows[:]) >= patternMinLineSpread && spread(cols[:]) >= patternMinLineSpread
}

// patternMinLineSpread is the least standard deviation (4-bit levels) of
// a window's row means and of its column means.
const patternMinLineSpread = 0.5

func spread(xs []float32) float32 {
	var s, sq float32
	for _, v := range xs {
		s += v
		sq += v * v
	}
	n := float32(len(xs))
	m := s / n
	return float32(math.Sqrt(math.Max(0, float64(sq/n-m*m))))
}
