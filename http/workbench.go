package http

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/service"
)

// The analysts' workbench: queue, person, ring, sources, rules and the
// admin pages. Every page is rendered on the server; forms carry the
// session's CSRF token; the only script draws the ring picture.

// queueRow is one line of the queue with what changed since the analyst
// last looked.
type queueRow struct {
	mosaic.Subject
	Mark     string // "new", "raised" or "" (nothing new)
	Previous string // the level last seen, for "raised"
	Case     opstore.Case
}

var silos = []mosaic.Silo{mosaic.SiloHiring, mosaic.SiloIdentity, mosaic.SiloOnboarding, mosaic.SiloNetwork,
	mosaic.SiloEndpoint, mosaic.SiloPayroll, mosaic.SiloHR, mosaic.SiloCluster, mosaic.SiloSanctions}

var caseStatuses = []string{opstore.StatusOpen, opstore.StatusInReview, opstore.StatusClosed}

func (s *Server) listSubjectsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	level := q.Get("level")
	if level == "" {
		level = string(mosaic.LevelMedium)
	}
	f := service.Filter{MinLevel: mosaic.Level(level), Silo: q.Get("silo"), Stage: q.Get("stage"), Verdict: q.Get("verdict"),
		Assignee: q.Get("assignee"), Status: q.Get("status"), Query: q.Get("q"), Cursor: q.Get("cursor"), Limit: 100}
	if f.MinLevel.Rank() < 0 {
		f.MinLevel = mosaic.LevelMedium
	}
	page, err := s.cfg.Service.Subjects(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cases, err := s.cfg.Ops.Cases(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := who(r)
	lastViewed, seen, err := s.cfg.Ops.QueueSeen(r.Context(), p.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]queueRow, len(page.Subjects))
	marks := make([]opstore.SeenSubject, 0, len(page.Subjects))
	newCount, raisedCount := 0, 0
	for i, sub := range page.Subjects {
		row := queueRow{Subject: s.mask(sub), Case: cases[sub.ID]}
		if row.Case.Status == "" {
			row.Case.Status = opstore.StatusOpen
		}
		// Someone who never looked has nothing "new": everything would be.
		if prev, ok := seen[sub.ID]; !ok && !lastViewed.IsZero() {
			row.Mark = "new"
			newCount++
		} else if ok && sub.Level.Rank() > mosaic.Level(prev.Level).Rank() {
			row.Mark, row.Previous = "raised", prev.Level
			raisedCount++
		}
		rows[i] = row
		// Only what changed is written: a queue opened again and again by
		// twenty analysts must not rewrite a hundred rows each time.
		if prev, ok := seen[sub.ID]; !ok || prev.Level != string(sub.Level) || prev.Score != sub.Score {
			marks = append(marks, opstore.SeenSubject{ID: sub.ID, Level: string(sub.Level), Score: sub.Score})
		}
	}
	// Nothing changed since this analyst's last look: nothing to write, so
	// busy analysts do not queue behind one another for the write lock.
	if len(marks) > 0 || lastViewed.IsZero() {
		if err := s.cfg.Ops.MarkQueueSeen(r.Context(), p.Name, marks); err != nil {
			s.cfg.Log.Warn("cannot remember what the queue showed", "error", err)
		}
	}
	users, _ := s.cfg.Ops.Users(r.Context())
	var next string
	if page.NextCursor != nil {
		v := r.URL.Query()
		v.Set("cursor", *page.NextCursor)
		next = "/queue?" + v.Encode()
	}
	var last *time.Time
	if !lastViewed.IsZero() {
		last = &lastViewed
	}
	s.page(w, r, "queue", map[string]any{"Page": page, "Rows": rows, "Filter": f, "Levels": mosaic.Levels,
		"Silos": silos, "Statuses": caseStatuses, "Verdicts": service.Verdicts, "Users": users,
		"Total": page.Total, "Next": next, "LastViewed": last, "New": newCount, "Raised": raisedCount,
		"Analysis": s.cfg.Service.Snapshot()})
}

// maskValue hides a personal value: e-mails and numbers as MaskText does,
// anything else (names, addresses, hashes) down to the first letter of each
// word.
func maskValue(v string) string {
	if m := maskText(v); m != v {
		return m
	}
	words := strings.Fields(v)
	for i, w := range words {
		rs := []rune(w)
		if len(rs) > 1 {
			words[i] = string(rs[:1]) + "•••"
		}
	}
	return strings.Join(words, " ")
}

// mayReveal reports whether the caller may ask to see identifiers.
func mayReveal(r *http.Request) bool {
	p := who(r)
	return p != nil && opstore.RoleAtLeast(p.Role, opstore.RoleAnalyst)
}

type evidenceView struct {
	mosaic.Evidence
	Key    string
	Record *service.RecordView
}

type signalView struct {
	mosaic.Signal
	Evidence []evidenceView
}

func maskRecord(v service.RecordView, masked bool) service.RecordView {
	if !masked {
		return v
	}
	fs := make([]service.Field, len(v.Fields))
	for i, f := range v.Fields {
		if f.Personal {
			f.Value = maskValue(f.Value)
		}
		fs[i] = f
	}
	v.Fields = fs
	return v
}

func (s *Server) subjectPage(w http.ResponseWriter, r *http.Request) {
	s.renderSubject(w, r, false, "")
}

// renderSubject shows the person page; revealed shows identifiers
// unmasked (an analyst asked, with a reason, and the reveal is audited).
func (s *Server) renderSubject(w http.ResponseWriter, r *http.Request, revealed bool, notice string) {
	sub, err := s.cfg.Service.Subject(r.PathValue("id"))
	if err != nil {
		s.notFound(w, r, err)
		return
	}
	detail, err := s.cfg.Service.SubjectDetail(sub.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	masked := !revealed
	shown := sub
	if masked {
		shown = s.mask(sub)
	}
	sigs := make([]signalView, len(shown.Signals))
	for i, g := range shown.Signals {
		sv := signalView{Signal: g}
		for _, e := range g.Evidence {
			ev := evidenceView{Evidence: e, Key: service.EvidenceKey(e)}
			if rec, ok := detail.Cited[ev.Key]; ok {
				m := maskRecord(rec, masked)
				ev.Record = &m
			}
			sv.Evidence = append(sv.Evidence, ev)
		}
		sigs[i] = sv
	}
	records := make([]service.RecordView, len(detail.Records))
	for i, rec := range detail.Records {
		records[i] = maskRecord(rec, masked)
	}
	// Timeline lines name records by id and steps by kind, never contact
	// details, so they are shown as they are.
	timeline := detail.Timeline
	comments, err := s.cfg.Ops.Comments(r.Context(), sub.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cases, err := s.cfg.Ops.Cases(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := cases[sub.ID]
	if c.Status == "" {
		c.Status = opstore.StatusOpen
	}
	users, _ := s.cfg.Ops.Users(r.Context())
	var cluster *mosaic.Cluster
	if sub.ClusterID != nil {
		if cl, err := s.cfg.Service.Cluster(*sub.ClusterID); err == nil {
			cluster = &cl
		}
	}
	s.page(w, r, "subject", map[string]any{"Subject": shown, "Signals": sigs, "Records": records, "Timeline": timeline,
		"Comments": comments, "Case": c, "Users": users, "Statuses": caseStatuses, "Verdicts": service.Verdicts,
		"Cluster": cluster, "Revealed": revealed, "MayReveal": mayReveal(r), "Notice": notice,
		"Screening": s.screeningReview(sub.ID)})
}

// screeningReview returns the sanctions screening's name-only matches for
// one person, from the latest analysis: shown for compliance review, never
// scored (mosaic.ScreeningReview).
func (s *Server) screeningReview(id string) []mosaic.ScreeningReview {
	snap := s.cfg.Service.Snapshot()
	if snap == nil {
		return nil
	}
	var out []mosaic.ScreeningReview
	for _, m := range snap.Report.ScreeningReview {
		if m.SubjectID == id {
			out = append(out, m)
		}
	}
	return out
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, err error) {
	w.WriteHeader(statusOf(err))
	s.page(w, r, "notfound", map[string]any{"Message": mosaic.ErrorMessage(err)})
}

// form parses a posted form and checks its CSRF token.
func (s *Server) form(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil || !s.csrfOK(r) {
		s.fail(w, r, mosaic.Errorf(mosaic.EFORBIDDEN, "the form is stale or came from elsewhere: reload the page"))
		return false
	}
	return true
}

func (s *Server) caseForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	sub, err := s.cfg.Service.Subject(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status, assignee := r.PostForm.Get("status"), strings.TrimSpace(r.PostForm.Get("assignee"))
	if err := s.cfg.Ops.SetCase(r.Context(), opstore.Case{SubjectID: sub.ID, Status: status, Assignee: assignee, UpdatedBy: who(r).Name}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "case", sub.ID, "status "+status+", assignee "+assignee)
	http.Redirect(w, r, "/subjects/"+url.PathEscape(sub.ID)+"#work", http.StatusSeeOther)
}

func (s *Server) commentForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	sub, err := s.cfg.Service.Subject(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := strings.TrimSpace(r.PostForm.Get("text"))
	if text == "" {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "a comment needs some text"))
		return
	}
	if err := s.cfg.Ops.AddComment(r.Context(), opstore.Comment{SubjectID: sub.ID, Author: who(r).Name, Text: text}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "comment", sub.ID, "")
	http.Redirect(w, r, "/subjects/"+url.PathEscape(sub.ID)+"#comments", http.StatusSeeOther)
}

// revealForm shows the person page with identifiers unmasked, once, to an
// analyst who gave a reason; the reveal and its reason are audited.
func (s *Server) revealForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if len(reason) < 5 {
		s.renderSubject(w, r, false, "A reveal needs a reason (a few words: the case, the ticket).")
		return
	}
	sub, err := s.cfg.Service.Subject(r.PathValue("id"))
	if err != nil {
		s.notFound(w, r, err)
		return
	}
	s.audit(r, who(r), "reveal", sub.ID, "reason: "+reason)
	s.renderSubject(w, r, true, "Identifiers shown unmasked for this page view; the reveal is in the audit log.")
}

// graphNode and graphEdge are the ring picture's data (cytoscape's form).
type graphNode struct {
	Data map[string]any `json:"data"`
}

func (s *Server) clusterPage(w http.ResponseWriter, r *http.Request) {
	s.renderCluster(w, r, false)
}

func (s *Server) clusterReveal(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if len(reason) < 5 {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "a reveal needs a reason (at least a few words)"))
		return
	}
	s.audit(r, who(r), "reveal", r.PathValue("id"), "reason: "+reason)
	s.renderCluster(w, r, true)
}

type memberView struct {
	mosaic.Subject
	Links int
}

func (s *Server) renderCluster(w http.ResponseWriter, r *http.Request, revealed bool) {
	c, err := s.cfg.Service.Cluster(r.PathValue("id"))
	if err != nil {
		s.notFound(w, r, err)
		return
	}
	if !revealed {
		c = service.MaskCluster(c)
	}
	degree := map[string]int{}
	for _, l := range c.Links {
		degree[l.A]++
		degree[l.B]++
	}
	var members []memberView
	var elems []graphNode
	names := map[string]string{}
	for _, id := range c.SubjectIDs {
		sub, err := s.cfg.Service.Subject(id)
		if err != nil {
			continue
		}
		names[id] = sub.DisplayName
		members = append(members, memberView{Subject: sub, Links: degree[id]})
		elems = append(elems, graphNode{Data: map[string]any{"id": id, "label": sub.DisplayName, "level": sub.Level,
			"score": sub.Score, "href": "/subjects/" + url.PathEscape(id)}})
	}
	for i, l := range c.Links {
		elems = append(elems, graphNode{Data: map[string]any{"id": "l" + strconv.Itoa(i), "source": l.A, "target": l.B,
			"label": strings.ReplaceAll(l.Kind, "_", " "), "strength": l.Strength}})
	}
	graph, _ := json.Marshal(elems)
	s.page(w, r, "cluster", map[string]any{"Cluster": c, "Members": members, "Names": names, "Graph": string(graph),
		"Revealed": revealed, "MayReveal": mayReveal(r)})
}

func (s *Server) sourcesPage(w http.ResponseWriter, r *http.Request) {
	ins, err := s.cfg.Ops.Ingests(r.Context(), 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := s.cfg.Service.Status()
	// Connectors report themselves as whatever JSON they like; the page
	// shows the contract's fields.
	var sources []map[string]any
	for _, src := range st.Sources {
		b, _ := json.Marshal(src)
		var m map[string]any
		if json.Unmarshal(b, &m) == nil {
			sources = append(sources, m)
		}
	}
	var input *mosaic.InputSummary
	var coverage *mosaic.Coverage
	if snap := s.cfg.Service.Snapshot(); snap != nil {
		input, coverage = &snap.Report.Input, snap.Report.Coverage
	}
	scans, err := s.cfg.Ops.IncompleteScans(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, "sources", map[string]any{"Ingests": ins, "Status": st, "Sources": sources, "Input": input, "Coverage": coverage,
		"IncompleteScans": scans})
}

// rejectsCSV downloads one ingest call's rejected rows with their reasons.
func (s *Server) rejectsCSV(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "not an ingest number: %q", r.PathValue("seq")))
		return
	}
	ins, err := s.cfg.Ops.Ingests(r.Context(), 100000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, in := range ins {
		if in.Seq != seq {
			continue
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="mosaic-rejects-`+strconv.FormatInt(seq, 10)+`.csv"`)
		writeRejects(w, in)
		return
	}
	s.fail(w, r, mosaic.Errorf(mosaic.ENOTFOUND, "no ingest %d", seq))
}

type ruleRow struct {
	RuleInfo
	Override *opstore.RuleOverride
}

func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request) {
	ovs, err := s.cfg.Ops.RuleOverrides(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rows []ruleRow
	for _, ri := range s.ruleInfos() {
		row := ruleRow{RuleInfo: ri}
		if o, ok := ovs[ri.ID]; ok {
			row.Override = &o
		}
		rows = append(rows, row)
	}
	p := who(r)
	s.page(w, r, "rules", map[string]any{"Rules": rows, "Admin": p != nil && p.Role == opstore.RoleAdmin,
		"Notice": r.URL.Query().Get("saved")})
}

// ruleForm stores an administrator's override of one rule; the next
// analysis applies it.
func (s *Server) ruleForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	id := r.PathValue("id")
	if s.cfg.Rules == nil {
		s.fail(w, r, mosaic.Errorf(mosaic.ENOTFOUND, "no rule %q", id))
		return
	}
	if _, ok := s.cfg.Rules.Rule(id); !ok {
		s.fail(w, r, mosaic.Errorf(mosaic.ENOTFOUND, "no rule %q", id))
		return
	}
	o := opstore.RuleOverride{RuleID: id, Disabled: r.PostForm.Get("disabled") == "on", UpdatedBy: who(r).Name}
	if v := strings.TrimSpace(r.PostForm.Get("weight")); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "weight %q: a number such as 4 or 12.5 (empty: the rule's own)", v))
			return
		}
		o.Weight = x
	}
	if err := s.cfg.Ops.SetRuleOverride(r.Context(), o); err != nil {
		s.fail(w, r, err)
		return
	}
	detail := "enabled, own weight"
	switch {
	case o.Disabled:
		detail = "disabled"
	case o.Weight > 0:
		detail = "weight " + strconv.FormatFloat(o.Weight, 'g', -1, 64)
	}
	s.audit(r, who(r), "rule_override", id, detail)
	s.cfg.Service.RulesChanged()
	http.Redirect(w, r, "/rules?saved="+url.QueryEscape(id)+"#rule-"+url.QueryEscape(id), http.StatusSeeOther)
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	users, err := s.cfg.Ops.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	toks, err := s.cfg.Ops.Tokens(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, "users", map[string]any{"Users": users, "Tokens": toks})
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	entries, err := s.cfg.Ops.AuditLog(r.Context(), time.Time{}, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, verr := s.cfg.Ops.VerifyAudit(r.Context())
	verify := "The chain of " + strconv.Itoa(n) + " entries holds: no entry was changed, removed or inserted."
	if verr != nil {
		verify = mosaic.ErrorMessage(verr)
	}
	// Newest first, the latest 500: the export has the rest.
	shown := make([]opstore.AuditEntry, 0, min(len(entries), 500))
	for i := len(entries) - 1; i >= 0 && len(shown) < 500; i-- {
		shown = append(shown, entries[i])
	}
	s.page(w, r, "audit", map[string]any{"Entries": shown, "Total": len(entries), "Verify": verify, "Broken": verr != nil})
}
