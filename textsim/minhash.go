package textsim

// MinHash sketch and LSH banding parameters. 42 bands of 3 rows put the
// LSH threshold near a Jaccard index of 0.29: a pair at 0.4 becomes a
// candidate with probability 0.93, at 0.5 with 0.996, while a pair sharing
// one feature in a hundred almost never does. Recall matters more than
// candidate count here, because each candidate is verified exactly and the
// boilerplate filter keeps buckets small.
const (
	bands     = 42
	rows      = 3
	numHashes = bands * rows

	binSeed     = 0x2545f4914f6cdd1d
	densifySeed = 0x6a09e667f3bcc909
	bandSeed    = 0x3c6ef372fe94f82b
)

// signature is a one-permutation MinHash sketch: each feature is hashed
// once into one of numHashes bins, and a bin keeps its smallest value. This
// costs one hash per feature instead of numHashes, and estimates Jaccard as
// well as numHashes independent hashes for sets of this size.
type signature [numHashes]uint32

// sketch fills sig from a non-empty feature set. Empty bins (common in
// short documents) borrow the value of a bin chosen by a hash of their
// position, the "optimal densification" of Shrivastava (2017), so that two
// sets agree on an empty bin with the probability they agree on any bin.
func sketch(f features, sig *signature) {
	var filled [numHashes]bool
	for _, v := range f {
		h := mix64(uint64(v) ^ binSeed)
		bin := (h >> 32) * numHashes >> 32 // h>>32 scaled into [0, numHashes)
		val := uint32(h)
		if !filled[bin] || val < sig[bin] {
			sig[bin], filled[bin] = val, true
		}
	}
	original := *sig
	for i := range sig {
		if filled[i] {
			continue
		}
		sig[i] = borrow(i, &original, &filled)
	}
}

// borrow finds the donor bin for empty bin i.
func borrow(i int, sig *signature, filled *[numHashes]bool) uint32 {
	for attempt := uint64(0); attempt < 4*numHashes; attempt++ {
		h := mix64(densifySeed ^ uint64(i)<<32 ^ attempt)
		j := (h >> 32) * numHashes >> 32
		if filled[j] {
			return sig[j]
		}
	}
	// Practically unreachable with at least one bin filled; stay
	// deterministic all the same.
	for j := range filled {
		if filled[(i+j)%numHashes] {
			return sig[(i+j)%numHashes]
		}
	}
	return 0
}

// bandKeys hashes each band of rows values (and the band's number) into
// one key; two documents are candidates when any band key is equal.
func bandKeys(sig *signature, keys []uint64) {
	for b := range bands {
		h := uint64(bandSeed) ^ uint64(b)
		for r := range rows {
			h = mix64(h ^ uint64(sig[b*rows+r]))
		}
		keys[b] = h
	}
}
