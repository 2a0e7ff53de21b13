package alert

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestIDIsDeterministicPerSubjectAndLevel(t *testing.T) {
	a, b := ID("S-1", "high"), ID("S-1", "high")
	if a != b {
		t.Fatalf("same subject and level gave %s and %s", a, b)
	}
	if !regexp.MustCompile(`^AL-[0-9a-f]{16}$`).MatchString(a) {
		t.Fatalf("id %q is not AL- and 16 hex digits", a)
	}
	seen := map[string]string{}
	for _, s := range []string{"S-1", "S-2", "S-10"} {
		for _, l := range []string{"low", "medium", "high", "critical"} {
			id := ID(s, l)
			if prev, ok := seen[id]; ok {
				t.Fatalf("%s|%s and %s share id %s", s, l, prev, id)
			}
			seen[id] = s + "|" + l
		}
	}
	if got := New("S-1", mosaic.LevelHigh, mosaic.LevelMedium, 80, sample().RaisedAt).ID; got != a {
		t.Fatalf("New gave id %s, want %s", got, a)
	}
}

func TestAlertJSONMatchesContract(t *testing.T) {
	b, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"schema", "id", "subject_id", "level", "previous_level", "score", "raised_at",
		"first_flagged_at", "application_ids", "employee_ids", "top_signals", "url"}
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
	if m["schema"] != "mosaic.alert/v1" || m["raised_at"] != "2026-05-02T09:14:03Z" ||
		m["first_flagged_at"] != "2026-05-02T09:14:00Z" || m["score"] != 84.2 || m["level"] != "high" {
		t.Fatalf("unexpected values: %s", b)
	}
	if ids, ok := m["employee_ids"].([]any); !ok || len(ids) != 0 {
		t.Fatalf("employee_ids = %#v, want []", m["employee_ids"])
	}
	sig := m["top_signals"].([]any)[0].(map[string]any)
	if sig["rule_id"] != "hiring.phone_shared_across_applicants" || sig["explanation"] == "" {
		t.Fatalf("top_signals[0] = %v", sig)
	}

	// A bare alert still has the contract's shape: null first_flagged_at,
	// [] lists, schema and id.
	b, _ = json.Marshal(Alert{SubjectID: "S-2", Level: mosaic.LevelCritical})
	var bare map[string]any
	_ = json.Unmarshal(b, &bare)
	if bare["first_flagged_at"] != nil || bare["schema"] != Schema || bare["id"] != ID("S-2", "critical") {
		t.Fatalf("bare alert: %s", b)
	}
	for _, k := range []string{"application_ids", "employee_ids", "top_signals"} {
		if _, ok := bare[k].([]any); !ok {
			t.Fatalf("%s is %#v, want []", k, bare[k])
		}
	}

	// Round trip.
	var back Alert
	if err := json.Unmarshal(b, &back); err != nil || back.SubjectID != "S-2" {
		t.Fatalf("round trip: %v %+v", err, back)
	}
}
