package simulate

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// randSource is the one random source type used everywhere: a PCG stream,
// so output depends on the seed alone.
type randSource = *rand.Rand

// Stream numbers keep stages independent: changing how photos are drawn
// must not shift who is hired.
const (
	streamWorld uint64 = iota + 1
	streamRings
	streamResumes
	streamPhotos
	streamOsquery
	streamReferences
	streamCorpEgress
	streamOktaDay // + day index
)

// streamRefereeGroups draws the honest people who share a referee, and
// streamRetype (+ person index) how each person types a shared referee's
// phone and email: far above streamOktaDay's day indices and apart from
// streamNames, so adding them shifted no other draw.
const (
	streamRefereeGroups uint64 = 1<<40 + 1<<36
	streamRetype        uint64 = 1<<40 + 1<<37
)

func newRand(seed int64, stream uint64) randSource {
	return rand.New(rand.NewPCG(uint64(seed)^0x6d6f73616963, stream*0x9e3779b97f4a7c15+0x7f4a7c15))
}

func pick[T any](r randSource, xs []T) T { return xs[r.IntN(len(xs))] }

func chance(r randSource, p float64) bool { return p > 0 && r.Float64() < p }

// between returns an int in [lo, hi].
func between(r randSource, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// weighted picks an index with probability proportional to its weight.
func weighted(r randSource, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// poisson draws a small Poisson count (Knuth); means here are below 20.
func poisson(r randSource, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		n := int(mean + r.NormFloat64()*math.Sqrt(mean) + 0.5)
		if n < 0 {
			n = 0
		}
		return n
	}
	l := math.Exp(-mean)
	k, p := 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func digits(r randSource, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

const hexDigits = "0123456789abcdef"

func hexString(r randSource, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.IntN(16)]
	}
	return string(b)
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func appendBase62(b []byte, r randSource, n int) []byte {
	for i := 0; i < n; i++ {
		b = append(b, base62[r.IntN(62)])
	}
	return b
}

func appendUint(b []byte, v uint64) []byte { return strconv.AppendUint(b, v, 10) }

// id formats a prefixed, zero-padded identifier such as A0000042.
func id(prefix string, n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return prefix + s
}

// idWidth is the digit count that fits total ids, never less than min.
func idWidth(total, min int) int {
	w := len(strconv.Itoa(total))
	if w < min {
		return min
	}
	return w
}
