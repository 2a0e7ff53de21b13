package jsonlines

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// The limits on a JSON-lines ingest body: a row over one is rejected with
// the reason, the rows around it are read (docs/limits.md).
func TestLimits(t *testing.T) {
	nested := func(levels int) string {
		return `{"id":"x","n":` + strings.Repeat(`[`, levels-1) + strings.Repeat(`]`, levels-1) + "}"
	}
	manyFields := func(n int) string {
		var b strings.Builder
		b.WriteString(`{"id":"x"`)
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, `,"f%d":1`, i)
		}
		return b.String() + "}"
	}
	for _, c := range []struct {
		name, line, reason string
	}{
		{"long line", `{"id":"` + strings.Repeat("a", MaxLineBytes) + `"}`, "longer than the limit"},
		{"deep", nested(MaxDepth + 1), "nested deeper than the limit"},
		{"many fields", manyFields(MaxFields + 1), "more than the limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := `{"id":"before"}` + "\n" + c.line + "\n" + `{"id":"after"}` + "\n"
			out, lineMap, rejects, err := ToCSV(strings.NewReader(body), "b.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if len(rejects) != 1 || rejects[0].Line != 2 || !strings.Contains(rejects[0].Reason, c.reason) {
				t.Fatalf("rejects %+v, want line 2 rejected: %s", rejects, c.reason)
			}
			if len(lineMap) != 4 || lineMap[2] != 1 || lineMap[3] != 3 {
				t.Errorf("rows from lines %v, want 1 and 3", lineMap[2:])
			}
			if !bytes.Contains(out, []byte("before")) || !bytes.Contains(out, []byte("after")) {
				t.Errorf("the rows around it are lost: %q", out)
			}
		})
	}
	t.Run("at the limits", func(t *testing.T) {
		body := nested(MaxDepth) + "\n" + manyFields(MaxFields) + "\n"
		if _, _, rejects, err := ToCSV(strings.NewReader(body), "b.jsonl"); err != nil || len(rejects) != 0 {
			t.Fatalf("rows at the limits refused: %v %+v", err, rejects)
		}
	})
}

// TestColumnsBounded: every line with a field of its own would
// make a CSV as wide as the body is long, in every row; past
// MaxColumns the lines that bring new fields are rejected.
func TestColumnsBounded(t *testing.T) {
	var body strings.Builder
	lines := MaxColumns + 500
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&body, "{\"k%d\":1}\n", i)
	}
	out, lineMap, rejects, err := ToCSV(strings.NewReader(body.String()), "b.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(lineMap) - 2; got != MaxColumns {
		t.Errorf("%d rows kept, want %d", got, MaxColumns)
	}
	if len(rejects) != 500 || !strings.Contains(rejects[0].Reason, "columns") {
		t.Fatalf("%d rejects (%+v), want 500 for the columns", len(rejects), rejects[:min(len(rejects), 1)])
	}
	if max := (MaxColumns + 1) * (MaxColumns*2 + 16); len(out) > max {
		t.Errorf("%d bytes of CSV, more than %d", len(out), max)
	}
}

// TestArrayElementTooDeep: in an array body each element is a row, rejected
// when nested past the limit.
func TestArrayElementTooDeep(t *testing.T) {
	body := `[{"id":"a"},` + `{"id":"b","x":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `},{"id":"c"}]`
	_, lineMap, rejects, err := ToCSV(strings.NewReader(body), "b.json")
	if err != nil || len(rejects) != 1 || rejects[0].Line != 2 || !strings.Contains(rejects[0].Reason, "deeper") {
		t.Fatalf("err %v, rejects %+v: want element 2 rejected", err, rejects)
	}
	if len(lineMap) != 4 {
		t.Errorf("rows %v, want elements 1 and 3", lineMap[2:])
	}
}
