package http_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	mhttp "github.com/mosaic-sec/mosaic/http"
	"github.com/mosaic-sec/mosaic/rules"
)

// noRedirect is a client that shows redirects instead of following them.
func noRedirect(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signedIn reports whether a request with this session cookie value is
// let in (rather than sent to the log-in page).
func signedIn(t *testing.T, base, name, value string) bool {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/queue", nil)
	req.AddCookie(&http.Cookie{Name: name, Value: value})
	resp, err := noRedirect(nil).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// sessionValue is the session cookie a client holds for the server.
func sessionValue(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	u, _ := url.Parse(base)
	for _, ck := range c.Jar.Cookies(u) {
		if strings.HasSuffix(ck.Name, "mosaic_session") {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// extraServer starts another server over the bench's service and store,
// with cfg's session settings.
func extraServer(t *testing.T, b *bench, cfg mhttp.Config) *httptest.Server {
	t.Helper()
	set, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Service, cfg.Ops, cfg.Rules, cfg.Version = b.svc, b.ops, set, "test"
	srv := httptest.NewServer(mhttp.New(cfg))
	t.Cleanup(srv.Close)
	return srv
}

// TestSessionLifecycle (ASVS 3.2.1, 3.3.1, 3.3.3, 3.4.x, 4.2.2): a log-in
// always starts a new session and ends the one the browser brought; a
// log-out needs the session's CSRF token and ends the session on the
// server; a new password ends every session of the account.
func TestSessionLifecycle(t *testing.T) {
	b := newBench(t)
	c, csrf := b.login(t, "analyst1")
	first := sessionValue(t, c, b.http.URL)

	// Log-in again from the same browser: a new session, the old one gone.
	resp, err := c.PostForm(b.http.URL+"/login", url.Values{"username": {"analyst1"}, "password": {benchPassword}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	second := sessionValue(t, c, b.http.URL)
	if second == first || signedIn(t, b.http.URL, "mosaic_session", first) || !signedIn(t, b.http.URL, "mosaic_session", second) {
		t.Fatalf("the session was not replaced at log-in (same: %v)", second == first)
	}
	if m := csrfField.FindSubmatch(page); m == nil || string(m[1]) == csrf {
		t.Fatal("the new session kept the old CSRF token")
	}
	csrf = string(csrfField.FindSubmatch(page)[1])

	// Log-out without the CSRF token (a forged form): refused, still in.
	for _, tok := range []string{"", "forged"} {
		resp, err = noRedirect(c.Jar).PostForm(b.http.URL+"/logout", url.Values{"csrf": {tok}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || !signedIn(t, b.http.URL, "mosaic_session", second) {
			t.Fatalf("log-out with csrf %q: %d, or the session ended", tok, resp.StatusCode)
		}
	}
	resp, err = noRedirect(c.Jar).PostForm(b.http.URL+"/logout", url.Values{"csrf": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || signedIn(t, b.http.URL, "mosaic_session", second) {
		t.Fatalf("log-out: %d; the session still works on the server: %v", resp.StatusCode, signedIn(t, b.http.URL, "mosaic_session", second))
	}

	// A password change ends the account's other sessions.
	c1, _ := b.login(t, "viewer1")
	c2, _ := b.login(t, "viewer1")
	s1, s2 := sessionValue(t, c1, b.http.URL), sessionValue(t, c2, b.http.URL)
	if err := b.ops.AddUser(context.Background(), "viewer1", "viewer", "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	if signedIn(t, b.http.URL, "mosaic_session", s1) || signedIn(t, b.http.URL, "mosaic_session", s2) {
		t.Fatal("sessions survived a password change")
	}
}

// TestSessionIdleTimeout (ASVS 3.3.2): a session unused for the idle time
// ends; one in use goes on past it.
func TestSessionIdleTimeout(t *testing.T) {
	b := newBench(t)
	srv := extraServer(t, b, mhttp.Config{SessionIdle: 2 * time.Second})
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(srv.URL+"/login", url.Values{"username": {"viewer1"}, "password": {benchPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	sess := sessionValue(t, c, srv.URL)
	for range 3 { // 3.6 s in use, past the 2 s idle time
		time.Sleep(1200 * time.Millisecond)
		if !signedIn(t, srv.URL, "mosaic_session", sess) {
			t.Fatal("a session in use timed out")
		}
	}
	time.Sleep(2500 * time.Millisecond)
	if signedIn(t, srv.URL, "mosaic_session", sess) {
		t.Fatal("an idle session still works")
	}
}

// TestSessionCookieFlags (ASVS 3.4.1-3.4.5): HttpOnly, SameSite=Strict,
// path /; over TLS Secure with the __Host- prefix (and HSTS).
func TestSessionCookieFlags(t *testing.T) {
	b := newBench(t)
	for _, tlsOn := range []bool{false, true} {
		srv := b.http
		if tlsOn {
			srv = extraServer(t, b, mhttp.Config{SecureCookies: true})
		}
		resp, err := noRedirect(nil).PostForm(srv.URL+"/login", url.Values{"username": {"viewer1"}, "password": {benchPassword}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cs := resp.Cookies()
		if len(cs) != 1 {
			t.Fatalf("TLS %v: cookies %v", tlsOn, cs)
		}
		ck := cs[0]
		if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Domain != "" || ck.Secure != tlsOn {
			t.Errorf("TLS %v: cookie %+v", tlsOn, ck)
		}
		if want := map[bool]string{false: "mosaic_session", true: "__Host-mosaic_session"}[tlsOn]; ck.Name != want {
			t.Errorf("TLS %v: cookie named %q, want %q", tlsOn, ck.Name, want)
		}
		if tlsOn {
			if resp.Header.Get("Strict-Transport-Security") == "" {
				t.Error("no HSTS header when serving TLS")
			}
			// The prefixed name is the only one read: a plain cookie
			// (planted by a sibling host) is not a session.
			if signedIn(t, srv.URL, "mosaic_session", ck.Value) || !signedIn(t, srv.URL, ck.Name, ck.Value) {
				t.Error("the __Host- cookie is not the only one read")
			}
		}
	}
}

// TestLoginGivesNothingAway (ASVS 2.2.1, 3.2.x, 7.1.2): a wrong password
// and an unknown user get the same answer; failures are audited without
// the password; after five failures in a minute the address (and the
// name) is throttled, even with the right password.
func TestLoginGivesNothingAway(t *testing.T) {
	b := newBench(t)
	try := func(user, pw string) (int, string) {
		resp, err := noRedirect(nil).PostForm(b.http.URL+"/login", url.Values{"username": {user}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(body)
	}
	code1, body1 := try("analyst1", "wrong password 1")
	code2, body2 := try("no-such-user", "wrong password 2")
	if code1 != http.StatusUnauthorized || code1 != code2 || strings.ReplaceAll(body1, "analyst1", "") != strings.ReplaceAll(body2, "no-such-user", "") {
		t.Errorf("a wrong password and an unknown user differ: %d, %d", code1, code2)
	}
	for i := range 4 {
		try("admin1", "guess "+string(rune('a'+i))+" xxxxxxxx")
	}
	try("admin1", "guess e xxxxxxxx")
	if code, body := try("admin1", benchPassword); code != http.StatusTooManyRequests || !strings.Contains(body, "Too many") {
		t.Errorf("the sixth log-in after five failures: %d", code)
	}
	entries, err := b.ops.AuditLog(context.Background(), time.Time{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var failed, throttled int
	for _, e := range entries {
		switch e.Action {
		case "login_failed":
			failed++
		case "login_throttled":
			throttled++
		}
		if strings.Contains(e.Detail+e.Target, "wrong password") || strings.Contains(e.Detail+e.Target, "guess") {
			t.Errorf("a password in the audit log: %+v", e)
		}
	}
	if failed < 5 || throttled < 1 { // five failures from one address, then it is throttled
		t.Errorf("audit: %d failed log-ins, %d throttled", failed, throttled)
	}
}

// TestHeadersOnEveryAnswer (ASVS 14.4.x, 14.3.3, 8.1.1): every answer, a
// page, JSON, an error, a static file, carries the CSP, nosniff, framing
// and referrer headers; none names the server; API answers are not
// cached.
func TestHeadersOnEveryAnswer(t *testing.T) {
	b := newBench(t)
	for _, path := range []string{"/login", "/healthz", "/api/v1/status", "/api/v1/subjects/none", "/static/mosaic.css", "/nowhere", "/queue"} {
		req, _ := http.NewRequest("GET", b.http.URL+path, nil)
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+b.tokens["viewer"])
		}
		resp, err := noRedirect(nil).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: security headers missing: %v", path, h)
		}
		if h.Get("Server") != "" || h.Get("X-Powered-By") != "" {
			t.Errorf("%s: names the server: %q", path, h.Get("Server"))
		}
		if strings.HasPrefix(path, "/api/") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, h.Get("Cache-Control"))
		}
	}
}

// TestStrictRequests (ASVS 5.1.x, 13.1.x, 13.2.x): JSON bodies with unknown
// fields, trailing data or over the size limit are refused with 400 or
// 413 and a short reason; a cross-site form post is refused; errors tell
// no internals.
func TestStrictRequests(t *testing.T) {
	b := newBench(t)
	subject, _ := b.ids(t)
	post := func(path, ctype, body string, hdr map[string]string) (int, string) {
		req, _ := http.NewRequest("POST", b.http.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", "Bearer "+b.tokens["admin"])
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(out)
	}
	verdict := "/api/v1/subjects/" + subject + "/verdict"
	for _, c := range []struct{ body, why string }{
		{`{"verdict":"benign","note":"x","admin":true}`, "unknown field"},
		{`{"verdict":"benign","note":"x"} {"verdict":"confirmed_fraud"}`, "trailing object"},
		{`{"verdict":"benign","note":"` + strings.Repeat("x", 70<<10) + `"}`, "over 64 KiB"},
		{`{"verdict":"maybe"}`, "unknown verdict"},
	} {
		code, out := post(verdict, "application/json", c.body, nil)
		if code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", c.why, code, out)
		}
		if strings.Contains(out, ".go") || strings.Contains(out, "goroutine") || strings.Contains(out, "/tmp/") || strings.Contains(out, "sql") {
			t.Errorf("%s: the error tells internals: %s", c.why, out)
		}
	}
	if code, out := post("/api/v1/ingest/nonsense", "text/csv", "a,b\n", nil); code != http.StatusBadRequest || !strings.Contains(out, "unknown kind") {
		t.Errorf("unknown kind: %d %s", code, out)
	}
	small := extraServer(t, b, mhttp.Config{MaxBodyBytes: 1 << 10})
	req, _ := http.NewRequest("POST", small.URL+"/api/v1/ingest/applications", strings.NewReader("application_id\n"+strings.Repeat("A1\n", 1000)))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+b.tokens["ingest"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("an ingest body over the limit: %d", resp.StatusCode)
	}
	// A cross-site form post with a session (CSRF through the browser).
	c, csrf := b.login(t, "analyst1")
	req, _ = http.NewRequest("POST", b.http.URL+"/subjects/"+subject+"/comments", strings.NewReader(url.Values{"csrf": {csrf}, "text": {"x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site form post: %d", resp.StatusCode)
	}
}
