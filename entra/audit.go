package entra

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jsonrows"
	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// Entra ID audit logs: besides sign-ins, the directory logs who registered
// which authentication phone, which devices were registered to whom, and
// password and security-info resets. They come as Graph directoryAudit
// objects (GET /auditLogs/directoryAudits) or as Azure Monitor records of
// category AuditLogs whose properties hold the same object. The activities
// mosaic reads become a mosaic.SignIn like Okta's identity events
// (okta/identity.go), with the thing they are about in Target:
//
//	activityDisplayName                    EventType                    Target
//	User registered security info,         entra.securityInfoRegistered tel:<E.164> when a phone
//	User registered all required security  (Update user:                method's number is in a
//	info, Admin registered security info,  entra.authPhoneUpdated)      modifiedProperty (Strong-
//	Update user (only with a phone                                      AuthenticationUserDetails
//	authentication method)                                              PhoneNumber, ...), else none
//	Register device,                       entra.deviceRegistered,      device:<the Device target's
//	Add registered owner to device,        entra.deviceOwnerAdded,      object id>
//	Add registered users to device         entra.deviceUserAdded
//	Reset user password, Reset password    entra.passwordReset          user:<the User target's UPN>
//	(by admin), Reset password (self-
//	service)
//	Admin deleted security info,           entra.securityInfoDeleted    user:<the User target's UPN>
//	User deleted security info
//
// A phone or device belongs to the user it was registered to: the User
// target when there is one, else the initiator. When someone else (an
// administrator, an app) made the change, the event is that user's with no
// address, since the administrator's address says nothing about where the
// user is. A reset is the initiator's, naming the user reset, as Okta logs a
// help desk's reset.
//
// Numbers Entra masks ("+1 XXXXXXXX42") are not read: a masked number
// cannot be told apart from another with the same last digits, so it never
// ties two people together (the sign-in logs' authenticationDetails show
// only masked numbers and are not read for phones at all).
//
// Other activities, and those whose result is not success, are read and
// accepted with no record: they are valid rows with nothing to use.

// auditActivities maps activityDisplayName, lower-cased, to the EventType
// and what the Target is.
var auditActivities = map[string]struct{ eventType, what string }{
	"user registered security info":              {"entra.securityInfoRegistered", "phone"},
	"user registered all required security info": {"entra.securityInfoRegistered", "phone"},
	"admin registered security info":             {"entra.securityInfoRegistered", "phone"},
	"update user":                                {"entra.authPhoneUpdated", "phone only"},
	"register device":                            {"entra.deviceRegistered", "device"},
	"add registered owner to device":             {"entra.deviceOwnerAdded", "device"},
	"add registered users to device":             {"entra.deviceUserAdded", "device"},
	"reset user password":                        {"entra.passwordReset", "user"},
	"reset password (by admin)":                  {"entra.passwordReset", "user"},
	"reset password (self-service)":              {"entra.passwordReset", "user"},
	"admin deleted security info":                {"entra.securityInfoDeleted", "user"},
	"user deleted security info":                 {"entra.securityInfoDeleted", "user"},
}

const auditNamespace = "mosaic/entra_audit"

// auditRecord is an Azure Monitor record of category AuditLogs.
type auditRecord struct {
	Time            jsonrows.Scalar `json:"time"`
	OperationName   jsonrows.Scalar `json:"operationName"`
	CallerIPAddress jsonrows.Scalar `json:"callerIpAddress"`
	Properties      *directoryAudit `json:"properties"`
}

// directoryAudit is the Graph directoryAudit resource, as far as mosaic
// reads it.
type directoryAudit struct {
	ID                  jsonrows.Scalar `json:"id"`
	ActivityDisplayName jsonrows.Scalar `json:"activityDisplayName"`
	ActivityDateTime    jsonrows.Scalar `json:"activityDateTime"`
	Result              jsonrows.Scalar `json:"result"`
	InitiatedBy         struct {
		User *struct {
			UserPrincipalName jsonrows.Scalar `json:"userPrincipalName"`
			DisplayName       jsonrows.Scalar `json:"displayName"`
			IPAddress         jsonrows.Scalar `json:"ipAddress"`
		} `json:"user"`
	} `json:"initiatedBy"`
	TargetResources []struct {
		ID                 jsonrows.Scalar `json:"id"`
		Type               jsonrows.Scalar `json:"type"`
		DisplayName        jsonrows.Scalar `json:"displayName"`
		UserPrincipalName  jsonrows.Scalar `json:"userPrincipalName"`
		ModifiedProperties []struct {
			DisplayName jsonrows.Scalar `json:"displayName"`
			NewValue    jsonrows.Scalar `json:"newValue"`
		} `json:"modifiedProperties"`
	} `json:"targetResources"`
	AdditionalDetails []struct {
		Key   jsonrows.Scalar `json:"key"`
		Value jsonrows.Scalar `json:"value"`
	} `json:"additionalDetails"`
}

// decodeAudit reads one directoryAudit, from a Monitor record (monitor) or
// as a Graph object.
func decodeAudit(file string, row jsonrows.Row, monitor bool) jsonrows.Decoded {
	var a *directoryAudit
	var rec auditRecord
	if monitor {
		if col, why := jsonrows.Unmarshal(row.Data, &rec); why != "" {
			return jsonrows.Reject(col, why)
		}
		if rec.Properties == nil {
			return jsonrows.Reject("properties", "properties is not an object")
		}
		a = rec.Properties
	} else {
		a = new(directoryAudit)
		if col, why := jsonrows.Unmarshal(row.Data, a); why != "" {
			return jsonrows.Reject(col, why)
		}
	}
	activity := a.ActivityDisplayName.Str()
	if activity == "" && monitor {
		activity = rec.OperationName.Str()
	}
	id := a.ID.Str()
	if id == "" {
		return jsonrows.Reject(prefix(monitor, "id"), a.ID.Missing("id", ": it is required to de-duplicate"))
	}
	stampV, col := a.ActivityDateTime, prefix(monitor, "activityDateTime")
	if stampV.Str() == "" && monitor && rec.Time.Str() != "" {
		stampV, col = rec.Time, "time"
	}
	if stampV.Str() == "" {
		return jsonrows.Reject(col, stampV.Missing(col, ""))
	}
	t, err := time.Parse(time.RFC3339Nano, stampV.Str())
	if err != nil {
		return jsonrows.Reject(col, col+" is not an RFC 3339 time")
	}
	kind, ok := auditActivities[strings.ToLower(activity)]
	if !ok || !strings.EqualFold(a.Result.Str(), "success") {
		return jsonrows.Accept() // read and valid, nothing mosaic uses
	}

	var initiator, initiatorName, ip string
	if u := a.InitiatedBy.User; u != nil {
		initiator = strings.ToLower(u.UserPrincipalName.Str())
		initiatorName = u.DisplayName.Str()
		ip = u.IPAddress.Str()
	}
	if ip == "" && monitor {
		ip = rec.CallerIPAddress.Str()
	}
	if ip == "<null>" {
		ip = ""
	}
	var user, device string
	for _, tr := range a.TargetResources {
		switch strings.ToLower(tr.Type.Str()) {
		case "user":
			if user == "" {
				user = strings.ToLower(tr.UserPrincipalName.Str())
			}
		case "device":
			if id := tr.ID.Str(); device == "" && !jsonrows.ZeroID(id) {
				device = strings.ToLower(id)
			}
		}
	}

	e := mosaic.SignIn{
		ID:        jsonrows.NameUUID(auditNamespace, id),
		Published: t.UTC(),
		EventType: kind.eventType,
		Outcome:   "SUCCESS",
	}
	// The person a phone or device is registered to.
	owner := func() {
		e.Actor = user
		if e.Actor == "" {
			e.Actor = initiator
		}
		if e.Actor == initiator {
			e.ActorName, e.IP = initiatorName, ip
		}
	}
	switch kind.what {
	case "phone", "phone only":
		owner()
		if n := auditPhone(a); n != "" {
			e.Target = "tel:" + n
		} else if kind.what == "phone only" {
			return jsonrows.Accept() // a user updated in another way
		}
	case "device":
		owner()
		if device == "" {
			return jsonrows.Reject(prefix(monitor, "targetResources"), "no target of type Device names the device")
		}
		e.Target = "device:" + device
	case "user":
		e.Actor, e.ActorName, e.IP = initiator, initiatorName, ip
		if user != "" {
			e.Target = "user:" + user
		}
		if e.Actor == "" { // an app or the service did it
			e.Actor, e.ActorName, e.IP = user, "", ""
		}
	}
	if e.Actor == "" {
		return jsonrows.Reject(prefix(monitor, "initiatedBy.user.userPrincipalName"), "neither the initiator nor a target names a user")
	}
	e.Origin = mosaic.Origin{File: file, Line: row.Line, EventID: e.ID}
	return jsonrows.Accept(e)
}

// auditPhone finds an authentication phone number, unmasked, among the
// modified properties and additional details. StrongAuthenticationUserDetails
// holds a JSON array of {PhoneNumber, AlternativePhoneNumber,
// VoiceOnlyPhoneNumber, Email}; a property or detail named like a phone
// number holds one.
func auditPhone(a *directoryAudit) string {
	for _, tr := range a.TargetResources {
		for _, p := range tr.ModifiedProperties {
			name := strings.ToLower(p.DisplayName.Str())
			v := unquote(p.NewValue.Str())
			switch {
			case name == "strongauthenticationuserdetails":
				var details []map[string]any
				if json.Unmarshal([]byte(v), &details) != nil {
					continue
				}
				for _, d := range details {
					for _, k := range []string{"PhoneNumber", "AlternativePhoneNumber", "VoiceOnlyPhoneNumber"} {
						if s, _ := d[k].(string); s != "" {
							if n, ok := unmaskedPhone(s); ok {
								return n
							}
						}
					}
				}
			case strings.Contains(name, "phonenumber"):
				if n, ok := unmaskedPhone(v); ok {
					return n
				}
			}
		}
	}
	for _, d := range a.AdditionalDetails {
		if k := strings.ToLower(strings.ReplaceAll(d.Key.Str(), " ", "")); strings.Contains(k, "phonenumber") {
			if n, ok := unmaskedPhone(d.Value.Str()); ok {
				return n
			}
		}
	}
	return ""
}

// unquote strips the JSON quoting Entra writes around modified values
// ("\"+1 4255550142\"" or "[\"...\"]").
func unquote(v string) string {
	v = strings.TrimSpace(v)
	var s string
	if json.Unmarshal([]byte(v), &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal([]byte(v), &list) == nil && len(list) == 1 {
		return list[0]
	}
	return v
}

// unmaskedPhone normalises a number to E.164; a masked one (letters,
// asterisks, bullets) is none: the parser would read the letters as
// keypad digits and invent a number.
func unmaskedPhone(raw string) (string, bool) {
	if strings.ContainsAny(raw, "*•") || strings.IndexFunc(raw, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}) >= 0 {
		return "", false
	}
	return phone.E164(raw, "US")
}
