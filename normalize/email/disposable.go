package email

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// DisposableList is a set of throwaway-mailbox domains. A domain matches
// when it or any parent domain is listed, so "x.mailinator.com" matches
// "mailinator.com". A list never changes once built, so one list can serve
// many goroutines.
type DisposableList struct {
	domains map[string]struct{}
}

// NewDisposableList builds a list from domain names. Entries are
// lower-cased and put in ASCII (IDNA) form; a leading "*." or "." is
// ignored; entries that are not domain names are skipped.
func NewDisposableList(domains ...string) *DisposableList {
	l := &DisposableList{domains: make(map[string]struct{}, len(domains))}
	for _, d := range domains {
		l.add(d)
	}
	return l
}

func (l *DisposableList) add(entry string) {
	d := strings.ToLower(strings.TrimSpace(entry))
	d = strings.TrimPrefix(strings.TrimPrefix(d, "*"), ".")
	d, ok := canonicalDomain(d)
	if ok {
		l.domains[d] = struct{}{}
	}
}

// Len returns the number of domains listed.
func (l *DisposableList) Len() int {
	if l == nil {
		return 0
	}
	return len(l.domains)
}

// Contains reports whether domain (ASCII, lower case, as in Email.Domain)
// or one of its parent domains is listed.
func (l *DisposableList) Contains(domain string) bool {
	if l == nil || len(l.domains) == 0 {
		return false
	}
	d := strings.TrimSuffix(strings.ToLower(domain), ".")
	for d != "" {
		if _, ok := l.domains[d]; ok {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	return false
}

// Union returns a new list holding the domains of l and others, so an
// operator's file can extend the built-in list rather than replace it.
func (l *DisposableList) Union(others ...*DisposableList) *DisposableList {
	u := &DisposableList{domains: make(map[string]struct{}, l.Len())}
	for _, src := range append([]*DisposableList{l}, others...) {
		if src == nil {
			continue
		}
		for d := range src.domains {
			u.domains[d] = struct{}{}
		}
	}
	return u
}

// maxLine bounds one line of a list file; domain names are at most 253
// bytes, so anything longer is not a list of domains.
const maxLine = 4096

// ReadDisposableList reads one domain per line, in the format of the public
// disposable-email-domains list: blank lines and lines starting with "#" or
// "//" are ignored, as are lines that are not domain names. It checks ctx
// every few thousand lines, since the public list has tens of thousands.
func ReadDisposableList(ctx context.Context, r io.Reader) (*DisposableList, error) {
	return readList(ctx, r, "disposable domain list")
}

// LoadDisposableFile reads a list file (see ReadDisposableList).
func LoadDisposableFile(ctx context.Context, path string) (*DisposableList, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, mosaic.WrapError(mosaic.ENOTFOUND, err, "disposable domain list %s does not exist", path)
		}
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot open disposable domain list %s", path)
	}
	defer f.Close()
	return readList(ctx, f, "disposable domain list "+path)
}

// readList does the reading; name says which list in error messages.
func readList(ctx context.Context, r io.Reader, name string) (*DisposableList, error) {
	l := &DisposableList{domains: make(map[string]struct{})}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1024), maxLine)
	for n := 0; sc.Scan(); n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") {
			continue
		}
		l.add(line)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s: a line is longer than %d bytes; expected one domain per line", name, maxLine)
		}
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s: cannot read", name)
	}
	return l, nil
}
