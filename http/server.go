// Package http is mosaic's HTTP adapter: the service contract's API
// (ingest, status, subjects, clusters, verdicts, audit), health and
// metrics, and the analysts' workbench pages, over the same service the
// CLI uses. Every route states the least role it needs; the authorisation
// test walks them all.
package http

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/mosaic-sec/mosaic/service"
)

// Config wires the server.
type Config struct {
	Service *service.Service
	Ops     *opstore.Store
	Rules   *rules.Set
	// Ready reports whether the store is reachable.
	Ready func(ctx context.Context) error
	// MaxBodyBytes bounds an ingest body (default 64 MiB).
	MaxBodyBytes int64
	// SecureCookies marks session cookies Secure (set when serving TLS).
	SecureCookies bool
	// SessionTTL is how long a browser log-in lasts (default 12 hours).
	SessionTTL time.Duration
	// SessionIdle ends a session unused for this long (default 30
	// minutes; ASVS 3.3.2).
	SessionIdle time.Duration
	// OIDC turns on single sign-on (nil: local accounts only).
	OIDC *OIDCConfig
	// Metrics gathers what /metrics exposes, beside the server's own.
	Metrics *prometheus.Registry
	// OutboxPending counts undelivered alerts, for /metrics.
	OutboxPending func(ctx context.Context) (int, error)
	Log           *slog.Logger
	Version       string
}

// Server serves the API and the workbench.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	handler http.Handler
	limiter *loginLimiter
	metrics *metrics

	routeTable []Route
	templates  pageTemplates
}

// New builds the server's routes.
func New(cfg Config) *Server {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 64 << 20
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 30 * time.Minute
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = prometheus.NewRegistry()
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), limiter: newLoginLimiter(), metrics: newMetrics(cfg)}
	s.routes()
	cop := http.NewCrossOriginProtection()
	s.handler = s.secureHeaders(s.metrics.instrument(cop.Handler(s.mux)))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Route is one route and the least role that may use it ("" for anyone,
// opstore.RoleIngest for ingest tokens and admins).
type Route struct {
	Method, Pattern, Role string
	// Page routes answer a browser without a session with the log-in page
	// rather than 401.
	Page bool
}

// Routes lists every route, for the authorisation test and the docs.
func (s *Server) Routes() []Route { return s.routeTable }

func (s *Server) routes() {
	s.handle("GET", "/healthz", "", false, s.healthz)
	s.handle("GET", "/readyz", "", false, s.readyz)
	s.handle("GET", "/metrics", "", false, promhttp.HandlerFor(s.cfg.Metrics, promhttp.HandlerOpts{}).ServeHTTP)
	s.handle("GET", "/openapi.yaml", "", false, serveOpenAPI)

	s.handle("POST", "/api/v1/ingest/{kind}", opstore.RoleIngest, false, s.ingest)
	s.handle("PUT", "/api/v1/ingest/attachments/{name...}", opstore.RoleIngest, false, s.attachment)
	s.handle("GET", "/api/v1/status", "any", false, s.status)
	s.handle("GET", "/api/v1/subjects", opstore.RoleViewer, false, s.listSubjects)
	s.handle("GET", "/api/v1/subjects/{id}", opstore.RoleViewer, false, s.getSubject)
	s.handle("POST", "/api/v1/subjects/{id}/verdict", opstore.RoleAnalyst, false, s.postVerdict)
	s.handle("POST", "/api/v1/subjects/{id}/case", opstore.RoleAnalyst, false, s.postCase)
	s.handle("GET", "/api/v1/subjects/{id}/comments", opstore.RoleViewer, false, s.getComments)
	s.handle("POST", "/api/v1/subjects/{id}/comments", opstore.RoleAnalyst, false, s.postComment)
	s.handle("POST", "/api/v1/subjects/{id}/reveal", opstore.RoleAnalyst, false, s.postReveal)
	s.handle("GET", "/api/v1/clusters/{id}", opstore.RoleViewer, false, s.getCluster)
	s.handle("GET", "/api/v1/rules", opstore.RoleViewer, false, s.listRules)
	s.handle("GET", "/api/v1/sources", opstore.RoleAdmin, false, s.listSources)
	s.handle("GET", "/api/v1/audit", opstore.RoleAdmin, false, s.listAudit)
	s.handle("POST", "/api/v1/subjects/{id}/erase", opstore.RoleAdmin, false, s.postErase)

	s.pageRoutes()
}

// handle registers a route with its authorisation.
func (s *Server) handle(method, pattern, role string, page bool, h http.HandlerFunc) {
	s.routeTable = append(s.routeTable, Route{Method: method, Pattern: pattern, Role: role, Page: page})
	s.mux.Handle(method+" "+pattern, s.authorize(role, page, h))
}

// principal is who is calling.
type principal struct {
	Name    string
	Role    string
	Session *opstore.Session // nil for API tokens
}

type ctxKey struct{}

func who(r *http.Request) *principal {
	p, _ := r.Context().Value(ctxKey{}).(*principal)
	return p
}

// authorize resolves the caller (Bearer token or session cookie) and checks
// the role. No credentials or bad ones: 401; a role without the right: 403;
// both are audited.
func (s *Server) authorize(role string, page bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if role == "" {
			h(w, r)
			return
		}
		p, err := s.identify(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p == nil {
			s.audit(r, nil, "denied", r.Method+" "+r.URL.Path, "no valid credentials (401)")
			if page {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="mosaic"`)
			s.fail(w, r, mosaic.Errorf(mosaic.EUNAUTHORIZED, "authentication required: send Authorization: Bearer TOKEN"))
			return
		}
		if !allowed(p.Role, role) {
			s.audit(r, p, "denied", r.Method+" "+r.URL.Path, "role "+p.Role+" lacks "+role+" (403)")
			s.fail(w, r, mosaic.Errorf(mosaic.EFORBIDDEN, "the %s role may not do this", p.Role))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)))
	})
}

// allowed reports whether a caller's role grants a route's role.
func allowed(have, need string) bool {
	switch need {
	case "any":
		return opstore.ValidRole(have)
	case opstore.RoleIngest:
		return have == opstore.RoleIngest || have == opstore.RoleAdmin
	}
	return opstore.RoleAtLeast(have, need)
}

func (s *Server) identify(r *http.Request) (*principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, nil
		}
		name, role, err := s.cfg.Ops.TokenRole(r.Context(), strings.TrimSpace(tok))
		if err != nil || role == "" {
			return nil, err
		}
		return &principal{Name: "token:" + name, Role: role}, nil
	}
	c, err := r.Cookie(s.sessionCookieName())
	if err != nil || c.Value == "" {
		return nil, nil
	}
	sess, err := s.cfg.Ops.SessionByID(r.Context(), c.Value)
	if err != nil || sess == nil {
		return nil, err
	}
	// Each use restarts the idle timeout, never past the session's
	// lifetime; the store is written at most about once a minute (or a
	// tenth of the idle timeout, when shorter).
	end := time.Now().Add(s.cfg.SessionIdle)
	if last := sess.Created.Add(s.cfg.SessionTTL); last.Before(end) {
		end = last
	}
	if d, step := end.Sub(sess.Expires), min(time.Minute, s.cfg.SessionIdle/10); d > step || d < -step {
		if err := s.cfg.Ops.ExtendSession(r.Context(), sess.ID, end); err != nil {
			return nil, err
		}
		sess.Expires = end
	}
	return &principal{Name: sess.User, Role: sess.Role, Session: sess}, nil
}

// sessionCookieName is the session cookie's name: over TLS with the
// __Host- prefix, which browsers accept only from a secure origin, for
// path / and without a domain, so no sibling host can set or shadow it.
func (s *Server) sessionCookieName() string {
	if s.cfg.SecureCookies {
		return "__Host-" + sessionCookie
	}
	return sessionCookie
}

// setSessionCookie hands the browser its session (an empty one ends it).
func (s *Server) setSessionCookie(w http.ResponseWriter, sess *opstore.Session) {
	c := &http.Cookie{Name: s.sessionCookieName(), Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode}
	if sess == nil {
		c.MaxAge = -1
	} else {
		c.Value, c.Expires = sess.ID, sess.Created.Add(s.cfg.SessionTTL)
	}
	http.SetCookie(w, c)
}

// audit appends to the audit log; a failure is logged, never shown.
func (s *Server) audit(r *http.Request, p *principal, action, target, detail string) {
	e := opstore.AuditEntry{Action: action, Target: target, Detail: detail, Remote: remoteAddr(r)}
	if p != nil {
		e.Actor, e.Role = p.Name, p.Role
	}
	if err := s.cfg.Ops.Audit(context.WithoutCancel(r.Context()), e); err != nil {
		s.cfg.Log.Error("cannot write the audit log", "action", action, "error", err)
	}
}

func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// statusOf maps an error code to an HTTP status.
func statusOf(err error) int {
	switch mosaic.ErrorCode(err) {
	case mosaic.EINVALID:
		return http.StatusBadRequest
	case mosaic.ENOTFOUND:
		return http.StatusNotFound
	case mosaic.ECONFLICT:
		return http.StatusConflict
	case mosaic.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case mosaic.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case mosaic.EFORBIDDEN:
		return http.StatusForbidden
	case mosaic.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers with the error's human message; details go to the log, and
// internal errors say no more than that.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := statusOf(err)
	msg := mosaic.ErrorMessage(err)
	if code == http.StatusInternalServerError {
		s.cfg.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		if errors.Is(err, context.Canceled) {
			msg = "the request was cancelled"
		}
	}
	writeJSON(w, code, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// secureHeaders sets a strict Content-Security-Policy and friends on every
// answer: scripts and styles only from the server itself.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if s.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// loginLimiter allows a few failed log-ins per minute per address and per
// user name (ASVS 2.2.1), so passwords cannot be guessed at speed.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

const (
	loginFailuresAllowed = 5
	loginWindow          = time.Minute
)

func newLoginLimiter() *loginLimiter { return &loginLimiter{failures: map[string][]time.Time{}} }

func (l *loginLimiter) blocked(keys []string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		recent := l.failures[k][:0]
		for _, t := range l.failures[k] {
			if now.Sub(t) < loginWindow {
				recent = append(recent, t)
			}
		}
		l.failures[k] = recent
		if len(recent) >= loginFailuresAllowed {
			return true
		}
	}
	return false
}

func (l *loginLimiter) fail(keys []string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.failures[k] = append(l.failures[k], now)
	}
	if len(l.failures) > 100_000 { // bounded: forget everything rather than grow
		l.failures = map[string][]time.Time{}
	}
}
