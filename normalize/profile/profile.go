// Package profile reads LinkedIn and GitHub profile links into site and
// handle, so "https://uk.linkedin.com/in/Jane-Doe/?trk=x" and
// "linkedin.com/in/jane-doe" link as one profile.
package profile

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Profile is a normalised profile link.
type Profile struct {
	// Site is "linkedin" or "github" for the profiles mosaic knows, and
	// the host (lower case, without "www.") for any other link.
	Site string
	// Handle is the lower-case handle for LinkedIn and GitHub, and the
	// path without leading or trailing slashes (lower case) for others.
	Handle string
	// Key is what to link on: "linkedin:jane-doe", "github:janedoe",
	// or "host/path" for other links.
	Key string
}

// Sites mosaic recognises.
const (
	SiteLinkedIn = "linkedin"
	SiteGitHub   = "github"
)

const maxInput = 2048

// Normalize reads a profile link. It accepts links with or without a
// scheme, any LinkedIn subdomain (www, uk, de, m), trailing slashes, query
// strings and fragments, percent-encoded handles, and GitHub Pages hosts
// ("jane.github.io" is GitHub user jane). It returns false for text that
// is not a link to a host with a dot in its name.
func Normalize(raw string) (Profile, bool) {
	u, ok := parse(raw)
	if !ok {
		return Profile{}, false
	}
	host := strings.TrimPrefix(u.host, "www.")
	segs := u.segments
	switch {
	case host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com"):
		if len(segs) >= 2 && segs[0] == "in" && validLinkedIn(segs[1]) {
			return known(SiteLinkedIn, segs[1]), true
		}
	case host == "github.com":
		if len(segs) >= 1 && validGitHub(segs[0]) && !githubReserved[segs[0]] {
			return known(SiteGitHub, segs[0]), true
		}
	case strings.HasSuffix(host, ".github.io"):
		if user := strings.TrimSuffix(host, ".github.io"); validGitHub(user) {
			return known(SiteGitHub, user), true
		}
	}
	path := strings.Join(segs, "/")
	key := host
	if path != "" {
		key += "/" + path
	}
	return Profile{Site: host, Handle: path, Key: key}, true
}

func known(site, handle string) Profile {
	return Profile{Site: site, Handle: handle, Key: site + ":" + handle}
}

// link is a parsed, folded URL: lower-case host and decoded, lower-case,
// non-empty path segments.
type link struct {
	host     string
	segments []string
}

func parse(raw string) (link, bool) {
	if len(raw) > maxInput || !utf8.ValidString(raw) {
		return link{}, false
	}
	s := strings.TrimFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return link{}, false
	}
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
	case strings.HasPrefix(lower, "//"):
		s = "https:" + s
	case strings.Contains(lower, "://"):
		return link{}, false // ftp, javascript and other schemes are not profiles
	default:
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil {
		return link{}, false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if !validHost(host) {
		return link{}, false
	}
	var segs []string
	for seg := range strings.SplitSeq(u.EscapedPath(), "/") {
		dec, err := url.PathUnescape(seg)
		if err != nil || !utf8.ValidString(dec) {
			return link{}, false
		}
		if dec = strings.ToLower(norm.NFC.String(strings.TrimSpace(dec))); dec != "" {
			segs = append(segs, dec)
		}
	}
	return link{host: host, segments: segs}, true
}

// validHost accepts DNS names with at least one dot, in ASCII or Unicode
// letters.
func validHost(host string) bool {
	if !strings.Contains(host, ".") || len(host) > 253 {
		return false
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
				return false
			}
		}
	}
	return true
}

// validLinkedIn accepts LinkedIn vanity handles: 3 to 100 letters, digits
// and hyphens (LinkedIn allows letters of any script).
func validLinkedIn(h string) bool {
	n := utf8.RuneCountInString(h)
	if n < 3 || n > 100 {
		return false
	}
	for _, r := range h {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || unicode.Is(unicode.Mn, r)) {
			return false
		}
	}
	return true
}

// validGitHub accepts GitHub user names: 1 to 39 ASCII letters, digits and
// single hyphens, not at either end.
func validGitHub(h string) bool {
	if h == "" || len(h) > 39 || h[0] == '-' || h[len(h)-1] == '-' || strings.Contains(h, "--") {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// githubReserved are first path segments of github.com that are pages, not
// users.
var githubReserved = map[string]bool{
	"about": true, "account": true, "apps": true, "blog": true, "collections": true,
	"contact": true, "customer-stories": true, "enterprise": true, "events": true,
	"explore": true, "features": true, "issues": true, "join": true, "login": true,
	"logout": true, "marketplace": true, "new": true, "notifications": true, "orgs": true,
	"organizations": true, "pricing": true, "pulls": true, "search": true, "security": true,
	"settings": true, "site": true, "sponsors": true, "topics": true, "trending": true,
}
