package csvbundle

import (
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// A mapping that leaves identity columns unmapped while the file has
// columns that look like them is warned about, naming the checks that
// cannot run.
func TestIdentityColumnsUnmappedWarn(t *testing.T) {
	m, err := ParseMapping("columns.yaml", []byte(`files:
  applications:
    file: candidates.csv
    columns:
      application_id: "Application ID"
      submitted_at: "Applied At"
      job_id: "Req"
`))
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "candidates.csv",
		"Application ID,Req,Applied At,E-mail Address,Mobile Number,Street Address,Referrer Email\n"+
			"1,J1,2026-04-18T14:39:00Z,ann@example.com,602-555-0143,1 Oak St,bo@example.com\n")
	log, logs := newTestLogger()
	if _, err := extractFile(t, New(&fakeHasher{}, m, log), mosaic.KindApplications, path); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{
		`no column is mapped to email, yet \"E-mail Address\" looks like one`,
		"hiring.disposable_email_domain",
		`no column is mapped to phone, yet \"Mobile Number\" looks like one`,
		"hiring.phone_shared_across_applicants",
		`no column is mapped to address_line1, yet \"Street Address\" looks like one`,
		"network.far_from_claimed_home",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `\"Referrer Email\" looks like`) {
		t.Errorf("a referee's email passed for the applicant's:\n%s", out)
	}

	// Mapped, or absent without a look-alike: no warning.
	path = writeFile(t, "applications.csv", "application_id,job_id,submitted_at,email,notes\n1,J1,2026-04-18T14:39:00Z,ann@example.com,x\n")
	log, logs = newTestLogger()
	if _, err := extractFile(t, New(&fakeHasher{}, nil, log), mosaic.KindApplications, path); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "no column is mapped") {
		t.Errorf("a warning without cause:\n%s", logs.String())
	}
}
