// Package ipinfo enriches IP addresses offline: country, autonomous system
// and organisation, and whether the address belongs to a hosting provider, a
// VPN or proxy service, Tor, or the company's own declared egress.
//
// The country and ASN data ship inside the binary (data/ipinfo.bin.gz, built
// by internal/gen from DB-IP Lite, RouteViews and NRO data under CC BY 4.0;
// see data/ATTRIBUTION.md). Hosting and VPN classification comes from a
// hand-written table of provider ASNs, then from operator lists layered on
// top with WithLists, and last from hints in the organisation name, which are
// weak and flagged as such (Info.Weak).
package ipinfo

import (
	_ "embed"
	"io"
	"net/netip"
	"os"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ipinfo/internal/rangedb"
)

//go:embed data/ipinfo.bin.gz
var builtinData []byte

// Info is what is known about one address. The zero Info (Known false) is
// the answer for malformed, private, loopback and unrouted addresses.
type Info struct {
	Country string // ISO 3166-1 alpha-2, "" when unknown
	ASN     uint32 // 0 when unknown
	Org     string // the AS organisation's name

	Hosting   bool // a hosting, cloud or datacenter network
	VPN       bool // a VPN or proxy service
	Tor       bool // a Tor exit (from an operator list)
	Corporate bool // the company's own egress (from an operator list); clears Hosting and VPN
	Mobile    bool // a mobile carrier's network, whose addresses many subscribers share (carrier-grade NAT)
	Known     bool // the address was found in the data or in a list

	// Weak marks a Hosting or VPN verdict that rests only on words in the
	// organisation name: a hint to weigh lightly, not evidence.
	Weak bool

	// Source names what decided the classification: SourceASNList,
	// SourceOrgName, "list:" followed by the operator list's name, or "".
	Source string
}

// Sources of a classification, as Info.Source reports them.
const (
	SourceASNList = "asn-list" // the built-in table of provider ASNs
	SourceOrgName = "org-name" // a word in the organisation name (weak)
	sourceList    = "list:"    // prefix of an operator list's source
)

// DB answers lookups. It is read-only once built, so one DB may serve any
// number of goroutines.
type DB struct {
	data *rangedb.Data

	// places holds, per entry of data.Places, the answer worked out once at
	// load (strings resolved, ASN classified), so a lookup is one search and
	// one slice read.
	places []place

	lists   []List
	overlay overlay
}

// Builtin decodes the embedded database. Each call decodes afresh (well
// under a second); callers keep the DB rather than calling it per lookup.
func Builtin() (*DB, error) {
	data, err := rangedb.DecodeBytes(builtinData)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "the built-in IP database is damaged")
	}
	return newDB(data), nil
}

// Load reads a database file written by internal/gen, so the data can be
// refreshed without rebuilding the binary.
func Load(path string) (*DB, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, mosaic.Errorf(mosaic.ENOTFOUND, "IP database %s does not exist", path)
		}
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot open IP database %s", path)
	}
	defer f.Close()
	return Read(f)
}

// Read decodes a database from r.
func Read(r io.Reader) (*DB, error) {
	data, err := rangedb.Decode(r)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "unreadable IP database")
	}
	return newDB(data), nil
}

// place is the answer for one rangedb.Place, ready to copy into an Info.
type place struct {
	country, org string
	asn          uint32
	known        bool
	class        asnClass
}

func newDB(data *rangedb.Data) *DB {
	// Classify each organisation once: there are fewer of them than ASNs.
	hints := make([]providerKind, len(data.Orgs))
	for i, org := range data.Orgs {
		hints[i] = orgHint(org)
	}
	classes := make([]asnClass, len(data.ASNs))
	for i, a := range data.ASNs[1:] {
		classes[i+1] = classifyASN(a.Number, hints[a.Org])
	}
	places := make([]place, len(data.Places))
	for i, p := range data.Places[1:] {
		a := data.ASNs[p.ASN]
		places[i+1] = place{
			country: data.Countries[p.Country],
			org:     data.Orgs[a.Org],
			asn:     a.Number,
			known:   true,
			class:   classes[p.ASN],
		}
	}
	return &DB{data: data, places: places, overlay: emptyOverlay}
}

// Meta describes the data sources and versions the database was built from.
func (db *DB) Meta() string { return db.data.Meta }

// Lists returns the operator lists layered on db, in order.
func (db *DB) Lists() []List { return append([]List(nil), db.lists...) }

// Lookup returns what is known about addr. IPv4-mapped IPv6 addresses are
// looked up as IPv4. It does not allocate.
func (db *DB) Lookup(addr netip.Addr) Info {
	if db == nil || db.data == nil {
		return Info{}
	}
	addr = addr.Unmap()
	var info Info
	var ov overlayValue
	switch {
	case addr.Is4():
		u := rangedb.From4(addr.As4())
		if routable(addr) {
			db.fill(&info, db.data.Net4.Find(u))
		}
		ov = db.overlay.values[db.overlay.v4.Find(u)]
	case addr.Is6():
		u := rangedb.From16(addr.As16())
		if routable(addr) {
			db.fill(&info, db.data.Net6.Find(u))
		}
		ov = db.overlay.values[db.overlay.v6.Find(u)]
	default:
		return Info{}
	}
	if ov.kinds != 0 {
		info.Known = true
		info.Hosting = info.Hosting || ov.kinds&kindHosting != 0
		info.VPN = info.VPN || ov.kinds&kindVPN != 0
		info.Tor = ov.kinds&kindTor != 0
		info.Corporate = ov.kinds&kindCorporate != 0
		info.Source = ov.source
		info.Weak = false
		if info.Corporate {
			// The company's own egress often sits in a cloud or VPN
			// provider's range; its declaration wins over ours.
			info.Hosting, info.VPN = false, false
		}
	}
	return info
}

// fill copies the answer for one place.
func (db *DB) fill(info *Info, i uint32) {
	p := &db.places[i]
	info.Country, info.ASN, info.Org, info.Known = p.country, p.asn, p.org, p.known
	info.Hosting, info.VPN, info.Weak, info.Source = p.class.hosting, p.class.vpn, p.class.weak, p.class.source
	info.Mobile = p.class.mobile
}

// routable reports whether addr can be on the public internet, so private,
// loopback, link-local, multicast and unspecified addresses are never given
// a country even if a source had a stray row for them.
func routable(addr netip.Addr) bool {
	return addr.IsGlobalUnicast() && !addr.IsPrivate()
}

// LookupString parses s (an address, optionally with a port, "[v6]:port",
// or surrounding spaces) and looks it up. Malformed input gives the zero Info.
func (db *DB) LookupString(s string) Info {
	addr, ok := ParseAddr(s)
	if !ok {
		return Info{}
	}
	return db.Lookup(addr)
}

// ParseAddr reads an IP address as logs and ATS exports write it: plain,
// with a port, or bracketed IPv6 with or without a port.
func ParseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return netip.Addr{}, false
	}
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr, true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if addr, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil {
			return addr, true
		}
	}
	return netip.Addr{}, false
}
