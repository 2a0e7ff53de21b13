package service

import (
	"strings"

	"github.com/mosaic-sec/mosaic/dataset"
)

// searchIndex finds subjects by the identifiers of their records, in
// normalised form: e-mails lower-cased, phones by their digits (the last
// ten, so +1 602 555 0143 and (602) 555-0143 meet), sensitive values by
// their keyed hash.
type searchIndex struct {
	ids  map[string][]string // normalised identifier -> subject ids
	hash func(field, value string) string
}

func (ix *searchIndex) lookup(q string) map[string]bool {
	out := map[string]bool{}
	if ix == nil {
		return out
	}
	for _, key := range searchKeys(q) {
		for _, id := range ix.ids[key] {
			out[id] = true
		}
	}
	if ix.hash != nil {
		digits := onlyDigits(q)
		for _, field := range []string{"ssn", "account_number", "wallet_address"} {
			v := q
			if field == "ssn" || field == "account_number" {
				v = digits
			}
			if v == "" {
				continue
			}
			for _, id := range ix.ids["#"+ix.hash(field, v)] {
				out[id] = true
			}
		}
	}
	return out
}

// searchKeys are the forms a query may match.
func searchKeys(q string) []string {
	q = strings.ToLower(strings.TrimSpace(q))
	keys := []string{q}
	if d := onlyDigits(q); len(d) >= 7 && !strings.Contains(q, "@") {
		if len(d) > 10 {
			d = d[len(d)-10:]
		}
		keys = append(keys, "tel:"+d)
	}
	return keys
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func buildSearchIndex(ds *dataset.Dataset, byRecord map[string]string, hash func(string, string) string) *searchIndex {
	ix := &searchIndex{ids: map[string][]string{}, hash: hash}
	add := func(key, recordID string) {
		if key == "" {
			return
		}
		if sid, ok := byRecord[recordID]; ok {
			ix.ids[key] = append(ix.ids[key], sid)
		}
	}
	phone := func(p, id string) {
		if d := onlyDigits(p); len(d) >= 7 {
			if len(d) > 10 {
				d = d[len(d)-10:]
			}
			add("tel:"+d, id)
		}
	}
	for _, a := range ds.Applications {
		add(strings.ToLower(a.Email), a.ID)
		phone(a.Phone, a.ID)
	}
	for _, e := range ds.Employees {
		add(strings.ToLower(e.WorkEmail), e.ID)
		add(strings.ToLower(e.PersonalEmail), e.ID)
		phone(e.Phone, e.ID)
		if e.SSNHash != "" {
			add("#"+e.SSNHash, e.ID)
		}
	}
	for _, p := range ds.Payroll {
		for _, h := range []string{p.AccountHash, p.WalletHash} {
			if h != "" {
				add("#"+h, p.EmployeeID)
			}
		}
	}
	return ix
}
