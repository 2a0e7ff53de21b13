package alert

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSlackPostsShortMessage(t *testing.T) {
	type msg struct {
		path, ctype string
		body        map[string]any
	}
	ch := make(chan msg, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		ch <- msg{r.URL.Path, r.Header.Get("Content-Type"), m}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()

	s, err := NewSlack("slack:test", srv.URL+"/services/T000/B000/XXXX", HTTPOptions{AllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	a := sample()
	if err := s.Send(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	m := <-ch
	if m.path != "/services/T000/B000/XXXX" || m.ctype != "application/json" {
		t.Fatalf("posted to %s as %s", m.path, m.ctype)
	}
	text, _ := m.body["text"].(string)
	for _, want := range []string{"S-jane", "*high*", "(was medium)", "score 84.2",
		"`hiring.phone_shared_across_applicants`", "Phone +1 602 555 0143",
		"<http://127.0.0.1:8080/subjects/S-jane|Open S-jane>", a.ID} {
		if !strings.Contains(text, want) {
			t.Errorf("message lacks %q:\n%s", want, text)
		}
	}
	// An explanation cannot ping the channel or break its bullet.
	if strings.Contains(text, "<!channel>") || !strings.Contains(text, "&lt;!channel&gt;") {
		t.Errorf("mrkdwn not escaped:\n%s", text)
	}
	if n := strings.Count(text, "\n"); n != 4 { // headline, 2 reasons, link, id
		t.Errorf("message has %d line breaks, want 4:\n%s", n, text)
	}
}

func TestSlackTextLimitsReasons(t *testing.T) {
	a := sample()
	for range 5 {
		a.TopSignals = append(a.TopSignals, Signal{RuleID: "r", Explanation: "e"})
	}
	text := SlackText(a)
	if strings.Count(text, "\n• `") != maxSlackReasons || !strings.Contains(text, "and 4 more") {
		t.Fatalf("reasons not limited:\n%s", text)
	}
}
