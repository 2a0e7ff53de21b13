// Package privacy erases people from a mosaic store, keeps legal holds, runs
// the retention policy and rotates the hashing key.
//
// Most people in a mosaic store have done nothing wrong: they applied for a
// job, or work somewhere. Their records are personal data, so a person can
// be erased on request (GDPR article 17, US state privacy laws), applicants
// are erased once the retention period has passed, and both stop at a
// legal hold or a confirmed-fraud verdict.
//
// Everything here is written once over migrations.SQL, like package
// opstore, so the SQLite and PostgreSQL stores share it. An erasure is one
// transaction: the person's records, the results and feedback about them,
// their case work and their queued alerts go together, and the audit log
// gains one entry that names the subject id and counts rows, never a value.
package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
)

// Person is everything that identifies one person's records: the subject id
// reports show, and the record ids of the subject's applications,
// candidacies and employments.
type Person struct {
	SubjectID      string   `json:"subject_id"`
	ApplicationIDs []string `json:"application_ids"`
	CandidateIDs   []string `json:"candidate_ids"`
	EmployeeIDs    []string `json:"employee_ids"`
}

// ids returns every record id of the person and the subject id.
func (p Person) ids() []string {
	return uniq(append(append(append([]string{p.SubjectID}, p.ApplicationIDs...), p.CandidateIDs...), p.EmployeeIDs...))
}

// Resolve finds the person id names: a subject id, or the id of one of the
// person's applications, candidacies or employments. subjects are the
// subjects of a current analysis (a service's snapshot, or an analysis of
// the store); nil reads the results the last scan saved. The person's ids
// are then closed over the stored records, so an application filed under
// the same candidate id, or the employment that followed it, goes with the
// rest even when the analysis missed it.
func Resolve(ctx context.Context, db migrations.SQL, subjects []mosaic.Subject, id string) (Person, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return Person{}, mosaic.Errorf(mosaic.EINVALID, "no subject id given")
	}
	if subjects == nil {
		var err error
		if subjects, err = storedSubjects(ctx, db); err != nil {
			return Person{}, err
		}
	}
	var p Person
	for _, s := range subjects {
		if s.ID == id || slices.Contains(s.ApplicationIDs, id) || slices.Contains(s.CandidateIDs, id) || slices.Contains(s.EmployeeIDs, id) {
			p = Person{SubjectID: s.ID, ApplicationIDs: slices.Clone(s.ApplicationIDs), CandidateIDs: slices.Clone(s.CandidateIDs), EmployeeIDs: slices.Clone(s.EmployeeIDs)}
			break
		}
	}
	if p.SubjectID == "" {
		// No analysis knows the id: it may still name records, by the
		// record id or by the subject id a scan would give them.
		rec := strings.TrimPrefix(id, "S-")
		p = Person{SubjectID: "S-" + rec, ApplicationIDs: []string{rec}, CandidateIDs: []string{rec}, EmployeeIDs: []string{rec}}
	}
	if err := closeOverRecords(ctx, db, &p); err != nil {
		return Person{}, err
	}
	if len(p.ApplicationIDs)+len(p.CandidateIDs)+len(p.EmployeeIDs) == 0 {
		held, err := Held(ctx, db, p.SubjectID)
		if err != nil {
			return Person{}, err
		}
		if !held && !hasSubjectRows(ctx, db, p.SubjectID) {
			return Person{}, mosaic.Errorf(mosaic.ENOTFOUND, "unknown subject %s: no analysis and no stored record has that id", id)
		}
	}
	return p, nil
}

// hasSubjectRows reports whether feedback or case work names the subject,
// so such leftovers of an earlier erasure can still be erased.
func hasSubjectRows(ctx context.Context, db migrations.SQL, subjectID string) bool {
	for _, q := range []string{
		"SELECT COUNT(*) FROM dispositions WHERE subject_id = ?",
		"SELECT COUNT(*) FROM cases WHERE subject_id = ?",
		"SELECT COUNT(*) FROM comments WHERE subject_id = ?",
		"SELECT COUNT(*) FROM subjects WHERE id = ?",
	} {
		var n int64
		if err := db.Query(ctx, q, []any{subjectID}, func(scan func(...any) error) error { return scan(&n) }); err == nil && n > 0 {
			return true
		}
	}
	return false
}

// storedSubjects reads the subjects the last scan saved, ids only.
func storedSubjects(ctx context.Context, db migrations.SQL) ([]mosaic.Subject, error) {
	var out []mosaic.Subject
	err := db.Query(ctx, "SELECT id, application_ids_json, candidate_ids_json, employee_ids_json FROM subjects", nil,
		func(scan func(...any) error) error {
			var s mosaic.Subject
			var apps, cands, emps string
			if err := scan(&s.ID, &apps, &cands, &emps); err != nil {
				return err
			}
			_ = json.Unmarshal([]byte(apps), &s.ApplicationIDs)
			_ = json.Unmarshal([]byte(cands), &s.CandidateIDs)
			_ = json.Unmarshal([]byte(emps), &s.EmployeeIDs)
			out = append(out, s)
			return nil
		})
	return out, err
}

// closeOverRecords keeps only the ids stored records have, and adds the
// ids records tie to them: applications of the same candidate, the
// employment an application or candidacy became.
func closeOverRecords(ctx context.Context, db migrations.SQL, p *Person) error {
	apps, cands, emps := set(p.ApplicationIDs), set(p.CandidateIDs), set(p.EmployeeIDs)
	seenApps, seenCands, seenEmps := map[string]bool{}, map[string]bool{}, map[string]bool{}
	// The chain application -> candidate -> employee is short; the bound
	// only guards against a pathological store.
	for range 16 {
		before := len(apps) + len(cands) + len(emps)
		if w, args := inAny([]string{"application_id", "candidate_id"}, keys(apps), keys(cands)); w != "" {
			err := db.Query(ctx, "SELECT application_id, candidate_id FROM applications WHERE "+w, args,
				func(scan func(...any) error) error {
					var app, cand string
					if err := scan(&app, &cand); err != nil {
						return err
					}
					seenApps[app], apps[app] = true, true
					if cand != "" {
						seenCands[cand], cands[cand] = true, true
					}
					return nil
				})
			if err != nil {
				return err
			}
		}
		if w, args := inAny([]string{"employee_id", "application_id", "candidate_id"}, keys(emps), keys(apps), keys(cands)); w != "" {
			err := db.Query(ctx, "SELECT employee_id, application_id, candidate_id FROM employees WHERE "+w, args,
				func(scan func(...any) error) error {
					var emp, app, cand string
					if err := scan(&emp, &app, &cand); err != nil {
						return err
					}
					seenEmps[emp], emps[emp] = true, true
					if app != "" {
						apps[app] = true
					}
					if cand != "" {
						seenCands[cand], cands[cand] = true, true
					}
					return nil
				})
			if err != nil {
				return err
			}
		}
		if len(apps)+len(cands)+len(emps) == before {
			break
		}
	}
	// An id from the analysis that no record has (a record erased before,
	// say) is kept: results and feedback may still name it. Resolve's
	// guesses are kept only where a record has them.
	if !guessed(p) {
		for _, id := range p.ApplicationIDs {
			seenApps[id] = true
		}
		for _, id := range p.CandidateIDs {
			seenCands[id] = true
		}
		for _, id := range p.EmployeeIDs {
			seenEmps[id] = true
		}
	}
	p.ApplicationIDs, p.CandidateIDs, p.EmployeeIDs = trueKeys(seenApps), trueKeys(seenCands), trueKeys(seenEmps)
	return nil
}

// guessed reports whether p is Resolve's guess (one id tried as
// application, candidate and employee id), not an analysis's subject.
func guessed(p *Person) bool {
	id := strings.TrimPrefix(p.SubjectID, "S-")
	return slices.Equal(p.ApplicationIDs, []string{id}) && slices.Equal(p.CandidateIDs, []string{id}) &&
		slices.Equal(p.EmployeeIDs, []string{id})
}

// EraseOptions say who erases and why.
type EraseOptions struct {
	// Actor and Role are recorded in the audit log (Role "" for the CLI).
	Actor, Role string
	// Reason is recorded in the audit log: a ticket or request number, not
	// the person's name.
	Reason string
	// Remote is the caller's address, for the audit log.
	Remote string
	// Force erases a subject under legal hold (and releases the hold).
	Force bool
	// DryRun counts what would be deleted and changes nothing.
	DryRun bool
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Erased says what an erasure deleted, by table; no values.
type Erased struct {
	SubjectID string           `json:"subject_id"`
	Rows      map[string]int64 `json:"rows"`
	DryRun    bool             `json:"dry_run,omitempty"`
}

// Total is the number of rows deleted or changed.
func (e Erased) Total() int64 {
	var n int64
	for _, v := range e.Rows {
		n += v
	}
	return n
}

// Summary lists the tables and row counts, "applications 2, notes 1".
func (e Erased) Summary() string {
	names := make([]string, 0, len(e.Rows))
	for t, n := range e.Rows {
		if n > 0 {
			names = append(names, t)
		}
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, t := range names {
		parts[i] = fmt.Sprintf("%s %d", t, e.Rows[t])
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// finisher is a store that stages some records before moving them into
// place (SQLite's sign-ins); they are moved first so none escapes.
type finisher interface {
	FinishRecords(ctx context.Context) error
}

// Erase deletes the person's records, the results, feedback and case work
// about them and their queued alerts, in one transaction, and appends an
// "erase" entry to the audit log with the subject id and row counts. A
// subject under legal hold is refused (ECONFLICT) unless opts.Force.
//
// Records that other people's records merely mention (a reference's phone
// on someone else's application) belong to those people and are kept; so
// are earlier audit entries, which name subject ids and actions but never
// a person's values, and which the hash chain forbids changing.
func Erase(ctx context.Context, db migrations.SQL, p Person, opts EraseOptions) (Erased, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if p.SubjectID == "" {
		return Erased{}, mosaic.Errorf(mosaic.EINVALID, "no subject to erase")
	}
	if f, ok := db.(finisher); ok && !opts.DryRun {
		if err := f.FinishRecords(ctx); err != nil {
			return Erased{}, err
		}
	}
	res := Erased{SubjectID: p.SubjectID, Rows: map[string]int64{}, DryRun: opts.DryRun}
	err := db.InTx(ctx, func(tx migrations.SQL) error {
		held, err := Held(ctx, tx, p.SubjectID)
		if err != nil {
			return err
		}
		if held && !opts.Force {
			return mosaic.Errorf(mosaic.ECONFLICT, "%s is under a legal hold: release it first (mosaic hold release %s), or erase with --force", p.SubjectID, p.SubjectID)
		}
		e := eraser{ctx: ctx, tx: tx, rows: res.Rows, dry: opts.DryRun}
		if err := e.erase(p); err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		return opstore.New(tx, opts.Now).Audit(ctx, opstore.AuditEntry{
			Actor: opts.Actor, Role: opts.Role, Action: "erase", Target: p.SubjectID, Remote: opts.Remote,
			Detail: auditDetail(opts.Reason, res),
		})
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return res, err
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

func auditDetail(reason string, res Erased) string {
	d := "deleted " + res.Summary()
	if reason = strings.TrimSpace(reason); reason != "" {
		d = "reason: " + reason + "; " + d
	}
	return d
}

// eraser deletes one person inside a transaction, counting rows by table.
type eraser struct {
	ctx  context.Context
	tx   migrations.SQL
	rows map[string]int64
	dry  bool
}

// del deletes (or, in a dry run, counts) the rows of table matching where.
func (e *eraser) del(table, where string, args ...any) error {
	q := "DELETE FROM " + table + " WHERE " + where
	if e.dry {
		var n int64
		err := e.tx.Query(e.ctx, "SELECT COUNT(*) FROM "+table+" WHERE "+where, args, func(scan func(...any) error) error { return scan(&n) })
		e.rows[table] += n
		return err
	}
	n, err := e.tx.Exec(e.ctx, q, args...)
	e.rows[table] += n
	return err
}

// strings reads one text column of the rows matching where.
func (e *eraser) strings(q string, args ...any) ([]string, error) {
	var out []string
	err := e.tx.Query(e.ctx, q, args, func(scan func(...any) error) error {
		var a, b string
		if err := scan(&a, &b); err != nil {
			return err
		}
		out = append(out, a, b)
		return nil
	})
	return nonEmpty(out), err
}

func (e *eraser) erase(p Person) error {
	apps, cands, emps := nonEmpty(p.ApplicationIDs), nonEmpty(p.CandidateIDs), nonEmpty(p.EmployeeIDs)
	sid := p.SubjectID

	// What identifies the person beyond record ids: their sign-in logins,
	// their laptops, and the contact values other results may quote.
	var emails, hosts, mentions []string
	mentions = p.ids()
	if len(apps) > 0 {
		v, err := e.strings("SELECT email, phone FROM applications WHERE application_id IN ("+marks(len(apps))+")", anys(apps)...)
		if err != nil {
			return err
		}
		mentions = append(mentions, v...)
	}
	if len(emps) > 0 {
		v, err := e.strings("SELECT work_email, personal_email FROM employees WHERE employee_id IN ("+marks(len(emps))+")", anys(emps)...)
		if err != nil {
			return err
		}
		emails = v
		mentions = append(mentions, v...)
		v, err = e.strings("SELECT phone, phone FROM employees WHERE employee_id IN ("+marks(len(emps))+")", anys(emps)...)
		if err != nil {
			return err
		}
		mentions = append(mentions, v...)
		if hosts, err = e.strings("SELECT hostname, serial_number FROM shipments WHERE employee_id IN ("+marks(len(emps))+")", anys(emps)...); err != nil {
			return err
		}
	}
	hosts = uniq(hosts)
	mentions = uniq(mentions)

	// Records.
	if len(apps) > 0 {
		for _, t := range []string{"resumes", "photos"} {
			if err := e.del(t, "application_id IN ("+marks(len(apps))+")", anys(apps)...); err != nil {
				return err
			}
		}
	}
	if w, args := inAny([]string{"application_id", "candidate_id"}, apps, cands); w != "" {
		if err := e.del("applications", w, args...); err != nil {
			return err
		}
	}
	if len(emps) > 0 {
		for _, t := range []string{"shipments", "payroll"} {
			if err := e.del(t, "employee_id IN ("+marks(len(emps))+")", anys(emps)...); err != nil {
				return err
			}
		}
		if err := e.del("employees", "employee_id IN ("+marks(len(emps))+")", anys(emps)...); err != nil {
			return err
		}
	}
	if ids := p.ids(); len(ids) > 0 {
		if err := e.del("notes", "subject_id IN ("+marks(len(ids))+")", anys(ids)...); err != nil {
			return err
		}
	}
	if len(emails) > 0 {
		lower := make([]string, len(emails))
		for i, m := range emails {
			lower[i] = strings.ToLower(m)
		}
		lower = uniq(lower)
		if err := e.del("signins", "LOWER(actor) IN ("+marks(len(lower))+")", anys(lower)...); err != nil {
			return err
		}
	}
	if len(hosts) > 0 {
		if err := e.del("host_rows", "hostname IN ("+marks(len(hosts))+") OR serial IN ("+marks(len(hosts))+")", append(anys(hosts), anys(hosts)...)...); err != nil {
			return err
		}
	}

	// Results: the subject, its signals, its links and cluster membership,
	// and anything other subjects' results quote of the person.
	if err := e.del("signals", "subject_id = ?", sid); err != nil {
		return err
	}
	if err := e.del("subjects", "id = ?", sid); err != nil {
		return err
	}
	if err := e.del("links", "a = ? OR b = ?", sid, sid); err != nil {
		return err
	}
	if err := e.clusters(sid); err != nil {
		return err
	}
	if err := e.mentioning("signals", "subject_id, ordinal", []string{"title", "explanation", "evidence_json"}, mentions); err != nil {
		return err
	}
	if err := e.mentioning("links", "cluster_id, ordinal", []string{"a", "b", "explanation"}, mentions); err != nil {
		return err
	}

	// Feedback, case work, alerts and what analysts saw.
	for _, d := range []struct{ table, where string }{
		{"dispositions", "subject_id = ?"},
		{"cases", "subject_id = ?"},
		{"comments", "subject_id = ?"},
		{"alert_state", "subject_id = ?"},
		{"queue_seen", "subject_id = ?"},
		{"legal_holds", "subject_id = ?"},
	} {
		if err := e.del(d.table, d.where, sid); err != nil {
			return err
		}
	}
	if err := e.del("allowances", "a = ? OR b = ?", sid, sid); err != nil {
		return err
	}
	return e.outbox(sid)
}

// clusters takes the subject out of every cluster; a cluster left with
// fewer than two subjects is no cluster and goes, links and all.
func (e *eraser) clusters(sid string) error {
	type cl struct {
		id      string
		members []string
	}
	var found []cl
	err := e.tx.Query(e.ctx, "SELECT id, subject_ids_json FROM clusters", nil, func(scan func(...any) error) error {
		var c cl
		var js string
		if err := scan(&c.id, &js); err != nil {
			return err
		}
		if strings.Contains(js, sid) {
			_ = json.Unmarshal([]byte(js), &c.members)
			if slices.Contains(c.members, sid) {
				found = append(found, c)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range found {
		rest := slices.DeleteFunc(c.members, func(s string) bool { return s == sid })
		if len(rest) < 2 {
			if err := e.del("links", "cluster_id = ?", c.id); err != nil {
				return err
			}
			if err := e.del("clusters", "id = ?", c.id); err != nil {
				return err
			}
			continue
		}
		js, _ := json.Marshal(rest)
		if e.dry {
			e.rows["clusters"]++
			continue
		}
		n, err := e.tx.Exec(e.ctx, "UPDATE clusters SET subject_ids_json = ? WHERE id = ?", string(js), c.id)
		if err != nil {
			return err
		}
		e.rows["clusters"] += n
	}
	return nil
}

// mentioning deletes the rows of table whose text columns quote one of
// the person's ids or contact values: other subjects' signals and links
// that explain themselves with the erased person. The next analysis
// recomputes them without the person.
func (e *eraser) mentioning(table, key string, cols []string, needles []string) error {
	keyCols := strings.Split(key, ", ")
	type rowKey struct {
		a string
		b int64
	}
	var hits []rowKey
	err := e.tx.Query(e.ctx, "SELECT "+key+", "+strings.Join(cols, ", ")+" FROM "+table, nil, func(scan func(...any) error) error {
		var k rowKey
		texts := make([]string, len(cols))
		dest := []any{&k.a, &k.b}
		for i := range texts {
			dest = append(dest, &texts[i])
		}
		if err := scan(dest...); err != nil {
			return err
		}
		for _, t := range texts {
			if mentionsAny(t, needles) {
				hits = append(hits, k)
				break
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range hits {
		if err := e.del(table, keyCols[0]+" = ? AND "+keyCols[1]+" = ?", k.a, k.b); err != nil {
			return err
		}
	}
	return nil
}

// outbox deletes the subject's alerts waiting for delivery (and the record
// of delivered ones): their payloads name the person's record ids.
func (e *eraser) outbox(sid string) error {
	type key struct{ id, dest string }
	var hits []key
	err := e.tx.Query(e.ctx, "SELECT alert_id, destination, payload FROM alert_outbox", nil, func(scan func(...any) error) error {
		var k key
		var payload string
		if err := scan(&k.id, &k.dest, &payload); err != nil {
			return err
		}
		var a struct {
			SubjectID string `json:"subject_id"`
		}
		if json.Unmarshal([]byte(payload), &a) == nil && a.SubjectID == sid || mentionsAny(payload, []string{sid}) {
			hits = append(hits, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range hits {
		if err := e.del("alert_outbox", "alert_id = ? AND destination = ?", k.id, k.dest); err != nil {
			return err
		}
	}
	return nil
}

// mentionsAny reports whether text holds one of needles as a whole token:
// "A12" is in "shares a phone with A12." but not in "A123".
func mentionsAny(text string, needles []string) bool {
	for _, n := range needles {
		if len(n) < 3 {
			continue // too short to tell from other text
		}
		for i := 0; ; {
			j := strings.Index(text[i:], n)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(n)
			if (start == 0 || !idByte(text[start-1])) && (end == len(text) || !idByte(text[end])) {
				return true
			}
			i = start + 1
		}
	}
	return false
}

func idByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-'
}

// inAny builds "col1 IN (...) OR col2 IN (...)" over the non-empty lists.
func inAny(cols []string, lists ...[]string) (string, []any) {
	var conds []string
	var args []any
	for i, l := range lists {
		if len(l) == 0 {
			continue
		}
		conds = append(conds, cols[i]+" IN ("+marks(len(l))+")")
		args = append(args, anys(l)...)
	}
	return strings.Join(conds, " OR "), args
}

func marks(n int) string {
	if n == 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func set(s []string) map[string]bool {
	m := map[string]bool{}
	for _, v := range s {
		if v != "" {
			m[v] = true
		}
	}
	return m
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func trueKeys(m map[string]bool) []string {
	var out []string
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func nonEmpty(s []string) []string {
	var out []string
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

func uniq(s []string) []string {
	out := nonEmpty(s)
	sort.Strings(out)
	return slices.Compact(out)
}
