package storetest

import (
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
)

// testScanJournal: a scan that stopped part-way (or was killed and stays
// running) is reported as incomplete, with when and why, until a later
// complete scan or an acknowledgement; the journal stays out of the digest.
func (h harness) testScanJournal(t *testing.T) {
	s := h.store(t)
	db, ok := s.(migrations.SQL)
	if !ok {
		t.Fatalf("%T does not offer migrations.SQL", s)
	}
	now := time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC)
	ops := opstore.New(db, func() time.Time { now = now.Add(time.Minute); return now })
	ctx := t.Context()
	before := digest(t, s)

	first, err := ops.StartScan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := ops.FinishScan(ctx, first, opstore.ScanComplete, ""); err != nil {
		t.Fatal(err)
	}
	if open, err := ops.IncompleteScans(ctx); err != nil || len(open) != 0 {
		t.Fatalf("after a complete scan: IncompleteScans = %+v, %v", open, err)
	}
	failed, _ := ops.StartScan(ctx)
	if err := ops.FinishScan(ctx, failed, opstore.ScanIncomplete, "the database is full"); err != nil {
		t.Fatal(err)
	}
	killed, _ := ops.StartScan(ctx) // never finished: killed
	open, err := ops.IncompleteScans(ctx)
	if err != nil || len(open) != 2 {
		t.Fatalf("IncompleteScans = %+v, %v; want the failed and the killed scan", open, err)
	}
	if open[0].ID != failed || open[0].Status != opstore.ScanIncomplete || open[0].Reason != "the database is full" ||
		open[0].FinishedAt == nil || open[0].StartedAt.IsZero() {
		t.Errorf("the failed scan reads back as %+v", open[0])
	}
	if open[1].ID != killed || open[1].Status != opstore.ScanRunning || open[1].FinishedAt != nil {
		t.Errorf("the killed scan reads back as %+v", open[1])
	}
	if got := digest(t, s); got != before {
		t.Error("the scan journal changed the store's digest: re-scanning would no longer leave it unchanged")
	}

	// A later complete scan clears both.
	later, _ := ops.StartScan(ctx)
	_ = ops.FinishScan(ctx, later, opstore.ScanComplete, "")
	if open, _ := ops.IncompleteScans(ctx); len(open) != 0 {
		t.Errorf("after a later complete scan: %+v", open)
	}
	// An acknowledgement clears one that no later scan has.
	again, _ := ops.StartScan(ctx)
	_ = ops.FinishScan(ctx, again, opstore.ScanIncomplete, "stopped by a signal (terminated)")
	if n, err := ops.AcknowledgeScans(ctx, "admin"); err != nil || n != 1 {
		t.Errorf("AcknowledgeScans = %d, %v; want 1", n, err)
	}
	if open, _ := ops.IncompleteScans(ctx); len(open) != 0 {
		t.Errorf("after an acknowledgement: %+v", open)
	}
}
