// Package ecs reads authentication events in the Elastic Common Schema:
// documents with event.category "authentication" (a string or one entry
// of an array), one JSON document a line, as Filebeat's file output,
// elasticdump or an export of search hits writes them. A hit's _source is
// read when the line is a whole hit ({"_id":...,"_source":{...}}); a JSON
// array of documents is read too. Fields may be nested objects
// ({"source":{"ip":...}}) or dotted keys ({"source.ip":...}), or a mix.
//
// Each authentication event becomes a mosaic.SignIn:
//
//	user.email, else user.name   Actor (lower-cased: it joins the roster's work_email)
//	user.full_name               ActorName
//	@timestamp                   Published
//	event.id, else the hit's     ID (a name-based UUID of the row's bytes when
//	_id                          neither is given, so a second read de-duplicates)
//	event.action                 EventType ("authentication" when absent)
//	event.outcome                Outcome: success SUCCESS, failure FAILURE,
//	                             unknown UNKNOWN
//	source.ip, else client.ip    IP
//	source.geo.city_name         City
//	source.geo.region_iso_code   Region, without its country prefix ("US-AZ"
//	(else region_name)           gives "AZ"; a name is kept as it is)
//	source.geo.country_iso_code  Country (else country_name, as Okta gives)
//	source.geo.location          Lat, Lon, HasGeo ({"lat","lon"}, "lat,lon",
//	                             [lon, lat] or "POINT (lon lat)")
//	source.as.number             ASNumber
//	source.as.organization.name  ASOrg
//	user_agent.original          UserAgent
//	device.id                    DeviceFingerprint
//	session.id                   SessionID (not ECS core, but common)
//
// A document of any other category is rejected as "not an authentication
// event": put only authentication events, or a whole index whose other
// events may be rejected, in ecs/.
package ecs

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Extractor reads ECS authentication events. It holds only settings, so
// one Extractor may read several files at once.
type Extractor struct {
	log *slog.Logger
}

var _ mosaic.Extractor = (*Extractor)(nil)

// New returns an Extractor. A nil log discards log output.
func New(log *slog.Logger) *Extractor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Extractor{log: log}
}

// Kinds returns the kind of file the Extractor reads.
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindECS} }

// Extract reads f and calls emit once per document: Accept with a
// mosaic.SignIn or Reject with the reason. It returns an error only when
// the file as a whole cannot be read or holds no ECS documents.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	return jsonrows.Extract(ctx, f, emit, jsonrows.Format{
		Name:   "an Elastic Common Schema log (JSON documents with @timestamp and event)",
		Decode: func(row jsonrows.Row) jsonrows.Decoded { return decode(f.Path, row) },
	}, x.log)
}

// doc is one document, decoded generically: ECS fields may be nested or
// dotted, and no struct describes both.
type doc map[string]any

// get finds a field by its dotted ECS name, trying every way of writing it:
// {"a":{"b":{"c":1}}}, {"a.b.c":1}, {"a":{"b.c":1}}, {"a.b":{"c":1}}.
func (d doc) get(name string) (any, bool) { return lookup(d, name) }

func lookup(m map[string]any, name string) (any, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		if sub, ok := m[name[:i]].(map[string]any); ok {
			if v, ok := lookup(sub, name[i+1:]); ok {
				return v, true
			}
		}
	}
	return nil, false
}

// str returns a string field; wrong reports a field present with another
// type.
func (d doc) str(name string) (s string, wrong bool) {
	v, ok := d.get(name)
	if !ok || v == nil {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		return "", true
	}
	s = strings.TrimSpace(s)
	if s == "null" {
		s = ""
	}
	return s, false
}

// text is str, a wrong type read as empty: for the fields mosaic can do
// without.
func (d doc) text(name string) string {
	s, _ := d.str(name)
	return s
}

func (d doc) number(name string) (float64, bool) {
	v, ok := d.get(name)
	if !ok {
		return 0, false
	}
	return toFloat(v)
}

func toFloat(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case json.Number:
		var err error
		if f, err = x.Float64(); err != nil {
			return 0, false
		}
	case string:
		var err error
		if f, err = strconv.ParseFloat(strings.TrimSpace(x), 64); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

const namespace = "mosaic/ecs"

func decode(file string, row jsonrows.Row) jsonrows.Decoded {
	if _, why := jsonrows.Unmarshal(row.Data, &struct{}{}); why != "" {
		return jsonrows.Reject("", why)
	}
	var d doc
	dec := json.NewDecoder(bytes.NewReader(row.Data))
	dec.UseNumber() // event ids and AS numbers are integers; keep them exact
	if err := dec.Decode(&d); err != nil {
		return jsonrows.Reject("", "cannot decode the document")
	}
	hitID := ""
	if src, ok := d["_source"].(map[string]any); ok {
		if id, ok := d["_id"].(string); ok {
			hitID = id
		}
		d = src
	}
	_, hasTime := d.get("@timestamp")
	_, hasEvent := d.get("event")
	if _, ok := d.get("event.category"); ok {
		hasEvent = true
	}
	if !hasTime && !hasEvent {
		return jsonrows.Decoded{Foreign: true, Reason: "not an ECS document: no @timestamp and no event"}
	}
	if !hasCategory(d, "authentication") {
		return jsonrows.Reject("event.category", "not an authentication event")
	}

	var e mosaic.SignIn
	stamp, wrong := d.str("@timestamp")
	if stamp == "" {
		why := "@timestamp is missing"
		if wrong {
			why = "@timestamp is not a string"
		}
		return jsonrows.Reject("@timestamp", why)
	}
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return jsonrows.Reject("@timestamp", "@timestamp is not an RFC 3339 time")
	}
	e.Published = t.UTC()

	email, wrongEmail := d.str("user.email")
	name, wrongName := d.str("user.name")
	e.Actor = strings.ToLower(email)
	if e.Actor == "" {
		e.Actor = strings.ToLower(name)
	}
	if e.Actor == "" {
		why := "user.email and user.name are missing: an authentication event names its user"
		if wrongEmail || wrongName {
			why = "user.email and user.name are not strings"
		}
		return jsonrows.Reject("user.name", why)
	}
	e.ActorName = d.text("user.full_name")

	e.ID = eventID(d, hitID, row.Data)
	e.EventType = d.text("event.action")
	if e.EventType == "" {
		e.EventType = "authentication"
	}
	switch strings.ToLower(d.text("event.outcome")) {
	case "success":
		e.Outcome = "SUCCESS"
	case "failure":
		e.Outcome = "FAILURE"
	case "unknown":
		e.Outcome = "UNKNOWN"
	}
	ip, wrongIP := d.str("source.ip")
	if ip == "" {
		ip = d.text("client.ip")
	}
	if ip == "" && wrongIP {
		return jsonrows.Reject("source.ip", "source.ip is not a string")
	}
	e.IP = ip
	e.UserAgent = d.text("user_agent.original")
	e.City = d.text("source.geo.city_name")
	e.Country = strings.ToUpper(d.text("source.geo.country_iso_code"))
	if e.Country == "" {
		e.Country = d.text("source.geo.country_name")
	}
	if r := d.text("source.geo.region_iso_code"); r != "" {
		if c, sub, ok := strings.Cut(r, "-"); ok && (e.Country == "" || len(e.Country) != 2 || strings.EqualFold(c, e.Country)) {
			r = sub
		}
		e.Region = r
	} else {
		e.Region = d.text("source.geo.region_name")
	}
	if loc, ok := d.get("source.geo.location"); ok {
		if lat, lon, ok := geoPoint(loc); ok && (lat != 0 || lon != 0) {
			e.Lat, e.Lon, e.HasGeo = lat, lon, true
		}
	}
	if n, ok := d.number("source.as.number"); ok && n > 0 && n <= math.MaxUint32 && n == math.Trunc(n) {
		e.ASNumber = int(n)
	}
	e.ASOrg = d.text("source.as.organization.name")
	if fp := d.text("device.id"); !jsonrows.ZeroID(fp) {
		e.DeviceFingerprint = fp
	}
	e.SessionID = d.text("session.id")
	e.Origin = mosaic.Origin{File: file, Line: row.Line, EventID: e.ID}
	return jsonrows.Accept(e)
}

func hasCategory(d doc, want string) bool {
	v, _ := d.get("event.category")
	switch c := v.(type) {
	case string:
		return strings.EqualFold(strings.TrimSpace(c), want)
	case []any:
		for _, x := range c {
			if s, ok := x.(string); ok && strings.EqualFold(strings.TrimSpace(s), want) {
				return true
			}
		}
	}
	return false
}

// eventID is event.id, else the hit's _id, else a name-based UUID of the
// row: ECS leaves event.id optional, and the store needs a key that a
// second read of the same export reproduces.
func eventID(d doc, hitID string, data []byte) string {
	v, _ := d.get("event.id")
	switch x := v.(type) {
	case string:
		if s := strings.TrimSpace(x); s != "" {
			return jsonrows.LowerUUID(s)
		}
	case json.Number:
		return x.String()
	}
	if hitID != "" {
		return hitID
	}
	return jsonrows.NameUUID(namespace, string(bytes.TrimSpace(data)))
}

// geoPoint reads an Elasticsearch geo_point in any of its forms.
func geoPoint(v any) (lat, lon float64, ok bool) {
	valid := func(lat, lon float64) (float64, float64, bool) {
		if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return 0, 0, false
		}
		return lat, lon, true
	}
	switch p := v.(type) {
	case map[string]any:
		la, ok1 := toFloat(p["lat"])
		lo, ok2 := toFloat(p["lon"])
		if ok1 && ok2 {
			return valid(la, lo)
		}
		// GeoJSON: {"type":"Point","coordinates":[lon,lat]}
		if c, ok := p["coordinates"].([]any); ok && len(c) == 2 {
			lo, ok1 := toFloat(c[0])
			la, ok2 := toFloat(c[1])
			if ok1 && ok2 {
				return valid(la, lo)
			}
		}
	case []any: // [lon, lat], GeoJSON order
		if len(p) == 2 {
			lo, ok1 := toFloat(p[0])
			la, ok2 := toFloat(p[1])
			if ok1 && ok2 {
				return valid(la, lo)
			}
		}
	case string:
		s := strings.TrimSpace(p)
		if rest, found := strings.CutPrefix(strings.ToUpper(s), "POINT"); found {
			f := strings.Fields(strings.Trim(strings.TrimSpace(rest), "()"))
			if len(f) == 2 {
				lo, err1 := strconv.ParseFloat(f[0], 64)
				la, err2 := strconv.ParseFloat(f[1], 64)
				if err1 == nil && err2 == nil {
					return valid(la, lo)
				}
			}
			return 0, 0, false
		}
		if a, b, found := strings.Cut(s, ","); found {
			la, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
			lo, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
			if err1 == nil && err2 == nil {
				return valid(la, lo)
			}
		}
	}
	return 0, 0, false
}
