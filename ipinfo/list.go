package ipinfo

import (
	"bufio"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Kinds of operator list.
const (
	KindVPN       = "vpn"       // VPN and proxy exits (e.g. X4BNet vpn list)
	KindHosting   = "hosting"   // datacenter ranges (e.g. X4BNet datacenter list)
	KindTor       = "tor"       // Tor exit addresses
	KindCorporate = "corporate" // the company's own egress; overrides hosting and VPN
)

// maxListLine bounds one line of a list file; real lines are under 50 bytes.
const maxListLine = 4096

// List is an operator-supplied set of address ranges of one kind.
type List struct {
	Name     string // the file's base name, reported in Info.Source as "list:Name"
	Kind     string
	Prefixes []netip.Prefix
}

// LoadList reads a list file: one address or CIDR prefix per line; blank
// lines and comments (from '#' or ';' to the end of the line) are skipped, and
// Tor's exit-addresses format ("ExitAddress 1.2.3.4 ...") is understood. A
// line that is none of these is an error naming the file and line, so a
// mistyped egress range is not silently ignored.
func LoadList(path, kind string) (List, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return List{}, mosaic.Errorf(mosaic.ENOTFOUND, "IP list %s does not exist", path)
		}
		return List{}, mosaic.WrapError(mosaic.EINVALID, err, "cannot open IP list %s", path)
	}
	defer f.Close()
	return ParseList(f, filepath.Base(path), kind)
}

// ParseList reads a list from r as LoadList does; name labels it in errors
// and in Info.Source.
func ParseList(r io.Reader, name, kind string) (List, error) {
	switch kind {
	case KindVPN, KindHosting, KindTor, KindCorporate:
	default:
		return List{}, mosaic.Errorf(mosaic.EINVALID, "IP list %s: unknown kind %q (want vpn, hosting, tor or corporate)", name, kind)
	}
	l := List{Name: name, Kind: kind}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), maxListLine)
	for line := 1; sc.Scan(); line++ {
		p, ok, err := parseListLine(sc.Text(), line == 1)
		if err != nil {
			return List{}, mosaic.Errorf(mosaic.EINVALID, "IP list %s line %d: %s", name, line, err)
		}
		if ok {
			l.Prefixes = append(l.Prefixes, p)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return List{}, mosaic.Errorf(mosaic.EINVALID, "IP list %s: a line is longer than %d bytes", name, maxListLine)
		}
		return List{}, mosaic.WrapError(mosaic.EINVALID, err, "cannot read IP list %s", name)
	}
	return l, nil
}

// torHeaders are the lines of Tor's exit-addresses file other than ExitAddress.
var torHeaders = []string{"ExitNode", "Published", "LastStatus"}

// parseListLine returns the prefix on one line, ok=false for a line with
// none, or an error. The error never quotes the line: lists are addresses,
// but a wrong file passed by mistake could hold anything.
func parseListLine(s string, first bool) (netip.Prefix, bool, error) {
	if first {
		s = strings.TrimPrefix(s, "\uFEFF")
	}
	if i := strings.IndexAny(s, "#;"); i >= 0 {
		s = s[:i]
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return netip.Prefix{}, false, nil
	}
	for _, h := range torHeaders {
		if fields[0] == h {
			return netip.Prefix{}, false, nil
		}
	}
	if fields[0] == "ExitAddress" {
		if len(fields) < 2 {
			return netip.Prefix{}, false, errors.New("ExitAddress without an address")
		}
		fields = fields[1:2]
	}
	if len(fields) != 1 {
		return netip.Prefix{}, false, errors.New("want one address or prefix per line")
	}
	text := fields[0]
	if strings.Contains(text, "/") {
		p, err := netip.ParsePrefix(text)
		if err != nil {
			return netip.Prefix{}, false, errors.New("not a CIDR prefix")
		}
		// Unmapped so ::ffff:1.2.3.4/128 matches the IPv4 lookup.
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), true, nil
	}
	addr, err := netip.ParseAddr(text)
	if err != nil {
		return netip.Prefix{}, false, errors.New("not an IP address or CIDR prefix")
	}
	addr = addr.Unmap().WithZone("")
	return netip.PrefixFrom(addr, addr.BitLen()), true, nil
}
