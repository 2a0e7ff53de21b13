package sanctions

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/address"
	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// Party is one name and set of identifiers to screen: an applicant, a
// referee, an employee, a laptop's ship-to name, a payroll payee.
type Party struct {
	Role   string // applicant, referee, employee, ship_to, payee
	Record string // "application A-1", for the explanation
	Origin mosaic.Origin
	Name   string
	// Identifiers, as typed (e-mails, phones, web addresses, documents) or
	// as the readers hashed them (wallet, date of birth).
	Emails      []string
	Phones      []string
	PhoneRegion string
	Websites    []string
	Documents   []string
	WalletHash  string
	DOBHash     string
	Address     mosaic.Address
}

// Match kinds.
const (
	KindIdentifier = "identifier"  // an identifier on the list: strong evidence
	KindNameSecond = "name_second" // the name and a second identifier of the listed person
	KindNameOnly   = "name_only"   // the name alone: listed for compliance review, never scored
)

// Match is one finding of screening.
type Match struct {
	Kind      string
	Party     Party
	List      string
	EntryID   string
	Listed    string  // the listed name matched, or the entry's primary name
	Score     float64 // name similarity, 0 to 1 (1 for an identifier)
	On        string  // identifier matched: email, website, wallet, phone, document
	Value     string  // the value as shown to a reviewer ("" for hashed values)
	Column    string  // the record's column holding it
	Second    []string
	Context   []string // what else agrees but does not count (same city or country)
	Programs  []string
	EntryType string
}

// NameThreshold is the name score from which two names are a match:
// chosen on the labelled variants of docs/detection.md (TestScreeningQuality).
const NameThreshold = 0.88

// Screen screens one party. Matches are ordered identifier first, then by
// name score.
func (ix *Index) Screen(p Party) []Match {
	var out []Match
	seen := map[string]bool{}
	ident := func(entries []int, on, value, column string) {
		for _, i := range entries {
			e := ix.entries[i]
			k := "i\x00" + e.List + e.ID + on
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, Match{Kind: KindIdentifier, Party: p, List: e.List, EntryID: e.ID, Listed: primary(e), Score: 1,
				On: on, Value: value, Column: column, Programs: e.Programs, EntryType: e.Type})
		}
	}
	for _, m := range p.Emails {
		if k, ok := emailKey(m); ok {
			ident(ix.email[k], "email", k, "email")
			if at := strings.LastIndexByte(k, '@'); at > 0 {
				ident(ix.site[k[at+1:]], "website", k[at+1:], "email")
			}
		}
	}
	for _, w := range p.Websites {
		if k := siteKey(w); k != "" {
			ident(ix.site[k], "website", k, "profile")
		}
	}
	for _, ph := range p.Phones {
		if k := phoneKeyRegion(ph, p.PhoneRegion); k != "" {
			ident(ix.phone[k], "phone", k, "phone")
		}
	}
	for _, d := range p.Documents {
		if k := docKey(d); k != "" {
			ident(ix.doc[k], "document", "", "document")
		}
	}
	if p.WalletHash != "" {
		ident(ix.wallet[p.WalletHash], "wallet", "", "wallet_address")
	}
	out = append(out, ix.screenName(p, seen)...)
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Kind == KindIdentifier) != (out[j].Kind == KindIdentifier) {
			return out[i].Kind == KindIdentifier
		}
		return out[i].Score > out[j].Score
	})
	return out
}

// MaxNameCandidates bounds the listed names one name is compared with; the
// blocks of a very common token are large.
const MaxNameCandidates = 20000

// screenName compares the party's name with the listed names it shares a
// block with, and keeps the best listed name of each entry at or above
// NameThreshold.
func (ix *Index) screenName(p Party, seen map[string]bool) []Match {
	q := prepare(p.Name)
	if len(q.toks) < 2 {
		return nil
	}
	cands := map[int32]bool{}
	for _, k := range blockKeys(q) {
		for _, ni := range ix.blocks[k] {
			if len(cands) >= MaxNameCandidates {
				break
			}
			cands[ni] = true
		}
	}
	best := map[int]Match{}
	for ni := range cands {
		ln := ix.names[ni]
		s, paired := nameScore(q, ln.n)
		if s < NameThreshold || paired < 2 {
			continue
		}
		if have, ok := best[ln.entry]; ok && (have.Score > s || (have.Score == s && have.Listed < ln.text)) {
			continue
		}
		e := ix.entries[ln.entry]
		best[ln.entry] = Match{Kind: KindNameOnly, Party: p, List: e.List, EntryID: e.ID, Listed: ln.text, Score: s,
			Programs: e.Programs, EntryType: e.Type, Column: "name"}
	}
	var out []Match
	for i, m := range best {
		if seen["i\x00"+m.List+m.EntryID+"name"] {
			continue
		}
		m.Second, m.Context = ix.second(i, p)
		if len(m.Second) > 0 {
			m.Kind = KindNameSecond
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].List+out[i].EntryID < out[j].List+out[j].EntryID
	})
	return out
}

// second lists the listed person's identifiers, besides the name, that the
// party also carries: a date of birth (exact), a document number, a
// street address. A shared city or country is context, never a second
// identifier: millions share one, and with a name of the same origin it
// would stand for origin.
func (ix *Index) second(i int, p Party) (second, context []string) {
	e := ix.entries[i]
	if p.DOBHash != "" && ix.dob[i][p.DOBHash] {
		second = append(second, "date of birth")
	}
	for _, d := range p.Documents {
		k := docKey(d)
		for _, ld := range e.Documents {
			if k != "" && k == docKey(ld.Number) {
				second = append(second, "document number")
			}
		}
	}
	if k := streetKey(p.Address); k != "" {
		for _, lk := range ix.street[i] {
			if lk == k {
				second = append(second, "street address")
				break
			}
		}
	}
	if len(second) == 0 && !p.Address.IsZero() {
		pa := address.Normalize(p.Address)
		for _, a := range e.Addresses {
			la := address.Normalize(mosaic.Address{City: a.City, Region: a.Region, Country: a.Country})
			if pa.City != "" && pa.City == la.City && pa.Country == la.Country {
				context = append(context, "same city")
				break
			}
			if pa.Country != "" && pa.Country == la.Country {
				context = append(context, "same country")
				break
			}
		}
	}
	return second, context
}

func phoneKeyRegion(s, region string) string {
	if region == "" {
		region = "US"
	}
	if strings.HasPrefix(strings.TrimSpace(s), "+") || strings.HasPrefix(strings.TrimSpace(s), "00") {
		return phoneKey(s)
	}
	if e, ok := phone.E164(s, region); ok {
		return e
	}
	return ""
}

func primary(e Entry) string {
	if len(e.Names) > 0 {
		return e.Names[0]
	}
	return e.ID
}

// Describe says in one phrase what a match is, for an explanation and a
// reviewer: "e-mail kim@example.com on application A-1 is listed on OFAC
// SDN 12345 (KIM, Chol)".
func (m Match) Describe() string {
	where := m.Party.Record
	what := ""
	switch m.Kind {
	case KindIdentifier:
		label := map[string]string{"email": "e-mail", "website": "website", "wallet": "wallet", "phone": "phone",
			"document": "document number"}[m.On]
		if m.Value != "" {
			what = fmt.Sprintf("%s %s on %s", label, m.Value, where)
		} else {
			what = fmt.Sprintf("the %s on %s", label, where)
		}
		return fmt.Sprintf("%s is listed for %s %s (%s)", what, m.List, m.EntryID, m.Listed)
	case KindNameSecond:
		return fmt.Sprintf("name %q on %s matches %s %s (%s, %.0f%%) with the same %s", m.Party.Name, where, m.List, m.EntryID,
			m.Listed, 100*m.Score, strings.Join(m.Second, " and "))
	}
	s := fmt.Sprintf("name %q on %s resembles %s %s (%s, %.0f%%)", m.Party.Name, where, m.List, m.EntryID, m.Listed, 100*m.Score)
	if len(m.Context) > 0 {
		s += "; " + strings.Join(m.Context, ", ")
	}
	return s
}
