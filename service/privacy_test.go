package service_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/privacy"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// applicant is one distinct person's application.
func applicant(id, first string, submitted time.Time) mosaic.Application {
	return mosaic.Application{ID: id, CandidateID: "C-" + id, JobID: "J1", SubmittedAt: submitted,
		FirstName: first, LastName: "Privacytest" + first, Email: strings.ToLower(first) + "@mail.example",
		Phone: "+1 602 555 01" + id[len(id)-2:], Origin: mosaic.Origin{File: "applications.csv", Line: 2}}
}

// TestRetentionWithAFakeClock: with the clock at 2026-06-01 and 18 months,
// the applicant whose latest application is from early 2024 is erased, from
// the store and from memory; applicants confirmed as fraud or under legal
// hold, recent applicants and people who were hired are kept. Then an
// erasure through the service drops the person from what it answers.
func TestRetentionWithAFakeClock(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	recs := []mosaic.Record{
		mosaic.Job{ID: "J1", Title: "Engineer", Remote: true},
		applicant("A-OLD01", "Olga", day("2024-01-10")),
		applicant("A-OLD02", "Fred", day("2024-02-10")),
		applicant("A-OLD03", "Hana", day("2024-03-10")),
		applicant("A-NEW04", "Nina", day("2026-01-10")),
		applicant("A-HIR05", "Hugo", day("2023-01-10")),
		mosaic.Employee{ID: "E-HIR05", ApplicationID: "A-HIR05", CandidateID: "C-A-HIR05", FirstName: "Hugo",
			LastName: "PrivacytestHugo", WorkEmail: "hugo@corp.example", HireDate: day("2023-03-01")},
	}
	if err := db.SaveRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	now := day("2026-06-01")
	ops := opstore.New(db, func() time.Time { return now })
	svc := service.New(service.Config{Store: db, Ops: ops, Now: func() time.Time { return now }})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	subject := func(record string) string {
		s, err := svc.Subject(record)
		if err != nil {
			t.Fatalf("no subject holds %s: %v", record, err)
		}
		return s.ID
	}
	fraud, held := subject("A-OLD02"), subject("A-OLD03")
	if err := svc.SetVerdict(ctx, fraud, mosaic.VerdictConfirmed, "", "ana"); err != nil {
		t.Fatal(err)
	}
	if err := privacy.SetHold(ctx, db, privacy.Hold{SubjectID: held, SetBy: "legal", Reason: "matter 7"}, "", nil); err != nil {
		t.Fatal(err)
	}
	old := subject("A-OLD01")

	period, err := privacy.ParsePeriod("18mo")
	if err != nil {
		t.Fatal(err)
	}
	n, err := svc.Retention(ctx, period, "retention")
	if err != nil || n != 1 {
		t.Fatalf("retention erased %d (%v), want 1", n, err)
	}
	if _, err := svc.Subject(old); err == nil {
		t.Errorf("%s is still in memory after the retention run", old)
	}
	if _, err := svc.Subject("A-OLD01"); err == nil {
		t.Error("A-OLD01 is still found after the retention run")
	}
	for _, keep := range []string{"A-OLD02", "A-OLD03", "A-NEW04", "A-HIR05", "E-HIR05"} {
		subject(keep)
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["applications"] != 4 || counts["employees"] != 1 {
		t.Errorf("stored after retention: %d applications, %d employees; want 4 and 1", counts["applications"], counts["employees"])
	}
	// A second run finds nothing more.
	if n, err := svc.Retention(ctx, period, "retention"); err != nil || n != 0 {
		t.Errorf("second retention run erased %d (%v)", n, err)
	}

	// An erasure through the service: gone from the store and from memory.
	recent := subject("A-NEW04")
	res, err := svc.Erase(ctx, service.EraseRequest{ID: "A-NEW04", By: "admin1", Role: "admin", Reason: "DSAR 9"})
	if err != nil || res.SubjectID != recent || res.Rows["applications"] != 1 {
		t.Fatalf("erase: %+v, %v", res, err)
	}
	if _, err := svc.Subject(recent); err == nil {
		t.Error("the erased subject is still answered")
	}
	// A held subject is refused, until forced.
	if _, err := svc.Erase(ctx, service.EraseRequest{ID: held, By: "admin1", Reason: "DSAR 10"}); mosaic.ErrorCode(err) != mosaic.ECONFLICT {
		t.Errorf("erasing a held subject: %v, want a conflict", err)
	}
	if _, err := svc.Erase(ctx, service.EraseRequest{ID: held, By: "admin1", Reason: "DSAR 10", Force: true}); err != nil {
		t.Fatal(err)
	}
	if hs, _ := privacy.Holds(ctx, db); len(hs) != 0 {
		t.Errorf("holds after a forced erasure: %v", hs)
	}

	if _, err := ops.VerifyAudit(ctx); err != nil {
		t.Fatal(err)
	}
	entries, err := ops.AuditLog(ctx, time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var erases []string
	for _, e := range entries {
		if e.Action == "erase" {
			erases = append(erases, e.Actor+" "+e.Target)
			if strings.Contains(e.Detail, "Privacytest") || strings.Contains(e.Detail, "@") {
				t.Errorf("audit detail holds personal data: %q", e.Detail)
			}
		}
	}
	want := []string{"retention " + old, "admin1 " + recent, "admin1 " + held}
	if strings.Join(erases, ",") != strings.Join(want, ",") {
		t.Errorf("erase entries %v, want %v", erases, want)
	}
}

func TestParsePeriod(t *testing.T) {
	now := day("2026-06-30")
	for in, want := range map[string]string{"18mo": "2024-12-30", "18 months": "2024-12-30", "2y": "2024-06-30", "30d": "2026-05-31", "2w": "2026-06-16"} {
		p, err := privacy.ParsePeriod(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := p.Cutoff(now).Format("2006-01-02"); got != want {
			t.Errorf("%s: cutoff %s, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "0mo", "18", "mo", "-3d", "18 fortnights"} {
		if _, err := privacy.ParsePeriod(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
