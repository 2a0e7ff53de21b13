package csvbundle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// presetSamples lists the presets that come with a real-shaped export in
// testdata/presets/NAME/, one file per kind under the contract's file name,
// with the vendor's column names. The older presets (bamboohr, greenhouse,
// workday) are checked by TestExtractWithMapping and the example tests.
var presetSamples = []string{"ashby", "deel", "gusto", "icims", "lever", "rippling", "smartrecruiters"}

// TestPresetSamples reads each sample export through its preset alone and
// wants every row accepted, with the fields a detection rests on filled in.
func TestPresetSamples(t *testing.T) {
	for _, name := range presetSamples {
		t.Run(name, func(t *testing.T) {
			m, err := ParseMapping("m.yaml", []byte("preset: "+name+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			h := &fakeHasher{}
			x := New(h, m, nil)
			dir := filepath.Join("testdata", "presets", name)
			files, err := os.ReadDir(dir)
			if err != nil || len(files) == 0 {
				t.Fatalf("no sample export in %s: %v", dir, err)
			}
			for _, file := range files {
				kind := mosaic.Kind(strings.TrimSuffix(file.Name(), ".csv"))
				if m.FileName(kind) != file.Name() {
					t.Fatalf("%s: not the file of a kind this package reads", file.Name())
				}
				emit, err := extractFile(t, x, kind, filepath.Join(dir, file.Name()))
				if err != nil {
					t.Fatalf("%s: %v", file.Name(), err)
				}
				if len(emit.rejects) != 0 {
					t.Fatalf("%s: rejects %+v", file.Name(), emit.rejects)
				}
				if len(emit.accepted) < 1 {
					t.Fatalf("%s: no rows", file.Name())
				}
				for _, r := range emit.accepted {
					checkPresetRecord(t, h, r)
				}
			}
		})
	}
}

// checkPresetRecord wants the fields each kind is linked and scored on.
func checkPresetRecord(t *testing.T, h *fakeHasher, r mosaic.Record) {
	t.Helper()
	switch r := r.(type) {
	case mosaic.Job:
		if r.ID == "" || r.Title == "" || r.PostedAt.IsZero() || r.Location == "" {
			t.Errorf("job %+v: id, title, posted_at or location lost", r)
		}
	case mosaic.Application:
		if r.ID == "" || r.CandidateID == "" || r.JobID == "" || r.SubmittedAt.IsZero() || r.Email == "" || r.Source == "" {
			t.Errorf("application %+v: id, candidate, job, time, e-mail or source lost", r)
		}
		if r.Address.City == "" && r.Address.Country == "" {
			t.Errorf("application %s: no place", r.ID)
		}
	case mosaic.PayrollEvent:
		if r.ID == "" || r.EmployeeID == "" || r.OccurredAt.IsZero() || r.Kind == "" || r.PaymentProvider == "" {
			t.Errorf("payroll %+v: id, employee, time, kind or method lost", r)
		}
		if r.Kind == "payment" {
			t.Errorf("payroll %s: the samples are change reports", r.ID)
		}
		// A masked number must never be hashed: it would tie every
		// account ending in the same digits.
		if in := h.input(r.AccountHash); strings.ContainsAny(in, "Xx*") {
			t.Errorf("payroll %s: masked account number hashed (%s)", r.ID, in)
		}
	default:
		t.Errorf("unexpected record %T", r)
	}
}

// TestPresetsDocumented wants every preset named in presets/README.md and
// in the README's mapping section, with the vendor field sources beside it.
func TestPresetsDocumented(t *testing.T) {
	doc, err := os.ReadFile("presets/README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Presets() {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("presets/README.md does not document %s", name)
		}
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("README.md does not list preset %s", name)
		}
	}
}
