package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestJSONRenderingsValidate(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	empty := &mosaic.Report{}
	noLists := sampleReport()
	noLists.Input.Files = nil
	noLists.Clusters = nil
	for i := range noLists.Subjects {
		noLists.Subjects[i].ApplicationIDs = nil
		noLists.Subjects[i].CandidateIDs = nil
		noLists.Subjects[i].EmployeeIDs = nil
		noLists.Subjects[i].MergeReasons = nil
		for j := range noLists.Subjects[i].Signals {
			noLists.Subjects[i].Signals[j].Evidence = nil
		}
	}
	reports := map[string]*mosaic.Report{"sample": sampleReport(), "empty": empty, "nil lists": noLists}
	for name, r := range reports {
		for _, opts := range []Options{{}, {MinScore: 50}, {MinScore: 1000}} {
			doc := render(t, r, "json", opts)
			if err := v.Validate(doc); err != nil {
				t.Errorf("%s %+v: rendering does not validate: %v\n%s", name, opts, err, doc)
			}
			if err := Validate(doc); err != nil {
				t.Errorf("%s: package Validate disagrees: %v", name, err)
			}
		}
	}
}

func TestJSONListsAreNeverNull(t *testing.T) {
	r := &mosaic.Report{
		Subjects: []mosaic.Subject{{ID: "S-1", Level: mosaic.LevelNone,
			Signals: []mosaic.Signal{{RuleID: "r", Title: "t", Silo: "hr", Explanation: "e"}}}},
		Clusters: []mosaic.Cluster{{ID: "K-1"}},
	}
	doc := string(render(t, r, "json", Options{}))
	if strings.Contains(doc, "null") != true {
		t.Fatalf("first_flagged_at and cluster_id should be null:\n%s", doc)
	}
	var m struct {
		Input struct {
			Files json.RawMessage `json:"files"`
		} `json:"input"`
		Subjects []map[string]json.RawMessage `json:"subjects"`
		Clusters []map[string]json.RawMessage `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	check := func(what string, raw json.RawMessage) {
		if string(raw) != "[]" {
			t.Errorf("%s = %s, want []", what, raw)
		}
	}
	check("input.files", m.Input.Files)
	for _, f := range []string{"application_ids", "candidate_ids", "employee_ids"} {
		check(f, m.Subjects[0][f])
	}
	for _, f := range []string{"subject_ids", "links"} {
		check(f, m.Clusters[0][f])
	}
	if !strings.Contains(doc, `"evidence": []`) {
		t.Errorf("evidence not []:\n%s", doc)
	}
	if !strings.Contains(doc, `"schema": "mosaic.report/v1"`) {
		t.Errorf("empty schema not filled in:\n%s", doc)
	}
	empty := string(render(t, &mosaic.Report{}, "json", Options{}))
	for _, want := range []string{`"subjects": []`, `"clusters": []`} {
		if !strings.Contains(empty, want) {
			t.Errorf("empty report lacks %s:\n%s", want, empty)
		}
	}
}

func TestJSONKeepsTextReadable(t *testing.T) {
	r := sampleReport()
	r.Subjects[0].DisplayName = "Tom & Jerry <ltd>"
	doc := string(render(t, r, "json", Options{}))
	if !strings.Contains(doc, `"Tom & Jerry <ltd>"`) {
		t.Errorf("name escaped needlessly:\n%s", doc)
	}
}

// mutate decodes the sample report's JSON, applies f and encodes it again.
func mutate(t *testing.T, f func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(render(t, sampleReport(), "json", Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	f(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func subject(doc map[string]any, i int) map[string]any {
	return doc["subjects"].([]any)[i].(map[string]any)
}

func signal(doc map[string]any, s, i int) map[string]any {
	return subject(doc, s)["signals"].([]any)[i].(map[string]any)
}

func TestValidateRejectsBrokenReports(t *testing.T) {
	tests := []struct {
		name string
		doc  []byte
		want []string // every string must be in the message
	}{
		{"level severe", mutate(t, func(d map[string]any) { subject(d, 0)["level"] = "severe" }),
			[]string{"/subjects/0/level", "critical"}},
		{"no level", mutate(t, func(d map[string]any) { delete(subject(d, 1), "level") }),
			[]string{"/subjects/1", "level"}},
		{"no input", mutate(t, func(d map[string]any) { delete(d, "input") }),
			[]string{"at /:", "input"}},
		{"no subjects", mutate(t, func(d map[string]any) { delete(d, "subjects") }),
			[]string{"subjects"}},
		{"subjects null", mutate(t, func(d map[string]any) { d["subjects"] = nil }),
			[]string{"/subjects", "null"}},
		{"no first_flagged_at", mutate(t, func(d map[string]any) { delete(subject(d, 2), "first_flagged_at") }),
			[]string{"/subjects/2", "first_flagged_at"}},
		{"no cluster_id", mutate(t, func(d map[string]any) { delete(subject(d, 2), "cluster_id") }),
			[]string{"/subjects/2", "cluster_id"}},
		{"score above 100", mutate(t, func(d map[string]any) { subject(d, 0)["score"] = 101 }),
			[]string{"/subjects/0/score", "100"}},
		{"negative score", mutate(t, func(d map[string]any) { subject(d, 0)["score"] = -1 }),
			[]string{"/subjects/0/score"}},
		{"score as string", mutate(t, func(d map[string]any) { subject(d, 0)["score"] = "97.5" }),
			[]string{"/subjects/0/score", "number"}},
		{"bad first_flagged_at", mutate(t, func(d map[string]any) { subject(d, 0)["first_flagged_at"] = "yesterday" }),
			[]string{"/subjects/0/first_flagged_at", "date-time"}},
		{"cluster_id number", mutate(t, func(d map[string]any) { subject(d, 0)["cluster_id"] = 5 }),
			[]string{"/subjects/0/cluster_id"}},
		{"ids null", mutate(t, func(d map[string]any) { subject(d, 2)["application_ids"] = nil }),
			[]string{"/subjects/2/application_ids"}},
		{"evidence without row", mutate(t, func(d map[string]any) {
			signal(d, 0, 0)["evidence"] = []any{map[string]any{"field": "phone"}}
		}), []string{"/subjects/0/signals/0/evidence/0", "event_id", "line"}},
		{"line zero", mutate(t, func(d map[string]any) {
			signal(d, 0, 0)["evidence"] = []any{map[string]any{"file": "a.csv", "line": 0}}
		}), []string{"/subjects/0/signals/0/evidence/0/line"}},
		{"signal without explanation", mutate(t, func(d map[string]any) { delete(signal(d, 1, 0), "explanation") }),
			[]string{"/subjects/1/signals/0", "explanation"}},
		{"wrong schema", mutate(t, func(d map[string]any) { d["schema"] = "mosaic.report/v2" }),
			[]string{"/schema", "mosaic.report/v1"}},
		{"bad generated_at", mutate(t, func(d map[string]any) { d["generated_at"] = "2026-13-45" }),
			[]string{"/generated_at"}},
		{"negative rows", mutate(t, func(d map[string]any) {
			d["input"].(map[string]any)["files"].([]any)[1].(map[string]any)["rows_rejected"] = -2
		}), []string{"/input/files/1/rows_rejected"}},
		{"lone cluster", mutate(t, func(d map[string]any) {
			d["clusters"].([]any)[0].(map[string]any)["subject_ids"] = []any{"S-jane"}
		}), []string{"/clusters/0/subject_ids"}},
		{"link without explanation", mutate(t, func(d map[string]any) {
			delete(d["clusters"].([]any)[0].(map[string]any)["links"].([]any)[0].(map[string]any), "explanation")
		}), []string{"/clusters/0/links/0", "explanation"}},
		{"not json", []byte(`{"schema": `), []string{"not valid JSON"}},
		{"trailing data", []byte(`{} {}`), []string{"not valid JSON"}},
		{"array", []byte(`[]`), []string{"at /:", "object"}},
		{"empty", nil, []string{"not valid JSON"}},
	}
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Validate(tt.doc)
			if err == nil {
				t.Fatalf("validated:\n%s", tt.doc)
			}
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Errorf("code %q, want %q", mosaic.ErrorCode(err), mosaic.EINVALID)
			}
			msg := mosaic.ErrorMessage(err)
			t.Log(msg)
			for _, want := range tt.want {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestValidateAllowsAddedFields(t *testing.T) {
	doc := mutate(t, func(d map[string]any) {
		d["scanner"] = map[string]any{"version": "1.2.0"}
		subject(d, 0)["department"] = "engineering"
		signal(d, 0, 0)["confidence"] = 0.9
		d["clusters"].([]any)[0].(map[string]any)["risk"] = "high"
	})
	if err := Validate(doc); err != nil {
		t.Fatal(err)
	}
}

func TestValidateAcceptsTheContractExample(t *testing.T) {
	// The example of shared/contract/report.md, with its "…" ids filled in.
	doc := []byte(`{
  "schema": "mosaic.report/v1",
  "generated_at": "2026-11-25T17:00:00Z",
  "input": {
    "rows_read": 51234, "rows_accepted": 51230, "rows_rejected": 4,
    "files": [
      {"path": "applications.csv", "kind": "applications", "rows_read": 812, "rows_accepted": 811, "rows_rejected": 1}
    ]
  },
  "subjects": [
    {
      "id": "S-1",
      "display_name": "Jane Doe",
      "application_ids": ["A0001276"], "candidate_ids": ["C001230"], "employee_ids": ["E00252"],
      "score": 97.5,
      "level": "critical",
      "first_flagged_at": "2026-05-02T09:14:00Z",
      "cluster_id": "K-1",
      "signals": [
        {
          "rule_id": "hiring.phone_shared_across_applicants",
          "title": "Phone number shared with other applicants",
          "silo": "hiring",
          "at": "2026-04-30T11:02:00Z",
          "weight": 0.8,
          "explanation": "+1 602 555 0143 is also given by 3 other applicants (A0001280, A0001283, A0001291)",
          "evidence": [{"file": "applications.csv", "line": 1277, "field": "phone"}]
        }
      ]
    }
  ],
  "clusters": [
    {
      "id": "K-1",
      "subject_ids": ["S-1", "S-2"],
      "links": [{"a": "S-1", "b": "S-2", "kind": "phone", "explanation": "same phone +1 602 555 0143"}]
    }
  ]
}`)
	if err := Validate(doc); err != nil {
		t.Fatal(err)
	}
}

func TestValidateCapsTheProblemList(t *testing.T) {
	doc := mutate(t, func(d map[string]any) {
		var many []any
		for i := 0; i < 50; i++ {
			many = append(many, map[string]any{"id": ""})
		}
		d["subjects"] = many
	})
	msg := mosaic.ErrorMessage(Validate(doc))
	if !strings.Contains(msg, "more") || strings.Count(msg, "; ") > maxProblems {
		t.Errorf("problem list not capped: %d separators in %q", strings.Count(msg, "; "), msg)
	}
}

func TestSchema(t *testing.T) {
	s := Schema()
	var doc map[string]any
	if err := json.Unmarshal(s, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" || doc["$id"] != SchemaID {
		t.Errorf("$schema/$id = %v / %v", doc["$schema"], doc["$id"])
	}
	s[0] = 'X'
	if !bytes.HasPrefix(Schema(), []byte("{")) {
		t.Error("Schema returns the embedded slice itself")
	}
}

func TestJSONOfHostileText(t *testing.T) {
	r := hostileReport()
	r.Subjects[1].Level = mosaic.LevelHigh
	r.Subjects[2].Score = 50
	r.Clusters[0].SubjectIDs = r.Clusters[0].SubjectIDs[:2]
	r.Clusters[0].Links[1].Explanation = "same email"
	doc := render(t, r, "json", Options{})
	if err := Validate(doc); err != nil {
		t.Fatalf("hostile text broke the document: %v", err)
	}
	if !json.Valid(doc) || bytes.Contains(doc, []byte("\xff")) {
		t.Fatal("document is not valid UTF-8 JSON")
	}
}

func TestJSONOfNonFiniteScore(t *testing.T) {
	var buf bytes.Buffer
	err := Render(&buf, hostileReport(), "json", Options{}) // one score is NaN
	if mosaic.ErrorCode(err) != mosaic.EINTERNAL || buf.Len() != 0 {
		t.Fatalf("got %v and %d bytes, want EINTERNAL and nothing written", err, buf.Len())
	}
}
