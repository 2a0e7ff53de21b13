package textsim

// stopWords carry no evidence of copying: function words, and the month and
// "present" words that dates leave behind once their digits are stripped.
// Read-only after init.
var stopWords = func() map[string]struct{} {
	words := []string{
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
		"are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
		"but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "etc",
		"few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
		"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
		"itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
		"off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
		"per", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
		"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
		"to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what",
		"when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "would",
		"you", "your", "yours", "yourself", "yourselves",
		// Dates without their digits.
		"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
		"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
		"november", "dec", "december", "present", "current", "today", "now", "yrs", "years", "year",
		"months", "month",
	}
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}()

func isStopWord(b []byte) bool {
	_, ok := stopWords[string(b)] // no allocation: the compiler special-cases this conversion
	return ok
}
