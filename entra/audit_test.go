package entra_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestDirectoryAudits reads a Graph page of directoryAudits: phones of
// authentication methods (unmasked, from StrongAuthenticationUserDetails),
// a device registered by one user and owned by another, and a help desk's
// password reset. Security info registered without a number, and an Update
// user that changes only a job title, give no target or no record.
func TestDirectoryAudits(t *testing.T) {
	rec := mustExtract(t, "testdata/directory_audits.json")
	if rec.Calls != 8 || rec.Empty != 1 || len(rec.Rejects) != 0 || len(rec.Records) != 7 {
		t.Fatalf("%d rows, %d events, %d unused, rejects %v; want 8, 7, 1, none", rec.Calls, len(rec.Records), rec.Empty, rec.Rejects)
	}
	type want struct{ eventType, actor, target, ip string }
	wants := []want{
		{"entra.authPhoneUpdated", "ann@corp.example", "tel:+14155550142", "198.51.100.7"},
		{"entra.securityInfoRegistered", "bo@corp.example", "", "198.51.100.8"},
		// Registered by the MFA service on Bo's behalf: his, with no address.
		{"entra.authPhoneUpdated", "bo@corp.example", "tel:+14155550142", ""},
		{"entra.deviceRegistered", "bo@corp.example", "device:6f1a2b3c-4d5e-4f60-9a7b-8c9d0e1f2a3b", "198.51.100.8"},
		// The help desk added Cy as an owner: Cy's device, not the help desk's address.
		{"entra.deviceOwnerAdded", "cy@corp.example", "device:6f1a2b3c-4d5e-4f60-9a7b-8c9d0e1f2a3b", ""},
		// A reset is the help desk's, naming Cy, as Okta logs it.
		{"entra.passwordReset", "helpdesk@corp.example", "user:cy@corp.example", "192.0.2.10"},
		{"entra.authPhoneUpdated", "cy@corp.example", "tel:+16025550199", "198.51.100.9"},
	}
	for i, w := range wants {
		g := rec.Records[i]
		if g.EventType != w.eventType || g.Actor != w.actor || g.Target != w.target || g.IP != w.ip || g.Outcome != "SUCCESS" {
			t.Errorf("event %d: %s %s %s %q %s, want %+v", i, g.EventType, g.Actor, g.Target, g.IP, g.Outcome, w)
		}
		if len(g.ID) != 36 || g.Origin.EventID != g.ID || g.Origin.Line < 1 {
			t.Errorf("event %d: id %q origin %+v", i, g.ID, g.Origin)
		}
	}
	if rec.Records[0].Published != at("2026-04-02T10:00:00.1234567Z") {
		t.Errorf("published %v", rec.Records[0].Published)
	}
}

// TestAuditLogsRecords reads Azure Monitor AuditLogs records: a masked
// number is never read (its Update user gives no record), a device's users added by a service, an
// administrator's deletion of security info, a failed reset (read, nothing
// kept), a record whose time and operationName stand in, and a device
// registration that names no device (rejected).
func TestAuditLogsRecords(t *testing.T) {
	rec := mustExtract(t, "testdata/auditlogs.jsonl")
	// The masked number's Update user and the failed reset are read with
	// nothing kept.
	if rec.Calls != 6 || rec.Empty != 2 || len(rec.Rejects) != 1 || len(rec.Records) != 3 {
		t.Fatalf("%d rows, %d events, %d unused, rejects %v; want 6, 3, 2, 1", rec.Calls, len(rec.Records), rec.Empty, rec.Rejects)
	}
	rec.Records = append([]mosaic.SignIn{{}}, rec.Records...)
	if d := rec.Records[1]; d.Target != "device:6f1a2b3c-4d5e-4f60-9a7b-8c9d0e1f2a3b" || d.Actor != "dee@corp.example" || d.IP != "" {
		t.Errorf("device users: %+v", d)
	}
	if d := rec.Records[2]; d.EventType != "entra.securityInfoDeleted" || d.Actor != "helpdesk@corp.example" || d.Target != "user:dee@corp.example" {
		t.Errorf("deleted security info: %+v", d)
	}
	if d := rec.Records[3]; d.EventType != "entra.passwordReset" || d.Actor != "dee@corp.example" || d.Target != "user:dee@corp.example" ||
		d.Published != at("2026-04-05T12:00:00Z") || d.IP != "203.0.113.5" {
		t.Errorf("self-service reset: %+v", d)
	}
	if r := rec.Rejects[0]; r.Line != 6 || r.Column != "properties.targetResources" {
		t.Errorf("device-less registration: %+v", r)
	}
}
