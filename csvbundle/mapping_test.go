package csvbundle

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestFileNameDefaults(t *testing.T) {
	for _, m := range []*Mapping{nil, DefaultMapping()} {
		for _, k := range csvKinds {
			if got, want := m.FileName(k), string(k)+".csv"; got != want {
				t.Errorf("FileName(%s) = %q, want %q", k, got, want)
			}
		}
		if got := m.FileName(mosaic.KindOkta); got != "" {
			t.Errorf("FileName(okta) = %q, want empty", got)
		}
	}
}

func TestParseMappingEmpty(t *testing.T) {
	for _, text := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		m, err := ParseMapping("m.yaml", []byte(text))
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if m.FileName(mosaic.KindJobs) != "jobs.csv" {
			t.Errorf("%q: not the default mapping", text)
		}
	}
}

func TestParseMappingErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"not yaml", "files:\n  jobs:\n    file: [a\n", "m.yaml:2: not valid YAML"},
		{"top level list", "- a\n- b\n", "m.yaml:1: expected the keys preset and files"},
		{"unknown top key", "preset: greenhouse\nfile:\n  jobs: {}\n", `m.yaml:2: unknown key "file"`},
		{"unknown preset", "preset: taleo\n", `m.yaml:1: unknown preset "taleo"; the presets are ashby, bamboohr, deel, greenhouse, gusto, icims, lever, rippling, smartrecruiters, workday`},
		{"unknown preset in list", "preset: [greenhouse, taleo]\n", `m.yaml:1: unknown preset "taleo"`},
		{"unknown kind", "files:\n  applicants:\n    file: a.csv\n", `m.yaml:2: unknown kind "applicants"; the kinds are jobs, applications`},
		{"okta is not csv", "files:\n  okta:\n    file: a.csv\n", `m.yaml:2: unknown kind "okta"`},
		{"unknown file key", "files:\n  jobs:\n    filename: a.csv\n", `m.yaml:3: unknown key "filename" under jobs`},
		{"unknown column", "files:\n  applications:\n    columns:\n      aplication_id: ID\n", `m.yaml:4: applications has no column "aplication_id"; its columns are application_id`},
		{"column of another kind", "files:\n  jobs:\n    columns:\n      ssn: SSN\n", `m.yaml:4: jobs has no column "ssn"`},
		{"empty header", "files:\n  jobs:\n    columns:\n      title: \"\"\n", "m.yaml:4: title is empty"},
		{"null header", "files:\n  jobs:\n    columns:\n      title:\n", "m.yaml:4: title is empty"},
		{"empty header list", "files:\n  jobs:\n    columns:\n      title: []\n", "m.yaml:4: title is an empty list"},
		{"header is a map", "files:\n  jobs:\n    columns:\n      title: {a: b}\n", "m.yaml:4: title must be text"},
		{"bad time format", "files:\n  jobs:\n    time_format: yyyy-mm-dd HH:MM\n", `m.yaml:3: time_format "yyyy-mm-dd HH:MM" is not a Go time layout`},
		{"bad date format", "files:\n  employees:\n    date_format: [\"2006-01-02\", \"MM/DD/YYYY\"]\n", `m.yaml:3: date_format "MM/DD/YYYY"`},
		{"absolute file", "files:\n  jobs:\n    file: /etc/passwd\n", `m.yaml:3: file "/etc/passwd" must be a path inside the bundle folder`},
		{"escaping file", "files:\n  jobs:\n    file: ../jobs.csv\n", `m.yaml:3: file "../jobs.csv" must be a path inside the bundle folder`},
		{"windows escaping file", "files:\n  jobs:\n    file: 'exports\\..\\..\\jobs.csv'\n", "must be a path inside the bundle folder"},
		{"two kinds one file", "files:\n  jobs:\n    file: export.csv\n  notes:\n    file: Export.csv\n", "m.yaml:5: jobs and notes would both be read from Export.csv"},
		{"renamed onto a default", "files:\n  notes:\n    file: jobs.csv\n", "m.yaml:3: jobs and notes would both be read from jobs.csv"},
		{"files not a map", "files: [jobs]\n", "m.yaml:1: files must map a kind"},
		{"kind settings not a map", "files:\n  jobs: jobs.csv\n", "m.yaml:2: the settings of jobs must be keys"},
		{"duplicate key", "files:\n  jobs:\n    file: a.csv\n    file: b.csv\n", "m.yaml:4: file appears twice (first on line 3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMapping("m.yaml", []byte(tt.text))
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("error %v (code %q), want EINVALID", err, mosaic.ErrorCode(err))
			}
			if !strings.Contains(mosaic.ErrorMessage(err), tt.want) {
				t.Errorf("error %q\n does not contain %q", mosaic.ErrorMessage(err), tt.want)
			}
		})
	}
}

func TestLoadMappingFileErrors(t *testing.T) {
	_, err := LoadMapping(filepath.Join(t.TempDir(), "missing.yaml"))
	if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", maxMappingBytes)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMapping(big); mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Errorf("big file: %v", err)
	}
	// The path is named in errors.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("files:\n  jobz: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMapping(bad); err == nil || !strings.Contains(err.Error(), bad+":2:") {
		t.Errorf("bad file: %v", err)
	}
}

func TestPresets(t *testing.T) {
	if got, want := Presets(), []string{"ashby", "bamboohr", "deel", "greenhouse", "gusto", "icims", "lever", "rippling", "smartrecruiters", "workday"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Presets() = %v, want %v", got, want)
	}
	for _, name := range Presets() {
		m, ok, err := preset(name)
		if !ok || err != nil {
			t.Errorf("preset %s: ok %v, %v", name, ok, err)
			continue
		}
		if len(m.files) == 0 {
			t.Errorf("preset %s maps nothing", name)
		}
		// Presets rename columns, never files: a bundle keeps its layout.
		for _, k := range csvKinds {
			if m.FileName(k) != string(k)+".csv" {
				t.Errorf("preset %s renames the %s file", name, k)
			}
		}
	}
	for _, name := range []string{"", "../presets/greenhouse", "greenhouse.yaml", "nope"} {
		if _, ok, _ := preset(name); ok {
			t.Errorf("preset(%q) found", name)
		}
	}
}

func TestPresetOverride(t *testing.T) {
	m, err := ParseMapping("m.yaml", []byte(`
preset: [greenhouse, bamboohr]
files:
  applications:
    columns:
      submitted_at: Created
    time_format: "01/02/2006 15:04"
`))
	if err != nil {
		t.Fatal(err)
	}
	apps := m.forKind(mosaic.KindApplications)
	if got := apps.columns["submitted_at"]; !reflect.DeepEqual(got, []string{"Created"}) {
		t.Errorf("override lost: %v", got)
	}
	if got := apps.columns["email"]; !reflect.DeepEqual(got, []string{"Email", "Email Address"}) {
		t.Errorf("preset column lost: %v", got)
	}
	if got := apps.timeLayouts; !reflect.DeepEqual(got, []string{"01/02/2006 15:04"}) {
		t.Errorf("time layouts %v", got)
	}
	if got := m.forKind(mosaic.KindEmployees).columns["postal_code"]; len(got) == 0 {
		t.Error("second preset lost")
	}
	// The presets themselves are untouched by the override.
	gh, _, _ := preset("greenhouse")
	if got := gh.forKind(mosaic.KindApplications).columns["submitted_at"]; got[0] != "Applied At" {
		t.Errorf("preset changed: %v", got)
	}
}

func TestMatchHeader(t *testing.T) {
	names := []string{"application_id", "submitted_at", "email", "city"}
	tests := []struct {
		name    string
		header  []string
		columns map[string][]string
		index   []int
		ignored []string
		absent  int
	}{
		{
			name:    "contract names",
			header:  []string{"email", "application_id", "submitted_at", "city"},
			index:   []int{1, 2, 0, 3},
			ignored: nil,
		},
		{
			name:    "loose matches and unknown columns",
			header:  []string{" Application ID ", "SUBMITTED-AT", "E_mail", "Colour", ""},
			index:   []int{0, 1, 2, -1},
			ignored: []string{`"Colour"`, `""`},
		},
		{
			name:    "exact beats loose, first duplicate wins",
			header:  []string{"applicationid", "application_id", "email", "email"},
			index:   []int{1, -1, 2, -1},
			ignored: []string{`"applicationid"`, `"email"`},
		},
		{
			name:    "mapped header beats the contract name",
			header:  []string{"city", "Town", "Applied At"},
			columns: map[string][]string{"city": {"Town"}, "submitted_at": {"applied_at"}},
			index:   []int{-1, 2, -1, 1},
			ignored: []string{`"city"`},
		},
		{
			name:    "mapped header absent falls back to the contract name",
			header:  []string{"city"},
			columns: map[string][]string{"city": {"Town"}, "email": {"Mail"}},
			index:   []int{-1, -1, -1, 0},
			absent:  1, // email; city was found under its own name
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := matchHeader(tt.header, names, fileMapping{columns: tt.columns})
			if !reflect.DeepEqual(m.index, tt.index) {
				t.Errorf("index %v, want %v", m.index, tt.index)
			}
			if !reflect.DeepEqual(m.ignored, tt.ignored) {
				t.Errorf("ignored %v, want %v", m.ignored, tt.ignored)
			}
			if len(m.absent) != tt.absent {
				t.Errorf("absent %v, want %d", m.absent, tt.absent)
			}
		})
	}
}

// TestLabels checks how rejects name a renamed column: the header as the
// file has it, with the contract's name beside it.
func TestLabels(t *testing.T) {
	m := matchHeader([]string{"Applied At", "city"}, []string{"submitted_at", "city"},
		fileMapping{columns: map[string][]string{"submitted_at": {"Applied At"}}})
	if m.label[0] != `"Applied At" (submitted_at)` || m.header[0] != "Applied At" || m.label[1] != "city" {
		t.Errorf("labels %q, headers %q", m.label, m.header)
	}
}
