package http_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic/opstore"
)

var sessionRefField = regexp.MustCompile(`name="session" value="([^"]+)"`)

// loginAs signs in with a given user agent and returns the client and the
// session's CSRF token.
func (b *bench) loginAs(t *testing.T, user, agent string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: agentTransport(agent)}
	resp, err := c.PostForm(b.http.URL+"/login", url.Values{"username": {user}, "password": {benchPassword}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("log-in as %s: %d", user, resp.StatusCode)
	}
	return c, string(m[1])
}

type agentTransport string

func (a agentTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", string(a))
	return http.DefaultTransport.RoundTrip(r)
}

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	nr := &http.Client{Jar: c.Jar, Transport: c.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nr.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) int {
	t.Helper()
	nr := &http.Client{Jar: c.Jar, Transport: c.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nr.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

const (
	firefoxLinux  = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	chromeWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)

// TestUsersSeeAndEndTheirSessions (ASVS 3.3.4): a user's Sessions page
// lists their live sessions (browser, truncated network, times, "this
// session") and no one else's; "end" ends one, "end all others" every
// other; a session of another user cannot be ended through the form; each
// form needs the CSRF token; every ending is audited.
func TestUsersSeeAndEndTheirSessions(t *testing.T) {
	b := newBench(t)
	base := b.http.URL
	laptop, laptopCSRF := b.loginAs(t, "analyst1", firefoxLinux)
	phone, _ := b.loginAs(t, "analyst1", chromeWindows)
	admin, _ := b.loginAs(t, "admin1", firefoxLinux)

	code, page := getPage(t, laptop, base+"/account/sessions")
	if code != http.StatusOK {
		t.Fatalf("sessions page: %d", code)
	}
	for _, want := range []string{"Firefox on Linux", "Chrome on Windows", "(this session)", "127.0.0.0/24", "End all other sessions"} {
		if !strings.Contains(page, want) {
			t.Errorf("the sessions page lacks %q", want)
		}
	}
	if strings.Contains(page, "127.0.0.1") {
		t.Error("the sessions page shows a full IP address")
	}
	refs := sessionRefField.FindAllStringSubmatch(page, -1)
	if len(refs) != 2 {
		t.Fatalf("%d sessions listed for analyst1, want 2 (the admin's must not show)", len(refs))
	}
	// Which row is the phone's: not the one marked as this session.
	phoneRef := ""
	for _, row := range strings.Split(page, "<tr>") {
		if m := sessionRefField.FindStringSubmatch(row); m != nil && !strings.Contains(row, "(this session)") {
			phoneRef = m[1]
		}
	}
	if phoneRef == "" {
		t.Fatal("no row for the other session")
	}

	// The form needs the session's CSRF token.
	if code := postForm(t, laptop, base+"/account/sessions/end", url.Values{"session": {phoneRef}}); code != http.StatusForbidden {
		t.Errorf("ending without CSRF: %d, want 403", code)
	}
	if code := postForm(t, laptop, base+"/account/sessions/end-others", url.Values{"csrf": {"wrong"}}); code != http.StatusForbidden {
		t.Errorf("ending others with a wrong CSRF: %d, want 403", code)
	}
	// Another user's session cannot be ended through one's own form.
	adminSess := adminRef(t, b, admin)
	if code := postForm(t, laptop, base+"/account/sessions/end", url.Values{"csrf": {laptopCSRF}, "session": {adminSess}}); code != http.StatusNotFound {
		t.Errorf("ending the admin's session as analyst1: %d, want 404", code)
	}
	if code, _ := getPage(t, admin, base+"/queue"); code != http.StatusOK {
		t.Errorf("the admin was signed out by another user's form: %d", code)
	}

	if code := postForm(t, laptop, base+"/account/sessions/end", url.Values{"csrf": {laptopCSRF}, "session": {phoneRef}}); code != http.StatusSeeOther {
		t.Fatalf("ending the phone's session: %d", code)
	}
	if code, _ := getPage(t, phone, base+"/queue"); code != http.StatusSeeOther {
		t.Errorf("the ended session still works: %d", code)
	}
	if code, _ := getPage(t, laptop, base+"/queue"); code != http.StatusOK {
		t.Errorf("ending another session signed out this one: %d", code)
	}

	// End all others: two more sessions end, this one stays.
	other1, _ := b.loginAs(t, "analyst1", chromeWindows)
	other2, _ := b.loginAs(t, "analyst1", chromeWindows)
	if code := postForm(t, laptop, base+"/account/sessions/end-others", url.Values{"csrf": {laptopCSRF}}); code != http.StatusSeeOther {
		t.Fatalf("end all others: %d", code)
	}
	for i, c := range []*http.Client{other1, other2} {
		if code, _ := getPage(t, c, base+"/queue"); code != http.StatusSeeOther {
			t.Errorf("other session %d still works after end all others: %d", i+1, code)
		}
	}
	if _, page := getPage(t, laptop, base+"/account/sessions"); len(sessionRefField.FindAllString(page, -1)) != 1 {
		t.Error("after end all others the page lists more than this session")
	}

	entries, err := b.ops.AuditLog(t.Context(), time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"session_end", "session_end_others"} {
		if !slices.Contains(actions, want) {
			t.Errorf("no %s in the audit log", want)
		}
	}
}

// adminRef is the Ref of the admin client's session, read from its page.
func adminRef(t *testing.T, b *bench, admin *http.Client) string {
	t.Helper()
	_, page := getPage(t, admin, b.http.URL+"/account/sessions")
	m := sessionRefField.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the admin's sessions page lists no session")
	}
	return m[1]
}

// TestAdminEndsAUsersSessions: from the Users page an admin ends every
// session of another user (audited); an analyst may not.
func TestAdminEndsAUsersSessions(t *testing.T) {
	b := newBench(t)
	base := b.http.URL
	victim, victimCSRF := b.loginAs(t, "analyst1", firefoxLinux)
	admin, adminCSRF := b.loginAs(t, "admin1", firefoxLinux)
	if _, page := getPage(t, admin, base+"/admin/users"); !strings.Contains(page, `action="/admin/users/analyst1/sessions/end"`) {
		t.Error("the Users page has no end-sessions form for analyst1")
	}
	if code := postForm(t, victim, base+"/admin/users/admin1/sessions/end", url.Values{"csrf": {victimCSRF}}); code != http.StatusForbidden {
		t.Errorf("an analyst ending the admin's sessions: %d, want 403", code)
	}
	if code := postForm(t, admin, base+"/admin/users/analyst1/sessions/end", url.Values{"csrf": {adminCSRF}}); code != http.StatusSeeOther {
		t.Fatalf("admin ending analyst1's sessions: %d", code)
	}
	if code, _ := getPage(t, victim, base+"/queue"); code != http.StatusSeeOther {
		t.Errorf("analyst1's session still works: %d", code)
	}
	if code, _ := getPage(t, admin, base+"/queue"); code != http.StatusOK {
		t.Errorf("the admin's own session ended: %d", code)
	}
	entries, _ := b.ops.AuditLog(t.Context(), time.Time{}, 0)
	if !slices.ContainsFunc(entries, func(e opstore.AuditEntry) bool { return e.Action == "session_end_user" && e.Target == "analyst1" }) {
		t.Error("no session_end_user entry for analyst1 in the audit log")
	}
}

// TestSessionRoutesInTheMatrix: the session routes are registered with
// the roles TestAuthorizationMatrix walks them with.
func TestSessionRoutesInTheMatrix(t *testing.T) {
	b := newBench(t)
	want := map[string]string{
		"GET /account/sessions":                 opstore.RoleViewer,
		"POST /account/sessions/end":            opstore.RoleViewer,
		"POST /account/sessions/end-others":     opstore.RoleViewer,
		"POST /admin/users/{name}/sessions/end": opstore.RoleAdmin,
	}
	for _, rt := range b.srv.Routes() {
		if role, ok := want[rt.Method+" "+rt.Pattern]; ok {
			if rt.Role != role || !rt.Page {
				t.Errorf("%s %s: role %q page %v, want %q page", rt.Method, rt.Pattern, rt.Role, rt.Page, role)
			}
			delete(want, rt.Method+" "+rt.Pattern)
		}
	}
	for r := range want {
		t.Errorf("route %s is not registered", r)
	}
}
