package textsim

import "math"

// Similarity compares two documents on their own, without a corpus to tell
// boilerplate from content: it is the measure FindNearDuplicates verifies
// candidates with, before document-frequency filtering. Use it in tests and
// to explain a match; for many documents use FindNearDuplicates, whose
// scores discount template text and so run lower for template users.
func Similarity(a, b string) float64 {
	x := newExtractor(DefaultShingleSize)
	return score(x.extract(a), x.extract(b))
}

// score blends two views of how much of two documents is the same text:
//
//   - the Jaccard index of their word shingles, which sees copied phrasing
//     and ignores the order of lines (reordered sections, shuffled bullets);
//   - the cosine of their word sets, which survives rewording: a bullet
//     rewritten with other verbs keeps its nouns, tools and names.
//
// Each alone misleads: shingles alone under-rate a ring that rewrote a third
// of its bullets, words alone over-rate two people in the same field, so
// the score is their mean. But a signal resting on a handful of features is
// noise: after boilerplate removal a document may keep dozens of shingles
// and a single rare word, and two such documents sharing that word (cosine
// 1) must not look half alike for it. So each signal's weight grows with
// the smaller of its two sets and is full from fullEvidence features on.
func score(a, b features) float64 {
	c := compare(a, b)
	weightS := min(1, float64(min(c.shinglesA, c.shinglesB))/fullEvidence)
	weightW := min(1, float64(min(c.wordsA, c.wordsB))/fullEvidence)
	if weightS+weightW == 0 {
		return 0
	}
	var jaccard, cosine float64
	if weightS > 0 {
		jaccard = float64(c.sharedShingles) / float64(c.shinglesA+c.shinglesB-c.sharedShingles)
	}
	if weightW > 0 {
		cosine = float64(c.sharedWords) / math.Sqrt(float64(c.wordsA)*float64(c.wordsB))
	}
	return (weightS*jaccard + weightW*cosine) / (weightS + weightW)
}

// fullEvidence is the number of features (shingles, or words) from which a
// signal counts fully in score.
const fullEvidence = 10

// counts are the set sizes score needs.
type counts struct {
	shinglesA, shinglesB, sharedShingles int
	wordsA, wordsB, sharedWords          int
}

// compare merges two sorted feature sets, counting each kind.
func compare(a, b features) counts {
	var c counts
	for _, f := range a {
		if isWord(f) {
			c.wordsA++
		}
	}
	c.shinglesA = len(a) - c.wordsA
	for _, f := range b {
		if isWord(f) {
			c.wordsB++
		}
	}
	c.shinglesB = len(b) - c.wordsB
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			if isWord(a[i]) {
				c.sharedWords++
			} else {
				c.sharedShingles++
			}
			i++
			j++
		}
	}
	return c
}
