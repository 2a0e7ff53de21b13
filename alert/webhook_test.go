package alert

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const testKeyB64 = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

var testSecret = "whsec_" + testKeyB64

func TestWebhookSignatureVerifiesIndependently(t *testing.T) {
	key, _ := base64.StdEncoding.DecodeString(testKeyB64)
	type got struct {
		ok   bool
		why  string
		body []byte
		id   string
	}
	ch := make(chan got, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		id, ts, sigs := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Header.Get("webhook-signature")
		// Recompute as a receiver would, from the spec, not with Sign.
		m := hmac.New(sha256.New, key)
		m.Write([]byte(id + "." + ts + "."))
		m.Write(body)
		want := "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
		g := got{body: body, id: id}
		sec, err := strconv.ParseInt(ts, 10, 64)
		switch {
		case err != nil:
			g.why = "timestamp not integer seconds: " + ts
		case time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute:
			g.why = "timestamp outside tolerance"
		case r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json":
			g.why = "not a JSON POST"
		default:
			for _, s := range strings.Fields(sigs) {
				if hmac.Equal([]byte(s), []byte(want)) {
					g.ok = true
				}
			}
			if !g.ok {
				g.why = "signature mismatch: " + sigs
			}
		}
		ch <- g
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	w, err := NewWebhook("webhook:test", srv.URL+"/hook", testSecret+"\n", HTTPOptions{AllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	a := sample()
	if err := w.Send(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	g := <-ch
	if !g.ok {
		t.Fatal(g.why)
	}
	if g.id != a.ID {
		t.Fatalf("webhook-id %q, want the alert id %q", g.id, a.ID)
	}
	var back Alert
	if err := json.Unmarshal(g.body, &back); err != nil || back.ID != a.ID || back.Schema != Schema {
		t.Fatalf("body is not the alert: %v %s", err, g.body)
	}
}

func TestSignMatchesStandardWebhooksExample(t *testing.T) {
	// The worked example of the Standard Webhooks reference libraries.
	key, _ := ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	got := Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestParseSecret(t *testing.T) {
	k, err := ParseSecret("whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef")) + "\n")
	if err != nil || string(k) != "0123456789abcdef" {
		t.Fatalf("whsec_: %q %v", k, err)
	}
	if k, err := ParseSecret("  plain-secret-bytes \n"); err != nil || string(k) != "plain-secret-bytes" {
		t.Fatalf("raw: %q %v", k, err)
	}
	for _, bad := range []string{"", " \n", "whsec_", "whsec_not*base64!sekrit"} {
		_, err := ParseSecret(bad)
		if err == nil {
			t.Fatalf("ParseSecret(%q) accepted", bad)
		}
		if strings.Contains(err.Error(), "sekrit") {
			t.Fatalf("error quotes the secret: %v", err)
		}
	}
}

func TestWebhookStatusClassification(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	cases := []struct {
		status     int
		retryAfter string
		permanent  bool
		ok         bool
		wait       time.Duration // 0: no Retry-After expected
	}{
		{200, "", false, true, 0},
		{204, "", false, true, 0},
		{302, "", true, false, 0},
		{400, "", true, false, 0},
		{401, "", true, false, 0},
		{404, "", true, false, 0},
		{410, "", true, false, 0},
		{408, "", false, false, 0},
		{429, "7", false, false, 7 * time.Second},
		{429, date, false, false, 90 * time.Second},
		{500, "", false, false, 0},
		{503, "120", false, false, 2 * time.Minute},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.retryAfter != "" {
				w.Header().Set("Retry-After", c.retryAfter)
			}
			if c.status == 302 {
				w.Header().Set("Location", "http://169.254.169.254/")
			}
			w.WriteHeader(c.status)
			io.WriteString(w, `{"echo":"Phone +1 602 555 0143"}`)
		}))
		w, _ := NewWebhook("webhook:test", srv.URL, testSecret, HTTPOptions{AllowPrivate: true})
		err := w.Send(context.Background(), sample())
		srv.Close()
		if c.ok {
			if err != nil {
				t.Errorf("%d: %v", c.status, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%d: no error", c.status)
			continue
		}
		if IsPermanent(err) != c.permanent {
			t.Errorf("%d: permanent = %v, want %v", c.status, IsPermanent(err), c.permanent)
		}
		if strings.Contains(err.Error(), "555") {
			t.Errorf("%d: error quotes the response body: %v", c.status, err)
		}
		d, ok := RetryAfterOf(err)
		if c.wait == 0 && ok {
			t.Errorf("%d: unexpected Retry-After %v", c.status, d)
		}
		if c.wait != 0 && (!ok || (d-c.wait).Abs() > 2*time.Second) {
			t.Errorf("%d: Retry-After %v %v, want %v", c.status, d, ok, c.wait)
		}
	}
}

func TestWebhookConnectionErrorIsRetryable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nobody listens there now
	w, _ := NewWebhook("webhook:test", "http://"+addr+"/hook?token=sekrit-in-url", testSecret, HTTPOptions{AllowPrivate: true})
	err = w.Send(context.Background(), sample())
	if err == nil || IsPermanent(err) {
		t.Fatalf("connection refused: %v (permanent %v), want a retryable error", err, IsPermanent(err))
	}
	if strings.Contains(err.Error(), "sekrit") || strings.Contains(err.Error(), "/hook") {
		t.Fatalf("error quotes the URL: %v", err)
	}
}

func TestHTTPSendersRefusePrivateAddresses(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))

	// By address, and by a name that resolves to loopback at dial time.
	for _, u := range []string{srv.URL, "http://localhost:" + port} {
		w, _ := NewWebhook("webhook:test", u, testSecret, HTTPOptions{})
		s, _ := NewSlack("slack:test", u, HTTPOptions{})
		for _, snd := range []Sender{w, s} {
			err := snd.Send(context.Background(), sample())
			if !errors.Is(err, ErrPrivateAddress) || !IsPermanent(err) {
				t.Errorf("%s to %s: %v, want a permanent ErrPrivateAddress", snd.Name(), u, err)
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the receiver got %d requests despite the guard", n)
	}
	// And the same receiver is fine when private addresses are allowed.
	w, _ := NewWebhook("webhook:test", srv.URL, testSecret, HTTPOptions{AllowPrivate: true})
	if err := w.Send(context.Background(), sample()); err != nil || hits.Load() != 1 {
		t.Fatalf("AllowPrivate: %v, hits %d", err, hits.Load())
	}
}

func TestIsPublic(t *testing.T) {
	cases := map[string]bool{
		"8.8.8.8": true, "1.1.1.1": true, "2606:4700:4700::1111": true, "151.101.1.69": true,
		"127.0.0.1": false, "127.8.9.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false,
		"172.31.255.255": false, "192.168.1.1": false, "169.254.169.254": false, "fe80::1": false,
		"fc00::1": false, "fd12:3456::1": false, "0.0.0.0": false, "::": false, "100.100.100.200": false,
		"::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "64:ff9b::a9fe:a9fe": false,
		"64:ff9b::808:808": true, "224.0.0.1": false, "255.255.255.255": false, "ff02::1": false,
	}
	for s, want := range cases {
		if got := isPublic(netip.MustParseAddr(s)); got != want {
			t.Errorf("isPublic(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestNewHTTPSendersRejectBadURLsWithoutQuotingThem(t *testing.T) {
	for _, u := range []string{"ftp://hooks.example/T000/B000/sekrit", "hooks.example/sekrit", "http:///sekrit", "::sekrit"} {
		if _, err := NewWebhook("w", u, testSecret, HTTPOptions{}); err == nil || strings.Contains(err.Error(), "sekrit") {
			t.Errorf("webhook %q: %v", u, err)
		}
		if _, err := NewSlack("s", u, HTTPOptions{}); err == nil || strings.Contains(err.Error(), "sekrit") {
			t.Errorf("slack %q: %v", u, err)
		}
	}
}
