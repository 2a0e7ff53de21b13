package textsim

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	// maxDocBytes bounds the work one document can cause. A resume is a few
	// kilobytes; whatever follows the first 4 MiB of a hostile upload is
	// ignored rather than allowed to stall the whole run.
	maxDocBytes = 4 << 20

	// headerLines is how far from the top a line full of contact details is
	// taken for the header (name, location, email, phone, links) and dropped:
	// these are exactly what a ring swaps between copies.
	headerLines = 6
)

// features is what a document is compared by: 32-bit hashes of its word
// shingles and of its words, sorted and without repeats. The low bit tells
// the two kinds apart (1 for a word). 32 bits halve the memory of a large
// corpus; the odd collision between two of a document's hundreds of
// features does not move a similarity measurably.
type features []uint32

func shingleFeature(h uint64) uint32 { return uint32(h>>32) &^ 1 }
func wordFeature(h uint64) uint32    { return uint32(h>>32) | 1 }
func isWord(f uint32) bool           { return f&1 == 1 }

// extractor turns resume text into features. It reuses its buffers between
// documents, so one extractor serves one goroutine.
type extractor struct {
	k int

	fold     []byte   // a token being folded
	line     []uint64 // token hashes of the current line, stop words removed
	names    []uint64 // token hashes of the person's name
	features []uint32
}

func newExtractor(k int) *extractor { return &extractor{k: k} }

// extract normalises text and returns its features. The slices returned are
// owned by the caller.
func (x *extractor) extract(text string) features {
	if len(text) > maxDocBytes {
		text = text[:maxDocBytes]
	}
	x.names, x.features = x.names[:0], x.features[:0]
	nonEmpty := 0
	expectName := false // the line after a "Resume" title holds the name
	for len(text) > 0 {
		var line string
		if i := strings.IndexAny(text, "\n\r"); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		nonEmpty++
		inHeader := nonEmpty <= headerLines
		if inHeader && isTitleWord(line) {
			expectName = len(x.names) == 0
			continue
		}
		if nonEmpty == 1 || expectName {
			expectName = false
			if x.takeName(line) {
				continue
			}
		}
		contact := x.tokenize(line)
		if contact && inHeader {
			continue
		}
		if isHeading(line, len(x.line)) {
			continue
		}
		x.addLine()
	}
	return sortedUnique(x.features)
}

// tokenize splits line into folded tokens, leaving their hashes in x.line
// without stop words and name tokens, and reports whether the line carried
// contact details (an email address, a link or a phone number). Emails,
// links, numbers, phone numbers, dates and years are dropped here.
func (x *extractor) tokenize(line string) (contact bool) {
	x.line = x.line[:0]
	// A phone number may be typed with spaces ("+1 (415) 555 2671"), so
	// digits are counted over a run of fields without letters. A run of
	// years ("2014 - 2017") is a date range, not a phone.
	runDigits, runYears := 0, true
	for len(line) > 0 {
		field := line
		end := strings.IndexFunc(line, unicode.IsSpace)
		if end >= 0 {
			field = line[:end]
			_, size := utf8.DecodeRuneInString(line[end:])
			line = line[end+size:]
		} else {
			line = ""
		}
		if field == "" {
			continue
		}
		if strings.ContainsRune(field, '@') || isLink(field) {
			contact = true
			runDigits, runYears = 0, true
			continue
		}
		letters, digits := countLettersDigits(field)
		if letters == 0 {
			runDigits += digits
			runYears = runYears && (digits == 0 || isYear(field))
			if runDigits >= 7 && runDigits <= 15 && !runYears {
				contact = true
			}
			continue
		}
		runDigits, runYears = 0, true
		x.addTokens(field)
	}
	return contact
}

// isYear reports whether a field is a year such as "2019" or "(2019)".
func isYear(field string) bool {
	f := strings.Trim(field, "()[],.;:–—-")
	return len(f) == 4 && (strings.HasPrefix(f, "19") || strings.HasPrefix(f, "20")) && isAllDigits([]byte(f))
}

func countLettersDigits(s string) (letters, digits int) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			return countLettersDigitsUnicode(s)
		} else if '0' <= c && c <= '9' {
			digits++
		} else if asciiWordByte[c] {
			letters++
		}
	}
	return letters, digits
}

func countLettersDigitsUnicode(s string) (letters, digits int) {
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	return letters, digits
}

// isLink recognises URLs and bare domains ("linkedin.com/in/jdoe",
// "www.example.org", "https://..."), while keeping technology names such as
// "Node.js" and "ASP.NET".
func isLink(field string) bool {
	if strings.IndexByte(field, '.') < 0 {
		return false // every link has a dot; most words have none
	}
	f := strings.ToLower(strings.Trim(field, "()[]<>,;\"'"))
	if strings.Contains(f, "://") || strings.HasPrefix(f, "www.") {
		return true
	}
	if slash := strings.IndexByte(f, '/'); slash > 0 && strings.Contains(f[:slash], ".") {
		return true
	}
	for _, tld := range []string{".com", ".org", ".io", ".dev", ".me", ".co", ".ai", ".app"} {
		if strings.HasSuffix(f, tld) {
			return true
		}
	}
	return false
}

// addTokens splits a field into runs of letters and digits, folds each and
// appends the hashes of the ones that count.
func (x *extractor) addTokens(field string) {
	start := -1
	for i := 0; i < len(field); {
		var inToken bool
		size := 1
		if c := field[i]; c < utf8.RuneSelf {
			inToken = asciiWordByte[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(field[i:])
			inToken = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		}
		switch {
		case inToken && start < 0:
			start = i
		case !inToken && start >= 0:
			x.addToken(field[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		x.addToken(field[start:])
	}
}

// asciiWordByte marks the ASCII letters and digits, the fast path of
// tokenising English text.
var asciiWordByte = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func (x *extractor) addToken(tok string) {
	x.fold = foldToken(x.fold[:0], tok)
	if utf8.RuneCount(x.fold) < 2 || isAllDigits(x.fold) || isStopWord(x.fold) {
		return
	}
	h := hashToken(x.fold)
	if slices.Contains(x.names, h) {
		return
	}
	x.line = append(x.line, h)
}

// foldToken lower-cases tok and strips accents ("Núñez" -> "nunez",
// compatibility forms such as ligatures included), appending to dst.
func foldToken(dst []byte, tok string) []byte {
	ascii := true
	for i := 0; i < len(tok); i++ {
		if tok[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(tok); i++ {
			c := tok[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst
	}
	for _, r := range norm.NFKD.String(tok) {
		if unicode.Is(unicode.Mn, r) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

func isAllDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// addLine turns the tokens of one content line into word features and
// shingles. Shingles never cross lines, so reordered sections and bullets
// produce the same set.
func (x *extractor) addLine() {
	toks := x.line
	if len(toks) == 0 {
		return
	}
	for _, t := range toks {
		x.features = append(x.features, wordFeature(hashWord(t)))
	}
	if len(toks) < x.k {
		x.features = append(x.features, shingleFeature(hashSequence(toks)))
		return
	}
	for i := 0; i+x.k <= len(toks); i++ {
		x.features = append(x.features, shingleFeature(hashSequence(toks[i:i+x.k])))
	}
}

// sortedUnique returns a sorted copy of s without repeats, sized to fit.
func sortedUnique(s []uint32) features {
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	s = slices.Compact(s)
	return slices.Clone(s)
}
