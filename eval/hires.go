package eval

import (
	"time"

	"github.com/mosaic-sec/mosaic"
)

const employeesFile = "employees.csv"

// LoadHires reads the hire date of every employee from dir/employees.csv,
// keyed by employee id. The report carries no hire date, and timeliness needs
// one. Only the employee_id and hire_date columns are read (by header name),
// so the roster's sensitive columns are never looked at.
//
// A row without an employee id or with an empty or unparseable hire date is
// skipped: the roster is a company export and may hold broken rows on
// purpose; the evaluation reports how many hired personas had no hire date.
// Dates are YYYY-MM-DD (or RFC 3339). A missing file is ENOTFOUND.
func LoadHires(dir string) (map[string]time.Time, error) {
	t, err := readTable(dir, employeesFile, true)
	if err != nil {
		return nil, err
	}
	for _, c := range []string{"employee_id", "hire_date"} {
		if !t.has(c) {
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s: required column %q is missing", t.name, c)
		}
	}
	hires := make(map[string]time.Time, len(t.rows))
	for _, r := range t.rows {
		id := t.field(r, "employee_id")
		at, ok := parseDate(t.field(r, "hire_date"))
		if id == "" || !ok {
			continue
		}
		hires[id] = at
	}
	return hires, nil
}

// parseDate reads a date or a time; a bare date is midnight UTC.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d, true
	}
	if d, err := time.Parse(time.RFC3339, s); err == nil {
		return d, true
	}
	return time.Time{}, false
}
