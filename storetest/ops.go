package storetest

import (
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
)

// testOps runs the service's operational store (opstore, written once over
// migrations.SQL) on this store: tokens, accounts and sessions, the audit
// chain, the alert outbox, cursors, the ingest log and case work behave
// the same on both engines.
func (h harness) testOps(t *testing.T) {
	s := h.store(t)
	db, ok := s.(migrations.SQL)
	if !ok {
		t.Fatalf("%T does not offer migrations.SQL", s)
	}
	now := time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC)
	ops := opstore.New(db, func() time.Time { return now })
	ctx := t.Context()

	tok, err := ops.CreateToken(ctx, "ats", opstore.RoleIngest, "test")
	if err != nil {
		t.Fatal(err)
	}
	if name, role, err := ops.TokenRole(ctx, tok); err != nil || name != "ats" || role != opstore.RoleIngest {
		t.Errorf("TokenRole = %q %q %v", name, role, err)
	}
	if _, role, _ := ops.TokenRole(ctx, tok+"x"); role != "" {
		t.Error("a wrong token has a role")
	}
	if n, err := ops.RevokeToken(ctx, "ats"); err != nil || n != 1 {
		t.Errorf("RevokeToken = %d %v", n, err)
	}
	if _, role, _ := ops.TokenRole(ctx, tok); role != "" {
		t.Error("a revoked token still has a role")
	}

	if err := ops.AddUser(ctx, "ana", opstore.RoleAnalyst, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if u, _ := ops.Authenticate(ctx, "ana", "wrong password!!"); u != nil {
		t.Error("a wrong password authenticated")
	}
	u, err := ops.Authenticate(ctx, "ana", "correct horse battery")
	if err != nil || u == nil || u.Role != opstore.RoleAnalyst {
		t.Fatalf("Authenticate = %+v %v", u, err)
	}
	sess, err := ops.CreateSession(ctx, "ana", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ops.SessionByID(ctx, sess.ID); err != nil || got == nil || got.Role != opstore.RoleAnalyst {
		t.Errorf("SessionByID = %+v %v", got, err)
	}

	for _, action := range []string{"login", "verdict", "reveal"} {
		if err := ops.Audit(ctx, opstore.AuditEntry{Actor: "ana", Role: "analyst", Action: action, Target: "S-A1"}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := ops.VerifyAudit(ctx); err != nil || n != 3 {
		t.Errorf("VerifyAudit = %d %v", n, err)
	}
	if _, err := db.Exec(ctx, "UPDATE audit_log SET target = 'S-A2' WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	if _, err := ops.VerifyAudit(ctx); err == nil {
		t.Error("a changed audit entry went unnoticed")
	}

	alerts := []opstore.NewAlert{{AlertID: "AL-1", SubjectID: "S-A1", Level: "high", Payload: []byte(`{"id":"AL-1"}`)}}
	for range 2 { // raising the same alert twice queues it once
		if err := ops.RaiseAlerts(ctx, alerts, []string{"webhook:a", "syslog:b"}); err != nil {
			t.Fatal(err)
		}
	}
	due, err := ops.Due(ctx, now, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("Due = %d deliveries, %v", len(due), err)
	}
	if err := ops.MarkDelivered(ctx, "AL-1", "webhook:a", now); err != nil {
		t.Fatal(err)
	}
	if err := ops.MarkFailed(ctx, "AL-1", "syslog:b", 1, now.Add(time.Minute), "refused"); err != nil {
		t.Fatal(err)
	}
	if due, _ := ops.Due(ctx, now, 10); len(due) != 0 {
		t.Errorf("%d deliveries due before their retry time", len(due))
	}
	if due, _ := ops.Due(ctx, now.Add(2*time.Minute), 10); len(due) != 1 || due[0].Attempts != 1 {
		t.Errorf("Due after the retry time = %+v", due)
	}
	if n, _ := ops.Pending(ctx); n != 1 {
		t.Errorf("Pending = %d, want 1", n)
	}
	if lv, _ := ops.AlertedLevels(ctx); lv["S-A1"] != "high" {
		t.Errorf("AlertedLevels = %v", lv)
	}

	if err := ops.SaveCursor(ctx, "okta", "https://x/next"); err != nil {
		t.Fatal(err)
	}
	if c, _ := ops.LoadCursor(ctx, "okta"); c != "https://x/next" {
		t.Errorf("LoadCursor = %q", c)
	}
	if err := ops.LogIngest(ctx, opstore.Ingest{Source: "ats", Kind: "applications", Read: 3, Accepted: 2, Rejected: 1}); err != nil {
		t.Fatal(err)
	}
	if ins, _ := ops.Ingests(ctx, 5); len(ins) != 1 || ins[0].Read != 3 {
		t.Errorf("Ingests = %+v", ins)
	}
	if err := ops.SetCase(ctx, opstore.Case{SubjectID: "S-A1", Status: opstore.StatusInReview, Assignee: "ana"}); err != nil {
		t.Fatal(err)
	}
	if cs, _ := ops.Cases(ctx); cs["S-A1"].Assignee != "ana" {
		t.Errorf("Cases = %+v", cs)
	}
	if err := ops.AddComment(ctx, opstore.Comment{SubjectID: "S-A1", Author: "ana", Text: "called the referee"}); err != nil {
		t.Fatal(err)
	}
	if cs, _ := ops.Comments(ctx, "S-A1"); len(cs) != 1 {
		t.Errorf("Comments = %+v", cs)
	}
}
