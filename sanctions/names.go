package sanctions

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names are compared as the screening tools compare them (moov-io/watchman,
// OpenSanctions' matching): fold case and accents, transliterate Cyrillic,
// Greek and Hangul into Latin letters, split into tokens, and match tokens
// in any order with Jaro-Winkler, also on a spelling skeleton that folds
// romanisation variants (ph/f, kh/h, eo/o, ou/u, y/i, doubled letters).
// Every rule here applies to every name alike: none looks at where a name
// comes from.

// maxName bounds the work done on one hostile name.
const maxName = 256

// tokens folds a name into its comparison tokens. Hyphenated parts are
// split ("Ho-jin" -> "ho", "jin"); mergeTokens covers names written
// together ("Hojin").
func tokens(s string) []string {
	if len(s) > maxName {
		s = s[:maxName]
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(romanizeHangul(strings.ToValidUTF8(s, ""))) {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Cf, r):
			continue
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`':
			continue // O'Brien, Ma'ruf: apostrophes vanish
		case r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F:
			continue // stray jamo
		}
		r = unicode.ToLower(r)
		if t, ok := translit[r]; ok {
			b.WriteString(t)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if unicode.Is(unicode.Han, r) {
				// One token per Han character: the lists and records write
				// them without spaces, and the characters are compared as
				// they are.
				b.WriteByte(' ')
				b.WriteRune(r)
				b.WriteByte(' ')
				continue
			}
			b.WriteRune(r)
			continue
		}
		b.WriteByte(' ')
	}
	out := strings.Fields(b.String())
	// Titles and honorifics carry no identity.
	kept := out[:0]
	for _, t := range out {
		if !stopTokens[t] {
			kept = append(kept, t)
		}
	}
	return kept
}

var stopTokens = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "sir": true,
	"jr": true, "sr": true, "ii": true, "iii": true, "haji": true, "hajji": true, "sheikh": true, "shaykh": true,
}

// translit spells letters of other alphabets in Latin ones (BGN/PCGN-like
// for Cyrillic and Greek), and folds letters Unicode does not decompose.
var translit = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h", 'ŋ': "n",
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// Revised Romanization of Korean, syllable by syllable.
var (
	hangulInitial = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulVowel   = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinal   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// romanizeHangul spells each Hangul syllable in Latin letters, as a token
// of its own, before NFKD would break it into jamo.
func romanizeHangul(s string) string {
	if !strings.ContainsFunc(s, isHangul) {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if isHangul(r) {
			b.WriteString(" " + hangul(r) + " ")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

func hangul(r rune) string {
	s := int(r - 0xAC00)
	return hangulInitial[s/588] + hangulVowel[(s%588)/28] + hangulFinal[s%28]
}

// skeletonRules fold romanisation variants of one sound, longest first.
var skeletonRules = strings.NewReplacer(
	"shch", "sh", "sch", "sh", "tch", "ch", "dzh", "j", "zh", "j",
	"ph", "f", "ck", "k", "kh", "h", "gh", "g", "th", "t", "dh", "d",
	"ou", "u", "oo", "u", "ee", "i", "eo", "o", "ae", "e", "ie", "i",
	"q", "k", "w", "v", "y", "i", "x", "ks", "c", "k",
)

// skeleton folds a token's spelling variants: "yusuf" and "iusuf",
// "mohammed" and "mokhammed" meet. Doubled letters collapse.
func skeleton(t string) string {
	s := skeletonRules.Replace(t)
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// tokenSim is how alike two tokens are, 0 to 1. A single letter meets a
// token it is the initial of; tokens of two letters must be equal, or
// equal as skeletons.
func tokenSim(a, b, sa, sb string) float64 {
	if a == b {
		return 1
	}
	if sa == sb {
		return 0.95
	}
	if (len(a) == 1 || len(b) == 1) && a[0] == b[0] {
		return initialSim // an initial: "V" for "Vladimirovich"
	}
	if len(a) <= 2 || len(b) <= 2 {
		return 0
	}
	// Jaro-Winkler forgives a short token inside a long one ("jing" and
	// "zhiqing"); a typo or a transliteration changes a length by little.
	if d := max(len(a), len(b)) - min(len(a), len(b)); d > max(1, max(len(a), len(b))/4) {
		return 0
	}
	s := max(jaroWinkler(a, b), 0.98*jaroWinkler(sa, sb))
	if s < minTokenSim || (min(len(a), len(b)) <= 4 && s < minShortSim) {
		return 0
	}
	return s
}

// minTokenSim is the lowest token similarity that counts as a match;
// minShortSim that of a token of three or four letters ("pak" and "park"
// meet; "kim" and "kin", "ming" and "mint" do not).
const (
	initialSim  = 0.9
	minTokenSim = 0.84
	minShortSim = 0.90
)

// name is a name prepared for comparison.
type name struct {
	toks, skel []string
}

func prepare(s string) name {
	t := tokens(s)
	n := name{toks: t, skel: make([]string, len(t))}
	for i, x := range t {
		n.skel[i] = skeleton(x)
	}
	return n
}

// nameScore compares a screened name with a listed one, 0 to 1. Tokens are
// paired greedily, best first, in any order; a token left over may pair
// with two adjacent tokens of the other name written together ("hojin" and
// "ho jin"). Each side's coverage is the share of its tokens paired,
// weighted by similarity (a long patronymic weighs no more than a short
// given name); the score leans on the better-covered side, so a
// middle name present on one side only costs little.
func nameScore(q, e name) (score float64, paired int) {
	if len(q.toks) == 0 || len(e.toks) == 0 {
		return 0, 0
	}
	type pair struct {
		i, j int
		s    float64
	}
	var pairs []pair
	for i := range q.toks {
		for j := range e.toks {
			if s := tokenSim(q.toks[i], e.toks[j], q.skel[i], e.skel[j]); s > 0 {
				pairs = append(pairs, pair{i, j, s})
			}
		}
	}
	// Insertion sort: a name has a handful of tokens.
	for a := 1; a < len(pairs); a++ {
		for b := a; b > 0 && pairs[b].s > pairs[b-1].s; b-- {
			pairs[b], pairs[b-1] = pairs[b-1], pairs[b]
		}
	}
	qUsed, eUsed := make([]float64, len(q.toks)), make([]float64, len(e.toks))
	qDone, eDone := make([]bool, len(q.toks)), make([]bool, len(e.toks))
	for _, p := range pairs {
		if qDone[p.i] || eDone[p.j] {
			continue
		}
		qDone[p.i], eDone[p.j] = true, true
		qUsed[p.i], eUsed[p.j] = p.s, p.s
		paired++
	}
	paired += mergePairs(q, e, qDone, eDone, qUsed, eUsed)
	paired += mergePairs(e, q, eDone, qDone, eUsed, qUsed)
	cov := func(n name, used []float64) float64 {
		var sum float64
		for _, u := range used {
			sum += u
		}
		return sum / float64(len(n.toks))
	}
	a, b := cov(q, qUsed), cov(e, eUsed)
	if min(a, b) < minCoverage {
		return 0, paired
	}
	return 0.75*max(a, b) + 0.25*min(a, b), paired
}

// minCoverage is the least share of either name's tokens that must pair:
// one token of four may be missing (a middle name), not one of three ("Kim
// Chol" is not "Kim Chol Su": short names share two tokens too often).
const minCoverage = 0.7

// minMergedSim is the least similarity of a token and two tokens written
// together: joining tokens opens many chances, so only a near-equal counts.
const minMergedSim = 0.95

// mergePairs pairs each unpaired token of x with two adjacent unpaired
// tokens of y written together.
func mergePairs(x, y name, xDone, yDone []bool, xUsed, yUsed []float64) int {
	n := 0
	for i := range x.toks {
		if xDone[i] {
			continue
		}
		for j := 0; j+1 < len(y.toks); j++ {
			if yDone[j] || yDone[j+1] {
				continue
			}
			joined := y.toks[j] + y.toks[j+1]
			if s := tokenSim(x.toks[i], joined, x.skel[i], skeleton(joined)); s >= minMergedSim {
				xDone[i], yDone[j], yDone[j+1] = true, true, true
				xUsed[i], yUsed[j], yUsed[j+1] = s, s, s
				n++
				break
			}
		}
	}
	return n
}

// jaroWinkler is the Jaro-Winkler similarity of two strings (bytes; the
// tokens are folded to Latin letters, Han and digits aside).
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [maxName]bool
	if la > maxName || lb > maxName {
		return 0
	}
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	prefix := 0
	for prefix < min(4, la, lb) && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}
