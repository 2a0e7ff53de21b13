package simulate

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rowsByColumn reads a generated CSV as maps from column to value.
func rowsByColumn(t *testing.T, path string) []map[string]string {
	t.Helper()
	header, rows := readCSV(t, path)
	out := make([]map[string]string, len(rows))
	for i, r := range rows {
		m := map[string]string{}
		for j, h := range header {
			if j < len(r) {
				m[h] = r[j]
			}
		}
		out[i] = m
	}
	return out
}

// TestEmployeeConfounders checks the shape of each honest coincidence in
// a tiny company where they are frequent: a rehire's and a converted
// contractor's earlier row (same SSN, birth date, name and home, another
// id, one employment after the other), a maiden name on the earlier row,
// a couple's joint account whose holder names them both.
func TestEmployeeConfounders(t *testing.T) {
	cfg, _ := Preset("tiny")
	cfg.Seed, cfg.Photos = 7, false
	cfg.Confounders.Rehire, cfg.Confounders.ContractorConverted, cfg.Confounders.NameChange, cfg.Confounders.Couple = 0.1, 0.1, 0.1, 0.15
	dir := t.TempDir()
	if _, err := Generate(context.Background(), dir, cfg, nil); err != nil {
		t.Fatal(err)
	}
	emps := map[string]map[string]string{}
	for _, e := range rowsByColumn(t, filepath.Join(dir, "employees.csv")) {
		emps[e["employee_id"]] = e
	}
	deposits := map[string][]map[string]string{}
	for _, ev := range rowsByColumn(t, filepath.Join(dir, "payroll.csv")) {
		if ev["kind"] == "direct_deposit_change" {
			deposits[ev["employee_id"]] = append(deposits[ev["employee_id"]], ev)
		}
	}
	count := map[string]int{}
	for _, p := range rowsByColumn(t, filepath.Join(dir, "truth.csv")) {
		tags := strings.Split(p["tags"], ";")
		cur := emps[p["employee_id"]]
		for _, tag := range []string{"rehire", "converted_contractor", "name_change"} {
			if !slices.Contains(tags, tag) {
				continue
			}
			count[tag]++
			former := emps[p["former_employee_ids"]]
			if cur == nil || former == nil {
				t.Fatalf("%s %s: no current or earlier roster row (%q, %q)", tag, p["person_id"], p["employee_id"], p["former_employee_ids"])
			}
			for _, col := range []string{"ssn", "date_of_birth", "first_name", "address_line1", "phone"} {
				if former[col] != cur[col] {
					t.Errorf("%s %s: %s differs between rows: %q, %q", tag, p["person_id"], col, former[col], cur[col])
				}
			}
			if former["termination_date"] == "" || former["termination_date"] >= cur["hire_date"] {
				t.Errorf("%s %s: earlier employment %s-%s does not end before %s", tag, p["person_id"], former["hire_date"], former["termination_date"], cur["hire_date"])
			}
			if former["application_id"] != "" {
				t.Errorf("%s %s: the earlier row holds the application %s", tag, p["person_id"], former["application_id"])
			}
			sameLast := former["last_name"] == cur["last_name"]
			if sameLast == (tag == "name_change") {
				t.Errorf("%s %s: family names %q and %q", tag, p["person_id"], former["last_name"], cur["last_name"])
			}
			if tag == "converted_contractor" && (former["employment_type"] != "contractor" || cur["employment_type"] != "employee") {
				t.Errorf("%s: converted from %q to %q", p["person_id"], former["employment_type"], cur["employment_type"])
			}
		}
		if slices.Contains(tags, "couple") {
			count["couple"]++
			ds := deposits[p["employee_id"]]
			if len(ds) == 0 {
				t.Fatalf("couple %s: no direct deposit", p["person_id"])
			}
			holder := strings.ToLower(ds[len(ds)-1]["account_holder"])
			if !strings.Contains(holder, " & ") && !strings.Contains(holder, " and ") && !strings.Contains(holder, " or ") {
				t.Errorf("couple %s: holder %q is not joint", p["person_id"], holder)
			}
			if !strings.Contains(holder, strings.ToLower(cur["first_name"])) {
				t.Errorf("couple %s: holder %q does not name %s", p["person_id"], holder, cur["first_name"])
			}
		}
	}
	for _, tag := range []string{"rehire", "converted_contractor", "name_change", "couple"} {
		if count[tag] < 2 {
			t.Errorf("%d people tagged %s, want at least 2", count[tag], tag)
		}
	}
	// Couples who both work here share one account.
	accounts := map[string]int{}
	for _, ds := range deposits {
		for _, d := range ds {
			if strings.Contains(strings.ToLower(d["account_holder"]), " & ") || strings.Contains(strings.ToLower(d["account_holder"]), " and ") || strings.Contains(strings.ToLower(d["account_holder"]), " or ") {
				accounts[d["account_number"]]++
			}
		}
	}
	shared := 0
	for _, n := range accounts {
		if n > 1 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no joint account is shared by two employees")
	}
}

// TestSchoolCohortsShareEducation checks that a school's graduates write
// the same degree and coursework lines in otherwise their own resumes.
func TestSchoolCohortsShareEducation(t *testing.T) {
	dir, _ := generated(t, "tiny")
	apps := map[string]string{}
	for _, a := range rowsByColumn(t, filepath.Join(dir, "applications.csv")) {
		apps[a["application_id"]] = a["resume_file"]
	}
	lines := map[string]int{}
	graduates := 0
	for _, p := range rowsByColumn(t, filepath.Join(dir, "truth.csv")) {
		if !strings.Contains(p["tags"], "school_cohort") {
			continue
		}
		graduates++
		first := strings.Split(p["application_ids"], ";")[0]
		data := readFile(t, filepath.Join(dir, apps[first]))
		for _, l := range strings.Split(data, "\n") {
			if strings.HasPrefix(l, "Relevant coursework: ") {
				lines[l]++
			}
		}
	}
	if graduates < 3 {
		t.Fatalf("%d school cohort graduates in a tiny world", graduates)
	}
	most := 0
	for _, n := range lines {
		most = max(most, n)
	}
	if most < 3 {
		t.Errorf("no coursework line is shared by three graduates: %v", lines)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
