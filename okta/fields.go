package okta

// The LogEvent fields mosaic reads, as a tree the scanner walks: only the
// objects on a path to a wanted value are looked into.

// Slots name the values the scanner remembers.
const (
	slotUUID = iota
	slotPublished
	slotEventType
	slotActorID
	slotActorName
	slotClientIP
	slotUserAgent
	slotCity
	slotState
	slotCountry
	slotLat
	slotLon
	slotChainIP
	slotChainCity
	slotChainState
	slotChainCountry
	slotChainLat
	slotChainLon
	slotASNumber
	slotASOrg
	slotISP
	slotIsProxy
	slotOutcome
	slotFingerprint
	slotSession
	numSlots
)

// pathNode is an object whose fields the scanner looks into.
type pathNode struct {
	fields []pathField
}

// pathField is one wanted field of an object: a value to remember (slot),
// an object to look into (obj), or an array whose first element to look into
// (first). Only Okta's request.ipChain needs the last.
type pathField struct {
	name  string
	slot  int
	obj   *pathNode
	first *pathField
}

func leaf(name string, slot int) pathField { return pathField{name: name, slot: slot} }

func object(name string, fields ...pathField) pathField {
	return pathField{name: name, slot: -1, obj: &pathNode{fields: fields}}
}

func firstOf(name string, fields ...pathField) pathField {
	return pathField{name: name, slot: -1, first: &pathField{slot: -1, obj: &pathNode{fields: fields}}}
}

func (n *pathNode) find(key []byte) *pathField {
	for i := range n.fields {
		if name := n.fields[i].name; len(name) == len(key) && name[0] == key[0] && name == string(key) {
			return &n.fields[i]
		}
	}
	return nil
}

func geoFields(city, state, country, lat, lon int) pathField {
	return object("geographicalContext",
		leaf("city", city),
		leaf("state", state),
		leaf("country", country),
		object("geolocation", leaf("lat", lat), leaf("lon", lon)),
	)
}

// logEvent lists the LogEvent fields mosaic reads. Read-only after init.
var logEvent = &pathNode{fields: []pathField{
	leaf("uuid", slotUUID),
	leaf("published", slotPublished),
	leaf("eventType", slotEventType),
	object("actor", leaf("alternateId", slotActorID), leaf("displayName", slotActorName)),
	object("client",
		leaf("ipAddress", slotClientIP),
		object("userAgent", leaf("rawUserAgent", slotUserAgent)),
		geoFields(slotCity, slotState, slotCountry, slotLat, slotLon),
	),
	object("request", firstOf("ipChain",
		leaf("ip", slotChainIP),
		geoFields(slotChainCity, slotChainState, slotChainCountry, slotChainLat, slotChainLon),
	)),
	object("securityContext",
		leaf("asNumber", slotASNumber),
		leaf("asOrg", slotASOrg),
		leaf("isp", slotISP),
		leaf("isProxy", slotIsProxy),
	),
	object("outcome", leaf("result", slotOutcome)),
	object("debugContext", object("debugData", leaf("deviceFingerprint", slotFingerprint))),
	object("authenticationContext", leaf("externalSessionId", slotSession)),
}}
