package http_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic/opstore"
)

// callers of the matrix: no credentials, then each role by API token and
// (people only) by browser session.
type caller struct {
	name, role, token string
	session           *http.Client
	csrf              string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs a user in through the log-in form and returns a client
// holding the session cookie, and the session's CSRF token.
func (b *bench) login(t testing.TB, user string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(b.http.URL+"/login", url.Values{"username": {user}, "password": {benchPassword}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("log-in as %s: %d, no CSRF token on the page", user, resp.StatusCode)
	}
	return c, string(m[1])
}

// TestAuthorizationMatrix walks every route of the server with every role
// (by API token and by session) and with no credentials, and checks the
// answer: allowed (anything but 401/403), 401 for API routes without
// credentials, a redirect to /login for pages, 403 for a role without the
// right.
func TestAuthorizationMatrix(t *testing.T) {
	b := newBench(t)
	subject, cluster := b.ids(t)
	ruleID := ""
	if rs := b.svc.Snapshot().Report.Subjects[0].Signals; len(rs) > 0 {
		ruleID = rs[0].RuleID
	} else {
		ruleID = "hiring.phone_shared_across_applicants"
	}
	callers := []caller{{name: "nobody"}}
	for _, role := range opstore.Roles {
		callers = append(callers, caller{name: role + " token", role: role, token: b.tokens[role]})
		if role != opstore.RoleIngest {
			c, csrf := b.login(t, role+"1")
			callers = append(callers, caller{name: role + " session", role: role, session: c, csrf: csrf})
		}
	}
	fill := strings.NewReplacer("{id}", subject, "{kind}", "applications", "{name...}", "resumes/A-none.txt",
		"{seq}", "1", "{$}", "")
	routes := b.srv.Routes()
	if len(routes) < 30 {
		t.Fatalf("only %d routes", len(routes))
	}
	for _, rt := range routes {
		path := rt.Pattern
		switch {
		case strings.HasPrefix(path, "/clusters/"):
			path = strings.Replace(path, "{id}", cluster, 1)
		case strings.HasPrefix(path, "/rules/"):
			path = strings.Replace(path, "{id}", ruleID, 1)
		}
		path = fill.Replace(path)
		for _, c := range callers {
			if path == "/logout" && c.session != nil {
				continue // would end the session the rest of the walk uses; TestFormsNeedCSRF logs out
			}
			name := rt.Method + " " + rt.Pattern + " as " + c.name
			var body io.Reader
			ctype := ""
			if rt.Method != http.MethodGet {
				switch {
				case strings.HasPrefix(path, "/api/"):
					body, ctype = strings.NewReader("{}"), "application/json"
				default:
					form := url.Values{}
					if c.csrf != "" {
						form.Set("csrf", c.csrf)
					}
					body, ctype = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
				}
			}
			req, err := http.NewRequest(rt.Method, b.http.URL+path, body)
			if err != nil {
				t.Fatal(err)
			}
			if ctype != "" {
				req.Header.Set("Content-Type", ctype)
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			if c.session != nil {
				client.Jar = c.session.Jar
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			code, loc := resp.StatusCode, resp.Header.Get("Location")
			toLogin := code == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
			switch {
			case rt.Role == "":
				if code == http.StatusForbidden || toLogin || code == http.StatusUnauthorized && path != "/login" {
					t.Errorf("%s: %d %s; a public route", name, code, loc)
				}
			case c.role == "" && rt.Page:
				if !toLogin {
					t.Errorf("%s: %d %s; want a redirect to /login", name, code, loc)
				}
			case c.role == "":
				if code != http.StatusUnauthorized {
					t.Errorf("%s: %d; want 401", name, code)
				}
			case roleAllows(c.role, rt.Role):
				if code == http.StatusUnauthorized || code == http.StatusForbidden || toLogin && path != "/logout" {
					t.Errorf("%s: %d %s; the %s role may use this (needs %s)", name, code, loc, c.role, rt.Role)
				}
			default:
				if code != http.StatusForbidden {
					t.Errorf("%s: %d; want 403 (needs %s)", name, code, rt.Role)
				}
			}
		}
	}
}

// roleAllows restates the contract's role table, independently of the
// server's own check.
func roleAllows(have, need string) bool {
	rank := map[string]int{opstore.RoleViewer: 1, opstore.RoleAnalyst: 2, opstore.RoleAdmin: 3}
	switch need {
	case "any":
		return true
	case opstore.RoleIngest:
		return have == opstore.RoleIngest || have == opstore.RoleAdmin
	}
	return rank[have] > 0 && rank[have] >= rank[need]
}

// TestFormsNeedCSRF: a session's form post without the session's CSRF
// token is refused, and so is one after log-out.
func TestFormsNeedCSRF(t *testing.T) {
	b := newBench(t)
	subject, _ := b.ids(t)
	c, csrf := b.login(t, "analyst1")
	for _, tok := range []string{"", "wrong"} {
		resp, err := c.PostForm(b.http.URL+"/subjects/"+subject+"/comments", url.Values{"csrf": {tok}, "text": {"hello"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("comment with csrf %q: %d, want 403", tok, resp.StatusCode)
		}
	}
	resp, err := c.PostForm(b.http.URL+"/subjects/"+subject+"/comments", url.Values{"csrf": {csrf}, "text": {"hello"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("comment with the session's csrf: %d", resp.StatusCode)
	}
	resp, err = c.PostForm(b.http.URL+"/logout", url.Values{"csrf": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	nr := &http.Client{Jar: c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = nr.Get(b.http.URL + "/queue")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("queue after log-out: %d, want a redirect to /login", resp.StatusCode)
	}
}
