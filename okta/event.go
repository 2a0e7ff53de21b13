package okta

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
)

// row is one LogEvent's bytes as a source found them, or a verdict the
// source reached on its own (a line over the size limit, an array that
// broke off).
type row struct {
	line       int
	start, end int // the bytes, in the batch buffer
	reject     string
}

// result is what the decoder made of a row: an event, or a reject reason.
type result struct {
	event  mosaic.SignIn
	reason string
	column string
	// foreign marks a valid JSON object with none of uuid, published and
	// eventType: the file is most likely some other log, not Okta's.
	foreign bool
}

// decoder turns rows into SignIns. Each pipeline worker owns one; it is not
// safe for concurrent use.
type decoder struct {
	scan  scanner
	arena []byte // the event's strings, copied out in one allocation
	file  string
}

// textRef is a string field's place in the arena.
type textRef struct{ start, end int }

func (d *decoder) decode(data []byte, line int, r *result) {
	*r = result{}
	if !utf8.Valid(data) {
		r.reason = "invalid UTF-8 at byte " + strconv.Itoa(firstInvalidUTF8(data)+1)
		return
	}
	isObject, ok := d.scan.scan(data, logEvent)
	if !ok {
		r.reason = d.scan.err.reason(len(data))
		return
	}
	if !isObject {
		r.reason = "not a JSON object (an Okta LogEvent is an object)"
		return
	}
	v := &d.scan.vals
	if v[slotUUID].kind == kindAbsent && v[slotPublished].kind == kindAbsent && v[slotEventType].kind == kindAbsent {
		r.foreign = true
	}

	// Copy every wanted string into one buffer and make a single string
	// of it: one allocation per event instead of one per field, and the
	// event does not keep the whole 1.4 KB line alive.
	d.arena = d.arena[:0]
	uuid := d.text(slotUUID)
	published := d.text(slotPublished)
	eventType := d.text(slotEventType)
	actor := d.lowerText(slotActorID)
	actorName := d.text(slotActorName)
	ip := d.text(slotClientIP)
	chainIP := d.text(slotChainIP)
	ipText := strings.TrimSpace(string(d.arena[ip.start:ip.end]))
	if ipText == "" || ipText == "null" {
		// Okta leaves client.ipAddress null (or even "null") on some
		// events; the first hop of request.ipChain is then the client.
		ip = chainIP
		ipText = strings.TrimSpace(string(d.arena[ip.start:ip.end]))
	}
	geo := [3]textRef{d.text(slotCity), d.text(slotState), d.text(slotCountry)}
	latSlot, lonSlot := slotLat, slotLon
	if v[slotCity].kind != kindString && v[slotCountry].kind != kindString &&
		ipText == strings.TrimSpace(string(d.arena[chainIP.start:chainIP.end])) {
		// No client.geographicalContext (SSO events): the ipChain hop for
		// the same address carries Okta's geography of it.
		geo = [3]textRef{d.text(slotChainCity), d.text(slotChainState), d.text(slotChainCountry)}
		latSlot, lonSlot = slotChainLat, slotChainLon
	}
	userAgent := d.text(slotUserAgent)
	asOrg := d.text(slotASOrg)
	isp := d.text(slotISP)
	outcome := d.text(slotOutcome)
	fingerprint := d.text(slotFingerprint)
	session := d.text(slotSession)
	s := string(d.arena)
	get := func(t textRef) string { return strings.TrimSpace(s[t.start:t.end]) }

	e := &r.event
	e.ID = get(uuid)
	if e.ID == "" {
		r.column = "uuid"
		r.reason = "uuid is required to de-duplicate"
		if k := v[slotUUID].kind; k != kindAbsent && k != kindNull && k != kindString {
			r.reason += " (it is not a string)"
		}
		return
	}
	pub := get(published)
	if pub == "" {
		r.column = "published"
		r.reason = "published is missing"
		if k := v[slotPublished].kind; k != kindAbsent && k != kindNull && k != kindString {
			r.reason = "published is not a string"
		}
		return
	}
	t, err := time.Parse(time.RFC3339Nano, pub)
	if err != nil {
		r.column = "published"
		r.reason = "published is not an RFC 3339 time"
		return
	}
	e.Published = t.UTC()
	e.EventType = get(eventType)
	e.Actor = get(actor)
	e.ActorName = get(actorName)
	e.IP = get(ip)
	if e.IP == "null" {
		e.IP = ""
	}
	e.UserAgent = get(userAgent)
	e.City, e.Region, e.Country = get(geo[0]), get(geo[1]), get(geo[2])
	lat, okLat := d.float(latSlot)
	lon, okLon := d.float(lonSlot)
	// Okta writes 0,0 when it could not place an address; no sign-in
	// comes from the Gulf of Guinea.
	if okLat && okLon && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && (lat != 0 || lon != 0) {
		e.Lat, e.Lon, e.HasGeo = lat, lon, true
	}
	if n, ok := d.float(slotASNumber); ok && n >= 0 && n <= math.MaxUint32 && n == math.Trunc(n) {
		e.ASNumber = int(n)
	}
	e.ASOrg = get(asOrg)
	e.ISP = get(isp)
	e.IsProxy = d.tristate(slotIsProxy)
	e.Outcome = get(outcome)
	e.DeviceFingerprint = get(fingerprint)
	e.SessionID = get(session)
	e.Target = identityTarget(e.EventType, data)
	e.Origin = mosaic.Origin{File: d.file, Line: line, EventID: e.ID}
}

// text copies a string value into the arena; other kinds give "".
func (d *decoder) text(slot int) textRef {
	sp := d.scan.vals[slot]
	start := len(d.arena)
	if sp.kind == kindString {
		raw := d.scan.buf[sp.start:sp.end]
		if sp.esc {
			d.arena = appendUnescaped(d.arena, raw)
		} else {
			d.arena = append(d.arena, raw...)
		}
	}
	return textRef{start, len(d.arena)}
}

// lowerText is text, lower-cased: Okta logins are case-insensitive and
// mosaic joins them to the HR roster's work_email.
func (d *decoder) lowerText(slot int) textRef {
	t := d.text(slot)
	b := d.arena[t.start:t.end]
	for i, c := range b {
		if c >= utf8.RuneSelf {
			lower := strings.ToLower(string(b))
			d.arena = append(d.arena[:t.start], lower...)
			return textRef{t.start, len(d.arena)}
		}
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return t
}

// float reads a number, or a string holding one (some exports quote them).
func (d *decoder) float(slot int) (float64, bool) {
	sp := d.scan.vals[slot]
	if sp.kind != kindNumber && (sp.kind != kindString || sp.esc) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(d.scan.buf[sp.start:sp.end]), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

func (d *decoder) tristate(slot int) mosaic.Tristate {
	sp := d.scan.vals[slot]
	switch sp.kind {
	case kindTrue:
		return mosaic.True
	case kindFalse:
		return mosaic.False
	case kindString:
		switch strings.ToLower(string(d.scan.buf[sp.start:sp.end])) {
		case "true":
			return mosaic.True
		case "false":
			return mosaic.False
		}
	}
	return mosaic.Unknown
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
