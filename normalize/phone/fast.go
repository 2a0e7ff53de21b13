package phone

import "github.com/nyaruka/phonenumbers"

// plainNANP reads the commonest number in a US company's records, a North
// American one written with digits and punctuation only, without the
// phonenumbers parser. The parser spends about 8 µs and a few hundred bytes
// of garbage per number in regular expressions, which was most of the cost
// of linking a million applications, each with its own and its referees'
// numbers.
//
// It answers only where the parser's answer is certain: ten digits whose
// area code and exchange start with 2-9 (the shape of every NANP number),
// written after "+1", or after nothing or "1" when the default region
// dials +1. Everything else, and every number Normalize classifies, goes
// to the parser; TestPlainNANPAgreesWithParser holds the two together.
func plainNANP(s, region string) (nsn string, ok bool) {
	var digits [11]byte
	n, plus := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return "", false
			}
			digits[n] = c
			n++
		case c == '+' && i == 0:
			plus = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return "", false
		}
	}
	d := digits[:n]
	switch {
	case n == 11 && d[0] == '1' && (plus || phonenumbers.IsNANPACountry(region)):
		d = d[1:]
	case n == 10 && !plus && phonenumbers.IsNANPACountry(region):
	default:
		return "", false
	}
	if d[0] < '2' || d[3] < '2' {
		return "", false
	}
	return string(d), true
}
