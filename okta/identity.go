package okta

import (
	"encoding/json"
	"strings"

	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// Identity events: besides sign-ins, the System Log records factor
// enrolments and SMS verifications, devices added to users, identity
// verifications and resets. Each keeps its event type and outcome like any
// event; the thing it is about goes to SignIn.Target, because Okta's own
// detections (github.com/okta/customer-detections) group on it: one phone
// number or one device registered by several users.
//
//	system.sms.send_factor_verify_message,   tel:<E.164> from debugData.phoneNumber
//	system.sms.send_phone_verification_message, or the target of type MobilePhone
//	user.mfa.factor.activate (SMS, call)     (alternateId; its id as tel-id: when
//	                                         the number is masked)
//	device.user.add                          device:<oktaDeviceId> of the target of
//	                                         type UDDevice, else its id
//	user.mfa.factor.reset_all,               user:<alternateId> of the target of
//	user.mfa.factor.deactivate,              type User (the user reset, who may
//	user.account.reset_password              not be the actor: a help desk)
//
// user.identity_verification needs no target: its outcome (DENY) is kept.
// These events are rare next to sign-ins, so they are decoded a second time
// with encoding/json rather than taught to the scanner.
var identityEvents = map[string]string{
	"system.sms.send_factor_verify_message":      "phone",
	"system.sms.send_phone_verification_message": "phone",
	"system.voice.send_phone_verification_call":  "phone",
	"system.voice.send_mfa_challenge_call":       "phone",
	"user.mfa.factor.activate":                   "phone",
	"device.user.add":                            "device",
	"user.mfa.factor.reset_all":                  "user",
	"user.mfa.factor.deactivate":                 "user",
	"user.account.reset_password":                "user",
}

// IsIdentityEvent reports whether mosaic reads a target from an event type.
func IsIdentityEvent(eventType string) bool { return identityEvents[eventType] != "" }

type identityFields struct {
	Target []struct {
		ID          string         `json:"id"`
		Type        string         `json:"type"`
		AlternateID string         `json:"alternateId"`
		DetailEntry map[string]any `json:"detailEntry"`
	} `json:"target"`
	DebugContext struct {
		DebugData map[string]any `json:"debugData"`
	} `json:"debugContext"`
}

// identityTarget returns SignIn.Target for an identity event, "" when the
// event names none mosaic can use. data is the whole LogEvent.
func identityTarget(eventType string, data []byte) string {
	what := identityEvents[eventType]
	if what == "" {
		return ""
	}
	var ev identityFields
	if json.Unmarshal(data, &ev) != nil {
		return "" // the scanner accepted it; a target is a bonus
	}
	switch what {
	case "phone":
		if n := text(ev.DebugContext.DebugData["phoneNumber"]); n != "" {
			if e, ok := factorPhone(n); ok {
				return "tel:" + e
			}
		}
		for _, t := range ev.Target {
			if !strings.EqualFold(t.Type, "MobilePhone") && !strings.EqualFold(t.Type, "Phone") {
				continue
			}
			if e, ok := factorPhone(t.AlternateID); ok {
				return "tel:" + e
			}
			if t.ID != "" {
				return "tel-id:" + t.ID
			}
		}
	case "device":
		for _, t := range ev.Target {
			if !strings.EqualFold(t.Type, "UDDevice") && !strings.EqualFold(t.Type, "Device") {
				continue
			}
			if id := text(t.DetailEntry["oktaDeviceId"]); id != "" && id != "unknown" {
				return "device:" + id
			}
			if t.ID != "" {
				return "device:" + t.ID
			}
		}
	case "user":
		for _, t := range ev.Target {
			if strings.EqualFold(t.Type, "User") && t.AlternateID != "" {
				return "user:" + strings.ToLower(strings.TrimSpace(t.AlternateID))
			}
		}
	}
	return ""
}

// factorPhone normalises a factor's phone number to E.164 (a number
// without a country code is taken as North American, Okta's default). A
// masked number ("+1 XXX-XXX-0142") is none: the phone parser would read
// the letters as keypad digits and invent a number.
func factorPhone(raw string) (string, bool) {
	if strings.ContainsAny(raw, "*•") || strings.IndexFunc(raw, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}) >= 0 {
		return "", false
	}
	return phone.E164(raw, "US")
}

func text(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}
