package okta

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestScannerValidity(t *testing.T) {
	tests := []struct {
		in     string
		valid  bool
		reason string
	}{
		{`{}`, true, ""},
		{` { "a" : [ 1 , -2.5e+3 , true , false , null , "x" , { } , [ ] ] } `, true, ""},
		{`{"a":"\u00e9\n\"\\\/"}`, true, ""},
		{`{"a":1}x`, false, "invalid JSON at byte 8: unexpected data after the JSON value"},
		{`{"a":1`, false, "JSON cut short at byte 6"},
		{`{"a":"b`, false, "JSON cut short at byte 7"},
		{`{"a":"b\`, false, "JSON cut short at byte 8"},
		{`{"a":"\u12`, false, "JSON cut short at byte 10"},
		{`{"a":tr`, false, "JSON cut short at byte 7"},
		{`{"a":-`, false, "JSON cut short at byte 6"},
		{`{"a":1.`, false, "JSON cut short at byte 7"},
		{`{"a":1e`, false, "JSON cut short at byte 7"},
		{`{"a":01}`, false, "invalid JSON at byte 7: expected ',' or '}' in object"},
		{`{"a":.5}`, false, "invalid JSON at byte 6: expected a value"},
		{`{"a":1.e5}`, false, "invalid JSON at byte 8: expected a digit in number"},
		{`{"a":+1}`, false, "invalid JSON at byte 6: expected a value"},
		{`{"a":tru}`, false, "invalid JSON at byte 9: expected a value"},
		{`{"a" 1}`, false, "invalid JSON at byte 6: expected ':' after object key"},
		{`{a:1}`, false, "invalid JSON at byte 2: expected a string key in object"},
		{`{"a":1,}`, false, "invalid JSON at byte 8: expected a string key in object"},
		{`{"a":[1,]}`, false, "invalid JSON at byte 9: expected a value"},
		{`{"a":[1 2]}`, false, "invalid JSON at byte 9: expected ',' or ']' in array"},
		{`{"a":"\x"}`, false, "invalid JSON at byte 8: invalid escape in string"},
		{`{"a":"\u12G4"}`, false, "invalid JSON at byte 11: invalid \\u escape in string"},
		{"{\"a\":\"\t\"}", false, "invalid JSON at byte 7: control character in string"},
		{`{"a":NaN}`, false, "invalid JSON at byte 6: expected a value"},
		{``, false, "JSON cut short at byte 0"},
		{`   `, false, "JSON cut short at byte 3"},
		{strings.Repeat(`[`, maxDepth+1), false, "nested too deep"},
	}
	var s scanner
	for _, tt := range tests {
		_, ok := s.scan([]byte(tt.in), logEvent)
		if ok != tt.valid || ok != json.Valid([]byte(tt.in)) {
			t.Errorf("scan(%q) ok = %v, want %v (json.Valid %v)", tt.in, ok, tt.valid, json.Valid([]byte(tt.in)))
			continue
		}
		if !ok && !strings.Contains(s.err.reason(len(tt.in)), tt.reason) {
			t.Errorf("scan(%q) reason = %q, want %q", tt.in, s.err.reason(len(tt.in)), tt.reason)
		}
	}
}

func TestUnescapeMatchesEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`plain`, `a\"b`, `\\`, `\/`, `\b\f\n\r\t`, `\u0041\u00e9\u4e2d`, `\ud83d\ude00`,
		`\ud83d`, `\ud83dx`, `\ude00`, `\ud83d\u0041`, `\u0000`, `José`, `\uD83D\uDE00`,
	} {
		var want string
		if err := json.Unmarshal([]byte(`"`+in+`"`), &want); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := string(appendUnescaped(nil, []byte(in))); got != want {
			t.Errorf("appendUnescaped(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNeedsAttention(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			w := uint64(0)
			for i := 7; i >= 0; i-- {
				w = w<<8 | uint64(b[i])
			}
			if special := c < 0x20 || c == '"' || c == '\\'; special && !needsAttention(w) {
				t.Fatalf("byte %#x at %d not flagged", c, pos)
			}
		}
	}
}

// FuzzScanner checks the scanner accepts exactly what encoding/json calls
// valid, never panics, and reads the same strings.
func FuzzScanner(f *testing.F) {
	for _, seed := range []string{
		`{"uuid":"a","published":"2026-03-02T14:05:11Z","request":{"ipChain":[{"ip":"1.2.3.4"}]}}`,
		`{"actor":{"alternateId":"A\u00e9@x","displayName":"\ud83d\ude00"},"client":{"ipAddress":null}}`,
		`[1,2,{"a":[]}]`, `{"a":1e5,"b":-0.5,"c":true}`, `"str"`, `{"a":"\"}`, `{"x":[[[[]]]]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if !utf8.Valid(in) {
			return // the decoder rejects these before scanning
		}
		var s scanner
		isObject, ok := s.scan(in, logEvent)
		if ok != json.Valid(in) {
			t.Fatalf("scan ok = %v, json.Valid = %v", ok, !ok)
		}
		if !ok || !isObject {
			return
		}
		// A map matches keys exactly and keeps the last duplicate, as the
		// scanner does.
		var top map[string]json.RawMessage
		if err := json.Unmarshal(in, &top); err != nil {
			t.Fatalf("valid object did not decode: %v", err)
		}
		var want string
		isString := json.Unmarshal(top["uuid"], &want) == nil && len(top["uuid"]) > 0 && top["uuid"][0] == '"'
		sp := s.vals[slotUUID]
		if (sp.kind == kindString) != isString {
			t.Fatalf("uuid kind = %d, encoding/json string = %v", sp.kind, isString)
		}
		if isString {
			if got := string(appendUnescaped(nil, in[sp.start:sp.end])); got != want {
				t.Fatalf("uuid = %q, want %q", got, want)
			}
		}
		var d decoder
		var r result
		d.decode(in, 1, &r) // must not panic
	})
}

// FuzzSources cuts arbitrary input into rows the way Extract does: it must
// end (every row consumes input), never panic, and give line numbers that
// never go backwards.
func FuzzSources(f *testing.F) {
	for _, seed := range []string{
		`[{"uuid":"a"},{"uuid":"b"}]`, "[\n{\"a\":1},\n{\"b\":\"}\"}\n]\n[]", "{\n\"a\": 1\n}\n{\n}\n",
		"{\"a\":1}\n{\"b\":2}\n", `[1,"x",null,[],{}]`, `[,]`, `[{]`, `}{`, "[\"\\\"\"]", "{\n}\n}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r := bufio.NewReaderSize(bytes.NewReader(in), 16)
		l, skipped, err := sniff(r)
		if err != nil {
			t.Fatal(err)
		}
		var src source
		switch l {
		case layoutLines:
			src = &lineSource{r: r, max: 64, line: skipped}
		case layoutArray, layoutSequence:
			src = &valueSource{r: r, max: 64, line: 1 + skipped, sequence: l == layoutSequence}
		default:
			return
		}
		var buf []byte
		var d decoder
		var res result
		last := 0
		for n := 0; ; n++ {
			if n > len(in)+2 {
				t.Fatalf("more rows (%d) than bytes (%d)", n, len(in))
			}
			var rw row
			buf, rw, err = src.next(buf[:0])
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rw.line < last || rw.line < 1 {
				t.Fatalf("line %d after %d", rw.line, last)
			}
			last = rw.line
			if rw.reject == "" {
				d.decode(buf[rw.start:rw.end], rw.line, &res)
			}
		}
	})
}
