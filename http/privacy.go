package http

import (
	"net/http"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/service"
)

// postErase erases a person (admins only): their records, the results and
// feedback about them, their case work and alerts; the service forgets
// them before answering. The reason is required and goes to the audit
// log, which privacy.Erase writes in the erasure's own transaction.
func (s *Server) postErase(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
		Force  bool   `json:"force"`
	}
	if err := decodeBody(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.TrimSpace(in.Reason) == "" {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "reason is required: the request or ticket the erasure answers (not the person's name)"))
		return
	}
	p := who(r)
	res, err := s.cfg.Service.Erase(r.Context(), service.EraseRequest{ID: r.PathValue("id"), By: p.Name, Role: p.Role,
		Reason: in.Reason, Remote: remoteAddr(r), Force: in.Force})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
