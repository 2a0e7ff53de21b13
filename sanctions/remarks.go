package sanctions

import (
	"regexp"
	"strings"
	"time"
)

// OFAC's legacy CSV files carry most of an entry in one Remarks field:
// "DOB 01 Jan 1980; POB ...; nationality Korea, North; Email Address x@y;
// alt. Email Address ...; Website www.x.com; Digital Currency Address - XBT
// 1abc...; Passport 123 (Korea, North); a.k.a. 'NAME'." The pieces are
// separated by "; " and may start with "alt.".

// remarkPart splits the remarks into their pieces, without "alt." and the
// final period.
func remarkParts(remarks string) []string {
	var out []string
	for _, p := range splitRemarks(remarks) {
		p = strings.TrimSpace(p)
		p = strings.TrimPrefix(p, "alt. ")
		p = strings.TrimSuffix(p, ".")
		if p != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

// splitRemarks splits on ';' outside single-quoted aliases ("a.k.a. 'A;
// B'" is one alias).
func splitRemarks(s string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			// An apostrophe inside a word (O'Brien) does not open a quote.
			if quoted || i == 0 || s[i-1] == ' ' {
				quoted = !quoted
			}
		case ';':
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

var (
	walletRemark = regexp.MustCompile(`(?i)^Digital Currency Address - ([A-Z0-9]+)\s*:?\s+(\S+)`)
	aliasRemark  = regexp.MustCompile(`(?i)^[af]\.k\.a\.,?\s+'(.+)'$`)
	// documentRemark: the identity documents that name a person; company
	// registration numbers are kept too, as screening tools do, since a
	// front company's number on a vendor record is an identifier match.
	documentRemark = regexp.MustCompile(`(?i)^(Passport|National ID No\.|Identification Number|Cedula No\.|C\.U\.R\.P\.|D\.N\.I\.|Driver's License No\.|SSN|Personal ID Card|Registration Number|Tax ID No\.|Residency Number|Birth Certificate Number|Kenyan ID No\.|Stateless Person ID Card)\s*:?\s+([^()]+?)\s*(?:\(([^)]*)\))?$`)
	trailingParen  = regexp.MustCompile(`\s*\([^)]*\)\s*$`)
)

// applyRemarks adds what the remarks say to e.
func applyRemarks(e *Entry, remarks string) {
	for _, p := range remarkParts(remarks) {
		lower := strings.ToLower(p)
		switch {
		case strings.HasPrefix(lower, "dob "):
			if d := parseListDate(p[4:]); d != "" {
				e.DOBs = append(e.DOBs, d)
			}
		case strings.HasPrefix(lower, "nationality "):
			e.Nationalities = append(e.Nationalities, strings.TrimSpace(p[len("nationality "):]))
		case strings.HasPrefix(lower, "citizen "):
			e.Nationalities = append(e.Nationalities, strings.TrimSpace(p[len("citizen "):]))
		case strings.HasPrefix(lower, "email address "), strings.HasPrefix(lower, "email "):
			v := p[strings.IndexByte(p, ' ')+1:]
			v = strings.TrimPrefix(strings.TrimSpace(v), "Address ")
			e.Emails = append(e.Emails, strings.TrimSpace(v))
		case strings.HasPrefix(lower, "website "):
			e.Websites = append(e.Websites, strings.TrimSpace(strings.TrimPrefix(p[len("website "):], ":")))
		case strings.HasPrefix(lower, "phone number "), strings.HasPrefix(lower, "phone "), strings.HasPrefix(lower, "telephone"):
			v := p[strings.IndexByte(p, ' ')+1:]
			v = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(v), "Number"), ":")
			e.Phones = append(e.Phones, strings.TrimSpace(v))
		case walletRemark.MatchString(p):
			m := walletRemark.FindStringSubmatch(p)
			e.Wallets = append(e.Wallets, Wallet{Currency: strings.ToUpper(m[1]), Address: m[2]})
		case aliasRemark.MatchString(p):
			e.Names = append(e.Names, aliasRemark.FindStringSubmatch(p)[1])
		case documentRemark.MatchString(p):
			m := documentRemark.FindStringSubmatch(p)
			e.Documents = append(e.Documents, Document{Type: m[1], Number: strings.TrimSpace(m[2]), Country: m[3]})
		}
	}
}

// dateLayouts are the ways the lists write a date of birth.
var dateLayouts = []struct{ layout, out string }{
	{"02 Jan 2006", "2006-01-02"}, {"2 Jan 2006", "2006-01-02"}, {"2006-01-02", "2006-01-02"},
	{"01/02/2006", "2006-01-02"}, {"Jan 2006", "2006-01"}, {"2006-01", "2006-01"}, {"2006", "2006"},
}

// parseListDate reads a listed date: "01 Jan 1980", "circa 1971", "Feb
// 1969", "1962 to 1965" (the first year), "1944-10-13". "" when it is none.
func parseListDate(s string) string {
	s = strings.TrimSpace(trailingParen.ReplaceAllString(s, ""))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "circa "), "Circa ")
	if a, _, ok := strings.Cut(s, " to "); ok {
		s = a
	}
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return t.Format(l.out)
		}
	}
	return ""
}
