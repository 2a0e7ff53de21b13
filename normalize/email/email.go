// Package email turns e-mail addresses as people type them into one
// canonical form per mailbox, so that "John.Smith+jobs@googlemail.com" and
// "johnsmith@gmail.com" link as the same person.
package email

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
	"golang.org/x/text/unicode/norm"
)

// Email is a normalised e-mail address.
type Email struct {
	// Address is the canonical mailbox, the key to link on: NFKC, lower
	// case, provider aliases folded (see Normalize).
	Address string
	// Local and Domain are the two halves of Address. Domain is ASCII
	// (internationalised domains in their xn-- form).
	Local, Domain string
	// RegisteredDomain is the domain a person or company registers:
	// "example.co.uk" for "mail.example.co.uk".
	RegisteredDomain string
	// Disposable is true for throwaway-mailbox services (mailinator, ...).
	Disposable bool
	// FreeMail is true for consumer mailbox providers (gmail, outlook,
	// yahoo, ...), as opposed to a company's or a person's own domain.
	FreeMail bool
}

// RFC 5321 limits; longer input is not an address anyone can receive mail at.
const (
	maxLocal   = 64
	maxAddress = 254
	maxInput   = 1024
)

// Normalizer normalises addresses against a chosen disposable-domain list.
// The zero value uses the built-in list. It is safe for concurrent use.
type Normalizer struct {
	// Disposable decides Email.Disposable; nil means BuiltinDisposable().
	Disposable *DisposableList
}

// Normalize normalises raw with the built-in disposable list.
//
// The canonical form is NFKC and lower case. For the big providers that
// deliver "user+tag" to "user" (gmail, outlook/hotmail/live, icloud,
// fastmail, proton) the +tag is stripped; for gmail, which also ignores dots,
// the dots are removed and googlemail.com becomes gmail.com. Other domains
// keep dots and plus signs: there they may name different mailboxes.
//
// It accepts "Name <user@host>", "mailto:" links and a trailing dot on the
// domain. It returns false for anything that is not one local part, one
// "@" and a valid domain name with at least one dot.
func Normalize(raw string) (Email, bool) {
	return Normalizer{}.Normalize(raw)
}

// Normalize is the package Normalize with n's disposable list.
func (n Normalizer) Normalize(raw string) (Email, bool) {
	local, domain, ok := split(raw)
	if !ok {
		return Email{}, false
	}
	domain, ok = canonicalDomain(domain)
	if !ok {
		return Email{}, false
	}
	local, domain = foldProvider(local, domain)
	if !validLocal(local) || len(local)+1+len(domain) > maxAddress {
		return Email{}, false
	}
	registered, err := publicsuffix.EffectiveTLDPlusOne(domain)
	if err != nil {
		registered = domain // the domain is itself a public suffix
	}
	list := n.Disposable
	if list == nil {
		list = BuiltinDisposable()
	}
	return Email{
		Address:          local + "@" + domain,
		Local:            local,
		Domain:           domain,
		RegisteredDomain: registered,
		Disposable:       list.Contains(domain),
		FreeMail:         isFreeMail(domain),
	}, true
}

// split cleans raw and cuts it at its last "@".
func split(raw string) (local, domain string, ok bool) {
	if len(raw) > maxInput || !utf8.ValidString(raw) {
		return "", "", false
	}
	s := strings.TrimSpace(raw)
	// "Jane Doe <jane@example.com>": keep what is inside the brackets.
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return "", "", false
		}
		s = s[i+1 : i+j]
	}
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
		if i := strings.IndexByte(s, '?'); i >= 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	// NFKC folds full-width and compatibility characters ("ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ");
	// the second pass keeps the result stable after lower-casing.
	s = norm.NFKC.String(strings.ToLower(norm.NFKC.String(s)))
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", "", false
	}
	return s[:at], s[at+1:], true
}

// canonicalDomain returns domain in lower-case ASCII (IDNA) form, or false
// when it is not a host name with at least two labels.
func canonicalDomain(domain string) (string, bool) {
	domain = strings.TrimSuffix(domain, ".")
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil || len(ascii) > 253 || !strings.Contains(ascii, ".") {
		return "", false
	}
	for label := range strings.SplitSeq(ascii, ".") {
		if label == "" || len(label) > 63 {
			return "", false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", false
			}
		}
	}
	return ascii, true
}

// validLocal accepts the characters people really have in mailbox names,
// including non-ASCII letters (SMTPUTF8), and rejects what would make the
// address ambiguous or a different token: spaces, controls, "@", brackets,
// quotes and separators.
func validLocal(local string) bool {
	if local == "" || len(local) > maxLocal {
		return false
	}
	for _, r := range local {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
			strings.ContainsRune(`@<>()[]\,;:"`, r) {
			return false
		}
	}
	return true
}
