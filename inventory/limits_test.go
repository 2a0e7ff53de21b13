package inventory

import (
	"strings"
	"testing"
)

// TestFlattenStopsAtMaxDepth: nested objects become cells of their own
// down to maxDepth levels; deeper ones stay one cell of JSON text, so a
// row deeply nested costs at most maxDepth+1 copies of its text (and
// jsonrows rejects events nested deeper than jsonrows.MaxDepth first).
func TestFlattenStopsAtMaxDepth(t *testing.T) {
	in := `{"a":{"b":{"c":{"d":{"e":{"f":{"g":"x"}}}}}}}`
	r, _, why := Flatten([]byte(in))
	if why != "" {
		t.Fatal(why)
	}
	for _, key := range []string{"a", "ab", "abc", "abcd", "abcde"} {
		if _, ok := r[key]; !ok {
			t.Errorf("no cell %q: %v", key, r)
		}
	}
	if got, want := r["abcde"], `{"f":{"g":"x"}}`; got != want {
		t.Errorf("cell abcde = %q, want the JSON text %q", got, want)
	}
	if _, ok := r["abcdef"]; ok {
		t.Errorf("flattened deeper than %d levels: %v", maxDepth, r)
	}
	size := 0
	for k, v := range r {
		size += len(k) + len(v)
	}
	if size > (maxDepth+1)*len(in) {
		t.Errorf("%d bytes of cells from %d bytes of row", size, len(in))
	}
	if deep := strings.Repeat(`{"k":`, 30) + "1" + strings.Repeat("}", 30); len(mustFlatten(t, deep)) != maxDepth+1 {
		t.Errorf("30 levels give %d cells, want %d", len(mustFlatten(t, deep)), maxDepth+1)
	}
}

func mustFlatten(t *testing.T, s string) Row {
	r, _, why := Flatten([]byte(s))
	if why != "" {
		t.Fatal(why)
	}
	return r
}
