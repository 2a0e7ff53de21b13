// Package storetest is the test suite every mosaic.Store implementation
// must pass, so the SQLite and PostgreSQL stores behave the same: counts,
// idempotent re-saves, whole-report replacement, hostile input and
// cancellation.
package storetest

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// Digester is implemented by stores that can fingerprint their content: a
// hash over every table's rows in key order. Equal content gives an equal
// digest, so the pipeline can prove that a re-scan changed nothing. Both
// stores implement it.
type Digester interface {
	Digest(ctx context.Context) (string, error)
}

// Run runs the suite. open must return a new, empty store each time it is
// called, close it when the test ends (t.Cleanup), and be safe to call from
// parallel subtests: every subtest works on stores of its own.
func Run(t *testing.T, open func(t *testing.T) mosaic.Store) {
	h := harness{open: open}
	tests := []struct {
		name string
		fn   func(*testing.T)
	}{
		{"EmptyStore", h.testEmptyStore},
		{"EachKind", h.testEachKind},
		{"MixedBatch", h.testMixedBatch},
		{"ResaveIsIdempotent", h.testResaveIsIdempotent},
		{"UpsertReplaces", h.testUpsertReplaces},
		{"DuplicateKeysInOneBatch", h.testDuplicateKeysInOneBatch},
		{"MixedNewChangedAndStored", h.testMixedNewChangedAndStored},
		{"PointerRecords", h.testPointerRecords},
		{"TimesAreStoredInUTC", h.testTimesAreStoredInUTC},
		{"DigestSeesEveryChange", h.testDigestSeesEveryChange},
		{"HostileText", h.testHostileText},
		{"InvalidRecords", h.testInvalidRecords},
		{"EmptyBatch", h.testEmptyBatch},
		{"LargeBatch", h.testLargeBatch},
		{"ResultsTwice", h.testResultsTwice},
		{"ResultsReplace", h.testResultsReplace},
		{"InvalidReports", h.testInvalidReports},
		{"Cancelled", h.testCancelled},
		{"CancelledMidway", h.testCancelledMidway},
		{"Concurrent", h.testConcurrent},
		{"Feedback", h.testFeedback},
		{"ReadRecords", h.testReadRecords},
		{"Ops", h.testOps},
		{"ScanJournal", h.testScanJournal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t)
		})
	}
}

type harness struct {
	open func(t *testing.T) mosaic.Store
}

func (h harness) store(t *testing.T) mosaic.Store {
	t.Helper()
	s := h.open(t)
	if _, ok := s.(Digester); !ok {
		t.Fatalf("%T does not implement storetest.Digester", s)
	}
	return s
}

func save(t *testing.T, s mosaic.Store, batch []mosaic.Record) {
	t.Helper()
	if err := s.SaveRecords(t.Context(), batch); err != nil {
		t.Fatalf("SaveRecords(%d records): %v", len(batch), err)
	}
}

func saveResults(t *testing.T, s mosaic.Store, r *mosaic.Report) {
	t.Helper()
	if err := s.SaveResults(t.Context(), r); err != nil {
		t.Fatalf("SaveResults: %v", err)
	}
}

func counts(t *testing.T, s mosaic.Store) map[string]int64 {
	t.Helper()
	c, err := s.Counts(t.Context())
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return c
}

func digest(t *testing.T, s mosaic.Store) string {
	t.Helper()
	d, err := s.(Digester).Digest(t.Context())
	if err != nil {
		t.Fatalf("Digest: %v", err)
	}
	if len(d) != 64 {
		t.Fatalf("Digest = %q, want 64 hex digits", d)
	}
	return d
}

// wantCounts checks every table: those named in want, the rest zero.
func wantCounts(t *testing.T, s mosaic.Store, want map[string]int64) {
	t.Helper()
	got := counts(t, s)
	for _, tb := range migrations.AllTables {
		if got[tb.Name] != want[tb.Name] {
			t.Errorf("Counts()[%q] = %d, want %d", tb.Name, got[tb.Name], want[tb.Name])
		}
	}
	if len(got) != len(migrations.AllTables) {
		t.Errorf("Counts() has %d tables (%v), want %d", len(got), slices.Sorted(maps.Keys(got)), len(migrations.AllTables))
	}
}

// oneOfEach is the count of a store holding Records().
func oneOfEach() map[string]int64 {
	want := map[string]int64{}
	for _, r := range Records() {
		want[TableOf(r.RecordKind())]++
	}
	return want
}

func (h harness) testEmptyStore(t *testing.T) {
	s := h.store(t)
	wantCounts(t, s, nil)
	// Two empty stores hold the same (nothing).
	if a, b := digest(t, s), digest(t, h.store(t)); a != b {
		t.Errorf("empty stores digest differently: %s vs %s", a, b)
	}
}

func (h harness) testEachKind(t *testing.T) {
	for _, rec := range Records() {
		t.Run(string(rec.RecordKind()), func(t *testing.T) {
			t.Parallel()
			s := h.store(t)
			save(t, s, []mosaic.Record{rec})
			wantCounts(t, s, map[string]int64{TableOf(rec.RecordKind()): 1})
		})
	}
}

func (h harness) testMixedBatch(t *testing.T) {
	s := h.store(t)
	save(t, s, Records())
	wantCounts(t, s, oneOfEach())
}

func (h harness) testResaveIsIdempotent(t *testing.T) {
	s := h.store(t)
	batch := append(Records(), SignIns("a", large(1000))...)
	batch = append(batch, HostRows("h", large(300))...)
	save(t, s, batch)
	c1, d1 := counts(t, s), digest(t, s)

	save(t, s, batch)
	if c2, d2 := counts(t, s), digest(t, s); !maps.Equal(c1, c2) || d1 != d2 {
		t.Errorf("re-saving changed the store: counts %v -> %v, digest %s -> %s", c1, c2, d1, d2)
	}

	// Same rows, other order, other batching.
	reversed := slices.Clone(batch)
	slices.Reverse(reversed)
	for chunk := range slices.Chunk(reversed, 7) {
		save(t, s, chunk)
	}
	if c3, d3 := counts(t, s), digest(t, s); !maps.Equal(c1, c3) || d1 != d3 {
		t.Errorf("re-saving in another order changed the store: counts %v -> %v, digest %s -> %s", c1, c3, d1, d3)
	}

	// A fresh store given the same rows holds the same content.
	other := h.store(t)
	save(t, other, batch)
	if d := digest(t, other); d != d1 {
		t.Errorf("two stores with the same rows digest differently: %s vs %s", d1, d)
	}
}

// withLine returns rec moved to another origin line: the same natural key
// with different content.
func withLine(rec mosaic.Record, line int) mosaic.Record {
	switch r := rec.(type) {
	case mosaic.Job:
		r.Origin.Line = line
		return r
	case mosaic.Application:
		r.Origin.Line = line
		return r
	case mosaic.Employee:
		r.Origin.Line = line
		return r
	case mosaic.Shipment:
		r.Origin.Line = line
		return r
	case mosaic.PayrollEvent:
		r.Origin.Line = line
		return r
	case mosaic.Note:
		r.Origin.Line = line
		return r
	case mosaic.SignIn:
		r.Origin.Line = line
		return r
	case mosaic.HostRow:
		r.Origin.Line = line
		return r
	case mosaic.Resume:
		r.Origin.Line = line
		return r
	case mosaic.Photo:
		r.Origin.Line = line
		return r
	}
	panic("storetest: withLine: unknown record type") // only fixtures reach here
}

func (h harness) testUpsertReplaces(t *testing.T) {
	for _, v1 := range Records() {
		t.Run(string(v1.RecordKind()), func(t *testing.T) {
			t.Parallel()
			v2 := withLine(v1, 999_999)
			a := h.store(t)
			save(t, a, []mosaic.Record{v1})
			d1 := digest(t, a)
			save(t, a, []mosaic.Record{v2})
			wantCounts(t, a, map[string]int64{TableOf(v1.RecordKind()): 1})

			b := h.store(t)
			save(t, b, []mosaic.Record{v2})
			if da, db := digest(t, a), digest(t, b); da != db || da == d1 {
				t.Errorf("after upsert the store should hold exactly the new row: digest %s, want %s (old %s)", da, db, d1)
			}
		})
	}
}

func (h harness) testDuplicateKeysInOneBatch(t *testing.T) {
	var first, last []mosaic.Record
	for _, r := range Records() {
		first = append(first, withLine(r, 1))
		last = append(last, withLine(r, 2))
	}
	a := h.store(t)
	save(t, a, append(slices.Clone(first), last...))
	wantCounts(t, a, oneOfEach())

	b := h.store(t)
	save(t, b, last)
	if da, db := digest(t, a), digest(t, b); da != db {
		t.Errorf("a batch repeating keys must keep the last of each: digest %s, want %s", da, db)
	}
}

// testMixedNewChangedAndStored re-saves a batch in which long runs of rows
// are stored and unchanged, stored and changed, and new, as a re-scan of a
// grown log with a few corrected rows would be.
func (h harness) testMixedNewChangedAndStored(t *testing.T) {
	n := large(3000)
	first := SignIns("k", n/2)
	second := SignIns("k", n)
	for i := n / 6; i < n/3; i++ {
		second[i] = withLine(second[i], 1_000_000+i)
	}
	a := h.store(t)
	save(t, a, first)
	save(t, a, second)
	wantCounts(t, a, map[string]int64{"signins": int64(n)})

	b := h.store(t)
	save(t, b, second)
	if da, db := digest(t, a), digest(t, b); da != db {
		t.Errorf("store after re-save differs from a store given the final rows: %s vs %s", da, db)
	}
}

func (h harness) testPointerRecords(t *testing.T) {
	var ptrs []mosaic.Record
	for _, r := range Records() {
		switch r := r.(type) {
		case mosaic.Job:
			ptrs = append(ptrs, &r)
		case mosaic.Application:
			ptrs = append(ptrs, &r)
		case mosaic.Employee:
			ptrs = append(ptrs, &r)
		case mosaic.Shipment:
			ptrs = append(ptrs, &r)
		case mosaic.PayrollEvent:
			ptrs = append(ptrs, &r)
		case mosaic.Note:
			ptrs = append(ptrs, &r)
		case mosaic.SignIn:
			ptrs = append(ptrs, &r)
		case mosaic.HostRow:
			ptrs = append(ptrs, &r)
		case mosaic.Resume:
			ptrs = append(ptrs, &r)
		case mosaic.Photo:
			ptrs = append(ptrs, &r)
		}
	}
	a, b := h.store(t), h.store(t)
	save(t, a, Records())
	save(t, b, ptrs)
	if da, db := digest(t, a), digest(t, b); da != db {
		t.Errorf("pointer records stored differently from values: %s vs %s", db, da)
	}
}

func (h harness) testTimesAreStoredInUTC(t *testing.T) {
	job := Records()[0].(mosaic.Job)
	inTokyo := job
	inTokyo.PostedAt = job.PostedAt.In(fixedZone("JST", 9*3600))
	a, b := h.store(t), h.store(t)
	save(t, a, []mosaic.Record{job})
	save(t, b, []mosaic.Record{inTokyo})
	if da, db := digest(t, a), digest(t, b); da != db {
		t.Errorf("the same instant in another zone stored differently: %s vs %s", da, db)
	}
}

func (h harness) testDigestSeesEveryChange(t *testing.T) {
	base := h.store(t)
	save(t, base, Records())
	saveResults(t, base, Report(t))
	d0 := digest(t, base)

	changes := map[string]func(recs []mosaic.Record, r *mosaic.Report){
		"application email": func(recs []mosaic.Record, _ *mosaic.Report) {
			a := recs[1].(mosaic.Application)
			a.Email = "kevin.morales.dev@gmail.co"
			recs[1] = a
		},
		"sign-in latitude": func(recs []mosaic.Record, _ *mosaic.Report) {
			s := recs[6].(mosaic.SignIn)
			s.Lat += 1e-9
			recs[6] = s
		},
		"host row column": func(recs []mosaic.Record, _ *mosaic.Report) {
			hr := recs[7].(mosaic.HostRow)
			hr.Columns = map[string]string{"name": "AnyDesk", "version": "8.0.10"}
			recs[7] = hr
		},
		"subject score": func(_ []mosaic.Record, r *mosaic.Report) { r.Subjects[0].Score = 97.4 },
		"signal evidence": func(_ []mosaic.Record, r *mosaic.Report) {
			r.Subjects[0].Signals[0].Evidence[0].Line++
		},
		"link order": func(_ []mosaic.Record, r *mosaic.Report) {
			slices.Reverse(r.Clusters[0].Links)
		},
		"signal dropped": func(_ []mosaic.Record, r *mosaic.Report) {
			r.Subjects[1].Signals = r.Subjects[1].Signals[:1]
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			recs, rep := Records(), Report(t)
			change(recs, rep)
			s := h.store(t)
			save(t, s, recs)
			saveResults(t, s, rep)
			if d := digest(t, s); d == d0 {
				t.Errorf("digest did not change")
			}
		})
	}
}

func (h harness) testHostileText(t *testing.T) {
	huge := strings.Repeat("résumé ", 200_000) // 1.6 MB
	hostile := []string{
		"nul\x00byte", "bad utf-8 \xff\xfe", "'); DROP TABLE jobs; --", `"quoted" \ back\slash`,
		"emoji 🧑‍💻 and RTL \u202e", "\r\n\t", strings.Repeat("x", 10_000), "$1 ? :name @p1",
	}
	var recs []mosaic.Record
	for i, s := range hostile {
		recs = append(recs,
			mosaic.Job{ID: s, Title: s, Location: s, Origin: mosaic.Origin{File: s, Line: -i}},
			mosaic.Note{ID: "N" + s, Text: s, Origin: mosaic.Origin{File: "notes.csv", Line: 1 << 40}},
			mosaic.SignIn{ID: "U" + s, Actor: s, IP: s, Lat: nan(i), Lon: inf(i), ASNumber: 4_294_967_295,
				IsProxy: mosaic.Tristate(-1), Origin: mosaic.Origin{EventID: s}},
			mosaic.HostRow{Columns: map[string]string{s: s, "": ""}, Origin: mosaic.Origin{EventID: "E" + s}},
			mosaic.Application{ID: "A" + s, References: []mosaic.Reference{{Name: s}}},
		)
	}
	recs = append(recs,
		mosaic.Resume{ApplicationID: "A1", Path: "huge.txt", Text: huge},
		mosaic.Job{ID: "far future", PostedAt: at("9999-12-31T23:59:59.999999999Z")},
		mosaic.Job{ID: "year one", PostedAt: at("0001-01-01T00:00:00.000000001Z")},
	)
	s := h.store(t)
	save(t, s, recs)
	d1 := digest(t, s)
	save(t, s, recs)
	if d2 := digest(t, s); d1 != d2 {
		t.Errorf("re-saving hostile rows changed the store")
	}
	c := counts(t, s)
	if c["jobs"] != int64(len(hostile)+2) || c["signins"] != int64(len(hostile)) || c["resumes"] != 1 {
		t.Errorf("Counts() = %v", c)
	}

	rep := Report(t)
	rep.Subjects[0].Score = nan(0)
	rep.Subjects[0].DisplayName = "nul\x00 and \xff"
	rep.Subjects[0].Signals[0].Evidence = nil
	rep.Subjects[0].ApplicationIDs = nil
	saveResults(t, s, rep)
	saveResults(t, s, rep)
}

func (h harness) testInvalidRecords(t *testing.T) {
	secret := "hk1:ssn:0123456789abcdef" // never to be echoed
	var nilJob *mosaic.Job
	cases := map[string]mosaic.Record{
		"nil record":     nil,
		"nil pointer":    nilJob,
		"unknown type":   alienRecord{},
		"job without id": mosaic.Job{Title: "x", Origin: mosaic.Origin{File: "jobs.csv", Line: 3}},
		"employee without id": mosaic.Employee{SSNHash: secret, DOBHash: secret,
			Origin: mosaic.Origin{File: "employees.csv", Line: 4}},
		"payroll without id":   mosaic.PayrollEvent{AccountHash: secret, RoutingHash: secret, WalletHash: secret},
		"sign-in without uuid": mosaic.SignIn{Actor: "a@b.example"},
		"host row without id":  mosaic.HostRow{Hostname: "h"},
		"resume without path":  mosaic.Resume{ApplicationID: "A1"},
		"photo without path":   mosaic.Photo{ApplicationID: "A1"},
		"application no id":    mosaic.Application{Email: "x@y.example"},
		"shipment no id":       mosaic.Shipment{EmployeeID: "E1"},
		"note no id":           mosaic.Note{Text: "t"},
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := h.store(t)
			// The valid records around the bad one must not be saved either.
			batch := append(Records(), bad)
			err := s.SaveRecords(t.Context(), batch)
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("SaveRecords = %v (code %q), want an EINVALID error", err, mosaic.ErrorCode(err))
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q shows a sensitive value", err)
			}
			wantCounts(t, s, nil)
		})
	}
}

// alienRecord is a Record the stores do not know.
type alienRecord struct{}

func (alienRecord) RecordOrigin() mosaic.Origin { return mosaic.Origin{} }
func (alienRecord) RecordKind() mosaic.Kind     { return "alien" }

func (h harness) testEmptyBatch(t *testing.T) {
	s := h.store(t)
	save(t, s, Records())
	d := digest(t, s)
	save(t, s, nil)
	save(t, s, []mosaic.Record{})
	if digest(t, s) != d {
		t.Errorf("an empty batch changed the store")
	}
}

// large scales a row count down under the race detector.
func large(n int) int {
	if raceEnabled {
		return n / 10
	}
	return n
}

func (h harness) testLargeBatch(t *testing.T) {
	s := h.store(t)
	signIns, hostRows := large(20_000), large(5_000)
	batch := append(SignIns("L", signIns), HostRows("L", hostRows)...)
	save(t, s, batch)
	wantCounts(t, s, map[string]int64{"signins": int64(signIns), "host_rows": int64(hostRows)})
	d := digest(t, s)
	save(t, s, batch)
	if digest(t, s) != d {
		t.Errorf("re-saving a large batch changed the store")
	}
}

func reportCounts(r *mosaic.Report) map[string]int64 {
	want := map[string]int64{"subjects": int64(len(r.Subjects)), "clusters": int64(len(r.Clusters))}
	for _, s := range r.Subjects {
		want["signals"] += int64(len(s.Signals))
	}
	for _, c := range r.Clusters {
		want["links"] += int64(len(c.Links))
	}
	return want
}

func (h harness) testResultsTwice(t *testing.T) {
	s := h.store(t)
	rep := Report(t)
	saveResults(t, s, rep)
	wantCounts(t, s, reportCounts(rep))
	d1 := digest(t, s)

	again := Report(t)
	again.GeneratedAt = again.GeneratedAt.Add(24 * 3600e9) // a later scan, same findings
	saveResults(t, s, again)
	if d2 := digest(t, s); d1 != d2 {
		t.Errorf("saving the same findings twice changed the store: %s -> %s", d1, d2)
	}

	other := h.store(t)
	saveResults(t, other, rep)
	if d := digest(t, other); d != d1 {
		t.Errorf("two stores with the same report digest differently")
	}
}

func (h harness) testResultsReplace(t *testing.T) {
	s := h.store(t)
	save(t, s, Records())
	rep := Report(t)
	saveResults(t, s, rep)
	d1 := digest(t, s)

	smaller := Report(t)
	smaller.Subjects = smaller.Subjects[2:]
	smaller.Clusters = nil
	saveResults(t, s, smaller)
	want := oneOfEach()
	maps.Copy(want, reportCounts(smaller))
	wantCounts(t, s, want)

	saveResults(t, s, &mosaic.Report{})
	wantCounts(t, s, oneOfEach())

	saveResults(t, s, rep)
	if d := digest(t, s); d != d1 {
		t.Errorf("saving the first report again did not restore the store")
	}
}

func (h harness) testInvalidReports(t *testing.T) {
	cases := map[string]func(r *mosaic.Report) *mosaic.Report{
		"nil report": func(*mosaic.Report) *mosaic.Report { return nil },
		"duplicate subject": func(r *mosaic.Report) *mosaic.Report {
			r.Subjects = append(r.Subjects, r.Subjects[0])
			return r
		},
		"subject without id": func(r *mosaic.Report) *mosaic.Report {
			r.Subjects[1].ID = ""
			return r
		},
		"duplicate cluster": func(r *mosaic.Report) *mosaic.Report {
			r.Clusters = append(r.Clusters, r.Clusters[0])
			return r
		},
		"cluster without id": func(r *mosaic.Report) *mosaic.Report {
			r.Clusters[0].ID = ""
			return r
		},
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := h.store(t)
			saveResults(t, s, Report(t))
			d := digest(t, s)
			err := s.SaveResults(t.Context(), breakIt(Report(t)))
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("SaveResults = %v (code %q), want an EINVALID error", err, mosaic.ErrorCode(err))
			}
			if digest(t, s) != d {
				t.Errorf("a rejected report changed the stored results")
			}
		})
	}
}

func (h harness) testCancelled(t *testing.T) {
	s := h.store(t)
	save(t, s, Records())
	saveResults(t, s, Report(t))
	d := digest(t, s)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.SaveRecords(ctx, SignIns("c", 100)); !errors.Is(err, context.Canceled) {
		t.Errorf("SaveRecords(cancelled) = %v, want context.Canceled", err)
	}
	if err := s.SaveResults(ctx, &mosaic.Report{}); !errors.Is(err, context.Canceled) {
		t.Errorf("SaveResults(cancelled) = %v, want context.Canceled", err)
	}
	if _, err := s.Counts(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Counts(cancelled) = %v, want context.Canceled", err)
	}
	if _, err := s.(Digester).Digest(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Digest(cancelled) = %v, want context.Canceled", err)
	}
	if digest(t, s) != d {
		t.Errorf("cancelled calls changed the store")
	}
}

// testCancelledMidway cancels a large save while it runs: whether the
// cancellation lands or not, the batch is saved entirely or not at all.
func (h harness) testCancelledMidway(t *testing.T) {
	s := h.store(t)
	batch := SignIns("m", large(30_000))
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.SaveRecords(ctx, batch) }()
	cancel()
	err := <-done
	switch n := counts(t, s)["signins"]; {
	case err == nil && n != int64(len(batch)):
		t.Errorf("save succeeded but %d of %d rows are stored", n, len(batch))
	case err != nil && !errors.Is(err, context.Canceled):
		t.Errorf("SaveRecords = %v, want nil or context.Canceled", err)
	case err != nil && n != 0:
		t.Errorf("cancelled save left %d rows behind; a batch is all or nothing", n)
	}
}

func (h harness) testConcurrent(t *testing.T) {
	s := h.store(t)
	const writers, batches, perBatch = 4, 5, 200
	rep := Report(t)
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches+2*writers)
	for w := range writers {
		wg.Go(func() {
			recs := SignIns(string(rune('p'+w)), batches*perBatch)
			for chunk := range slices.Chunk(recs, perBatch) {
				errs <- s.SaveRecords(t.Context(), chunk)
			}
		})
		wg.Go(func() {
			errs <- s.SaveResults(t.Context(), rep)
			_, err := s.Counts(t.Context())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent call: %v", err)
		}
	}
	want := reportCounts(rep)
	want["signins"] = writers * batches * perBatch
	wantCounts(t, s, want)
}
