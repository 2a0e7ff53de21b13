package alert

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Syslog sends an RFC 5424 message with a CEF payload over TCP (RFC 6587
// octet-counting framing) or UDP (RFC 5426, one message per datagram).
//
// Only TCP tells a failed delivery apart: a UDP send succeeds whether or
// not anyone listens, so the outbox marks it delivered regardless.
type Syslog struct {
	name     string
	network  string // "tcp" or "udp"
	addr     string
	version  string
	hostname string
	facility int
	noBOM    bool
	now      func() time.Time
}

// SyslogOptions configures a Syslog sender.
type SyslogOptions struct {
	// Version is mosaic's version, for the CEF header; default "dev".
	Version string
	// Hostname is the RFC 5424 HOSTNAME; default os.Hostname().
	Hostname string
	// Facility is the syslog facility; default 10 (security/authorization,
	// "authpriv"), because the message names people under suspicion.
	Facility int
	// NoBOM leaves out the byte order mark RFC 5424 puts before a UTF-8
	// message. Some CEF collectors expect "CEF:" as the first bytes; the
	// mark is only ever added when the message is not plain ASCII.
	NoBOM bool
}

// NewSyslog returns a sender named name for addr: "tcp://host:port",
// "udp://host:port", or "host:port" for TCP.
func NewSyslog(name, addr string, o SyslogOptions) (*Syslog, error) {
	network := "tcp"
	if rest, ok := strings.CutPrefix(addr, "tcp://"); ok {
		addr = rest
	} else if rest, ok := strings.CutPrefix(addr, "udp://"); ok {
		network, addr = "udp", rest
	} else if strings.Contains(addr, "://") {
		return nil, errors.New("syslog address: the scheme must be tcp:// or udp://")
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("syslog address: want host:port: %w", err)
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.Hostname == "" {
		o.Hostname, _ = os.Hostname()
	}
	if o.Facility == 0 {
		o.Facility = 10
	}
	if o.Facility < 0 || o.Facility > 23 {
		return nil, fmt.Errorf("syslog facility %d is not 0-23", o.Facility)
	}
	return &Syslog{name: name, network: network, addr: addr, version: o.Version,
		hostname: o.Hostname, facility: o.Facility, noBOM: o.NoBOM, now: time.Now}, nil
}

// Name returns the destination name.
func (s *Syslog) Name() string { return s.name }

// Send dials, writes one message and closes. A connection per alert is
// enough at alert rates and never writes into a connection the collector
// has half-closed.
func (s *Syslog) Send(ctx context.Context, a Alert) error {
	msg := s.Message(a, s.now())
	var d net.Dialer
	conn, err := d.DialContext(ctx, s.network, s.addr)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetWriteDeadline(dl)
	} else {
		_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	}
	frame := msg
	if s.network == "tcp" {
		frame = append([]byte(strconv.Itoa(len(msg))+" "), msg...)
	}
	if _, err := conn.Write(frame); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

// Message returns the RFC 5424 message (without transport framing) for a,
// stamped at now.
func (s *Syslog) Message(a Alert, now time.Time) []byte {
	pri := s.facility*8 + syslogSeverity(a.Level)
	sd := fmt.Sprintf(`[origin software="mosaic" swVersion="%s"]`, sdParamValue(s.version))
	cef := CEF(a, s.version)
	var b []byte
	b = fmt.Appendf(b, "<%d>1 %s %s mosaic %d alert %s ", pri,
		now.UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		headerField(s.hostname, 255), os.Getpid(), sd)
	if !s.noBOM && !isASCII(cef) {
		b = append(b, 0xEF, 0xBB, 0xBF)
	}
	return append(b, cef...)
}

// headerField makes s a valid RFC 5424 header field: printable US-ASCII
// without spaces, at most max characters, "-" (NILVALUE) when empty.
func headerField(s string, max int) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < max; i++ {
		if c := s[i]; c > 32 && c < 127 {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return "-"
	}
	return b.String()
}

// sdParamValue escapes an RFC 5424 PARAM-VALUE: '"', '\' and ']' take a
// backslash (section 6.3.3).
func sdParamValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, `]`, `\]`).Replace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// CEF returns the ArcSight Common Event Format line for a:
//
//	CEF:0|mosaic|mosaic|VERSION|SIGNATURE|NAME|SEVERITY|extension
//
// SIGNATURE is the top signal's rule id (what fired), or "level.LEVEL" when
// there is none; SEVERITY maps critical 10, high 8, medium 5, low 3. The
// extension uses documented CEF keys: rt (raised_at, epoch ms), externalId
// (the alert id, to de-duplicate on), cs1-cs5 with labels for subject id,
// level, previous level and the application and employee ids, cfp1 for the
// score (cn1 holds only integers), deviceCustomDate1 for first_flagged_at,
// msg for the reasons and request for the link.
func CEF(a Alert, version string) string {
	sig := "level." + string(a.Level)
	if len(a.TopSignals) > 0 && a.TopSignals[0].RuleID != "" {
		sig = a.TopSignals[0].RuleID
	}
	name := "Risk level " + string(a.Level)
	if a.PreviousLevel != "" {
		name += " (was " + string(a.PreviousLevel) + ")"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CEF:0|mosaic|mosaic|%s|%s|%s|%d|",
		cefHeader(version, 31), cefHeader(sig, 1023), cefHeader(name, 512), cefSeverity(a.Level))

	ext := []struct{ k, v string }{
		{"rt", strconv.FormatInt(a.RaisedAt.UnixMilli(), 10)},
		{"externalId", a.ID},
		{"cs1Label", "subject_id"}, {"cs1", a.SubjectID},
		{"cs2Label", "level"}, {"cs2", string(a.Level)},
		{"cs3Label", "previous_level"}, {"cs3", string(a.PreviousLevel)},
		{"cs4Label", "application_ids"}, {"cs4", strings.Join(a.ApplicationIDs, ",")},
		{"cs5Label", "employee_ids"}, {"cs5", strings.Join(a.EmployeeIDs, ",")},
		{"cfp1Label", "score"}, {"cfp1", strconv.FormatFloat(a.Score, 'f', -1, 64)},
	}
	if a.FirstFlaggedAt != nil {
		ext = append(ext, struct{ k, v string }{"deviceCustomDate1Label", "first_flagged_at"},
			struct{ k, v string }{"deviceCustomDate1", strconv.FormatInt(a.FirstFlaggedAt.UnixMilli(), 10)})
	}
	var reasons []string
	for _, sg := range a.TopSignals {
		reasons = append(reasons, sg.RuleID+": "+sg.Explanation)
	}
	ext = append(ext, struct{ k, v string }{"msg", truncate(strings.Join(reasons, "; "), 1023)})
	if a.URL != "" {
		ext = append(ext, struct{ k, v string }{"request", truncate(a.URL, 1023)})
	}
	first := true
	for _, e := range ext {
		if e.v == "" {
			continue // an empty value reads as the start of the next key to some parsers
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(e.k)
		b.WriteByte('=')
		b.WriteString(cefValue(truncate(e.v, 4000)))
	}
	return b.String()
}

// cefHeader escapes a CEF header field: backslash and pipe take a
// backslash. A header field cannot span lines, so line breaks become spaces.
func cefHeader(s string, max int) string {
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(truncate(s, max))
	return strings.NewReplacer(`\`, `\\`, `|`, `\|`).Replace(s)
}

// cefValue escapes a CEF extension value: backslash and equals take a
// backslash, and line breaks are written as \n and \r. Pipes need nothing
// here.
func cefValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, `=`, `\=`, "\n", `\n`, "\r", `\r`).Replace(s)
}

// truncate cuts s to at most max bytes on a rune boundary, before escaping,
// so an escape sequence is never cut in half.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}
