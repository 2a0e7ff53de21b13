package sanctions

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/address"
	"github.com/mosaic-sec/mosaic/normalize/email"
	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// Index screens parties against loaded lists: exact maps for identifiers,
// and a token-blocked name index, so a name is compared only with listed
// names sharing a token's first or last three letters (never all pairs).
// It is immutable once built and safe for concurrent use.
type Index struct {
	entries []Entry
	email   map[string][]int // normalised mailbox
	site    map[string][]int // host, or host/path for a page on a shared platform
	wallet  map[string][]int // keyed hash of the canonical address
	phone   map[string][]int // E.164
	doc     map[string][]int // upper-case letters and digits
	dob     []map[string]bool
	street  [][]string // normalised street-level address keys, per entry
	names   []listedName
	blocks  map[string][]int32 // block key -> names
}

type listedName struct {
	entry int
	text  string
	n     name
}

// NewIndex indexes the individuals' names and every entry's identifiers.
// h hashes wallets and dates of birth as the readers hash them
// (mosaic.Hasher with the database's key), since records hold only those
// hashes.
func NewIndex(ls *Lists, h mosaic.Hasher) *Index {
	ix := &Index{email: map[string][]int{}, site: map[string][]int{}, wallet: map[string][]int{},
		phone: map[string][]int{}, doc: map[string][]int{}, blocks: map[string][]int32{}}
	if ls != nil {
		ix.entries = ls.Entries()
	}
	ix.dob = make([]map[string]bool, len(ix.entries))
	ix.street = make([][]string, len(ix.entries))
	for i, e := range ix.entries {
		for _, m := range e.Emails {
			if k, ok := emailKey(m); ok {
				ix.email[k] = appendOnce(ix.email[k], i)
			}
		}
		for _, w := range e.Websites {
			if k := siteKey(w); k != "" {
				ix.site[k] = appendOnce(ix.site[k], i)
			}
		}
		for _, w := range e.Wallets {
			if k := walletCanonical(w.Address); k != "" && h != nil {
				hk := h.Hash("wallet_address", k)
				ix.wallet[hk] = appendOnce(ix.wallet[hk], i)
			}
		}
		for _, p := range e.Phones {
			if k := phoneKey(p); k != "" {
				ix.phone[k] = appendOnce(ix.phone[k], i)
			}
		}
		for _, d := range e.Documents {
			if k := docKey(d.Number); k != "" {
				ix.doc[k] = appendOnce(ix.doc[k], i)
			}
		}
		for _, d := range e.DOBs {
			if len(d) == len("2006-01-02") && h != nil {
				if ix.dob[i] == nil {
					ix.dob[i] = map[string]bool{}
				}
				ix.dob[i][h.Hash("date_of_birth", d)] = true
			}
		}
		for _, a := range e.Addresses {
			if k := streetKey(mosaic.Address{Line1: a.Line, City: a.City, Region: a.Region, PostalCode: a.Postal, Country: a.Country}); k != "" {
				ix.street[i] = append(ix.street[i], k)
			}
		}
		if e.Type != "individual" {
			continue // names are screened against people only
		}
		for _, text := range e.Names {
			n := prepare(text)
			if len(n.toks) < 2 {
				continue // a single word (a nickname, a handle) names no one
			}
			ni := int32(len(ix.names))
			ix.names = append(ix.names, listedName{entry: i, text: text, n: n})
			for _, k := range blockKeys(n) {
				ix.blocks[k] = appendOnce32(ix.blocks[k], ni)
			}
		}
	}
	return ix
}

// Len is the number of entries indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Entry returns an indexed entry.
func (ix *Index) Entry(i int) Entry { return ix.entries[i] }

// blockKeys are a name's blocking keys: each token's skeleton's first and
// last three letters (a short token whole). One typo leaves at least one
// key of a token of four letters or more intact.
func blockKeys(n name) []string {
	keys := make([]string, 0, 2*len(n.skel))
	for _, s := range n.skel {
		if len(s) <= 3 {
			keys = append(keys, "t:"+s)
			continue
		}
		keys = append(keys, "p:"+s[:3], "s:"+s[len(s)-3:])
	}
	return keys
}

func emailKey(s string) (string, bool) {
	e, ok := email.Normalize(s)
	if !ok {
		return "", false
	}
	return e.Address, true
}

// sharedHosts are platforms where a person's page is a path: a listed page
// there is matched by host and path, never by host alone.
var sharedHosts = map[string]bool{
	"github.com": true, "linkedin.com": true, "upwork.com": true, "freelancer.com": true, "facebook.com": true,
	"twitter.com": true, "x.com": true, "t.me": true, "gitlab.com": true, "fiverr.com": true, "medium.com": true,
	"instagram.com": true, "youtube.com": true, "vk.com": true, "sites.google.com": true, "behance.net": true,
	"dribbble.com": true, "toptal.com": true, "stackoverflow.com": true, "peopleperhour.com": true, "guru.com": true,
}

// siteKey is a website's host (without "www."), or host/path on a shared
// platform; "" for no web address.
func siteKey(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || !strings.Contains(u.Host, ".") {
		return ""
	}
	host := strings.TrimPrefix(u.Hostname(), "www.")
	if sharedHosts[host] {
		path := strings.Trim(u.Path, "/")
		if path == "" {
			return ""
		}
		if strings.HasPrefix(host, "linkedin.com") || host == "linkedin.com" {
			path = strings.TrimPrefix(path, "in/")
		}
		first, _, _ := strings.Cut(path, "/")
		return host + "/" + first
	}
	return host
}

// walletCanonical puts a wallet address in the form csvbundle hashes
// (csvbundle/values.go normaliseWallet): EVM and bech32 addresses lower
// case, base58 ones as written. The two must agree, or a listed wallet
// would never meet a payroll one (TestWalletHashMatchesPayroll).
func walletCanonical(v string) string {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	if len(v) > 2 && lower[:2] == "0x" && isHex(v[2:]) {
		return lower
	}
	for _, hrp := range []string{"bc1", "tb1", "ltc1"} {
		if strings.HasPrefix(lower, hrp) {
			return lower
		}
	}
	return v
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return s != ""
}

// phoneKey is a number's E.164 form. The lists write numbers with their
// country code but often without "+" ("850 2 381 8221"), so a number
// without "+" is read as international first.
func phoneKey(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if cut := strings.IndexAny(s, "/,"); cut > 0 {
		s = s[:cut] // "850 2 381 8208/4188": the first number
	}
	if !strings.HasPrefix(s, "+") && !strings.HasPrefix(s, "00") {
		if e, ok := phone.E164("+"+s, ""); ok {
			return e
		}
	}
	if e, ok := phone.E164(s, "US"); ok {
		return e
	}
	return ""
}

// docKey keeps a document number's letters and digits, upper case; ""
// for a number too short to identify anyone.
func docKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	if b.Len() < 5 {
		return ""
	}
	return b.String()
}

// streetKey is a street-level address key (house, street, city, country);
// "" for an address without a street (a city or a country names no home).
func streetKey(a mosaic.Address) string {
	n := address.Normalize(a)
	if n.Street == "" || n.City == "" {
		return ""
	}
	// Not n.Key: the lists rarely give a postal code, which it rests on.
	return n.Country + "|" + n.City + "|" + n.Street
}

func appendOnce(xs []int, i int) []int {
	if len(xs) > 0 && xs[len(xs)-1] == i {
		return xs
	}
	return append(xs, i)
}

func appendOnce32(xs []int32, i int32) []int32 {
	if len(xs) > 0 && xs[len(xs)-1] == i {
		return xs
	}
	return append(xs, i)
}
