package http

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
)

// Users see and end their own sessions (ASVS 3.3.4); admins end another
// user's from the Users page. Every ending is audited.

func (s *Server) sessionRoutes() {
	s.handle("GET", "/account/sessions", opstore.RoleViewer, true, s.sessionsPage)
	s.handle("POST", "/account/sessions/end", opstore.RoleViewer, true, s.endSessionForm)
	s.handle("POST", "/account/sessions/end-others", opstore.RoleViewer, true, s.endOtherSessionsForm)
	s.handle("POST", "/admin/users/{name}/sessions/end", opstore.RoleAdmin, true, s.endUserSessionsForm)
}

// sessionRow is one session as the page lists it.
type sessionRow struct {
	opstore.SessionInfo
	Browser string
	Current bool
}

func (s *Server) sessionsPage(w http.ResponseWriter, r *http.Request) {
	p := who(r)
	data := map[string]any{"Ended": r.URL.Query().Get("ended")}
	if p.Session == nil {
		// An API token has no sessions of its own.
		s.page(w, r, "sessions", data)
		return
	}
	list, err := s.cfg.Ops.UserSessions(r.Context(), p.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mine := opstore.SessionRef(p.Session.ID)
	rows := make([]sessionRow, 0, len(list))
	for _, x := range list {
		rows = append(rows, sessionRow{SessionInfo: x, Browser: shortAgent(x.UserAgent), Current: x.Ref == mine})
	}
	data["Sessions"] = rows
	data["Others"] = len(rows) > 1
	s.page(w, r, "sessions", data)
}

func (s *Server) endSessionForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	p := who(r)
	if p.Session == nil {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "an API token has no sessions to end"))
		return
	}
	ref := r.PostForm.Get("session")
	ok, err := s.cfg.Ops.EndUserSession(r.Context(), p.Name, ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, mosaic.Errorf(mosaic.ENOTFOUND, "no such session of yours: it may have ended already"))
		return
	}
	current := ref == opstore.SessionRef(p.Session.ID)
	s.audit(r, p, "session_end", p.Name, map[bool]string{true: "this session", false: "another session"}[current])
	if current {
		s.setSessionCookie(w, nil)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account/sessions?ended=1", http.StatusSeeOther)
}

func (s *Server) endOtherSessionsForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	p := who(r)
	if p.Session == nil {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "an API token has no sessions to end"))
		return
	}
	n, err := s.cfg.Ops.EndOtherSessions(r.Context(), p.Name, p.Session.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, p, "session_end_others", p.Name, strconv.Itoa(n)+" sessions")
	http.Redirect(w, r, "/account/sessions?ended="+strconv.Itoa(n), http.StatusSeeOther)
}

func (s *Server) endUserSessionsForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	name := r.PathValue("name")
	users, err := s.cfg.Ops.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !slices.ContainsFunc(users, func(u opstore.User) bool { return u.Name == name }) {
		s.fail(w, r, mosaic.Errorf(mosaic.ENOTFOUND, "no user %q", name))
		return
	}
	if err := s.cfg.Ops.EndSessions(r.Context(), name); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "session_end_user", name, "every session")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

// shortAgent names the browser and system of a user agent in a few words
// ("Firefox on Linux"), enough to recognise one's own devices; the raw
// string stays in the title attribute.
func shortAgent(ua string) string {
	if ua == "" {
		return "unknown"
	}
	browser := ""
	for _, b := range []struct{ token, name string }{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}, {"Go-http-client", "Go client"}} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{{"Windows", "Windows"}, {"iPhone", "iPhone"}, {"iPad", "iPad"},
		{"Android", "Android"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return system
	}
	if len(ua) > 40 {
		return ua[:40] + "…"
	}
	return ua
}
