package detect

import (
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Identity-provider events beyond sign-ins (okta/identity.go,
// entra/audit.go, gworkspace/identity.go): factor phones and devices
// registered by several people, identity verifications denied, and factor
// or password resets soon after hire. They are subject.idp
// (rules/SCHEMA.md).
//
// Every reader writes what an event is about in SignIn.Target with the same
// prefixes (tel:, tel-id:, device:, user:), so phones and devices are
// compared across providers as they are: one number registered in Okta by
// one person and in Entra by another is shared. Resets are told by event
// type, listed below for each provider.

// ResetWindowDays is how soon after the hire date a factor or password
// reset counts: a new hire's first weeks, when a worker who never held the
// account at onboarding asks the help desk for new factors.
const ResetWindowDays = 30

// maxIdentityRows bounds the rows an identity fact cites.
const maxIdentityRows = 6

// resetEvents are the event types of a factor or password reset.
var resetEvents = map[string]bool{
	// Okta System Log.
	"user.mfa.factor.reset_all": true, "user.mfa.factor.deactivate": true, "user.account.reset_password": true,
	// Entra ID audit logs: Reset user password, Reset password (by admin,
	// self-service); Admin or User deleted security info.
	"entra.passwordReset": true, "entra.securityInfoDeleted": true,
	// Google Workspace: an administrator's CHANGE_PASSWORD or
	// TURN_OFF_2_STEP_VERIFICATION (admin), the user's 2sv_disable
	// (user_accounts). A user's own password_edit is not one: Google has
	// every new account change its first password.
	"CHANGE_PASSWORD": true, "TURN_OFF_2_STEP_VERIFICATION": true, "2sv_disable": true,
}

func isResetEvent(t string) bool { return resetEvents[t] }

// identityFacts computes subject.idp for every subject. It must run after
// subjectEmployees (hire dates).
func (f *Facts) identityFacts() {
	g := f.g
	ds := g.DS
	f.idp = make([]map[string]any, len(g.Subjects))
	// Who registered each phone and device, and which subject each work
	// login is, for resets an administrator made on someone's behalf.
	holders := map[string]map[int]bool{}
	byLogin := map[string]int{}
	for si, s := range g.Subjects {
		for _, i := range s.Employees() {
			if e := strings.ToLower(strings.TrimSpace(ds.Employees[i].WorkEmail)); e != "" {
				byLogin[e] = si
			}
		}
		for _, i := range s.SignIns() {
			t := ds.SignIns.Target(i)
			if strings.HasPrefix(t, "tel") || strings.HasPrefix(t, "device:") {
				if holders[t] == nil {
					holders[t] = map[int]bool{}
				}
				holders[t][si] = true
			}
		}
	}
	resets := make([][]int, len(g.Subjects))
	for i, n := 0, ds.SignIns.Len(); i < n; i++ {
		t := ds.SignIns.Target(i)
		if login, ok := strings.CutPrefix(t, "user:"); ok && isResetEvent(ds.SignIns.At(i).EventType) {
			if si, ok := byLogin[login]; ok {
				resets[si] = append(resets[si], i)
			}
		}
	}
	for si, s := range g.Subjects {
		phones, phoneSharers := map[string]bool{}, map[int]bool{}
		devices, deviceSharers := map[string]bool{}, map[int]bool{}
		denials := 0
		for _, i := range s.SignIns() {
			e := ds.SignIns.At(i)
			t := e.Target
			switch {
			case strings.HasPrefix(t, "tel"):
				phones[t] = true
				if len(holders[t]) > 1 {
					for o := range holders[t] {
						if o != si {
							phoneSharers[o] = true
						}
					}
					f.cite(si, "idp.sms_phone", identityEvidence(e, "target"), maxIdentityRows)
				}
			case strings.HasPrefix(t, "device:"):
				devices[t] = true
				if len(holders[t]) > 1 {
					for o := range holders[t] {
						if o != si {
							deviceSharers[o] = true
						}
					}
					f.cite(si, "idp.device", identityEvidence(e, "target"), maxIdentityRows)
				}
			}
			if e.EventType == "user.identity_verification" && strings.EqualFold(e.Outcome, "DENY") {
				denials++
				f.cite(si, "idp.verification", identityEvidence(e, "outcome.result"), maxIdentityRows)
			}
			// A reset the person made themselves: the target is them, or
			// names no one.
			if isResetEvent(e.EventType) && (t == "" || t == "user:"+e.Actor) {
				resets[si] = append(resets[si], i)
			}
		}
		hire := time.Time{}
		if ei := f.employee[si]; ei >= 0 {
			hire = ds.Employees[ei].HireDate
		}
		early := 0
		first := -1.0
		seen := map[int]bool{}
		for _, i := range resets[si] {
			if seen[i] || hire.IsZero() {
				continue
			}
			seen[i] = true
			days := ds.SignIns.Published(i).Sub(hire).Hours() / 24
			if days < -1 || days > ResetWindowDays {
				continue
			}
			early++
			if first < 0 || days < first {
				first = days
			}
			f.cite(si, "idp.resets", identityEvidence(ds.SignIns.At(i), "eventType"), maxIdentityRows)
		}
		if len(phones)+len(devices)+denials+len(resets[si]) == 0 {
			continue
		}
		m := map[string]any{
			"sms_phones":                    phoneList(phones),
			"sms_phone_shared_with":         int64(len(phoneSharers)),
			"sms_phone_sharers":             f.labelSet(phoneSharers),
			"devices_registered":            int64(len(devices)),
			"device_shared_with":            int64(len(deviceSharers)),
			"device_sharers":                f.labelSet(deviceSharers),
			"identity_verification_denials": int64(denials),
			"resets_soon_after_hire":        int64(early),
		}
		if first >= 0 {
			m["first_reset_days_after_hire"] = first
		}
		f.idp[si] = m
	}
}

// identityEvidence cites an identity event by its id and the field that
// shows the fact.
func identityEvidence(e mosaic.SignIn, field string) mosaic.Evidence {
	return mosaic.Evidence{File: e.Origin.File, Line: e.Origin.Line, EventID: e.ID, Field: field}
}

// phoneList lists the E.164 numbers among the factor phones (masked ones,
// known only by the provider's id, are left out of what is shown).
func phoneList(set map[string]bool) []any {
	var out []string
	for t := range set {
		if n, ok := strings.CutPrefix(t, "tel:"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return toAny(out)
}

// labelSet names other subjects as a recruiter finds them, sorted.
func (f *Facts) labelSet(set map[int]bool) []any {
	out := make([]string, 0, len(set))
	for si := range set {
		out = append(out, f.subjectLabel(si))
	}
	sort.Strings(out)
	return toAny(out)
}

// idpVars is subject.idp: zero counts for a person with no identity events.
func (f *Facts) idpVars(si int) map[string]any {
	if si < len(f.idp) && f.idp[si] != nil {
		return f.idp[si]
	}
	return map[string]any{
		"sms_phone_shared_with": int64(0), "device_shared_with": int64(0),
		"identity_verification_denials": int64(0), "resets_soon_after_hire": int64(0),
	}
}
