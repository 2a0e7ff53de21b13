package photohash

// middlePair returns the two middle values of v, those a sort would place
// at len(v)/2-1 and len(v)/2 (len(v) must be even and positive), and
// reorders v. pHash and textureHash need only these two of their 64
// coefficients, once per tile of every photo; selecting them (quickselect,
// then the least value above) costs a fraction of sorting all 64.
func middlePair[T float32 | float64](v []T) (lower, upper T) {
	k := len(v)/2 - 1
	lo, hi := 0, len(v)-1
	for lo < hi {
		p := partition(v, lo, hi)
		if k == p {
			break
		}
		if k < p {
			hi = p - 1
		} else {
			lo = p + 1
		}
	}
	// v[k] is in place and nothing after it is smaller.
	lower, upper = v[k], v[k+1]
	for _, x := range v[k+2:] {
		upper = min(upper, x)
	}
	return lower, upper
}

// partition moves the middle element of v[lo:hi+1] to its sorted place and
// returns that place, with smaller values before it and the others after
// (Lomuto's scheme).
func partition[T float32 | float64](v []T, lo, hi int) int {
	mid := lo + (hi-lo)/2
	v[mid], v[hi] = v[hi], v[mid]
	pivot := v[hi]
	i := lo
	for j := lo; j < hi; j++ {
		if v[j] < pivot {
			v[i], v[j] = v[j], v[i]
			i++
		}
	}
	v[i], v[hi] = v[hi], v[i]
	return i
}
