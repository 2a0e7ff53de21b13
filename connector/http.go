package connector

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mosaic-sec/mosaic/jsonrows"
)

// ErrForbiddenAddress is returned (wrapped) when a connection would go to a
// loopback, private, link-local or otherwise internal address and the
// client was not built with AllowPrivate.
var ErrForbiddenAddress = errors.New("address not allowed for outbound connector traffic")

// ErrBodyRefused says a response body was over a limit (DefaultMaxBody,
// MaxBodyDepth). It is not retried: the same request would fetch the same
// body again.
var ErrBodyRefused = errors.New("response body refused")

// DefaultMaxBody caps a response body unless HTTPOptions.MaxBody says
// otherwise: the largest API page the connectors ask for (1,000 Graph
// sign-ins) is about 10 MB. The cap holds for the body as decompressed:
// Go's transport asks for gzip and unpacks it before the cap is counted,
// so a compressed bomb stops at the cap too.
const DefaultMaxBody = 64 << 20

// MaxBodyDepth bounds how deep a successful response nests JSON objects and
// arrays: the APIs' pages nest five levels or so, and a page nested far
// deeper is refused before any decoder walks it.
const MaxBodyDepth = 64

// blockedPrefixes are ranges that IsPrivate/IsLoopback/... do not cover but
// that must not be reachable from a connector either.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: may embed a private IPv4
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2002::/16"),       // 6to4: may embed a private IPv4
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("192.88.99.0/24"),  // 6to4 relay anycast
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
}

// PublicAddress reports whether ip may be dialled by a connector that does
// not allow private addresses.
func PublicAddress(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() ||
		ip.IsUnspecified() {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// guardControl is a net.Dialer Control function: it runs after name
// resolution, on the address actually dialled, so DNS tricks (a public name
// resolving to 127.0.0.1, rebinding) cannot get past it.
func guardControl(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrForbiddenAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !PublicAddress(ip) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, host)
	}
	return nil
}

// HTTPOptions configures NewHTTPClient and Fetcher.
type HTTPOptions struct {
	// AllowPrivate lets the client reach loopback, private and link-local
	// addresses (an on-premises proxy, tests). Off by default.
	AllowPrivate bool
	// Timeout bounds one request, body included (default 60 s).
	Timeout time.Duration
	// MaxAttempts is how often one request is tried before the poll fails
	// (default 6).
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the pause between attempts when the
	// server gives no hint (defaults 1 s and 2 min).
	MinBackoff, MaxBackoff time.Duration
	// MaxWait caps a wait the server asks for (Retry-After, rate-limit
	// reset); default 5 min.
	MaxWait time.Duration
	// MaxBody caps a response body (default DefaultMaxBody).
	MaxBody int64
	Clock   Clock
	Log     *slog.Logger
	// Client replaces the HTTP client (tests); its transport is then used
	// as is, with no address guard.
	Client *http.Client
}

func (o *HTTPOptions) defaults() {
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 6
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 2 * time.Minute
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 5 * time.Minute
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	o.Clock = ClockOrSystem(o.Clock)
	if o.Log == nil {
		o.Log = slog.Default()
	}
}

// NewHTTPClient returns a client for outbound connector traffic: no proxy
// from the environment (a proxy would hide the real destination from the
// address guard), TLS 1.2 or newer, and unless allowPrivate a dial-time
// refusal of internal addresses.
func NewHTTPClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = guardControl
	}
	t := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: t,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			// Never follow a redirect off the original host: credentials
			// travel in headers the next host must not see.
			if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
				return fmt.Errorf("redirect to another host (%s) refused", req.URL.Host)
			}
			return nil
		},
	}
}

// HTTPError is a response the fetcher did not retry or gave up on.
type HTTPError struct {
	Method, URL string // URL without its query string
	StatusCode  int
	Snippet     string // start of the body, for the log
}

func (e *HTTPError) Error() string {
	s := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.URL, e.StatusCode)
	if e.Snippet != "" {
		s += ": " + e.Snippet
	}
	return s
}

// Response is a fully read HTTP response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Fetcher sends requests with retries: transport errors and cut bodies,
// 429 and 5xx are retried with the server's hint (Retry-After, rate-limit
// reset headers) or exponential backoff; when a response says the
// rate-limit budget is spent, the next request waits for the reset.
type Fetcher struct {
	o      HTTPOptions
	client *http.Client

	// Authorize sets credentials on a request (called per attempt).
	Authorize func(ctx context.Context, req *http.Request) error
	// Unauthorized is called on a 401; returning true retries once (e.g.
	// after dropping a cached OAuth token).
	Unauthorized func() bool
	// Retryable can mark further responses retryable (Google's 403
	// rateLimitExceeded). The body is given.
	Retryable func(status int, header http.Header, body []byte) bool

	mu        sync.Mutex
	waitUntil time.Time // rate-limit budget spent until then
}

// NewFetcher returns a Fetcher.
func NewFetcher(o HTTPOptions) *Fetcher {
	o.defaults()
	c := o.Client
	if c == nil {
		c = NewHTTPClient(o.AllowPrivate, o.Timeout)
	}
	return &Fetcher{o: o, client: c}
}

// Client returns the underlying HTTP client (for OAuth token requests).
func (f *Fetcher) Client() *http.Client { return f.client }

// Clock returns the fetcher's clock.
func (f *Fetcher) Clock() Clock { return f.o.Clock }

// Get fetches rawURL with retries. Extra headers are set on each attempt.
func (f *Fetcher) Get(ctx context.Context, rawURL string, header http.Header) (*Response, error) {
	return f.Do(ctx, http.MethodGet, rawURL, header, nil)
}

// Do sends a request with retries and returns the read response for a 2xx
// status, an *HTTPError otherwise.
func (f *Fetcher) Do(ctx context.Context, method, rawURL string, header http.Header, body []byte) (*Response, error) {
	reauthed := false
	var lastErr error
	for attempt := 1; attempt <= f.o.MaxAttempts; attempt++ {
		if err := f.waitBudget(ctx); err != nil {
			return nil, err
		}
		resp, err := f.once(ctx, method, rawURL, header, body)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var wait time.Duration
		switch {
		case err != nil:
			// Connection refused or reset, a body cut off, a timeout.
			if errors.Is(err, ErrForbiddenAddress) || errors.Is(err, ErrBodyRefused) {
				return nil, err
			}
			lastErr = err
			wait = Backoff(f.o.MinBackoff, f.o.MaxBackoff, attempt)
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			f.noteBudget(resp.Header)
			if jsonrows.DepthOver(resp.Body, MaxBodyDepth) {
				return nil, fmt.Errorf("%w: the body of %s nests JSON deeper than %d levels", ErrBodyRefused, redactURL(rawURL), MaxBodyDepth)
			}
			return resp, nil
		case resp.StatusCode == http.StatusUnauthorized && !reauthed && f.Unauthorized != nil && f.Unauthorized():
			reauthed = true
			lastErr = f.httpError(method, rawURL, resp)
			attempt-- // a fresh token is not a retry
			continue
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 ||
			(f.Retryable != nil && f.Retryable(resp.StatusCode, resp.Header, resp.Body)):
			lastErr = f.httpError(method, rawURL, resp)
			wait = f.serverWait(resp.Header)
			if wait < 0 {
				wait = Backoff(f.o.MinBackoff, f.o.MaxBackoff, attempt)
			}
		default:
			return nil, f.httpError(method, rawURL, resp)
		}
		if attempt == f.o.MaxAttempts {
			break
		}
		f.o.Log.Debug("connector request retried", "url", redactURL(rawURL), "attempt", attempt,
			"wait", wait.String(), "err", lastErr)
		if err := f.o.Clock.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("giving up after %d attempts: %w", f.o.MaxAttempts, lastErr)
}

func (f *Fetcher) once(ctx context.Context, method, rawURL string, header http.Header, body []byte) (*Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	req.Header.Set("User-Agent", "mosaic-connector/1")
	if f.Authorize != nil {
		if err := f.Authorize(ctx, req); err != nil {
			return nil, err
		}
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.ContentLength > f.o.MaxBody {
		// Said up front (and not compressed): refused unread.
		return nil, fmt.Errorf("%w: the body of %s is %d bytes, over the limit of %d", ErrBodyRefused, redactURL(rawURL), resp.ContentLength, f.o.MaxBody)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.o.MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading the body of %s: %w", redactURL(rawURL), err)
	}
	if int64(len(data)) > f.o.MaxBody {
		return nil, fmt.Errorf("%w: the body of %s is over the limit of %d bytes", ErrBodyRefused, redactURL(rawURL), f.o.MaxBody)
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

func (f *Fetcher) httpError(method, rawURL string, resp *Response) *HTTPError {
	snip := strings.TrimSpace(string(resp.Body))
	if len(snip) > 200 {
		snip = snip[:200] + "…"
	}
	return &HTTPError{Method: method, URL: redactURL(rawURL), StatusCode: resp.StatusCode, Snippet: snip}
}

// waitBudget sleeps until a spent rate-limit budget is reset.
func (f *Fetcher) waitBudget(ctx context.Context) error {
	f.mu.Lock()
	until := f.waitUntil
	f.mu.Unlock()
	if until.IsZero() {
		return nil
	}
	d := until.Sub(f.o.Clock.Now())
	if d > f.o.MaxWait {
		d = f.o.MaxWait
	}
	if d > 0 {
		f.o.Log.Debug("connector rate-limit budget spent; waiting for the reset", "wait", d.String())
		if err := f.o.Clock.Sleep(ctx, d); err != nil {
			return err
		}
	}
	f.mu.Lock()
	if f.waitUntil.Equal(until) {
		f.waitUntil = time.Time{}
	}
	f.mu.Unlock()
	return nil
}

// noteBudget reads the rate-limit headers of a successful response: Okta's
// X-Rate-Limit-* and the X-RateLimit-* of Greenhouse and others. When the
// remaining budget is 0, the next request waits until the reset.
func (f *Fetcher) noteBudget(h http.Header) {
	rem := firstHeader(h, "X-Rate-Limit-Remaining", "X-RateLimit-Remaining")
	if rem == "" {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(rem))
	if err != nil || n > 0 {
		return
	}
	until, ok := resetTime(h, f.o.Clock.Now())
	if !ok {
		until = f.o.Clock.Now().Add(f.o.MinBackoff)
	}
	f.mu.Lock()
	f.waitUntil = until
	f.mu.Unlock()
}

// serverWait is the wait a 429/5xx asks for, or -1 when it gives no hint.
func (f *Fetcher) serverWait(h http.Header) time.Duration {
	now := f.o.Clock.Now()
	if ra := strings.TrimSpace(h.Get("Retry-After")); ra != "" {
		if secs, err := strconv.Atoi(ra); err == nil && secs >= 0 {
			return min(time.Duration(secs)*time.Second, f.o.MaxWait)
		}
		if t, err := http.ParseTime(ra); err == nil {
			return min(max(t.Sub(now), 0), f.o.MaxWait)
		}
	}
	if until, ok := resetTime(h, now); ok {
		return min(max(until.Sub(now), 0), f.o.MaxWait)
	}
	return -1
}

// resetTime reads X-Rate-Limit-Reset / X-RateLimit-Reset: Unix seconds
// (Okta, Greenhouse); a small number is taken as seconds from now.
func resetTime(h http.Header, now time.Time) (time.Time, bool) {
	v := strings.TrimSpace(firstHeader(h, "X-Rate-Limit-Reset", "X-RateLimit-Reset"))
	if v == "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	if n < 1_000_000_000 { // delta seconds, not an epoch
		return now.Add(time.Duration(n) * time.Second), true
	}
	// Okta's reset is whole seconds: add one so we do not arrive early.
	return time.Unix(n, 0).Add(time.Second), true
}

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// redactURL drops the query string (it may carry a page token or a filter
// nobody needs in a log) and any user info.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}

// NextLink returns the URL of the rel="next" link of an RFC 8288 Link
// header (several headers or comma-separated values), or "".
func NextLink(h http.Header) string {
	for _, line := range h.Values("Link") {
		for _, part := range splitLinks(line) {
			part = strings.TrimSpace(part)
			if !strings.HasPrefix(part, "<") {
				continue
			}
			end := strings.Index(part, ">")
			if end < 0 {
				continue
			}
			target := part[1:end]
			for _, param := range strings.Split(part[end+1:], ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target
					}
				}
			}
		}
	}
	return ""
}

// splitLinks splits a Link header value on the commas between links, not
// those inside <...> or quotes.
func splitLinks(s string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case c == '<' && !quoted:
			depth++
		case c == '>' && !quoted && depth > 0:
			depth--
		case c == ',' && !quoted && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// SameOrigin reports whether next has the scheme and host of base: a
// connector follows (and persists) links only on the host it was
// configured for, so a tampered cursor or a hostile response cannot send
// its credentials elsewhere.
func SameOrigin(base, next string) bool {
	b, err1 := url.Parse(base)
	n, err2 := url.Parse(next)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.EqualFold(b.Scheme, n.Scheme) && strings.EqualFold(b.Host, n.Host)
}
