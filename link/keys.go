package link

import (
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/address"
	"github.com/mosaic-sec/mosaic/normalize/email"
	"github.com/mosaic-sec/mosaic/normalize/ipaddr"
	"github.com/mosaic-sec/mosaic/normalize/name"
	"github.com/mosaic-sec/mosaic/normalize/phone"
	"github.com/mosaic-sec/mosaic/normalize/profile"
)

// Keys holds the normalised identifiers of every record, computed once so
// the linker and every detector compare the same values.
type Keys struct {
	AppEmail   []string // canonical email per application ("" when none)
	AppPhone   []string // E.164 per application
	AppAddress []string // address key (building + unit) per application
	AppBuild   []string // building key per application
	EmpPhone   []string
	EmpAddress []string
	EmpEmail   []string // work email, lower-cased
	ShipTo     []string // ship-to address key per shipment
	AppName    []string // folded "first last" with nicknames resolved
	AppIP      []string // public submission IP, canonical form ("" when private or absent)
	AppProfile KeyLists // profile keys (linkedin:handle, github:handle) per application
	RefPhones  KeyLists // referees' phones per application, E.164
	RefEmails  KeyLists // referees' emails per application, canonical

	// respelled holds the address keys that absorbed a spelling one typo
	// away (see unifyNearAddresses), so a link can say so.
	respelled map[string]bool
}

// KeyLists holds a short list of keys per record in one backing array. A
// million applications with a few referees each would otherwise cost a
// slice header and an allocation per application.
type KeyLists struct {
	vals []string
	ends []int32 // ends[i] is where record i's keys end in vals
}

// At returns record i's keys. The caller must not append to them.
func (l *KeyLists) At(i int) []string {
	var lo int32
	if i > 0 {
		lo = l.ends[i-1]
	}
	hi := l.ends[i]
	return l.vals[lo:hi:hi]
}

// Len is the number of records.
func (l *KeyLists) Len() int { return len(l.ends) }

// add appends a key to the record being built (the one after the last
// closed); close ends that record.
func (l *KeyLists) add(key string) { l.vals = append(l.vals, key) }
func (l *KeyLists) close()         { l.ends = append(l.ends, int32(len(l.vals))) }

// concat joins lists built for consecutive ranges of records.
func concat(parts []KeyLists) KeyLists {
	var nv, ne int
	for _, p := range parts {
		nv, ne = nv+len(p.vals), ne+len(p.ends)
	}
	out := KeyLists{vals: make([]string, 0, nv), ends: make([]int32, 0, ne)}
	for _, p := range parts {
		base := int32(len(out.vals))
		out.vals = append(out.vals, p.vals...)
		for _, e := range p.ends {
			out.ends = append(out.ends, base+e)
		}
	}
	return out
}

func normIP(raw string) string {
	if a, ok := ipaddr.Parse(raw); ok && ipaddr.IsPublic(a) {
		return a.String()
	}
	return ""
}

func normName(first, last string) string {
	return name.Normalize(first, last).Key
}

func normProfile(u string) string {
	if p, ok := profile.Normalize(u); ok {
		return p.Key
	}
	return ""
}

func normEmail(raw string) string {
	if e, ok := email.Normalize(raw); ok {
		return e.Address
	}
	return ""
}

func normPhone(raw, country string) string {
	if raw == "" {
		return ""
	}
	if country == "" {
		country = "US"
	}
	if p, ok := phone.E164(raw, strings.ToUpper(country)); ok {
		return p
	}
	return ""
}

func normAddress(a mosaic.Address) (key, building string) {
	if a.IsZero() {
		return "", ""
	}
	n := address.Normalize(a)
	return n.Key, n.Building
}
