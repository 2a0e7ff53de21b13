package simulate

import (
	"bufio"
	"encoding/csv"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// table writes one CSV file through a buffer.
type table struct {
	path string
	f    *os.File
	bw   *bufio.Writer
	cw   *csv.Writer
	rows int64
}

func createTable(path string, header ...string) (*table, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot create %s", path)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	t := &table{path: path, f: f, bw: bw, cw: csv.NewWriter(bw)}
	if err := t.cw.Write(header); err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

func (t *table) row(fields ...string) error {
	t.rows++
	return t.cw.Write(fields)
}

func (t *table) close() error {
	t.cw.Flush()
	err := t.cw.Error()
	if e := t.bw.Flush(); err == nil {
		err = e
	}
	if e := t.f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", t.path)
	}
	return nil
}

func ts(s int64) string {
	if s == 0 {
		return ""
	}
	return time.Unix(s, 0).UTC().Format(time.RFC3339)
}

func date(s int64) string {
	if s == 0 {
		return ""
	}
	return time.Unix(s, 0).UTC().Format(time.DateOnly)
}

func (w *world) appFiles(a *application) (resume, photo string) {
	if a.resume {
		resume = "attachments/resumes/" + a.id + ".txt"
	}
	if a.photo {
		photo = "attachments/photos/" + a.id + ".jpg"
		if a.png {
			photo = "attachments/photos/" + a.id + ".png"
		}
	}
	return resume, photo
}

func (w *world) writeJobs(dir string) (int64, error) {
	t, err := createTable(dir+"/jobs.csv", "job_id", "title", "posted_at", "remote", "location")
	if err != nil {
		return 0, err
	}
	for _, j := range w.jobs {
		if err := t.row(j.id, j.title, ts(j.posted), strconv.FormatBool(j.remote), j.where); err != nil {
			t.close()
			return 0, err
		}
	}
	return t.rows, t.close()
}

func (w *world) writeApplications(dir string) (int64, error) {
	t, err := createTable(dir+"/applications.csv", "application_id", "candidate_id", "job_id", "submitted_at",
		"first_name", "last_name", "email", "phone", "address_line1", "address_line2", "city", "region", "postal_code", "country",
		"linkedin_url", "github_url", "source", "resume_file", "photo_file",
		"ref1_name", "ref1_email", "ref1_phone", "ref2_name", "ref2_email", "ref2_phone", "submit_ip", "user_agent")
	if err != nil {
		return 0, err
	}
	for i := range w.apps {
		a := &w.apps[i]
		p := w.people[a.person]
		email := p.email
		if a.altEmail && p.email2 != "" {
			email = p.email2
		}
		res, photo := w.appFiles(a)
		var refs [2]reference
		if p.refs == nil {
			refs = ownReferences(w.cfg.Seed, p)
		} else {
			// A shared referee (a ring's, a former manager, a professor)
			// as this applicant types them, the same on every application.
			rr := newRand(w.cfg.Seed, streamRetype+uint64(p.idx))
			refs = [2]reference{retype(rr, p.refs[0]), retype(rr, p.refs[1])}
		}
		h := p.home
		first, last := w.written(p, sysATS)
		err := t.row(a.id, w.candIDs[a.candidate], w.jobs[a.job].id, ts(a.submitted), first, last, email, p.phone,
			h.line1, h.line2, h.city, h.region, h.postal, h.country, p.linkedin, p.github, a.source, res, photo,
			refs[0].name, refs[0].email, refs[0].phone, refs[1].name, refs[1].email, refs[1].phone,
			ipString(a.ip), userAgents[a.ua].raw)
		if err != nil {
			t.close()
			return 0, err
		}
	}
	return t.rows, t.close()
}

func (w *world) writeEmployees(dir string) (int64, error) {
	t, err := createTable(dir+"/employees.csv", "employee_id", "candidate_id", "application_id", "first_name", "last_name",
		"work_email", "personal_email", "phone", "address_line1", "address_line2", "city", "region", "postal_code", "country",
		"timezone", "hire_date", "termination_date", "employment_type", "vendor", "title", "ssn", "date_of_birth")
	if err != nil {
		return 0, err
	}
	rows := w.rows
	if rows == nil {
		rows = w.emps
	}
	for _, e := range rows {
		p := w.people[e.person]
		cand, app := "", ""
		if p.hireApp >= 0 && !e.former {
			a := &w.apps[p.hireApp]
			cand, app = w.candIDs[a.candidate], a.id
		}
		h := e.home
		first, last := w.written(p, sysHR)
		if e.last != "" {
			first, last = e.first, e.last
		}
		err := t.row(e.id, cand, app, first, last, e.workEmail, p.email, p.phone, h.line1, h.line2, h.city, h.region,
			h.postal, h.country, e.tz, date(e.hire), date(e.term), e.empType, e.vendor, e.title, p.ssn, p.dob)
		if err != nil {
			t.close()
			return 0, err
		}
	}
	return t.rows, t.close()
}

func (w *world) writeShipments(dir string) (int64, error) {
	t, err := createTable(dir+"/shipments.csv", "shipment_id", "employee_id", "asset_tag", "serial_number", "hostname",
		"requested_at", "shipped_at", "delivered_at", "ship_to_name", "ship_to_line1", "ship_to_line2", "ship_to_city",
		"ship_to_region", "ship_to_postal_code", "ship_to_country", "address_change_requested_at", "address_change_reason")
	if err != nil {
		return 0, err
	}
	width := idWidth(len(w.ships), 6)
	for i, s := range w.ships {
		e := w.emps[s.employee]
		err := t.row(id("S", i+1, width), e.id, e.assetTag, e.serial, e.hostname, ts(s.requested), ts(s.shipped), ts(s.delivered),
			s.shipToName, s.to.line1, s.to.line2, s.to.city, s.to.region, s.to.postal, s.to.country, ts(s.changeAt), s.changeReason)
		if err != nil {
			t.close()
			return 0, err
		}
	}
	return t.rows, t.close()
}

func (w *world) writePayroll(dir string) (int64, error) {
	t, err := createTable(dir+"/payroll.csv", "event_id", "employee_id", "occurred_at", "kind", "bank_name", "bank_country",
		"routing_number", "account_number", "account_holder", "payment_provider", "wallet_address", "amount", "currency")
	if err != nil {
		return 0, err
	}
	order := make([]int, len(w.payroll))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return w.payroll[order[i]].at < w.payroll[order[j]].at })
	width := idWidth(len(order), 7)
	for i, k := range order {
		ev := &w.payroll[k]
		err := t.row(id("PAY", i+1, width), w.emps[ev.employee].id, ts(ev.at), ev.kind, ev.bank, ev.country, ev.routing,
			ev.account, ev.holder, ev.provider, ev.wallet, ev.amount, ev.currency)
		if err != nil {
			t.close()
			return 0, err
		}
	}
	return t.rows, t.close()
}

func (w *world) writeNotes(dir string) (int64, error) {
	t, err := createTable(dir+"/notes.csv", "note_id", "subject_type", "subject_id", "occurred_at", "author_role", "kind", "outcome", "text")
	if err != nil {
		return 0, err
	}
	width := idWidth(len(w.notes), 6)
	for i, n := range w.notes {
		typ, subject := "application", ""
		if n.app >= 0 {
			subject = w.apps[n.app].id
		} else {
			typ, subject = "employee", w.emps[n.emp].id
		}
		if err := t.row(id("N", i+1, width), typ, subject, ts(n.at), n.author, n.kind, n.outcome, n.text); err != nil {
			t.close()
			return 0, err
		}
	}
	return t.rows, t.close()
}
