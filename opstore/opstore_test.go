package opstore_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/sqlite"
)

func openStore(t *testing.T) (*sqlite.DB, *opstore.Store) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "mosaic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, opstore.New(db, nil)
}

// TestAuditChainDetectsTampering appends entries, checks the chain holds,
// then changes one stored row behind the store's back: verification must
// fail and name that entry.
func TestAuditChainDetectsTampering(t *testing.T) {
	db, ops := openStore(t)
	ctx := t.Context()
	for i, action := range []string{"login", "verdict", "comment", "case", "logout"} {
		err := ops.Audit(ctx, opstore.AuditEntry{Actor: "ada", Role: "admin", Action: action, Target: "S-" + string(rune('a'+i)), Remote: "127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
	}
	n, err := ops.VerifyAudit(ctx)
	if err != nil || n != 5 {
		t.Fatalf("VerifyAudit on an intact log = %d, %v; want 5, nil", n, err)
	}
	if _, err := db.Exec(ctx, `UPDATE audit_log SET detail = 'benign' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	_, err = ops.VerifyAudit(ctx)
	if err == nil || !strings.Contains(err.Error(), "entry 3") {
		t.Fatalf("VerifyAudit after changing entry 3 = %v; want an error naming entry 3", err)
	}

}

func TestAuditChainDetectsDeletion(t *testing.T) {
	db, ops := openStore(t)
	ctx := t.Context()
	for range 4 {
		if err := ops.Audit(ctx, opstore.AuditEntry{Actor: "ada", Action: "login"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, `DELETE FROM audit_log WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if _, err := ops.VerifyAudit(ctx); err == nil || !strings.Contains(err.Error(), "entry 3") {
		t.Fatalf("VerifyAudit after deleting entry 2 = %v; want an error at entry 3", err)
	}
}

func TestQueueSeen(t *testing.T) {
	_, ops := openStore(t)
	ctx := t.Context()
	at, seen, err := ops.QueueSeen(ctx, "ana")
	if err != nil || !at.IsZero() || len(seen) != 0 {
		t.Fatalf("a user who never looked: %v %v %v", at, seen, err)
	}
	if err := ops.MarkQueueSeen(ctx, "ana", []opstore.SeenSubject{{ID: "S-1", Level: "high", Score: 70}, {ID: "S-2", Level: "low", Score: 5}}); err != nil {
		t.Fatal(err)
	}
	if err := ops.MarkQueueSeen(ctx, "ana", []opstore.SeenSubject{{ID: "S-2", Level: "medium", Score: 30}}); err != nil {
		t.Fatal(err)
	}
	at, seen, err = ops.QueueSeen(ctx, "ana")
	if err != nil || time.Since(at) > time.Minute {
		t.Fatalf("viewed at %v, %v", at, err)
	}
	if seen["S-1"].Level != "high" || seen["S-2"].Level != "medium" || seen["S-2"].Score != 30 || len(seen) != 2 {
		t.Errorf("seen = %+v", seen)
	}
	if _, other, _ := ops.QueueSeen(ctx, "bob"); len(other) != 0 {
		t.Errorf("another user sees ana's marks: %v", other)
	}
}

func TestRuleOverrides(t *testing.T) {
	_, ops := openStore(t)
	ctx := t.Context()
	if err := ops.SetRuleOverride(ctx, opstore.RuleOverride{RuleID: "a.rule", Weight: 4, UpdatedBy: "ada"}); err != nil {
		t.Fatal(err)
	}
	if err := ops.SetRuleOverride(ctx, opstore.RuleOverride{RuleID: "b.rule", Disabled: true, UpdatedBy: "ada"}); err != nil {
		t.Fatal(err)
	}
	if err := ops.SetRuleOverride(ctx, opstore.RuleOverride{RuleID: "c.rule", Weight: -1}); err == nil {
		t.Error("a negative weight was accepted")
	}
	got, err := ops.RuleOverrides(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got["a.rule"].Weight != 4 || got["a.rule"].Disabled || !got["b.rule"].Disabled || got["a.rule"].UpdatedBy != "ada" || len(got) != 2 {
		t.Errorf("overrides = %+v", got)
	}
	// Back to the rule's own settings: the override goes.
	if err := ops.SetRuleOverride(ctx, opstore.RuleOverride{RuleID: "a.rule"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ops.RuleOverrides(ctx); len(got) != 1 {
		t.Errorf("after reset: %+v", got)
	}
}
