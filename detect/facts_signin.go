package detect

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ipinfo"
)

// CorporateIPSharers: an address used by more employees than this is an
// office or corporate VPN egress, not a home; it links no one.
const CorporateIPSharers = 8

// signInFacts computes each subject's sign-in profile: anonymising
// networks, countries, sustained distance from home, impossible travel,
// shared residential IPs and device fingerprints, and working hours.
func (f *Facts) signInFacts() {
	g := f.g
	ds := g.DS
	f.signins = make([]map[string]any, len(g.Subjects))
	f.signinEv = make([][]mosaic.Evidence, len(g.Subjects))
	f.signinAt = make([]time.Time, len(g.Subjects))

	infos := map[string]ipinfo.Info{}
	info := func(ip string) ipinfo.Info {
		if v, ok := infos[ip]; ok {
			return v
		}
		v := f.ip(ip)
		infos[ip] = v
		return v
	}
	// Who uses each residential IP and each device fingerprint. A mobile
	// carrier's address is shared by its subscribers through carrier-grade
	// NAT: two employees on one phone network meet there by chance.
	ipUsers := map[string]map[int]bool{}
	fpUsers := map[string]map[int]bool{}
	for si, s := range g.Subjects {
		for _, i := range s.SignIns() {
			if ip := ds.SignIns.IP(i); ip != "" && !info(ip).Mobile {
				if ipUsers[ip] == nil {
					ipUsers[ip] = map[int]bool{}
				}
				ipUsers[ip][si] = true
			}
			if fp := strings.Trim(ds.SignIns.Fingerprint(i), "0"); fp != "" {
				if fpUsers[fp] == nil {
					fpUsers[fp] = map[int]bool{}
				}
				fpUsers[fp][si] = true
			}
		}
	}
	for si, s := range g.Subjects {
		if len(s.SignIns()) == 0 {
			continue
		}
		declared := f.declaredCountries(si)
		home := f.homeRegions(si)
		loc := f.declaredTZ[si]
		var total, success, proxy, hosting, vpn, tor, corporate, asiaHours, active int
		countries := map[string]bool{}
		awayDays, days := map[string]bool{}, map[string]bool{}
		sharedIP := map[int]bool{}
		sharedFP := map[int]bool{}
		var hourSin, hourCos float64
		var travel int
		var ev []mosaic.Evidence
		var evAt time.Time
		// cite keeps a sign-in as evidence of the fact it shows (an
		// anonymising address, a country, a shared address), so a signal
		// about one fact never cites another's sign-ins.
		cite := func(e mosaic.SignIn, field, fact string) {
			f.cite(si, fact, mosaic.Evidence{File: e.Origin.File, Line: e.Origin.Line, EventID: e.ID, Field: field}, 6)
		}
		// addEv also keeps it among the sign-ins behind any finding, whose
		// latest moment is when the findings were all there.
		addEv := func(e mosaic.SignIn, field, fact string) {
			cite(e, field, fact)
			if len(ev) < 6 {
				ev = append(ev, mosaic.Evidence{File: e.Origin.File, Line: e.Origin.Line, EventID: e.ID, Field: field})
				if e.Published.After(evAt) {
					evAt = e.Published
				}
			}
		}
		anonIPs, sharedIPs, sharedFPs := map[string]bool{}, map[string]bool{}, map[string]bool{}
		citedCountry := map[string]bool{}
		idx := append([]int(nil), s.SignIns()...)
		sort.Slice(idx, func(a, b int) bool { return ds.SignIns.Published(idx[a]).Before(ds.SignIns.Published(idx[b])) })
		var prev *mosaic.SignIn
		for _, i := range idx {
			e := ds.SignIns.At(i)
			total++
			if e.Outcome != "" && !strings.EqualFold(e.Outcome, "SUCCESS") && !strings.EqualFold(e.Outcome, "ALLOW") {
				continue
			}
			success++
			in := info(e.IP)
			anon := e.IsProxy == mosaic.True || in.VPN || in.Tor || (in.Hosting && !in.Corporate)
			corp := in.Corporate || len(ipUsers[e.IP]) > CorporateIPSharers
			switch {
			case e.IsProxy == mosaic.True || in.VPN:
				proxy++
				vpn++
				addEv(e, "client.ipAddress", "")
			case in.Tor:
				tor++
				proxy++
				addEv(e, "client.ipAddress", "")
			}
			if (e.IsProxy == mosaic.True || in.VPN || in.Tor) && !anonIPs[e.IP] && len(anonIPs) < 3 {
				anonIPs[e.IP] = true
				cite(e, "client.ipAddress", "signins.anonymous")
			}
			if in.Hosting && !corp {
				hosting++
			}
			if corp {
				corporate++
			}
			day := e.Published.UTC().Format("2006-01-02")
			days[day] = true
			if !anon && !corp {
				c := in.Country
				if c == "" {
					c = countryCode(e.Country)
				}
				if c != "" {
					countries[c] = true
					if len(declared) > 0 && !declared[c] {
						addEv(e, "client.geographicalContext.country", "")
						// One sign-in per country, whose own row names it.
						if !citedCountry[c] && countryCode(e.Country) == c {
							citedCountry[c] = true
							cite(e, "client.geographicalContext.country", "signins.undeclared")
						}
					}
				}
				// A mobile carrier's addresses geolocate to its hubs, often
				// another state than the subscriber's: on a phone network only
				// the country is trusted.
				reg := e.Region
				if in.Mobile {
					reg = ""
				}
				if home.known() && !home.matches(c, reg) {
					awayDays[day] = true
					cite(e, "client.geographicalContext.state", "signins.away")
				}
				for other := range ipUsers[e.IP] {
					if other != si {
						sharedIP[other] = true
						if !sharedIPs[e.IP] && len(sharedIPs) < 3 {
							sharedIPs[e.IP] = true
							cite(e, "client.ipAddress", "signins.shared_ip")
						}
					}
				}
				if prev != nil && e.HasGeo && prev.HasGeo && !in.Mobile {
					if impossible(*prev, e) {
						travel++
						// Both ends of the trip: together they show it.
						cite(*prev, "client.geographicalContext.geolocation", "signins.travel")
						addEv(e, "client.geographicalContext.geolocation", "signins.travel")
					}
				}
				if e.HasGeo && !in.Mobile {
					p := e
					prev = &p
				}
			}
			if fp := strings.Trim(e.DeviceFingerprint, "0"); fp != "" {
				for other := range fpUsers[fp] {
					if other != si {
						sharedFP[other] = true
						if !sharedFPs[e.DeviceFingerprint] && len(sharedFPs) < 3 {
							sharedFPs[e.DeviceFingerprint] = true
							cite(e, "debugContext.debugData.deviceFingerprint", "signins.shared_fingerprint")
						}
					}
				}
			}
			// Working hours: the hour of day in UTC on a circle, and whether the
			// moment sits in UTC+8/+9 business hours while outside the declared
			// zone's waking day.
			active++
			h := float64(e.Published.UTC().Hour()) + float64(e.Published.UTC().Minute())/60
			hourSin += math.Sin(h / 24 * 2 * math.Pi)
			hourCos += math.Cos(h / 24 * 2 * math.Pi)
			if asiaBusinessHour(e.Published) && loc != nil && !wakingHour(e.Published.In(loc)) {
				asiaHours++
				if asiaHours <= 3 {
					cite(e, "published", "signins.asia_hours")
				}
				if asiaHours == 5 {
					addEv(e, "published", "")
				}
			}
		}
		if len(sharedIP) > 0 {
			for _, i := range idx {
				if n := len(ipUsers[ds.SignIns.IP(i)]); n > 1 && n <= CorporateIPSharers {
					addEv(ds.SignIns.At(i), "client.ipAddress", "")
					break
				}
			}
		}
		center := math.Mod(math.Atan2(hourSin, hourCos)/(2*math.Pi)*24+24, 24)
		m := map[string]any{
			"total":                       int64(total),
			"success":                     int64(success),
			"proxy_count":                 int64(proxy),
			"proxy_share":                 ratio(proxy, success),
			"hosting_share":               ratio(hosting, success),
			"vpn_share":                   ratio(vpn, success),
			"tor_count":                   int64(tor),
			"corporate_share":             ratio(corporate, success),
			"countries":                   sortedSet(countries),
			"undeclared_countries":        undeclared(countries, declared),
			"far_from_home_days":          int64(len(awayDays)),
			"activity_days":               int64(len(days)),
			"impossible_travel":           int64(travel),
			"shared_ip_employees":         int64(len(sharedIP)),
			"shared_ip_with":              f.subjectKeys(sharedIP),
			"shared_fingerprint_accounts": int64(len(sharedFP)),
			"anonymous_ips":               sortedSet(anonIPs),
			"shared_ips":                  sortedSet(sharedIPs),
			"shared_fingerprints":         sortedSet(sharedFPs),
			"asia_hours_share":            ratio(asiaHours, active),
			"workday_center_utc":          math.Round(center*10) / 10,
		}
		if loc != nil && active > 0 {
			local := math.Mod(center+offsetHours(loc, f.refTime())+24, 24)
			m["declared_zone_consistent"] = local >= 8 && local <= 19
		}
		f.signins[si] = m
		f.signinEv[si] = ev
		if evAt.IsZero() && len(idx) > 0 {
			evAt = ds.SignIns.Published(idx[len(idx)-1])
		}
		f.signinAt[si] = evAt
	}
}

func (f *Facts) refTime() time.Time {
	if !f.now.IsZero() {
		return f.now
	}
	return time.Now()
}

// asiaBusinessHour: 09:00-18:00 on a weekday at UTC+8 or UTC+9.
func asiaBusinessHour(t time.Time) bool {
	for _, off := range []int{8, 9} {
		lt := t.UTC().Add(time.Duration(off) * time.Hour)
		if lt.Weekday() != time.Saturday && lt.Weekday() != time.Sunday && lt.Hour() >= 9 && lt.Hour() < 18 {
			return true
		}
	}
	return false
}

// wakingHour: 07:00-20:00 local.
func wakingHour(t time.Time) bool { return t.Hour() >= 7 && t.Hour() < 20 }

func offsetHours(loc *time.Location, at time.Time) float64 {
	_, off := at.In(loc).Zone()
	return float64(off) / 3600
}

// impossible: two sign-ins further apart than a plane could fly between them.
func impossible(a, b mosaic.SignIn) bool {
	km := haversineKm(a.Lat, a.Lon, b.Lat, b.Lon)
	hours := b.Published.Sub(a.Published).Hours()
	if km < 500 {
		return false
	}
	if hours <= 0 {
		return true
	}
	return km/hours > 1000
}

func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return math.Round(float64(a)/float64(b)*1000) / 1000
}

func sortedSet(m map[string]bool) []any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

func undeclared(seen, declared map[string]bool) []any {
	if len(declared) == 0 {
		return []any{}
	}
	m := map[string]bool{}
	for c := range seen {
		if !declared[c] {
			m[c] = true
		}
	}
	return sortedSet(m)
}

func (f *Facts) subjectKeys(set map[int]bool) []any {
	keys := make([]string, 0, len(set))
	for si := range set {
		keys = append(keys, f.g.Subjects[si].Key)
	}
	sort.Strings(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

// declaredCountries are the countries a person gave as home: the roster's,
// every application's, and those the laptop was shipped to.
func (f *Facts) declaredCountries(si int) map[string]bool {
	s := f.g.Subjects[si]
	out := map[string]bool{}
	for _, i := range s.Employees() {
		if c := strings.ToUpper(strings.TrimSpace(f.g.DS.Employees[i].Address.Country)); c != "" {
			out[c] = true
		}
	}
	for _, i := range s.Apps {
		if c := strings.ToUpper(strings.TrimSpace(f.g.DS.Applications[i].Address.Country)); c != "" {
			out[c] = true
		}
	}
	// The country the person had the laptop shipped to is one they told
	// the company they would be in.
	for _, i := range s.Shipments() {
		if c := strings.ToUpper(strings.TrimSpace(f.g.DS.Shipments[i].ShipTo.Country)); c != "" {
			out[c] = true
		}
	}
	return out
}

type region struct{ country, region string }

func (r region) known() bool { return r.country != "" && r.region != "" }

// matches compares a sign-in's country and region (state) with home. Okta
// gives state names ("Arizona") where HR gives codes ("AZ").
func (r region) matches(country, reg string) bool {
	if country != "" && !strings.EqualFold(country, r.country) {
		return false
	}
	if reg == "" {
		return true
	}
	return strings.EqualFold(reg, r.region) || strings.EqualFold(usStateCode(reg), r.region)
}

// homeRegions are where the person said they live: the home address on
// file, and every address they had the company ship their laptop to. A
// person who moves before the laptop ships works from the new place; that
// is consistent with what they told the company, so it is not "away".
// (A laptop farm's address is caught by the shipping and farm rules.)
func (f *Facts) homeRegions(si int) regions {
	ei := f.employee[si]
	if ei < 0 {
		return nil
	}
	a := f.g.DS.Employees[ei].Address
	home := region{strings.ToUpper(strings.TrimSpace(a.Country)), strings.TrimSpace(a.Region)}
	if !home.known() {
		return nil
	}
	out := regions{home}
	for _, i := range f.g.Subjects[si].Shipments() {
		to := f.g.DS.Shipments[i].ShipTo
		r := region{strings.ToUpper(strings.TrimSpace(to.Country)), strings.TrimSpace(to.Region)}
		if r.country == "" {
			r.country = home.country
		}
		if r.region != "" {
			out = append(out, r)
		}
	}
	return out
}

// regions is a set of places; a sign-in is home when it matches any.
type regions []region

func (rs regions) known() bool { return len(rs) > 0 }

func (rs regions) matches(country, reg string) bool {
	for _, r := range rs {
		if r.matches(country, reg) {
			return true
		}
	}
	return false
}
