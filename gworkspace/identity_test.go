package gworkspace_test

import "testing"

// TestIdentityEvents reads user_accounts, admin and mobile activities:
// recovery phones (unmasked, whoever set them), one device registered to
// two users, a help desk's password change naming the user; a user's own
// password change and the events mosaic does not use give no target or no
// record.
func TestIdentityEvents(t *testing.T) {
	rec := mustExtract(t, "testdata/account_events.json")
	if rec.Calls != 9 || rec.Empty != 2 || len(rec.Rejects) != 0 {
		t.Fatalf("%d rows, %d unused, rejects %v; want 9 rows, 2 with nothing kept", rec.Calls, rec.Empty, rec.Rejects)
	}
	type want struct{ eventType, actor, target, ip string }
	wants := []want{
		{"2sv_enroll", "ann@corp.example", "", "198.51.100.7"},
		{"recovery_phone_edit", "ann@corp.example", "tel:+14155550142", "198.51.100.7"},
		// Set by an administrator: Bo's phone, with no address.
		{"ADD_RECOVERY_PHONE", "bo@corp.example", "tel:+14155550142", ""},
		{"DEVICE_REGISTER_UNREGISTER_EVENT", "bo@corp.example", "device:d3a9f1c2b7e64a58", ""},
		{"DEVICE_REGISTER_UNREGISTER_EVENT", "cy@corp.example", "device:d3a9f1c2b7e64a58", ""},
		{"CHANGE_PASSWORD", "helpdesk@corp.example", "user:cy@corp.example", "192.0.2.10"},
		{"recovery_phone_edit", "cy@corp.example", "tel:+16025550199", "198.51.100.9"},
		{"recovery_phone_edit", "cy@corp.example", "", "198.51.100.9"}, // masked
		{"password_edit", "cy@corp.example", "", "198.51.100.9"},
	}
	if len(rec.Records) != len(wants) {
		t.Fatalf("%d events, want %d", len(rec.Records), len(wants))
	}
	ids := map[string]bool{}
	for i, w := range wants {
		g := rec.Records[i]
		if g.EventType != w.eventType || g.Actor != w.actor || g.Target != w.target || g.IP != w.ip || g.Outcome != "SUCCESS" {
			t.Errorf("event %d: %s %s %s %q %s, want %+v", i, g.EventType, g.Actor, g.Target, g.IP, g.Outcome, w)
		}
		if ids[g.ID] {
			t.Errorf("event %d: id %s repeated", i, g.ID)
		}
		ids[g.ID] = true
	}
	if rec.Records[2].Country != "" || rec.Records[1].Country != "US" {
		t.Errorf("an administrator's network is not the user's: %+v", rec.Records[2])
	}
}
