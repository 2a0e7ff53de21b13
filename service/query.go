package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
)

// Filter selects subjects for the queue.
type Filter struct {
	MinLevel mosaic.Level // "" for every level
	Silo     string
	Stage    string // applicant, employee or ""
	Verdict  string // a verdict, "none" for none, "" for any
	Assignee string
	Status   string
	Query    string // a name, e-mail, phone, application, candidate or employee id
	Cursor   string // an offset, as returned in NextCursor
	Limit    int
}

// Page is one page of the queue.
type Page struct {
	Subjects   []mosaic.Subject `json:"subjects"`
	NextCursor *string          `json:"next_cursor"`
	Total      int              `json:"total"`
}

// Subjects returns the subjects that match f, highest score first.
func (s *Service) Subjects(ctx context.Context, f Filter) (*Page, error) {
	snap := s.Snapshot()
	if snap == nil {
		return &Page{Subjects: []mosaic.Subject{}}, nil
	}
	var cases map[string]opstore.Case
	if f.Assignee != "" || f.Status != "" {
		var err error
		if cases, err = s.cfg.Ops.Cases(ctx); err != nil {
			return nil, err
		}
	}
	matches := s.matcher(f.Query)
	var out []mosaic.Subject
	for _, sub := range snap.Report.Subjects {
		if f.MinLevel != "" && sub.Level.Rank() < f.MinLevel.Rank() {
			continue
		}
		if f.Stage == "employee" && len(sub.EmployeeIDs) == 0 || f.Stage == "applicant" && len(sub.EmployeeIDs) > 0 {
			continue
		}
		if f.Verdict != "" && !(f.Verdict == "none" && sub.Disposition == "" || sub.Disposition == f.Verdict) {
			continue
		}
		if f.Silo != "" && !hasSilo(sub, f.Silo) {
			continue
		}
		if cases != nil {
			c := cases[sub.ID]
			if c.Status == "" {
				c.Status = opstore.StatusOpen
			}
			if f.Assignee != "" && c.Assignee != f.Assignee || f.Status != "" && c.Status != f.Status {
				continue
			}
		}
		if matches != nil && !matches(sub) {
			continue
		}
		out = append(out, sub)
	}
	total := len(out)
	start, _ := strconv.Atoi(f.Cursor)
	if start < 0 || start > len(out) {
		start = len(out)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	end := min(len(out), start+limit)
	page := &Page{Subjects: out[start:end], Total: total}
	if page.Subjects == nil {
		page.Subjects = []mosaic.Subject{}
	}
	if end < len(out) {
		next := strconv.Itoa(end)
		page.NextCursor = &next
	}
	return page, nil
}

func hasSilo(sub mosaic.Subject, silo string) bool {
	for _, g := range sub.Signals {
		if string(g.Silo) == silo {
			return true
		}
	}
	return false
}

// matcher finds subjects by an identifier: exact ids, a name, or an
// e-mail or phone through its normalised digits/lower-case form in the
// stored records.
func (s *Service) matcher(q string) func(mosaic.Subject) bool {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	lq := strings.ToLower(q)
	var ids map[string]bool
	if snap := s.Snapshot(); snap != nil {
		ids = snap.search.lookup(lq)
	}
	return func(sub mosaic.Subject) bool {
		if ids[sub.ID] || strings.Contains(strings.ToLower(sub.DisplayName), lq) || strings.EqualFold(sub.ID, q) {
			return true
		}
		for _, list := range [][]string{sub.ApplicationIDs, sub.CandidateIDs, sub.EmployeeIDs} {
			for _, id := range list {
				if strings.EqualFold(id, q) {
					return true
				}
			}
		}
		return false
	}
}

// Subject returns one subject, or ENOTFOUND. An application, candidate or
// employee id finds its subject too.
func (s *Service) Subject(id string) (mosaic.Subject, error) {
	snap := s.Snapshot()
	if snap != nil {
		if i, ok := snap.bySubject[id]; ok {
			return snap.Report.Subjects[i], nil
		}
		if sid, ok := snap.byRecord[id]; ok {
			return snap.Report.Subjects[snap.bySubject[sid]], nil
		}
	}
	return mosaic.Subject{}, mosaic.Errorf(mosaic.ENOTFOUND, "no subject %q", id)
}

// Cluster returns one cluster, or ENOTFOUND.
func (s *Service) Cluster(id string) (mosaic.Cluster, error) {
	snap := s.Snapshot()
	if snap != nil {
		if i, ok := snap.byCluster[id]; ok {
			return snap.Report.Clusters[i], nil
		}
	}
	return mosaic.Cluster{}, mosaic.Errorf(mosaic.ENOTFOUND, "no cluster %q", id)
}

// RuleCounts says how often each rule fired in the latest analysis.
func (s *Service) RuleCounts() map[string]int {
	if snap := s.Snapshot(); snap != nil {
		return snap.ruleCounts
	}
	return map[string]int{}
}

// Verdicts an analyst may record.
var Verdicts = []string{"confirmed_fraud", "benign", "unknown"}

// SetVerdict records an analyst's verdict; the next analysis applies it.
func (s *Service) SetVerdict(ctx context.Context, subjectID, verdict, note, by string) error {
	ok := false
	for _, v := range Verdicts {
		ok = ok || v == verdict
	}
	if !ok {
		return mosaic.Errorf(mosaic.EINVALID, "verdict %q: choose one of %s", verdict, strings.Join(Verdicts, ", "))
	}
	if _, err := s.Subject(subjectID); err != nil {
		return err
	}
	d := mosaic.Disposition{SubjectID: subjectID, Verdict: verdict, Note: note, SetBy: by, SetAt: s.cfg.Now().UTC()}
	if err := s.cfg.Store.SaveDisposition(ctx, d); err != nil {
		return err
	}
	s.FeedbackChanged()
	return nil
}

// WaitReflected waits until every record ingested so far is reflected in
// the published snapshot, or ctx ends.
func (s *Service) WaitReflected(ctx context.Context) error {
	for s.Status().Pending > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}
