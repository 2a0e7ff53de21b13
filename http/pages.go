package http

import (
	"context"
	"crypto/subtle"
	"embed"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/report"
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
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.UTC().Format("2006-01-02")
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"pct": func(x float64) string {
		return template.HTMLEscapeString(strings.TrimRight(strings.TrimRight(ftoa(x*100), "0"), ".")) + "%"
	},
	// width is a share as a whole percentage for a bar's width class.
	"width": func(x float64) int { return min(100, max(0, int(x*100+0.5))) },
	"mask":  func(s string) string { return maskText(s) },
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
	"human": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"isURL": func(s string) bool { return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") },
	"add":   func(a, b int) int { return a + b },
	"name": func(names map[string]string, id string) string {
		if n, ok := names[id]; ok && n != "" {
			return n
		}
		return id
	},
}

// pageTemplates parses each page with the layout once, when the server is
// built: parsing on every request cost more than rendering.
type pageTemplates struct {
	mu    sync.Mutex
	pages map[string]*template.Template
}

func (p *pageTemplates) get(name string) (*template.Template, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.pages[name]; ok {
		return t, nil
	}
	t, err := template.New("").Funcs(pageFuncs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
	if err != nil {
		return nil, err
	}
	if p.pages == nil {
		p.pages = map[string]*template.Template{}
	}
	p.pages[name] = t
	return t, nil
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, name string, data map[string]any) {
	t, err := s.templates.get(name)
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
	data["SSO"] = s.cfg.OIDC != nil
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := t.ExecuteTemplate(w, "layout", data); err != nil {
		s.cfg.Log.Error("page failed", "page", name, "error", err)
	}
}

func (s *Server) pageRoutes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	// The stylesheet lives once, in the report package, which inlines it
	// into the static HTML report.
	s.mux.HandleFunc("GET /static/mosaic.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		_, _ = io.WriteString(w, report.Stylesheet())
	})
	s.handle("GET", "/login", "", false, s.loginPage)
	s.handle("POST", "/login", "", false, s.loginPost)
	if s.cfg.OIDC != nil {
		s.oidcRoutes()
	}
	s.handle("POST", "/logout", opstore.RoleViewer, true, s.logoutPost)
	s.handle("GET", "/{$}", opstore.RoleViewer, true, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/queue", http.StatusSeeOther)
	})
	s.handle("GET", "/queue", opstore.RoleViewer, true, s.listSubjectsPage)
	s.handle("GET", "/subjects/{id}", opstore.RoleViewer, true, s.subjectPage)
	s.handle("POST", "/subjects/{id}/verdict", opstore.RoleAnalyst, true, s.verdictForm)
	s.handle("POST", "/subjects/{id}/case", opstore.RoleAnalyst, true, s.caseForm)
	s.handle("POST", "/subjects/{id}/comments", opstore.RoleAnalyst, true, s.commentForm)
	s.handle("POST", "/subjects/{id}/reveal", opstore.RoleAnalyst, true, s.revealForm)
	s.handle("GET", "/clusters/{id}", opstore.RoleViewer, true, s.clusterPage)
	s.handle("POST", "/clusters/{id}/reveal", opstore.RoleAnalyst, true, s.clusterReveal)
	s.handle("GET", "/rules", opstore.RoleViewer, true, s.rulesPage)
	s.handle("POST", "/rules/{id}", opstore.RoleAdmin, true, s.ruleForm)
	s.handle("GET", "/sources", opstore.RoleAdmin, true, s.sourcesPage)
	s.handle("GET", "/sources/{seq}/rejects.csv", opstore.RoleAdmin, true, s.rejectsCSV)
	s.handle("GET", "/admin/users", opstore.RoleAdmin, true, s.usersPage)
	s.handle("GET", "/admin/audit", opstore.RoleAdmin, true, s.auditPage)
	s.sessionRoutes()
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
	// A new session every log-in (ASVS 3.2.1); one the browser brought
	// along (a planted one, or the last user's) ends here.
	if c, err := r.Cookie(s.sessionCookieName()); err == nil && c.Value != "" {
		_ = s.cfg.Ops.DeleteSession(r.Context(), c.Value)
	}
	sess, err := s.cfg.Ops.CreateSession(r.Context(), u.Name, min(s.cfg.SessionIdle, s.cfg.SessionTTL))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cfg.Ops.NoteSessionClient(r.Context(), sess.ID, r.UserAgent(), remoteAddr(r)); err != nil {
		s.cfg.Log.Warn("cannot note the new session's browser", "error", err)
	}
	s.setSessionCookie(w, sess)
	s.audit(r, &principal{Name: u.Name, Role: u.Role}, "login", u.Name, "")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logoutPost(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) { // a forged log-out is refused like any forged form
		return
	}
	if p := who(r); p != nil && p.Session != nil {
		_ = s.cfg.Ops.DeleteSession(r.Context(), p.Session.ID)
		s.audit(r, p, "logout", p.Name, "")
	}
	s.setSessionCookie(w, nil)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) verdictForm(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	id := r.PathValue("id")
	verdict := r.PostForm.Get("verdict")
	if err := s.cfg.Service.SetVerdict(r.Context(), id, verdict, r.PostForm.Get("note"), who(r).Name); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, who(r), "verdict", id, verdict)
	// The verdict is applied by the next analysis; wait briefly so the page
	// the analyst lands on already shows it.
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	s.waitVerdict(ctx, id, verdict)
	http.Redirect(w, r, "/subjects/"+url.PathEscape(id)+"#work", http.StatusSeeOther)
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
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(p.Session.CSRF)) == 1
}

// waitVerdict waits until the published analysis shows the verdict, or ctx
// ends (the verdict is stored either way; the page then shows it later).
func (s *Server) waitVerdict(ctx context.Context, id, verdict string) {
	for {
		if sub, err := s.cfg.Service.Subject(id); err != nil || sub.Disposition == verdict {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}
