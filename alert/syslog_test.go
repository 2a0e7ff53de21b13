package alert

import (
	"bufio"
	"context"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// rfc5424 matches HEADER SP STRUCTURED-DATA SP MSG of RFC 5424, section 6.
var rfc5424 = regexp.MustCompile(`^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+) (.*)$`)

type syslogFrame struct {
	pri                               int
	ts                                time.Time
	host, app, procid, msgid, sd, msg string
}

func parseSyslog(t *testing.T, b []byte) syslogFrame {
	t.Helper()
	m := rfc5424.FindSubmatch(b)
	if m == nil {
		t.Fatalf("not an RFC 5424 message: %q", b)
	}
	pri, _ := strconv.Atoi(string(m[1]))
	ts, err := time.Parse(time.RFC3339Nano, string(m[2]))
	if err != nil {
		t.Fatalf("timestamp %q: %v", m[2], err)
	}
	return syslogFrame{pri, ts, string(m[3]), string(m[4]), string(m[5]), string(m[6]), string(m[7]), string(m[8])}
}

func checkFrame(t *testing.T, f syslogFrame, a Alert) {
	t.Helper()
	if f.pri != 10*8+3 { // authpriv, err for high
		t.Errorf("PRI %d, want %d", f.pri, 83)
	}
	if time.Since(f.ts).Abs() > time.Minute {
		t.Errorf("timestamp %v is not now", f.ts)
	}
	if f.host != "test-host" || f.app != "mosaic" || f.msgid != "alert" {
		t.Errorf("header %q %q %q", f.host, f.app, f.msgid)
	}
	if f.sd != `[origin software="mosaic" swVersion="1.2\]\"x"]` {
		t.Errorf("structured data %s", f.sd)
	}
	msg := strings.TrimPrefix(f.msg, "\ufeff")
	hdr, ext := parseCEF(t, msg)
	if hdr[4] != "hiring.phone_shared_across_applicants" || hdr[6] != "8" || hdr[3] != `1.2]"x` {
		t.Errorf("CEF header %q", hdr)
	}
	if ext["externalId"] != a.ID || ext["cs1"] != "S-jane" || ext["cfp1"] != "84.2" {
		t.Errorf("CEF extension %v", ext)
	}
}

func TestSyslogTCPOctetCounting(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got := make(chan []byte, 2)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(5 * time.Second))
			r := bufio.NewReader(c)
			// RFC 6587 3.4.1: MSG-LEN SP SYSLOG-MSG
			n, err := r.ReadString(' ')
			if err != nil {
				c.Close()
				got <- nil
				continue
			}
			size, _ := strconv.Atoi(strings.TrimSpace(n))
			buf := make([]byte, size)
			_, err = io.ReadFull(r, buf)
			c.Close()
			if err != nil {
				buf = nil
			}
			got <- buf
		}
	}()
	s, err := NewSyslog("syslog:test", "tcp://"+l.Addr().String(), SyslogOptions{Version: `1.2]"x`, Hostname: "test-host"})
	if err != nil {
		t.Fatal(err)
	}
	a := sample()
	if err := s.Send(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	b := <-got
	if b == nil {
		t.Fatal("bad frame")
	}
	f := parseSyslog(t, b)
	checkFrame(t, f, a)
	// The sample is plain ASCII: RFC 5424 MSG-ANY, no BOM.
	if strings.HasPrefix(f.msg, "\ufeff") {
		t.Error("BOM on an ASCII message")
	}
}

func TestSyslogUDP(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	s, err := NewSyslog("syslog:test", "udp://"+pc.LocalAddr().String(), SyslogOptions{Version: `1.2]"x`, Hostname: "test-host"})
	if err != nil {
		t.Fatal(err)
	}
	a := sample()
	a.TopSignals[0].Explanation = "Téléphone partagé"
	if err := s.Send(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	pc.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 64<<10)
	n, _, err := pc.ReadFrom(buf)
	if err != nil {
		t.Fatal(err)
	}
	f := parseSyslog(t, buf[:n])
	checkFrame(t, f, a)
	if !strings.HasPrefix(f.msg, "\ufeffCEF:0|") {
		t.Errorf("UTF-8 message without BOM: %q", f.msg[:10])
	}
	// NoBOM for collectors that want CEF first.
	s2, _ := NewSyslog("syslog:test", "udp://"+pc.LocalAddr().String(), SyslogOptions{Hostname: "h", NoBOM: true})
	if m := s2.Message(a, time.Now()); strings.Contains(string(m), "\ufeff") {
		t.Error("NoBOM still writes a BOM")
	}
}

func TestNewSyslogAddresses(t *testing.T) {
	for addr, network := range map[string]string{"tcp://h:514": "tcp", "udp://h:514": "udp", "h:6514": "tcp"} {
		s, err := NewSyslog("x", addr, SyslogOptions{})
		if err != nil || s.network != network {
			t.Errorf("%s: %v %v", addr, s, err)
		}
	}
	for _, bad := range []string{"http://h:514", "h", "tcp://h"} {
		if _, err := NewSyslog("x", bad, SyslogOptions{}); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestSyslogSeverityAndHeaderFields(t *testing.T) {
	s, _ := NewSyslog("x", "h:514", SyslogOptions{Hostname: "", Facility: 13})
	s.hostname = "bad host\nname"
	a := sample()
	a.Level = mosaic.LevelCritical
	m := string(s.Message(a, time.Date(2026, 5, 2, 9, 14, 3, 123456789, time.UTC)))
	if !strings.HasPrefix(m, "<106>1 2026-05-02T09:14:03.123456Z badhostname mosaic ") {
		t.Fatalf("header: %q", m[:60])
	}
}

func TestCEFEscaping(t *testing.T) {
	cases := []struct{ in, header, value string }{
		{`plain`, `plain`, `plain`},
		{`a|b`, `a\|b`, `a|b`},
		{`back\slash`, `back\\slash`, `back\\slash`},
		{`a=b`, `a=b`, `a\=b`},
		{"two\nlines", "two lines", `two\nlines`},
		{"cr\rlf\r\n", "cr lf ", `cr\rlf\r\n`},
		{`\|=`, `\\\|=`, `\\|\=`},
		{`trailing\`, `trailing\\`, `trailing\\`},
	}
	for _, c := range cases {
		if got := cefHeader(c.in, 1023); got != c.header {
			t.Errorf("cefHeader(%q) = %q, want %q", c.in, got, c.header)
		}
		if got := cefValue(c.in); got != c.value {
			t.Errorf("cefValue(%q) = %q, want %q", c.in, got, c.value)
		}
	}
}

func TestCEFRoundTripsHostileText(t *testing.T) {
	a := sample()
	a.SubjectID = `S-x|y=z\w`
	a.Level = mosaic.Level("hi|gh")
	a.TopSignals[0].RuleID = `rule|with\pipe`
	line := CEF(a, `9.9|x`)
	if strings.ContainsAny(line, "\r\n") {
		t.Fatalf("CEF line has a raw line break: %q", line)
	}
	hdr, ext := parseCEF(t, line)
	if hdr[3] != `9.9|x` || hdr[4] != `rule|with\pipe` || hdr[5] != "Risk level hi|gh (was medium)" || hdr[6] != "5" {
		t.Errorf("header %q", hdr)
	}
	if ext["cs1"] != a.SubjectID || ext["cs1Label"] != "subject_id" || ext["cs2"] != "hi|gh" {
		t.Errorf("extension %v", ext)
	}
	wantMsg := a.TopSignals[0].RuleID + ": " + a.TopSignals[0].Explanation + "; " +
		a.TopSignals[1].RuleID + ": " + a.TopSignals[1].Explanation
	if ext["msg"] != wantMsg {
		t.Errorf("msg\n got %q\nwant %q", ext["msg"], wantMsg)
	}
	if ext["rt"] != strconv.FormatInt(a.RaisedAt.UnixMilli(), 10) || ext["request"] != a.URL ||
		ext["deviceCustomDate1"] != strconv.FormatInt(a.FirstFlaggedAt.UnixMilli(), 10) || ext["cs4"] != "A0001276" {
		t.Errorf("extension %v", ext)
	}
	if _, ok := ext["cs5"]; ok {
		t.Errorf("empty employee ids written: %q", ext["cs5"])
	}
	for l, sev := range map[mosaic.Level]string{"critical": "10", "high": "8", "medium": "5", "low": "3"} {
		a.Level = l
		if h, _ := parseCEF(t, CEF(a, "1")); h[6] != sev {
			t.Errorf("%s: severity %s, want %s", l, h[6], sev)
		}
	}
}

func TestCEFTruncatesLongMessages(t *testing.T) {
	a := sample()
	a.TopSignals = []Signal{{RuleID: "r", Explanation: strings.Repeat("é", 2000)}}
	_, ext := parseCEF(t, CEF(a, "1"))
	if len(ext["msg"]) > 1023 || !strings.HasSuffix(ext["msg"], "é") {
		t.Fatalf("msg of %d bytes, ending %q", len(ext["msg"]), ext["msg"][len(ext["msg"])-4:])
	}
}

func TestSDParamValueEscaping(t *testing.T) {
	if got := sdParamValue(`a"b\c]d`); got != `a\"b\\c\]d` {
		t.Fatalf("got %s", got)
	}
}

// parseCEF is an independent CEF reader: seven header fields split on
// unescaped pipes, then key=value pairs where a key starts after a space and
// a value runs to the next unescaped " key=".
func parseCEF(t *testing.T, line string) ([]string, map[string]string) {
	t.Helper()
	var hdr []string
	var cur strings.Builder
	i := 0
	for ; i < len(line) && len(hdr) < 7; i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
		case c == '|':
			hdr = append(hdr, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if len(hdr) != 7 || !strings.HasPrefix(hdr[0], "CEF:0") {
		t.Fatalf("bad CEF header in %q", line)
	}
	ext := map[string]string{}
	rest := line[i:]
	keyAt := regexp.MustCompile(`(?:^| )([A-Za-z0-9_]+)=`)
	// Find key positions, skipping '=' that are escaped.
	var keys [][]int
	for _, m := range keyAt.FindAllStringSubmatchIndex(rest, -1) {
		eq := m[1] - 1
		if bs := countBackslashes(rest, eq); bs%2 == 1 {
			continue
		}
		keys = append(keys, m)
	}
	for k, m := range keys {
		end := len(rest)
		if k+1 < len(keys) {
			end = keys[k+1][0]
		}
		raw := rest[m[1]:end]
		var v strings.Builder
		for j := 0; j < len(raw); j++ {
			if raw[j] == '\\' && j+1 < len(raw) {
				j++
				switch raw[j] {
				case 'n':
					v.WriteByte('\n')
				case 'r':
					v.WriteByte('\r')
				default:
					v.WriteByte(raw[j])
				}
				continue
			}
			v.WriteByte(raw[j])
		}
		ext[rest[m[2]:m[3]]] = v.String()
	}
	return hdr, ext
}

func countBackslashes(s string, i int) int {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n
}
