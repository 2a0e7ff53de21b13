package csvbundle

import (
	"fmt"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// identityColumn is a column that identifies a person, the checks that
// cannot run without it, and the header words that suggest a file has it
// under another name.
type identityColumn struct {
	kind    mosaic.Kind
	column  string
	words   []string // in the folded header (lower case, no spaces, _ or -)
	exclude []string // words that make a look-alike something else
	checks  string
}

var identityColumns = []identityColumn{
	{mosaic.KindApplications, "email", []string{"email", "mail"}, []string{"ref", "work"},
		"merging one person's applications by email, hiring.disposable_email_domain"},
	{mosaic.KindApplications, "phone", []string{"phone", "mobile", "cell", "tel"}, []string{"ref"},
		"phone links, hiring.phone_shared_across_applicants, merging an agency's repeat applicants"},
	{mosaic.KindApplications, "first_name", []string{"firstname", "givenname", "forename", "fullname", "name"}, []string{"ref", "last", "family", "sur", "job", "user", "file", "source", "company"},
		"name-at-home links, hiring.profile_under_different_names, merging repeat applicants by name"},
	{mosaic.KindApplications, "last_name", []string{"lastname", "surname", "familyname"}, []string{"ref"},
		"name-at-home links, hiring.profile_under_different_names, merging repeat applicants by name"},
	{mosaic.KindApplications, "address_line1", []string{"address", "street", "addr"}, []string{"ip", "email", "mail", "line2"},
		"shared home links, name-at-home links, network.far_from_claimed_home"},
	{mosaic.KindEmployees, "work_email", []string{"workemail", "email", "login", "upn", "mail"}, []string{"personal", "private", "home"},
		"joining sign-ins to people (every network.* rule) and endpoint rules on the person's laptop"},
	{mosaic.KindEmployees, "personal_email", []string{"personalemail", "privateemail", "homeemail"}, nil,
		"joining an employee to their applications by email"},
	{mosaic.KindEmployees, "phone", []string{"phone", "mobile", "cell", "tel"}, []string{"work", "office"},
		"phone links between employees and applicants"},
	{mosaic.KindEmployees, "first_name", []string{"firstname", "givenname", "forename", "fullname", "name"}, []string{"last", "family", "sur", "job", "user", "manager", "vendor", "company", "title"},
		"payroll.account_holder_mismatch, onboarding.ship_to_name_mismatch, name-at-home links"},
	{mosaic.KindEmployees, "last_name", []string{"lastname", "surname", "familyname"}, nil,
		"payroll.account_holder_mismatch, onboarding.ship_to_name_mismatch, name-at-home links"},
	{mosaic.KindEmployees, "address_line1", []string{"address", "street", "addr"}, []string{"ip", "email", "mail", "line2", "ship"},
		"onboarding.laptop_farm_address (the home on file), network.far_from_claimed_home, shared home links"},
}

// identityGaps returns one warning per identity column of the kind that
// the file does not have under its name or a mapped one, while a header
// mosaic ignores looks like it: a mapping that forgot a column silently
// switches checks off otherwise.
func identityGaps(file string, k mosaic.Kind, names []string, m headerMatch) []string {
	unused := map[string]string{} // folded -> as written, for headers no column uses
	var order []string
	for _, q := range m.ignored {
		h := strings.Trim(q, `"`)
		f := fold(h)
		if _, dup := unused[f]; !dup && f != "" {
			unused[f] = h
			order = append(order, f)
		}
	}
	var out []string
	for _, ic := range identityColumns {
		if ic.kind != k {
			continue
		}
		ci := -1
		for i, n := range names {
			if n == ic.column {
				ci = i
			}
		}
		if ci < 0 || m.index[ci] >= 0 {
			continue
		}
		var alike []string
		for _, f := range order {
			if looksLike(f, ic) {
				alike = append(alike, fmt.Sprintf("%q", unused[f]))
			}
		}
		if len(alike) == 0 {
			continue
		}
		out = append(out, fmt.Sprintf(
			"%s: no column is mapped to %s, yet %s looks like one; map it in a mapping file (files: %s: columns: %s: %s) or these checks cannot run: %s",
			file, ic.column, strings.Join(alike, " and "), k, ic.column, alike[0], ic.checks))
	}
	return out
}

func looksLike(folded string, ic identityColumn) bool {
	for _, x := range ic.exclude {
		if strings.Contains(folded, x) {
			return false
		}
	}
	for _, w := range ic.words {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}
