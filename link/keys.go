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
	AppProfile [][]string
	RefPhones  [][]string
	RefEmails  [][]string
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

func normProfiles(urls ...string) []string {
	var out []string
	for _, u := range urls {
		if p, ok := profile.Normalize(u); ok && p.Key != "" {
			out = append(out, p.Key)
		}
	}
	return out
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
