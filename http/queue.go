package http

import (
	"net/http"
	"strconv"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/service"
)

func (s *Server) listSubjectsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	level := q.Get("level")
	if level == "" {
		level = "medium"
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
	subs := make([]mosaic.Subject, len(page.Subjects))
	for i, sub := range page.Subjects {
		subs[i] = mask(sub)
	}
	s.page(w, r, "queue", map[string]any{"Page": page, "Subjects": subs, "Filter": f, "Levels": mosaic.Levels,
		"Total": strconv.Itoa(page.Total)})
}
