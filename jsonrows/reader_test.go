package jsonrows

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

type cut struct {
	Line   int
	Data   string
	Reject string
}

func cutAll(t *testing.T, in string, opts Options) ([]cut, error) {
	t.Helper()
	r := NewReader(strings.NewReader(in), opts)
	var out []cut
	for {
		row, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, cut{row.Line, string(row.Data), row.Reject})
	}
}

func TestLayouts(t *testing.T) {
	page := Options{PageKeys: []string{"value", "items"}}
	for _, tt := range []struct {
		name string
		in   string
		opts Options
		want []cut
	}{
		{"JSON lines with a blank line and a BOM", "\xEF\xBB\xBF{\"a\":1}\n\n{\"a\":2}\r\n", Options{},
			[]cut{{1, `{"a":1}`, ""}, {3, `{"a":2}`, ""}}},
		{"a line cut short costs only itself", "{\"a\":1}\n{\"a\":\"x\n{\"a\":3}\n", Options{},
			[]cut{{1, `{"a":1}`, ""}, {2, `{"a":"x`, ""}, {3, `{"a":3}`, ""}}},
		{"a broken first line keeps JSON lines", "{\"a\":\"x\n{\"a\":3}\n", Options{},
			[]cut{{1, `{"a":"x`, ""}, {2, `{"a":3}`, ""}}},
		{"objects pretty-printed one after another", "{\n  \"a\": 1\n}\n{\n  \"a\": \"}{\"\n}\n", Options{},
			[]cut{{1, "{\n  \"a\": 1\n}", ""}, {4, "{\n  \"a\": \"}{\"\n}", ""}}},
		{"two arrays, a trailing comma forgiven", "[{\"a\":1},\n{\"a\":2},]\n[\n]\n[{\"a\":3}]", Options{},
			[]cut{{1, `{"a":1}`, ""}, {2, `{"a":2}`, ""}, {5, `{"a":3}`, ""}}},
		{"an array missing a comma loses the rest", "[{\"a\":1}\n{\"a\":2},\n{\"a\":3}]", Options{},
			[]cut{{1, `{"a":1}`, ""}, {2, "", "JSON array broken: expected ',' or ']' after an element at line 2; the rest of the file was not read"}}},
		{"an array cut short", "[{\"a\":1},\n{\"a\":", Options{},
			[]cut{{1, `{"a":1}`, ""}, {2, `{"a":`, ""}}},
		{"an array without its ']'", "[{\"a\":1},\n", Options{},
			[]cut{{1, `{"a":1}`, ""}, {2, "", "JSON array cut short: the file ends before its closing ']'"}}},
		{"a pretty page", "{\n \"@odata.context\": \"x\",\n \"value\": [\n  {\"a\": 1},\n  {\"a\": \"[\"}\n ],\n \"@odata.nextLink\": \"y\"\n}\n", page,
			[]cut{{4, `{"a": 1}`, ""}, {5, `{"a": "["}`, ""}}},
		{"pages one a line", "{\"kind\":\"k\",\"items\":[{\"a\":1},{\"a\":2}]}\n{\"items\":[]}\n{\"items\":[{\"a\":3}]}\n", page,
			[]cut{{1, `{"a":1}`, ""}, {1, `{"a":2}`, ""}, {3, `{"a":3}`, ""}}},
		{"a page cut short inside an event", "{\"value\":[{\"a\":1},\n{\"a\":2", page,
			[]cut{{1, `{"a":1}`, ""}, {2, `{"a":2`, ""}}},
		{"an event with a member named like a page key, not an array", "{\"value\":\"x\",\"a\":1}\n", page,
			[]cut{{1, `{"value":"x","a":1}`, ""}}},
		{"a line too long", "{\"a\":1}\n{\"a\":\"0123456789\"}\n{\"a\":3}\n", Options{MaxValue: 12},
			[]cut{{1, `{"a":1}`, ""}, {2, "", "line of 18 bytes is longer than the limit of 12 bytes"}, {3, `{"a":3}`, ""}}},
		{"empty", "\n \n", Options{}, nil},
	} {
		got, err := cutAll(t, tt.in, tt.opts)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestNotJSON(t *testing.T) {
	for _, in := range []string{"id,time\n1,2\n", "<xml/>", "hello"} {
		if _, err := cutAll(t, in, Options{}); !errors.Is(err, ErrNotJSON) {
			t.Errorf("%q: %v", in, err)
		}
	}
}

func TestUnmarshalReasons(t *testing.T) {
	var v struct {
		ID     Scalar `json:"id"`
		Status struct {
			Code Scalar `json:"code"`
		} `json:"status"`
	}
	for in, want := range map[string][2]string{
		`{"id":"x","status":{"code":0}}`: {"", ""},
		`{"id":1,"status":{"code":"0"}}`: {"", ""},
		`{"id":"x","status":"bad"}`:      {"status", "status is a string, not an object"},
		`{"id":"x","status":{"co`:        {"", "JSON cut short at byte 23"},
		`{"id":"x",,}`:                   {"", "invalid JSON at byte 11"},
		`["x"]`:                          {"", "not a JSON object"},
		"{\"id\":\"\xff\"}":              {"", "invalid UTF-8 at byte 8"},
	} {
		col, why := Unmarshal([]byte(in), &v)
		if col != want[0] || why != want[1] {
			t.Errorf("%q: %q %q, want %q", in, col, why, want)
		}
	}
}

func TestNameUUID(t *testing.T) {
	a, b := NameUUID("ns", "x", "y"), NameUUID("ns", "xy")
	if a == b || a != NameUUID("ns", "x", "y") || len(a) != 36 || a[14] != '5' || !strings.ContainsAny(a[19:20], "89ab") {
		t.Errorf("%s %s", a, b)
	}
	if !ZeroID("00000000-0000-0000-0000-000000000000") || !ZeroID("") || ZeroID("0d3a6c1e-5b7f-4e21-9a0c-2f8e4b6d1c73") {
		t.Error("ZeroID")
	}
}
