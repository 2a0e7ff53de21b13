package dataset

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// SignIns holds identity-provider events compactly. They are the bulk of a
// bundle (20 million in the huge simulated company), and held as
// mosaic.SignIn values they cost about 1 KB each: a 390-byte struct plus
// its strings. Here each event is one fixed-size row of numbers; the
// strings, which repeat endlessly (the same actors, addresses, browsers,
// cities and networks), are kept once each and referred to by number, and
// the event uuid is kept as its 16 bytes. A row is about 110 bytes.
//
// The session id is not kept: nothing links or detects on it, and it is
// nearly unique per event, so interning it would cost what it saves. The
// store keeps the whole event.
type SignIns struct {
	// chunks of chunkRows rows each: growing never copies what is held
	// (one doubling slice of 20 million rows would briefly need twice
	// its 2 GB).
	chunks [][]signInRow
	n      int
	strs   []string          // interned strings; 0 is ""
	index  map[string]uint32 // string -> its number in strs
	oddIDs map[int]string    // ids that are not uuids, by row
	// targets holds SignIn.Target by row: only identity events (factor,
	// device and reset events) have one, a few per person against
	// thousands of sign-ins, so a column would be wasted.
	targets map[int]string
}

const chunkBits = 16
const chunkRows = 1 << chunkBits

// signInRow is one event. Strings are numbers into SignIns.strs.
type signInRow struct {
	published int64 // Unix nanoseconds, UTC
	lat, lon  float64
	id        [16]byte
	line      uint32
	asNumber  uint32
	file, eventType, actor, actorName, ip, userAgent, city, region,
	country, asOrg, isp, outcome, fingerprint uint32
	hasGeo   bool
	isProxy  mosaic.Tristate
	uuidID   bool // id holds a parsed uuid; otherwise see oddIDs
	hasStamp bool // published was set (the zero time is kept as zero)
}

// Len is the number of events.
func (t *SignIns) Len() int { return t.n }

func (t *SignIns) row(i int) *signInRow { return &t.chunks[i>>chunkBits][i&(chunkRows-1)] }

// Append keeps one event.
func (t *SignIns) Append(e mosaic.SignIn) {
	if t.index == nil {
		t.index = map[string]uint32{}
		t.strs = []string{""}
	}
	r := signInRow{
		lat: e.Lat, lon: e.Lon,
		line:        uint32(e.Origin.Line),
		asNumber:    uint32(e.ASNumber),
		file:        t.intern(e.Origin.File),
		eventType:   t.intern(e.EventType),
		actor:       t.intern(e.Actor),
		actorName:   t.intern(e.ActorName),
		ip:          t.intern(e.IP),
		userAgent:   t.intern(e.UserAgent),
		city:        t.intern(e.City),
		region:      t.intern(e.Region),
		country:     t.intern(e.Country),
		asOrg:       t.intern(e.ASOrg),
		isp:         t.intern(e.ISP),
		outcome:     t.intern(e.Outcome),
		fingerprint: t.intern(e.DeviceFingerprint),
		hasGeo:      e.HasGeo,
		isProxy:     e.IsProxy,
	}
	if !e.Published.IsZero() {
		r.published = e.Published.UnixNano()
		r.hasStamp = true
	}
	if id, ok := parseUUID(e.ID); ok {
		r.id, r.uuidID = id, true
	} else if e.ID != "" {
		if t.oddIDs == nil {
			t.oddIDs = map[int]string{}
		}
		t.oddIDs[t.n] = strings.Clone(e.ID)
	}
	if e.Target != "" {
		if t.targets == nil {
			t.targets = map[int]string{}
		}
		t.targets[t.n] = strings.Clone(e.Target)
	}
	if t.n&(chunkRows-1) == 0 {
		t.chunks = append(t.chunks, make([]signInRow, 0, chunkRows))
	}
	last := len(t.chunks) - 1
	t.chunks[last] = append(t.chunks[last], r)
	t.n++
}

// At returns event i as the reader produced it (without the session id).
// Its strings are shared; only the uuid is formatted anew, so loops that
// need one field use the accessors below instead.
func (t *SignIns) At(i int) mosaic.SignIn {
	r := t.row(i)
	e := mosaic.SignIn{
		EventType:         t.strs[r.eventType],
		Actor:             t.strs[r.actor],
		ActorName:         t.strs[r.actorName],
		IP:                t.strs[r.ip],
		UserAgent:         t.strs[r.userAgent],
		City:              t.strs[r.city],
		Region:            t.strs[r.region],
		Country:           t.strs[r.country],
		Lat:               r.lat,
		Lon:               r.lon,
		HasGeo:            r.hasGeo,
		ASNumber:          int(r.asNumber),
		ASOrg:             t.strs[r.asOrg],
		ISP:               t.strs[r.isp],
		IsProxy:           r.isProxy,
		Outcome:           t.strs[r.outcome],
		DeviceFingerprint: t.strs[r.fingerprint],
	}
	if r.hasStamp {
		e.Published = time.Unix(0, r.published).UTC()
	}
	e.ID = t.ID(i)
	e.Target = t.targets[i]
	e.Origin = mosaic.Origin{File: t.strs[r.file], Line: int(r.line), EventID: e.ID}
	return e
}

// Target is event i's SignIn.Target, "" for sign-ins.
func (t *SignIns) Target(i int) string { return t.targets[i] }

// Actor is event i's actor, without building the whole event.
func (t *SignIns) Actor(i int) string { return t.strs[t.row(i).actor] }

// IP is event i's client address, without building the whole event.
func (t *SignIns) IP(i int) string { return t.strs[t.row(i).ip] }

// Fingerprint is event i's device fingerprint, without building the whole event.
func (t *SignIns) Fingerprint(i int) string { return t.strs[t.row(i).fingerprint] }

// Published is event i's time, without building the whole event.
func (t *SignIns) Published(i int) time.Time {
	r := t.row(i)
	if !r.hasStamp {
		return time.Time{}
	}
	return time.Unix(0, r.published).UTC()
}

// Strings is how many distinct strings the table holds (for benchmarks).
func (t *SignIns) Strings() int { return len(t.strs) }

// ID is event i's uuid (or whatever id it had).
func (t *SignIns) ID(i int) string {
	r := t.row(i)
	if !r.uuidID {
		return t.oddIDs[i]
	}
	return formatUUID(r.id)
}

// intern returns s's number, adding a copy of s the first time: readers
// slice strings out of large buffers, and keeping the slice would keep the
// whole buffer.
func (t *SignIns) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	if n, ok := t.index[s]; ok {
		return n
	}
	s = strings.Clone(s)
	n := uint32(len(t.strs))
	t.strs = append(t.strs, s)
	t.index[s] = n
	return n
}

// parseUUID reads the canonical 8-4-4-4-12 lower-case form, and only that
// form, so formatting it again gives back the same string.
func parseUUID(s string) ([16]byte, bool) {
	var id [16]byte
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return id, false
	}
	j := 0
	for i := 0; i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
			continue
		}
		hi, ok1 := lowerHex(s[i])
		lo, ok2 := lowerHex(s[i+1])
		if !ok1 || !ok2 {
			return id, false
		}
		id[j] = hi<<4 | lo
		j++
		i += 2
	}
	return id, true
}

func lowerHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

func formatUUID(id [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], id[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], id[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], id[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], id[8:10])
	b[23] = '-'
	hex.Encode(b[24:], id[10:])
	return string(b[:])
}
