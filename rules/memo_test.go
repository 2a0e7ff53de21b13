package rules

import (
	"context"
	"testing"
	"time"
)

// TestMemoAnswersOnlyTheSameVariables: the memo gives back a firing only
// for variables equal in every nested value; a change anywhere (a list
// element, a pointer's target, a time) is evaluated again.
func TestMemoAnswersOnlyTheSameVariables(t *testing.T) {
	set, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := NewMemo()
	ctx := context.Background()
	n := 3
	vars := func() map[string]any {
		return map[string]any{"note": map[string]any{"text": "candidate refused to turn the camera on", "kind": "interview",
			"outcome": "concern", "author_role": "interviewer", "at": time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC),
			"tags": []string{"a", "b"}, "count": &n}}
	}
	first, err := m.Evaluate(ctx, set, "note", vars())
	if err != nil {
		t.Fatal(err)
	}
	again, _ := m.Evaluate(ctx, set, "note", vars())
	if m.Hits != 1 || m.Misses != 1 || len(again) != len(first) {
		t.Fatalf("same variables: hits %d misses %d, %d vs %d firings", m.Hits, m.Misses, len(again), len(first))
	}
	changes := []func(map[string]any){
		func(v map[string]any) { v["note"].(map[string]any)["text"] = "all fine" },
		func(v map[string]any) { v["note"].(map[string]any)["tags"] = []string{"a", "c"} },
		func(v map[string]any) { v["note"].(map[string]any)["at"] = time.Date(2026, 5, 1, 9, 0, 1, 0, time.UTC) },
		func(v map[string]any) { m := 4; v["note"].(map[string]any)["count"] = &m },
	}
	for i, change := range changes {
		v := vars()
		change(v)
		before := m.Misses
		if _, err := m.Evaluate(ctx, set, "note", v); err != nil {
			t.Fatal(err)
		}
		if m.Misses != before+1 {
			t.Errorf("change %d was answered from the memo", i)
		}
	}
	// Entries unused for two generations go.
	m.Advance()
	m.Advance()
	if len(m.entries) != 0 {
		t.Errorf("%d stale entries kept", len(m.entries))
	}
}
