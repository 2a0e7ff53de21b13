package textsim

// Hashes here must be stable across runs and machines (no hash/maphash with
// random seeds): the output is deterministic and tests pin it.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211

	// Namespaces keep a word and a one-word shingle from hashing alike.
	wordSeed    = 0x5851f42d4c957f2d
	shingleSeed = 0x14057b7ef767814f
)

// mix64 is the SplitMix64 finaliser: it spreads every input bit over the
// output, so FNV's weak low bits and simple combinations stay uniform.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// hashToken hashes one normalised token.
func hashToken(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return mix64(h)
}

// hashSequence combines token hashes in order, so "data pipeline" and
// "pipeline data" differ. The length goes in too, so that a short whole-line
// shingle never equals a k-token window.
func hashSequence(tokens []uint64) uint64 {
	h := uint64(shingleSeed) ^ uint64(len(tokens))
	for _, t := range tokens {
		h = mix64(h ^ t + 0x9e3779b97f4a7c15 + h<<6 + h>>2)
	}
	return h
}

// hashWord gives a word its own namespace, apart from shingles.
func hashWord(t uint64) uint64 { return mix64(t ^ wordSeed) }
