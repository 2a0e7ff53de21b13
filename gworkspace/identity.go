package gworkspace

import (
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// Identity events beyond logins, from three more applications of the
// Reports API, become a mosaic.SignIn like Okta's identity events
// (okta/identity.go), with what they are about in Target. EventType is the
// event's name as Google writes it.
//
//	applicationName  events[].name                   Target
//	user_accounts    2sv_enroll, recovery_phone_edit tel:<E.164> when a parameter
//	                                                 holds the number (Google
//	                                                 documents none: usually none)
//	user_accounts    2sv_disable                     user:<actor> (the person turned
//	                                                 off their own second factor)
//	user_accounts    other (password_edit, ...)      none: kept as the person's event
//	admin            CHANGE_PASSWORD,                user:<USER_EMAIL> (an administrator
//	                 TURN_OFF_2_STEP_VERIFICATION    reset the user)
//	admin            ADD_RECOVERY_PHONE,             tel:<E.164> from NEW_VALUE (or a
//	                 CHANGE_RECOVERY_PHONE           parameter named like a phone)
//	mobile           DEVICE_REGISTER_UNREGISTER_     device:<DEVICE_ID> when
//	                 EVENT                           ACCOUNT_STATE is REGISTERED
//
// A phone or device belongs to USER_EMAIL when the event names one, else
// to the actor; when an administrator acted for the user, the event is the
// user's with no address (the administrator's says nothing about where the
// user is). A reset is the administrator's, naming the user, as Okta logs a
// help desk's reset.
//
// A user's own password_edit is not a reset: Google asks every new account
// to change its first password, so it would mark every new hire. Masked
// numbers are not read: they could tie together people whose numbers only
// end alike. Other admin and mobile events are read past (an activity of
// only those is accepted with no record).
func identityEvent(e mosaic.SignIn, app string, ev *event) (mosaic.SignIn, bool) {
	name := ev.Name.Str()
	e.Outcome = "SUCCESS" // an audit event records a change that was made
	user := strings.ToLower(strings.TrimSpace(ev.param("USER_EMAIL")))
	// own moves the event to the user a phone or device was registered to.
	own := func() {
		if user != "" && user != e.Actor {
			e.Actor, e.IP, e.Country, e.Region, e.ASNumber = user, "", "", "", 0
		}
	}
	switch app {
	case "user_accounts":
		switch name {
		case "2sv_enroll", "recovery_phone_edit":
			if n := eventPhone(ev); n != "" {
				e.Target = "tel:" + n
			}
		case "2sv_disable":
			e.Target = "user:" + e.Actor
		}
		return e, true
	case "admin":
		switch name {
		case "CHANGE_PASSWORD", "TURN_OFF_2_STEP_VERIFICATION":
			if user == "" {
				return e, false
			}
			e.Target = "user:" + user
			return e, true
		case "ADD_RECOVERY_PHONE", "CHANGE_RECOVERY_PHONE":
			n := eventPhone(ev)
			if n == "" {
				return e, false
			}
			own()
			e.Target = "tel:" + n
			return e, true
		}
	case "mobile":
		if name == "DEVICE_REGISTER_UNREGISTER_EVENT" && strings.EqualFold(ev.param("ACCOUNT_STATE"), "REGISTERED") {
			id := strings.TrimSpace(ev.param("DEVICE_ID"))
			if id == "" {
				return e, false
			}
			own()
			e.Target = "device:" + id
			return e, true
		}
	}
	return e, false
}

// eventPhone finds an unmasked phone number in NEW_VALUE or a parameter
// named like a phone.
func eventPhone(ev *event) string {
	for _, p := range ev.Parameters {
		name := strings.ToLower(p.Name.Str())
		if name != "new_value" && !strings.Contains(name, "phone") {
			continue
		}
		raw := p.Value.Str()
		if strings.ContainsAny(raw, "*•") || strings.IndexFunc(raw, func(r rune) bool {
			return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		}) >= 0 {
			continue
		}
		if n, ok := phone.E164(raw, "US"); ok {
			return n
		}
	}
	return ""
}

// readApps are the applications whose activities are read.
var readApps = map[string]bool{"login": true, "user_accounts": true, "admin": true, "mobile": true}
