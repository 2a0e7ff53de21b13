package simulate

import (
	"bufio"
	"context"
	"math"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Where a sign-in came from.
const (
	srcHome uint8 = iota
	srcCorp
	srcMobile
	srcVPN
	srcTrip
	srcLeak // a ring's VPN dropped and the real network showed
)

// Event kinds, with the fields Okta gives each.
type eventKind struct {
	eventType, legacy, display, requestURI string
}

var eventKinds = []eventKind{
	{"user.session.start", "core.user_auth.login_success", "User login to Okta", "/idp/idx/identify"},
	{"user.authentication.sso", "app.auth.sso", "User single sign on to app", "/app/slack/sso/saml"},
	{"user.authentication.auth_via_mfa", "core.user.factor.attempt_success", "Authentication of user via MFA", "/idp/idx/challenge/answer"},
	{"user.session.start", "core.user_auth.login_failed", "User login to Okta", "/idp/idx/identify"},
}

const kindFailed = 3

// signin is one event before formatting; kept small because a day of a
// large company holds hundreds of thousands of them.
type signin struct {
	at   int64 // unix milliseconds
	emp  int32
	ip   uint32
	net  int16
	src  uint8
	kind uint8
	sess uint32 // index into the day's session ids
	trip int16
}

// writeOkta streams the sign-in log day by day: each day's events are drawn,
// sorted by time and written, so memory holds one day at a time.
func (w *world) writeOkta(ctx context.Context, dir string, progress Progress) (int64, error) {
	path := dir + "/okta/system_log.jsonl"
	f, err := os.Create(path)
	if err != nil {
		return 0, mosaic.WrapError(mosaic.EINVALID, err, "cannot create %s", path)
	}
	bw := bufio.NewWriterSize(f, 4<<20)
	corpRand := newRand(w.cfg.Seed, streamCorpEgress)
	corpIPs := make([]uint32, 6+len(w.emps)/400)
	for i := range corpIPs {
		corpIPs[i] = networks[netZscaler].addr(corpRand)
	}
	weekdayMean := w.cfg.SignInsPerEmployeeDay * 7 / (5 + 2*0.12)
	var total int64
	var events []signin
	var sessions []string
	buf := make([]byte, 0, 2048)
	for d := 0; d < w.cfg.Days; d++ {
		if err := ctx.Err(); err != nil {
			f.Close()
			return total, err
		}
		r := newRand(w.cfg.Seed, streamOktaDay+uint64(d))
		dayStart := w.start + int64(d)*day
		wd := time.Unix(dayStart, 0).UTC().Weekday()
		mean := weekdayMean
		if wd == time.Saturday || wd == time.Sunday {
			mean *= 0.12
		}
		events, sessions = events[:0], sessions[:0]
		for ei, e := range w.emps {
			if e.hire > dayStart+day || (e.term != 0 && e.term <= dayStart) || e.delivered > dayStart+day {
				continue
			}
			n := poisson(r, mean)
			if n == 0 {
				continue
			}
			p := w.people[e.person]
			sess := uint32(len(sessions))
			sessions = append(sessions, string(appendBase62([]byte("102"), r, 22)))
			tripIdx := int16(-1)
			for ti, t := range e.trips {
				if d >= t.from && d <= t.to {
					tripIdx = int16(ti)
				}
			}
			span := 9.5
			if e.nightOwl {
				span = 11
			}
			for k := 0; k < n; k++ {
				hour := e.startHour + r.Float64()*span
				if k == 0 {
					hour = e.startHour + r.Float64()*0.75
				}
				sec := int64((hour - float64(e.workOffset)) * 3600)
				sec = ((sec % day) + day) % day
				ev := signin{at: (dayStart+sec)*1000 + int64(r.IntN(1000)), emp: int32(ei), sess: sess, trip: tripIdx}
				ev.kind = uint8(weighted(r, []float64{72, 18, 8, 2}))
				u := r.Float64()
				switch {
				case tripIdx >= 0 && u < 0.9:
					ev.src, ev.ip = srcTrip, e.trips[tripIdx].ip
				case u < e.vpnShare:
					ev.src = srcVPN
					ev.ip = e.vpnIPs[r.IntN(len(e.vpnIPs))]
					if p.ring >= 0 && chance(r, 0.015) {
						ev.src, ev.net, ev.ip = srcLeak, netChinaUnicom, networks[netChinaUnicom].addr(r)
					}
				case u < e.vpnShare+e.corpShare:
					ev.src, ev.net, ev.ip = srcCorp, netZscaler, corpIPs[r.IntN(len(corpIPs))]
				case u < e.vpnShare+e.corpShare+e.mobileShare:
					ev.src = srcMobile
					ev.net = int16(mobileNets[int(e.idx)%len(mobileNets)])
					ev.ip = networks[ev.net].addr(r)
				default:
					ev.src, ev.net, ev.ip = srcHome, int16(e.signinNet), e.signinIP
				}
				events = append(events, ev)
			}
		}
		sort.Slice(events, func(i, k int) bool {
			if events[i].at != events[k].at {
				return events[i].at < events[k].at
			}
			return events[i].emp < events[k].emp
		})
		for i := range events {
			buf = w.appendEvent(buf[:0], r, &events[i], sessions[events[i].sess])
			if _, err := bw.Write(buf); err != nil {
				f.Close()
				return total, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", path)
			}
		}
		total += int64(len(events))
		if progress != nil {
			progress("okta", int64(d+1), int64(w.cfg.Days))
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return total, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", path)
	}
	if err := f.Close(); err != nil {
		return total, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", path)
	}
	return total, nil
}

// vpnNetOf finds which network a VPN address came from.
func (e *employee) vpnNetOf(ip uint32) int {
	for _, n := range e.vpnNets {
		for _, p := range networks[n].prefixes {
			if ip>>(32-p.bits) == p.base>>(32-p.bits) {
				return n
			}
		}
	}
	return e.vpnNets[0]
}

// appendEvent writes one LogEvent as a JSON line, by hand: fmt and
// encoding/json are too slow for twenty million lines.
func (w *world) appendEvent(b []byte, r randSource, ev *signin, session string) []byte {
	e := w.emps[ev.emp]
	p := w.people[e.person]
	ua := &userAgents[e.ua]
	fp := e.deviceFP
	if ev.src == srcMobile {
		ua, fp = &userAgents[e.mobileUA], e.mobileFP
	}
	net := int(ev.net)
	if ev.src == srcVPN {
		net = e.vpnNetOf(ev.ip)
	}
	if ev.src == srcTrip {
		net = e.trips[ev.trip].city.isp[0]
	}
	n := &networks[net]
	// Geography as Okta reports it.
	var cityName, region, country string
	var lat, lon float64
	postal := ""
	switch ev.src {
	case srcHome, srcMobile:
		c := e.signinCity
		cityName, region, country, lat, lon = c.name, c.regionName, c.countryName, c.lat, c.lon
		if ev.src == srcHome && c.country == "US" {
			postal = c.zip + strconv.Itoa(int(ev.ip%uint32(pow10(5-len(c.zip)))))
			for len(postal) < 5 {
				postal += "0"
			}
		}
	case srcTrip:
		c := e.trips[ev.trip].city
		cityName, region, country, lat, lon = c.name, c.regionName, c.countryName, c.lat, c.lon
	default:
		if x := n.exitFor(ev.ip); x != nil {
			cityName, region, country, lat, lon = x.name, x.regionName, x.country, x.lat, x.lon
		}
	}
	// Jitter stable per address, as geolocation databases give one point per block.
	jl := float64(int(ev.ip&0xff)-128) / 4000
	jo := float64(int(ev.ip>>8&0xff)-128) / 3000

	k := &eventKinds[ev.kind]
	b = append(b, `{"actor":{"alternateId":`...)
	b = appendJSONString(b, e.workEmail)
	b = append(b, `,"detailEntry":null,"displayName":`...)
	b = appendJSONString(b, p.first+" "+p.last)
	b = append(b, `,"id":"`...)
	b = append(b, e.oktaID...)
	b = append(b, `","type":"User"},"authenticationContext":{"authenticationProvider":null,"authenticationStep":0,"credentialProvider":null,"credentialType":null,"externalSessionId":"`...)
	b = append(b, session...)
	b = append(b, `","interface":null,"issuer":null},"client":{"device":"`...)
	if ua.mobile {
		b = append(b, "Mobile"...)
	} else {
		b = append(b, "Computer"...)
	}
	b = append(b, `","geographicalContext":{"city":`...)
	b = appendJSONString(b, cityName)
	b = append(b, `,"country":`...)
	b = appendJSONString(b, country)
	b = append(b, `,"geolocation":{"lat":`...)
	b = strconv.AppendFloat(b, math.Round((lat+jl)*10000)/10000, 'f', -1, 64)
	b = append(b, `,"lon":`...)
	b = strconv.AppendFloat(b, math.Round((lon+jo)*10000)/10000, 'f', -1, 64)
	b = append(b, `},"postalCode":`...)
	if postal == "" {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, postal)
	}
	b = append(b, `,"state":`...)
	b = appendJSONString(b, region)
	b = append(b, `},"id":null,"ipAddress":"`...)
	b = appendIP(b, ev.ip)
	b = append(b, `","userAgent":{"browser":"`...)
	b = append(b, ua.browser...)
	b = append(b, `","os":"`...)
	b = append(b, ua.os...)
	b = append(b, `","rawUserAgent":`...)
	b = appendJSONString(b, ua.raw)
	b = append(b, `},"zone":"null"},"debugContext":{"debugData":{"deviceFingerprint":"`...)
	b = append(b, fp...)
	b = append(b, `","requestId":"`...)
	reqID := len(b)
	b = appendBase62(b, r, 27)
	b = append(b, `","requestUri":"`...)
	b = append(b, k.requestURI...)
	b = append(b, `","threatSuspected":"false"}},"displayMessage":"`...)
	b = append(b, k.display...)
	b = append(b, `","eventType":"`...)
	b = append(b, k.eventType...)
	b = append(b, `","legacyEventType":"`...)
	b = append(b, k.legacy...)
	if ev.kind == kindFailed {
		b = append(b, `","outcome":{"reason":"INVALID_CREDENTIALS","result":"FAILURE"},"published":"`...)
	} else {
		b = append(b, `","outcome":{"reason":null,"result":"SUCCESS"},"published":"`...)
	}
	b = appendMillis(b, ev.at)
	b = append(b, `","request":{"ipChain":[{"geographicalContext":null,"ip":"`...)
	b = appendIP(b, ev.ip)
	b = append(b, `","source":null,"version":"V4"}]},"securityContext":{"asNumber":`...)
	b = strconv.AppendInt(b, int64(n.asn), 10)
	b = append(b, `,"asOrg":`...)
	b = appendJSONString(b, n.org)
	b = append(b, `,"domain":null,"isProxy":`...)
	b = append(b, isProxy(n, ev.ip)...)
	b = append(b, `,"isp":`...)
	b = appendJSONString(b, n.isp)
	b = append(b, `},"severity":"`...)
	if ev.kind == kindFailed {
		b = append(b, "WARN"...)
	} else {
		b = append(b, "INFO"...)
	}
	b = append(b, `","target":`...)
	if ev.kind == 1 {
		b = append(b, `[{"alternateId":"Slack","detailEntry":{"signOnModeType":"SAML_2_0"},"displayName":"Slack","id":"0oa1slack0000000x4x7","type":"AppInstance"}]`...)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"transaction":{"detail":{},"id":"`...)
	b = append(b, b[reqID:reqID+27]...)
	b = append(b, `","type":"WEB"},"uuid":"`...)
	b = appendUUID(b, r, ev.at)
	b = append(b, `","version":"0"}`...)
	return append(b, '\n')
}

// isProxy is what Okta's enrichment says: reliable for residential and
// corporate ranges, mixed for VPN exits (true, false or null per block).
func isProxy(n *network, ip uint32) string {
	if n.kind != hosting {
		return "false"
	}
	switch (ip >> 8) % 4 {
	case 0, 1:
		return "true"
	case 2:
		return "null"
	}
	return "false"
}

func pow10(n int) int {
	v := 1
	for ; n > 0; n-- {
		v *= 10
	}
	return v
}

// appendMillis writes RFC 3339 with milliseconds, as Okta does.
func appendMillis(b []byte, ms int64) []byte {
	t := time.UnixMilli(ms).UTC()
	return t.AppendFormat(b, "2006-01-02T15:04:05.000Z")
}

// appendUUID writes a version-1-shaped UUID like Okta's event ids; the time
// fields follow the event time, the rest is random.
func appendUUID(b []byte, r randSource, ms int64) []byte {
	x := r.Uint64()
	y := r.Uint64()
	hex := func(b []byte, v uint64, n int) []byte {
		for i := n - 1; i >= 0; i-- {
			b = append(b, hexDigits[v>>(uint(i)*4)&0xf])
		}
		return b
	}
	b = hex(b, uint64(ms*10000)&0xffffffff^x>>32, 8)
	b = append(b, '-')
	b = hex(b, x>>16, 4)
	b = append(b, "-11f"...)
	b = hex(b, x, 1)
	b = append(b, '-')
	b = hex(b, 0x8000|y>>48&0x3fff, 4)
	b = append(b, '-')
	return hex(b, y, 12)
}

// appendJSONString quotes s for JSON. Names and emails here are plain,
// but a Company given by the user may not be.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
