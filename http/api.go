package http

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/service"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is 200 once the store answers and the first analysis is
// published (migrations run before the server starts).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.cfg.Ready(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unreachable"})
			return
		}
	}
	if s.cfg.Service.Snapshot() == nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	kind := r.PathValue("kind")
	res, err := s.cfg.Service.Ingest(r.Context(), kind, r.Header.Get("Content-Type"), body, who(r).Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.metrics.ingested(kind, res)
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) attachment(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	res, err := s.cfg.Service.Attachment(r.Context(), r.PathValue("name"), body, who(r).Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.metrics.ingested("attachments", res)
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	scans, err := s.cfg.Ops.IncompleteScans(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, statusAnswer{Status: s.cfg.Service.Status(), IncompleteScans: scans})
}

// statusAnswer is the service's status with the store's incomplete scans:
// scans stopped part-way, so the stored data may lack part of a bundle.
type statusAnswer struct {
	service.Status
	IncompleteScans []opstore.Scan `json:"incomplete_scans"`
}

// mayReveal reports whether identifiers are shown unmasked to the caller:
// never by default; an analyst asks per subject, with a reason.
func (s *Server) mask(sub mosaic.Subject) mosaic.Subject { return s.cfg.Service.Masked(sub) }

func (s *Server) listSubjects(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := service.Filter{MinLevel: mosaic.Level(q.Get("level")), Silo: q.Get("silo"), Stage: q.Get("stage"),
		Verdict: q.Get("verdict"), Assignee: q.Get("assignee"), Status: q.Get("status"), Query: q.Get("q"), Cursor: q.Get("cursor")}
	if f.MinLevel != "" && f.MinLevel.Rank() < 0 {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "level %q: choose critical, high, medium, low or none", f.MinLevel))
		return
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "limit %q: a number from 1 to 1000", v))
			return
		}
		f.Limit = n
	}
	page, err := s.cfg.Service.Subjects(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := *page
	out.Subjects = make([]mosaic.Subject, len(page.Subjects))
	for i, sub := range page.Subjects {
		out.Subjects[i] = s.mask(sub)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getSubject(w http.ResponseWriter, r *http.Request) {
	sub, err := s.cfg.Service.Subject(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.mask(sub))
}

// postReveal shows a subject with its identifiers unmasked, to an analyst
// who gives a reason; the reveal is audited with the reason.
func (s *Server) postReveal(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeBody(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(in.Reason) < 5 {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "a reveal needs a reason (at least a few words)"))
		return
	}
	sub, err := s.cfg.Service.Subject(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "reveal", sub.ID, "reason: "+in.Reason)
	writeJSON(w, http.StatusOK, sub)
}

func (s *Server) getCluster(w http.ResponseWriter, r *http.Request) {
	c, err := s.cfg.Service.Cluster(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, service.MaskCluster(c))
}

func (s *Server) postVerdict(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Verdict string `json:"verdict"`
		Note    string `json:"note"`
	}
	if err := decodeBody(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := s.cfg.Service.SetVerdict(r.Context(), id, in.Verdict, in.Note, who(r).Name); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "verdict", id, in.Verdict)
	writeJSON(w, http.StatusOK, map[string]string{"subject_id": id, "verdict": in.Verdict})
}

func (s *Server) postCase(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Status   string `json:"status"`
		Assignee string `json:"assignee"`
	}
	if err := decodeBody(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if _, err := s.cfg.Service.Subject(id); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cfg.Ops.SetCase(r.Context(), opstore.Case{SubjectID: id, Status: in.Status, Assignee: in.Assignee, UpdatedBy: who(r).Name}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "case", id, "status "+in.Status+", assignee "+in.Assignee)
	writeJSON(w, http.StatusOK, map[string]string{"subject_id": id, "status": in.Status, "assignee": in.Assignee})
}

func (s *Server) getComments(w http.ResponseWriter, r *http.Request) {
	cs, err := s.cfg.Ops.Comments(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cs == nil {
		cs = []opstore.Comment{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"comments": cs})
}

func (s *Server) postComment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Text string `json:"text"`
	}
	if err := decodeBody(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if _, err := s.cfg.Service.Subject(id); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cfg.Ops.AddComment(r.Context(), opstore.Comment{SubjectID: id, Author: who(r).Name, Text: in.Text}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "comment", id, "")
	writeJSON(w, http.StatusOK, map[string]string{"subject_id": id})
}

// RuleInfo is a rule as the API lists it.
type RuleInfo struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Silo        string   `json:"silo"`
	Weight      float64  `json:"weight"`
	Description string   `json:"description,omitempty"`
	References  []string `json:"references,omitempty"`
	Fired       int      `json:"fired"`
}

func (s *Server) ruleInfos() []RuleInfo {
	counts := s.cfg.Service.RuleCounts()
	var out []RuleInfo
	if s.cfg.Rules != nil {
		for _, rl := range s.cfg.Rules.Rules() {
			out = append(out, RuleInfo{ID: rl.ID, Title: rl.Title, Silo: string(rl.Silo), Weight: rl.Weight,
				Description: rl.Description, References: rl.References, Fired: counts[rl.ID]})
		}
	}
	return out
}

func (s *Server) listRules(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"rules": s.ruleInfos()})
}

func (s *Server) listSources(w http.ResponseWriter, r *http.Request) {
	ins, err := s.cfg.Ops.Ingests(r.Context(), 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ins == nil {
		ins = []opstore.Ingest{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"ingests": ins})
}

// listAudit returns the audit log as JSON, or CSV with ?format=csv.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	var since time.Time
	if v := r.URL.Query().Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "since %q: an RFC 3339 time such as 2026-05-02T09:14:00Z", v))
			return
		}
		since = t
	}
	entries, err := s.cfg.Ops.AuditLog(r.Context(), since, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if entries == nil {
		entries = []opstore.AuditEntry{}
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="mosaic-audit.csv"`)
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"seq", "at", "actor", "role", "action", "target", "detail", "remote", "prev_hash", "hash"})
		for _, e := range entries {
			_ = cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.Format(time.RFC3339Nano), e.Actor, e.Role, e.Action,
				e.Target, csvSafe(e.Detail), e.Remote, e.PrevHash, e.Hash})
		}
		cw.Flush()
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries})
}

// csvSafe keeps a spreadsheet from reading a value as a formula.
func csvSafe(v string) string {
	if v != "" && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@') {
		return "'" + v
	}
	return v
}

// maxJSONBody bounds the small JSON bodies of analyst calls.
const maxJSONBody = 64 << 10

func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "the body is not the JSON this call takes")
	}
	if _, err := dec.Token(); err != io.EOF {
		return mosaic.Errorf(mosaic.EINVALID, "the body holds more than the one JSON object this call takes")
	}
	return nil
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
