package main

import (
	"os"
	"path/filepath"
	"testing"
)

// realdata holds public samples written by others (../shared/realdata/README.md);
// they are read in place, never copied into the repository.
const realdata = "../../../shared/realdata"

// TestRealIdentityProviderSamples: a bundle holding the real Okta, Entra ID
// and Google Workspace samples beside a roster scans with every record
// accepted, the roster's accounts joined to their sign-ins, and nothing
// left unnamed.
func TestRealIdentityProviderSamples(t *testing.T) {
	sources := map[string]string{"okta": "okta", "entra": "entra", "google_workspace": "google_workspace"}
	if _, err := os.Stat(filepath.Join(realdata, "okta")); err != nil {
		t.Skipf("the shared real samples are not here (%v); skipped", err)
	}
	dir := t.TempDir()
	for folder, src := range sources {
		files, _ := filepath.Glob(filepath.Join(realdata, src, "*.log"))
		if len(files) == 0 {
			t.Fatalf("no samples in %s", src)
		}
		if err := os.MkdirAll(filepath.Join(dir, folder), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, folder, filepath.Base(f)), string(data))
		}
	}
	// One roster account per provider, as the samples name them.
	writeFile(t, filepath.Join(dir, "employees.csv"),
		"employee_id,candidate_id,application_id,first_name,last_name,work_email,personal_email,phone,address_line1,address_line2,city,region,postal_code,country,timezone,hire_date,termination_date,employment_type,vendor,title,ssn,date_of_birth\n"+
			"E1,,,Test,User,test@test.com,,,,,,,,US,America/New_York,2023-01-01,,full_time,,Engineer,,\n"+
			"E2,,,Lift,Elastic,mpliftrelastic20210901@outlook.com,,,,,,,,US,America/New_York,2021-08-01,,full_time,,Engineer,,\n"+
			"E3,,,Foo,Bar,foo@bar.com,,,,,,,,US,America/New_York,2022-01-01,,full_time,,Engineer,,\n")
	rep := scanJSON(t, dir)
	for _, f := range rep.Input.Files {
		if f.Rejected > 0 || f.Accepted != f.Read {
			t.Errorf("%s: %d read, %d accepted, %d rejected", f.Path, f.Read, f.Accepted, f.Rejected)
		}
	}
	kinds := map[string]bool{}
	for _, f := range rep.Input.Files {
		kinds[string(f.Kind)] = true
	}
	for _, k := range []string{"okta", "entra", "google_workspace", "employees"} {
		if !kinds[k] {
			t.Errorf("no %s file was read: %v", k, kinds)
		}
	}
	if rep.Coverage == nil {
		t.Fatal("no coverage in the report")
	}
	for _, u := range rep.Coverage.Unread {
		t.Errorf("unread: %s (%s)", u.Path, u.Note)
	}
	// Each provider's account on the roster has its sign-ins joined: the
	// unused sign-ins are fewer than all of them.
	total, unused := 0, 0
	for _, s := range rep.Coverage.Sources {
		if s.Kind == "okta" || s.Kind == "entra" || s.Kind == "google_workspace" {
			total += s.Accepted
		}
	}
	for _, u := range rep.Coverage.Unused {
		if u.Kind == "okta" {
			unused += u.Rows
		}
	}
	if total == 0 || unused >= total {
		t.Errorf("sign-ins: %d accepted, %d not joined to anyone on the roster", total, unused)
	}
	t.Logf("%d identity-provider rows accepted, %d not joined to the roster's three accounts", total, unused)
}
