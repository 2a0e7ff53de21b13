package alert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// HTTPOptions configures the HTTP senders (Webhook and Slack).
type HTTPOptions struct {
	// AllowPrivate lets the sender connect to loopback, private, link-local
	// and other non-public addresses. Off by default: an alert URL that
	// points inside the network (a cloud metadata endpoint, an admin port)
	// would otherwise let whoever sets the URL probe it.
	AllowPrivate bool
	// Timeout bounds one request, connection included; default 10 s.
	Timeout time.Duration
	// UserAgent is sent with each request; default "mosaic".
	UserAgent string
}

const defaultHTTPTimeout = 10 * time.Second

// newHTTPClient returns a client that checks every address it dials, does
// not follow redirects and ignores proxy settings.
//
// The check is in the dialer's Control hook, which sees the address after
// DNS resolution, for every connection (including those of retries and
// keep-alive replacements). Checking the host name before the request
// instead would let a name that resolves to a public address at check time
// and to 169.254.169.254 at dial time (DNS rebinding) through.
//
// Redirects are not followed because a receiver could otherwise bounce the
// signed body to a third party, and a 307 to an internal address would be
// refused anyway. Proxies are ignored because the dial check would then see
// only the proxy's address, not the receiver's.
func newHTTPClient(o HTTPOptions) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !o.AllowPrivate {
		d.Control = refusePrivate
	}
	t := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = defaultHTTPTimeout
	}
	return &http.Client{
		Transport: t,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// ErrPrivateAddress is returned (wrapped) when a sender refuses to connect
// to a non-public address.
var ErrPrivateAddress = errors.New("refusing to connect to a non-public address")

// refusePrivate is a net.Dialer Control hook: address is the resolved
// "ip:port" about to be connected.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address", ErrPrivateAddress)
	}
	if !isPublic(ap.Addr()) {
		return fmt.Errorf("%w (%s)", ErrPrivateAddress, ap.Addr())
	}
	return nil
}

// Address ranges that are not private by net/netip's definition but still
// reach inside a network or nowhere useful.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT; some clouds put metadata here
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// nat64 is the well-known NAT64 prefix: its last 32 bits are an IPv4
// address, which is what the connection really reaches.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

func isPublic(a netip.Addr) bool {
	a = a.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsUnspecified() ||
		a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsMulticast() ||
		a.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// checkHTTPURL validates a sender URL without quoting it: a Slack URL is a
// credential and must not end up in an error message or a log.
func checkHTTPURL(kind, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s URL is not a URL", kind)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%s URL: scheme must be http or https", kind)
	}
	if u.Host == "" {
		return fmt.Errorf("%s URL has no host", kind)
	}
	return nil
}

// post sends body to target and classifies the outcome: nil for 2xx; a
// retryable error for connection failures, 408, 429 and 5xx (with the
// receiver's Retry-After attached); Permanent for everything else. Errors
// name the destination, never the URL, and never quote the response body,
// which may echo the alert's personal data.
func post(ctx context.Context, c *http.Client, name, target string, header http.Header, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return Permanent(fmt.Errorf("%s: cannot build request", name))
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		// *url.Error quotes the URL; keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, ErrPrivateAddress) {
			return Permanent(fmt.Errorf("%s: %w", name, err))
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	defer resp.Body.Close()
	// Read a little of the body so the connection can be reused; not more,
	// so a hostile receiver cannot make us read forever.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = fmt.Errorf("%s: receiver answered %d %s", name, resp.StatusCode, http.StatusText(resp.StatusCode))
	switch {
	case resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode == http.StatusTooManyRequests,
		resp.StatusCode >= 500:
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return RetryAfter(err, d)
		}
		return err
	}
	return Permanent(err)
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		if s > 86400 { // a day is plenty, and keeps the multiplication from overflowing
			s = 86400
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
