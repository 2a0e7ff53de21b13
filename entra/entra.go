// Package entra reads Microsoft Entra ID (Azure AD) sign-in logs, and the
// audit logs' identity events (audit.go), in the two shapes they are
// exported in:
//
//   - Microsoft Graph signIn objects as GET /auditLogs/signIns returns them
//     (v1.0 or beta): pages {"value":[...],"@odata.nextLink":...}, one
//     signIn per line, or a JSON array;
//   - Azure Monitor diagnostic-settings records (categories SignInLogs,
//     NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs,
//     ManagedIdentitySignInLogs, ...), one record a line as a storage
//     account or Event Hub receives them, or {"records":[...]} batches. The
//     record's properties hold the signIn; its time, callerIpAddress and
//     location stand in when the properties leave those out.
//
// Every user sign-in becomes a mosaic.SignIn:
//
//	userPrincipalName              Actor (lower-cased: it joins the roster's work_email)
//	userDisplayName                ActorName
//	id                             ID (a GUID, kept in 16 bytes by the dataset)
//	createdDateTime                Published
//	ipAddress                      IP
//	location.city/state            City, Region (a state name, as Okta gives)
//	location.countryOrRegion       Country (an ISO code where Okta gives a name;
//	                               the detectors compare ISO codes)
//	location.geoCoordinates        Lat, Lon, HasGeo (0,0 means unknown)
//	autonomousSystemNumber         ASNumber
//	userAgent, else deviceDetail   UserAgent ("browser; operating system" when
//	                               the Graph v1.0 object has no userAgent)
//	deviceDetail.deviceId          DeviceFingerprint (only for registered devices;
//	                               an all-zero id is none)
//	status.errorCode               Outcome: 0 is SUCCESS, anything else FAILURE
//	riskEventTypes(_v2)            IsProxy true when Identity Protection saw
//	                               anonymizedIPAddress; unknown otherwise
//	sessionId, else correlationId  SessionID
//	interactive or not             EventType entra.interactiveUser or
//	                               entra.nonInteractiveUser
//
// mosaic.SignIn has no place for conditional-access status, risk levels,
// compliance or management of the device, or the application signed in to;
// they are read past. A conditional-access block is a non-zero errorCode
// (53003), so it still shows as a FAILURE.
//
// Service principals and managed identities are not people: their rows are
// read and, when valid, accepted with no record (AcceptMany with none), so
// they count as read and accepted but nothing links or detects on them. A
// row is one when its category or signInEventTypes say so, or when it names
// a service principal and no user.
package entra

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Extractor reads Entra sign-in logs. It holds only settings, so one
// Extractor may read several files at once.
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
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindEntra} }

// Extract reads f and calls emit once per sign-in: Accept with a
// mosaic.SignIn, AcceptMany with none for a service principal's, or Reject
// with the reason. It returns an error only when the file as a whole cannot
// be read or is not an Entra sign-in log.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	return jsonrows.Extract(ctx, f, emit, jsonrows.Format{
		Name:     "a Microsoft Entra ID sign-in or audit log (Graph signIn or directoryAudit objects, or Azure Monitor SignInLogs or AuditLogs records)",
		PageKeys: []string{"value", "records"},
		Decode:   func(row jsonrows.Row) jsonrows.Decoded { return decode(f.Path, row) },
	}, x.log)
}

// record is an Azure Monitor diagnostic-settings record.
type record struct {
	Time            jsonrows.Scalar `json:"time"`
	Category        jsonrows.Scalar `json:"category"`
	CallerIPAddress jsonrows.Scalar `json:"callerIpAddress"`
	Location        jsonrows.Scalar `json:"location"`
	ResultType      jsonrows.Scalar `json:"resultType"`
	Identity        jsonrows.Scalar `json:"identity"`
	Properties      *signIn         `json:"properties"`
}

// signIn is the Graph signIn resource, as far as mosaic reads it. The
// Azure Monitor record's properties hold the same fields.
type signIn struct {
	ID                     jsonrows.Scalar   `json:"id"`
	CreatedDateTime        jsonrows.Scalar   `json:"createdDateTime"`
	UserPrincipalName      jsonrows.Scalar   `json:"userPrincipalName"`
	UserDisplayName        jsonrows.Scalar   `json:"userDisplayName"`
	UserID                 jsonrows.Scalar   `json:"userId"`
	IPAddress              jsonrows.Scalar   `json:"ipAddress"`
	UserAgent              jsonrows.Scalar   `json:"userAgent"`
	IsInteractive          jsonrows.Scalar   `json:"isInteractive"`
	SignInEventTypes       []jsonrows.Scalar `json:"signInEventTypes"`
	ServicePrincipalID     jsonrows.Scalar   `json:"servicePrincipalId"`
	AutonomousSystemNumber jsonrows.Scalar   `json:"autonomousSystemNumber"`
	SessionID              jsonrows.Scalar   `json:"sessionId"`
	CorrelationID          jsonrows.Scalar   `json:"correlationId"`
	RiskEventTypes         []jsonrows.Scalar `json:"riskEventTypes"`
	RiskEventTypesV2       []jsonrows.Scalar `json:"riskEventTypes_v2"`
	Status                 *struct {
		ErrorCode jsonrows.Scalar `json:"errorCode"`
	} `json:"status"`
	DeviceDetail struct {
		DeviceID        jsonrows.Scalar `json:"deviceId"`
		OperatingSystem jsonrows.Scalar `json:"operatingSystem"`
		Browser         jsonrows.Scalar `json:"browser"`
	} `json:"deviceDetail"`
	Location struct {
		City            jsonrows.Scalar `json:"city"`
		State           jsonrows.Scalar `json:"state"`
		CountryOrRegion jsonrows.Scalar `json:"countryOrRegion"`
		GeoCoordinates  struct {
			Latitude  jsonrows.Scalar `json:"latitude"`
			Longitude jsonrows.Scalar `json:"longitude"`
		} `json:"geoCoordinates"`
	} `json:"location"`
}

// probe tells the two shapes apart: a diagnostic record has properties
// (an object) and a category.
type probe struct {
	Properties jsonrows.Scalar `json:"properties"`
	Category   jsonrows.Scalar `json:"category"`
	// A signIn has these, and other logs (Okta's, Google's) none of them.
	CreatedDateTime   jsonrows.Scalar `json:"createdDateTime"`
	UserPrincipalName jsonrows.Scalar `json:"userPrincipalName"`
	UserID            jsonrows.Scalar `json:"userId"`
	// A directoryAudit (audit.go) has these.
	ActivityDateTime    jsonrows.Scalar `json:"activityDateTime"`
	ActivityDisplayName jsonrows.Scalar `json:"activityDisplayName"`
}

// Categories of Azure Monitor sign-in records whose subject is no person.
var servicePrincipalCategories = map[string]bool{
	"serviceprincipalsigninlogs":          true,
	"managedidentitysigninlogs":           true,
	"microsoftserviceprincipalsigninlogs": true,
}

func decode(file string, row jsonrows.Row) jsonrows.Decoded {
	var p probe
	if col, why := jsonrows.Unmarshal(row.Data, &p); why != "" && col == "" {
		return jsonrows.Reject(col, why)
	}
	var s *signIn
	var rec record
	monitor := p.Properties.Kind != jsonrows.Absent && p.Category.Kind != jsonrows.Absent
	if monitor && strings.EqualFold(p.Category.Str(), "AuditLogs") {
		return decodeAudit(file, row, true)
	}
	if !monitor && (p.ActivityDateTime.Kind != jsonrows.Absent || p.ActivityDisplayName.Kind != jsonrows.Absent) {
		return decodeAudit(file, row, false)
	}
	if monitor {
		if col, why := jsonrows.Unmarshal(row.Data, &rec); why != "" {
			return jsonrows.Reject(col, why)
		}
		if rec.Properties == nil {
			return jsonrows.Reject("properties", "properties is not an object")
		}
		cat := strings.ToLower(rec.Category.Str())
		if !strings.HasSuffix(cat, "signinlogs") {
			return jsonrows.Reject("category", "neither a sign-in nor an audit record (category "+jsonrows.Printable(rec.Category.Str())+")")
		}
		if servicePrincipalCategories[cat] {
			return jsonrows.Accept() // read and valid, but no person's
		}
		s = rec.Properties
	} else {
		if p.CreatedDateTime.Kind == jsonrows.Absent && p.UserPrincipalName.Kind == jsonrows.Absent && p.UserID.Kind == jsonrows.Absent {
			return jsonrows.Decoded{Foreign: true, Reason: "not an Entra sign-in or audit: none of createdDateTime, userPrincipalName, userId and activityDateTime"}
		}
		s = new(signIn)
		if col, why := jsonrows.Unmarshal(row.Data, s); why != "" {
			return jsonrows.Reject(col, why)
		}
	}
	if servicePrincipal(s) {
		return jsonrows.Accept()
	}

	var e mosaic.SignIn
	e.ID = jsonrows.LowerUUID(s.ID.Str())
	if e.ID == "" {
		return jsonrows.Reject(prefix(monitor, "id"), s.ID.Missing("id", ": it is required to de-duplicate"))
	}
	// The record's time is when the sign-in was logged; createdDateTime,
	// when it happened, is preferred.
	stampV, col := s.CreatedDateTime, prefix(monitor, "createdDateTime")
	if stampV.Str() == "" && monitor && rec.Time.Str() != "" {
		stampV, col = rec.Time, "time"
	}
	stamp := stampV.Str()
	if stamp == "" {
		return jsonrows.Reject(col, stampV.Missing(col, ""))
	}
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return jsonrows.Reject(col, col+" is not an RFC 3339 time")
	}
	e.Published = t.UTC()
	e.Actor = strings.ToLower(s.UserPrincipalName.Str())
	if e.Actor == "" {
		return jsonrows.Reject(prefix(monitor, "userPrincipalName"), s.UserPrincipalName.Missing("userPrincipalName", ": a sign-in names its user"))
	}
	e.ActorName = s.UserDisplayName.Str()
	if e.ActorName == "" && monitor {
		e.ActorName = rec.Identity.Str()
	}
	e.EventType = eventType(s, rec.Category.Str())
	e.IP = s.IPAddress.Str()
	if e.IP == "" && monitor {
		e.IP = rec.CallerIPAddress.Str()
	}
	e.UserAgent = s.UserAgent.Str()
	if e.UserAgent == "" {
		e.UserAgent = strings.Trim(s.DeviceDetail.Browser.Str()+"; "+s.DeviceDetail.OperatingSystem.Str(), "; ")
	}
	loc := &s.Location
	e.City, e.Region, e.Country = loc.City.Str(), loc.State.Str(), strings.ToUpper(loc.CountryOrRegion.Str())
	if e.Country == "" && monitor {
		e.Country = strings.ToUpper(rec.Location.Str())
	}
	lat, okLat := loc.GeoCoordinates.Latitude.Float()
	lon, okLon := loc.GeoCoordinates.Longitude.Float()
	// Entra, like Okta, writes 0,0 when it could not place an address.
	if okLat && okLon && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && (lat != 0 || lon != 0) {
		e.Lat, e.Lon, e.HasGeo = lat, lon, true
	}
	if n, ok := s.AutonomousSystemNumber.Int(); ok && n > 0 && n <= 1<<32-1 {
		e.ASNumber = int(n)
	}
	e.IsProxy = anonymised(s)
	e.Outcome = outcome(s, rec.ResultType)
	if id := s.DeviceDetail.DeviceID.Str(); !jsonrows.ZeroID(id) {
		e.DeviceFingerprint = strings.ToLower(id)
	}
	e.SessionID = s.SessionID.Str()
	if e.SessionID == "" {
		e.SessionID = s.CorrelationID.Str()
	}
	e.Origin = mosaic.Origin{File: file, Line: row.Line, EventID: e.ID}
	return jsonrows.Accept(e)
}

// servicePrincipal reports whether the sign-in is an application's, not a
// person's.
func servicePrincipal(s *signIn) bool {
	for _, t := range s.SignInEventTypes {
		switch strings.ToLower(t.Str()) {
		case "serviceprincipal", "managedidentity":
			return true
		}
	}
	return s.ServicePrincipalID.Str() != "" && s.UserPrincipalName.Str() == "" && s.UserID.Str() == ""
}

func eventType(s *signIn, category string) string {
	for _, t := range s.SignInEventTypes {
		switch strings.ToLower(t.Str()) {
		case "interactiveuser":
			return "entra.interactiveUser"
		case "noninteractiveuser":
			return "entra.nonInteractiveUser"
		}
	}
	switch strings.ToLower(category) {
	case "signinlogs":
		return "entra.interactiveUser"
	case "noninteractiveusersigninlogs":
		return "entra.nonInteractiveUser"
	}
	switch s.IsInteractive.Tristate() {
	case mosaic.True:
		return "entra.interactiveUser"
	case mosaic.False:
		return "entra.nonInteractiveUser"
	}
	return "entra.signIn"
}

// outcome: Entra's errorCode 0 is success; every other code (a wrong
// password, MFA required, a conditional-access block, an interrupt) is not.
func outcome(s *signIn, resultType jsonrows.Scalar) string {
	code := resultType
	if s.Status != nil && s.Status.ErrorCode.Kind != jsonrows.Absent {
		code = s.Status.ErrorCode
	}
	if n, ok := code.Int(); ok {
		if n == 0 {
			return "SUCCESS"
		}
		return "FAILURE"
	}
	return ""
}

func anonymised(s *signIn) mosaic.Tristate {
	for _, list := range [][]jsonrows.Scalar{s.RiskEventTypes, s.RiskEventTypesV2} {
		for _, r := range list {
			if strings.EqualFold(r.Str(), "anonymizedIPAddress") {
				return mosaic.True
			}
		}
	}
	return mosaic.Unknown
}

func prefix(monitor bool, field string) string {
	if monitor {
		return "properties." + field
	}
	return field
}
