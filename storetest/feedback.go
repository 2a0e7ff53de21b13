package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// testFeedback: dispositions and allowances are kept, replaced by a later
// verdict, read back in a fixed order, and untouched by saving results.
func (h harness) testFeedback(t *testing.T) {
	s := h.open(t)
	fs, ok := s.(mosaic.FeedbackStore)
	if !ok {
		t.Fatalf("%T does not keep analyst feedback", s)
	}
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, d := range []mosaic.Disposition{
		{SubjectID: "S-A1", Verdict: mosaic.VerdictUnknown, Note: "looking", SetBy: "ana", SetAt: at},
		{SubjectID: "S-A1", Verdict: mosaic.VerdictConfirmed, Note: "confirmed by HR", SetBy: "ana", SetAt: at.Add(time.Hour)},
		{SubjectID: "S-E9", Verdict: mosaic.VerdictBenign, SetBy: "bo", SetAt: at},
	} {
		if err := fs.SaveDisposition(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []mosaic.Allowance{
		{A: "S-A7", B: "S-A3", Kind: "phone", Note: "spouses", SetBy: "ana", SetAt: at},
		{A: "S-A3", B: "S-A7", Kind: "phone", Note: "spouses, one landline", SetBy: "ana", SetAt: at},
	} {
		if err := fs.SaveAllowance(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveResults(ctx, Report(t)); err != nil {
		t.Fatal(err)
	}
	f, err := fs.Feedback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Dispositions) != 2 || f.Verdict("S-A1") != mosaic.VerdictConfirmed || f.Verdict("S-E9") != mosaic.VerdictBenign {
		t.Fatalf("dispositions: %+v", f.Dispositions)
	}
	if !f.Dispositions[0].SetAt.Equal(at.Add(time.Hour)) || f.Dispositions[0].Note != "confirmed by HR" {
		t.Fatalf("the later verdict did not replace the first: %+v", f.Dispositions[0])
	}
	if len(f.Allowances) != 1 || f.Allowances[0].Note != "spouses, one landline" {
		t.Fatalf("allowances: %+v", f.Allowances)
	}
	if !f.Allows("S-A7", "S-A3", "phone") || !f.Allows("S-A3", "S-A7", "PHONE") || f.Allows("S-A3", "S-A7", "bank_account") {
		t.Fatal("Allows does not match the allowance")
	}
}
