package simulate

import (
	"github.com/nyaruka/phonenumbers"
	"strconv"
	"strings"
	"unicode"

	"github.com/mosaic-sec/mosaic/normalize/email"
	"github.com/mosaic-sec/mosaic/normalize/profile"
)

// newName draws a first and last name from the given culture weights, and
// sometimes mixes two cultures, as families do.
func newName(r randSource, weights []float64) (first, last string) {
	c := &cultures[weighted(r, weights)]
	first, last = pick(r, c.first), pick(r, c.last)
	if chance(r, 0.08) {
		last = pick(r, cultures[weighted(r, weights)].last)
	}
	return first, last
}

// slug lower-cases a name and keeps letters only, for emails and handles.
func slug(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c < unicode.MaxASCII && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// personalEmail makes an address the way people pick them.
func personalEmail(r randSource, first, last string, domains []string) string {
	f, l := slug(first), slug(last)
	if f == "" {
		f = "user"
	}
	if l == "" {
		l = "x"
	}
	var local string
	switch r.IntN(9) {
	case 0:
		local = f + l
	case 1:
		local = f + "." + l
	case 2:
		local = f[:1] + l
	case 3:
		local = f + "." + l + strconv.Itoa(between(r, 1, 99))
	case 4:
		local = l + "_" + f + strconv.Itoa(between(r, 60, 99))
	case 5:
		local = f + l + strconv.Itoa(between(r, 1970, 2003))
	case 6:
		local = f[:1] + "." + l + strconv.Itoa(between(r, 1, 9))
	case 7:
		local = f + "_" + l
	default:
		local = l + f[:1] + strconv.Itoa(between(r, 10, 999))
	}
	return local + "@" + pick(r, domains)
}

// personaEmail follows the handles ring personas are seen using: the name
// plus a "dev" or role word, or digits.
func personaEmail(r randSource, first, last string) string {
	f, l := slug(first), slug(last)
	if f == "" {
		f = "dev"
	}
	if l == "" {
		l = "x"
	}
	words := []string{"dev", "tech", "code", "eng", "soft", "work", "pro", "it"}
	var local string
	switch r.IntN(6) {
	case 0:
		local = f + l + "." + pick(r, words)
	case 1:
		local = f + "." + l + strconv.Itoa(between(r, 10, 99))
	case 2:
		local = f + pick(r, words) + strconv.Itoa(between(r, 1, 999))
	case 3:
		local = f[:1] + l + "." + pick(r, words)
	case 4:
		local = l + "." + f + strconv.Itoa(between(r, 80, 99))
	default:
		return personalEmail(r, first, last, personaEmailDomains)
	}
	return local + "@" + pick(r, personaEmailDomains)
}

// usPhone formats a US number the many ways people type them. Exchange 555
// is avoided: it marks fiction.
func usPhone(r randSource, area string) string {
	ex := between(r, 201, 989)
	if ex == 555 {
		ex = 556
	}
	line := digits(r, 4)
	e := strconv.Itoa(ex)
	switch r.IntN(7) {
	case 0:
		return "(" + area + ") " + e + "-" + line
	case 1:
		return area + "-" + e + "-" + line
	case 2:
		return "+1 " + area + " " + e + " " + line
	case 3:
		return area + e + line
	case 4:
		return "+1" + area + e + line
	case 5:
		return area + "." + e + "." + line
	default:
		return "1-" + area + "-" + e + "-" + line
	}
}

// foreignPhone formats a number under a "+CC area" prefix, as long as the
// country's fixed-line numbers are (phonenumbers' example number says how
// long): "+1 416" takes seven more digits, "+44 20" eight.
func foreignPhone(r randSource, prefix, country string) string {
	n := 8
	if ex := phonenumbers.GetExampleNumberForType(country, phonenumbers.FIXED_LINE); ex != nil {
		_, area, _ := strings.Cut(prefix, " ")
		n = max(4, len(phonenumbers.GetNationalSignificantNumber(ex))-len(area))
	}
	if chance(r, 0.5) {
		return prefix + " " + digits(r, n/2) + " " + digits(r, n-n/2)
	}
	return strings.ReplaceAll(prefix, " ", "") + digits(r, n)
}

func phoneFor(r randSource, c *city) string {
	area := pick(r, c.areaCodes)
	if strings.HasPrefix(area, "+") {
		return foreignPhone(r, area, c.country)
	}
	return usPhone(r, area)
}

// streetAddress draws a house address in a city.
func streetAddress(r randSource, c *city) address {
	a := address{
		line1:   strconv.Itoa(between(r, 10, 9899)) + " " + pick(r, streetNames) + " " + pick(r, streetSuffixes),
		city:    c.name,
		region:  c.region,
		country: c.country,
	}
	if chance(r, 0.28) {
		switch r.IntN(4) {
		case 0:
			a.line2 = "Apt " + strconv.Itoa(between(r, 1, 40))
		case 1:
			a.line2 = "Apt " + strconv.Itoa(between(r, 1, 12)) + string(rune('A'+r.IntN(6)))
		case 2:
			a.line2 = "Unit " + strconv.Itoa(between(r, 100, 2400))
		default:
			a.line2 = "#" + strconv.Itoa(between(r, 1, 300))
		}
	}
	a.postal = postalCode(r, c)
	return a
}

func postalCode(r randSource, c *city) string {
	switch c.country {
	case "US":
		return c.zip + digits(r, 5-len(c.zip))
	case "GB":
		return string(rune('A'+r.IntN(26))) + string(rune('A'+r.IntN(26))) + strconv.Itoa(between(r, 1, 20)) + " " + strconv.Itoa(r.IntN(10)) + string(rune('A'+r.IntN(26))) + string(rune('A'+r.IntN(26)))
	case "CA":
		return "M" + strconv.Itoa(r.IntN(10)) + string(rune('A'+r.IntN(26))) + " " + strconv.Itoa(r.IntN(10)) + string(rune('A'+r.IntN(26))) + strconv.Itoa(r.IntN(10))
	default:
		return digits(r, 5)
	}
}

// ssn draws a number in the shape the SSA issues (no 000, 666 or 9xx areas).
func ssn(r randSource) string {
	area := between(r, 1, 899)
	if area == 666 {
		area = 667
	}
	a := strconv.Itoa(area)
	for len(a) < 3 {
		a = "0" + a
	}
	g := strconv.Itoa(between(r, 1, 99))
	if len(g) < 2 {
		g = "0" + g
	}
	s := strconv.Itoa(between(r, 1, 9999))
	for len(s) < 4 {
		s = "0" + s
	}
	return a + "-" + g + "-" + s
}

func dateOfBirth(r randSource) string {
	y, m, d := between(r, 1964, 2003), between(r, 1, 12), between(r, 1, 28)
	return strconv.Itoa(y) + "-" + two(m) + "-" + two(d)
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// routingNumber draws nine digits that pass the ABA checksum.
func routingNumber(r randSource) string {
	d := make([]int, 9)
	d[0] = between(r, 0, 3)
	for i := 1; i < 8; i++ {
		d[i] = r.IntN(10)
	}
	sum := 3*(d[0]+d[3]+d[6]) + 7*(d[1]+d[4]+d[7]) + (d[2] + d[5])
	d[8] = (10 - sum%10) % 10
	b := make([]byte, 9)
	for i, v := range d {
		b[i] = byte('0' + v)
	}
	return string(b)
}

func accountNumber(r randSource) string { return digits(r, between(r, 9, 12)) }

func linkedinURL(r randSource, first, last string) string {
	f, l := slug(first), slug(last)
	switch r.IntN(5) {
	case 0:
		return ""
	case 1:
		return "https://www.linkedin.com/in/" + f + "-" + l + "-" + hexString(r, 8) + "/"
	case 2:
		return "https://linkedin.com/in/" + f + l + strconv.Itoa(between(r, 1, 999))
	case 3:
		return "linkedin.com/in/" + f + "-" + l
	default:
		return "https://www.linkedin.com/in/" + f + l
	}
}

func githubURL(r randSource, first, last string) string {
	f, l := slug(first), slug(last)
	switch r.IntN(5) {
	case 0, 1:
		return ""
	case 2:
		return "https://github.com/" + f + l
	case 3:
		return "https://github.com/" + f[:min(1, len(f))] + l + strconv.Itoa(between(r, 1, 99))
	default:
		return "github.com/" + f + "-" + l
	}
}

func newReference(r randSource) reference {
	first, last := newName(r, cultureWeights)
	c := &usCities[r.IntN(len(usCities))]
	// A referee's address is theirs alone: digits keep two referees of the
	// same name apart (references are drawn per person, never all held).
	local, domain, _ := strings.Cut(personalEmail(r, first, last, emailDomains), "@")
	return reference{first + " " + last, local + strconv.Itoa(between(r, 100, 9999)) + "@" + domain, phoneFor(r, c)}
}

// uniqueProfile returns url, or the same URL with digits added to its
// handle when another person holds that handle already. An empty url stays
// empty.
func (w *world) uniqueProfile(r randSource, url string) string {
	if url == "" {
		return ""
	}
	for w.profiles[profileKey(url)] {
		trail := strings.HasSuffix(url, "/")
		url = strings.TrimSuffix(url, "/") + strconv.Itoa(between(r, 2, 99))
		if trail {
			url += "/"
		}
	}
	w.profiles[profileKey(url)] = true
	return url
}

// profileKey is the site and handle of a profile URL as mosaic compares
// them (and the sites do): case, scheme, "www." and slashes aside.
func profileKey(url string) string {
	if p, ok := profile.Normalize(url); ok {
		return p.Key
	}
	return strings.ToLower(url)
}

// uniqueEmail returns addr, or addr with digits added to its local part
// until no other person holds that mailbox. Mailboxes compare as their
// providers deliver mail: jessica.brown@gmail.com and
// jessicabrown@gmail.com are one Gmail mailbox, so two namesakes can never
// hold both.
func (w *world) uniqueEmail(r randSource, addr string) string {
	for w.emails[mailboxKey(addr)] {
		local, domain, _ := strings.Cut(addr, "@")
		addr = local + strconv.Itoa(between(r, 2, 99)) + "@" + domain
	}
	w.emails[mailboxKey(addr)] = true
	return addr
}

// mailboxKey is an address as mosaic compares it (dots and +tags where the
// provider ignores them, case).
func mailboxKey(addr string) string {
	if e, ok := email.Normalize(addr); ok {
		return e.Address
	}
	return strings.ToLower(addr)
}
