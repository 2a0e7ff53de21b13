package http

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
)

// sessionCookie names the browser session cookie. The __Host- prefix (when
// served over TLS) pins it to this host and path.
const sessionCookie = "mosaic_session"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var pageFuncs = template.FuncMap{
	"lower": strings.ToLower,
	"since": func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"pct": func(x float64) string {
		return template.HTMLEscapeString(strings.TrimRight(strings.TrimRight(ftoa(x*100), "0"), ".")) + "%"
	},
	"mask": func(s string) string { return maskText(s) },
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, name string, data map[string]any) {
	t, err := template.New("").Funcs(pageFuncs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
	if err != nil {
		s.fail(w, r, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot load the page template"))
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	if p := who(r); p != nil {
		data["User"] = p
		if p.Session != nil {
			data["CSRF"] = p.Session.CSRF
		}
	}
	data["Version"] = s.cfg.Version
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := t.ExecuteTemplate(w, "layout", data); err != nil {
		s.cfg.Log.Error("page failed", "page", name, "error", err)
	}
}

func (s *Server) pageRoutes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.handle("GET", "/login", "", false, s.loginPage)
	s.handle("POST", "/login", "", false, s.loginPost)
	s.handle("POST", "/logout", opstore.RoleViewer, true, s.logoutPost)
	s.handle("GET", "/{$}", opstore.RoleViewer, true, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/queue", http.StatusSeeOther)
	})
	s.handle("GET", "/queue", opstore.RoleViewer, true, s.queuePage)
	s.handle("GET", "/subjects/{id}", opstore.RoleViewer, true, s.subjectPage)
	s.handle("POST", "/subjects/{id}/verdict", opstore.RoleAnalyst, true, s.verdictForm)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, "login", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/queue"
	}
	return next
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, mosaic.Errorf(mosaic.EINVALID, "the log-in form could not be read"))
		return
	}
	name, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	keys := []string{"ip:" + remoteAddr(r), "user:" + name}
	now := time.Now()
	if s.limiter.blocked(keys, now) {
		s.audit(r, &principal{Name: name}, "login_throttled", name, "")
		w.WriteHeader(http.StatusTooManyRequests)
		s.page(w, r, "login", map[string]any{"Error": "Too many failed log-ins. Wait a minute and try again.", "Next": next})
		return
	}
	u, err := s.cfg.Ops.Authenticate(r.Context(), name, password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u == nil {
		s.limiter.fail(keys, now)
		s.audit(r, &principal{Name: name}, "login_failed", name, "")
		w.WriteHeader(http.StatusUnauthorized)
		s.page(w, r, "login", map[string]any{"Error": "Wrong user name or password.", "Next": next})
		return
	}
	sess, err := s.cfg.Ops.CreateSession(r.Context(), u.Name, s.cfg.SessionTTL)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.ID, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, Expires: sess.Expires})
	s.audit(r, &principal{Name: u.Name, Role: u.Role}, "login", u.Name, "")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logoutPost(w http.ResponseWriter, r *http.Request) {
	if p := who(r); p != nil && p.Session != nil {
		_ = s.cfg.Ops.DeleteSession(r.Context(), p.Session.ID)
		s.audit(r, p, "logout", p.Name, "")
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) queuePage(w http.ResponseWriter, r *http.Request) {
	s.listSubjectsPage(w, r)
}

func (s *Server) subjectPage(w http.ResponseWriter, r *http.Request) {
	sub, err := s.cfg.Service.Subject(r.PathValue("id"))
	if err != nil {
		w.WriteHeader(statusOf(err))
		s.page(w, r, "notfound", map[string]any{"Message": mosaic.ErrorMessage(err)})
		return
	}
	comments, _ := s.cfg.Ops.Comments(r.Context(), sub.ID)
	s.page(w, r, "subject", map[string]any{"Subject": mask(sub), "Comments": comments, "Verdicts": []string{"confirmed_fraud", "benign", "unknown"}})
}

func (s *Server) verdictForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil || !s.csrfOK(r) {
		s.fail(w, r, mosaic.Errorf(mosaic.EFORBIDDEN, "the form is stale or came from elsewhere: reload the page"))
		return
	}
	id := r.PathValue("id")
	verdict := r.PostForm.Get("verdict")
	if err := s.cfg.Service.SetVerdict(r.Context(), id, verdict, r.PostForm.Get("note"), who(r).Name); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "verdict", id, verdict)
	http.Redirect(w, r, "/subjects/"+id, http.StatusSeeOther)
}

// csrfOK checks a form's token against the session's (on top of the
// cross-origin protection every request passes).
func (s *Server) csrfOK(r *http.Request) bool {
	p := who(r)
	if p == nil || p.Session == nil {
		return true // API tokens are not ambient credentials
	}
	tok := r.PostForm.Get("csrf")
	if tok == "" {
		tok = r.Header.Get("X-CSRF-Token")
	}
	return tok != "" && tok == p.Session.CSRF
}
