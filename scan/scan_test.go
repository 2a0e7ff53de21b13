package scan

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// fakeExtractor emits one record per line of a file, rejecting lines that
// say "bad", so the pipeline can be tested without the real readers.
type fakeExtractor struct{ kind mosaic.Kind }

func (x fakeExtractor) Kinds() []mosaic.Kind { return []mosaic.Kind{x.kind} }

func (x fakeExtractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	data, err := os.ReadFile(f.Abs)
	if err != nil {
		return err
	}
	line := 0
	start := 0
	for i := 0; i <= len(data); i++ {
		if i < len(data) && data[i] != '\n' {
			continue
		}
		text := string(data[start:i])
		start = i + 1
		if text == "" {
			continue
		}
		line++
		o := mosaic.Origin{File: f.Path, Line: line}
		if text == "bad" {
			if err := emit.Reject(mosaic.Reject{Line: line, Reason: "bad row"}); err != nil {
				return err
			}
			continue
		}
		var rec mosaic.Record
		switch x.kind {
		case mosaic.KindApplications:
			rec = mosaic.Application{ID: text, SubmittedAt: time.Unix(0, 0), FirstName: "A", LastName: text, Origin: o}
		case mosaic.KindEmployees:
			rec = mosaic.Employee{ID: text, FirstName: "E", LastName: text, Origin: o}
		case mosaic.KindNotes:
			rec = mosaic.Note{ID: text, SubjectType: "employee", SubjectID: "E1", Origin: o}
		}
		if err := emit.Accept(rec); err != nil {
			return err
		}
	}
	return nil
}

func testBundle(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"applications.csv": "A1\nbad\nA2\n",
		"employees.csv":    "E1\n",
		"notes.csv":        "N1\nbad\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func extractors() []mosaic.Extractor {
	return []mosaic.Extractor{fakeExtractor{mosaic.KindApplications}, fakeExtractor{mosaic.KindEmployees}, fakeExtractor{mosaic.KindNotes}}
}

func TestEveryRowIsAccountedFor(t *testing.T) {
	var rejects []mosaic.Reject
	res, err := Run(context.Background(), Config{
		Dir: testBundle(t), Extractors: extractors(),
		Reject: func(r mosaic.Reject) error { rejects = append(rejects, r); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	in := res.Report.Input
	if in.RowsRead != 6 || in.RowsAccepted != 4 || in.RowsRejected != 2 {
		t.Fatalf("accounting %+v", in)
	}
	for _, f := range in.Files {
		if f.Read != f.Accepted+f.Rejected {
			t.Errorf("%s: %d != %d + %d", f.Path, f.Read, f.Accepted, f.Rejected)
		}
	}
	if len(rejects) != 2 || rejects[0].File == "" || rejects[0].Reason == "" {
		t.Fatalf("rejects %+v", rejects)
	}
	if len(res.Report.Subjects) != 3 || res.Report.Schema != mosaic.ReportSchema {
		t.Fatalf("want 3 subjects (two applicants, one employee): %+v", res.Report.Subjects)
	}
}

func TestApplicationStageSeesNoEmployeeData(t *testing.T) {
	res, err := Run(context.Background(), Config{Dir: testBundle(t), Extractors: extractors(), Stage: StageApply})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Report.Subjects {
		if len(s.EmployeeIDs) > 0 {
			t.Fatalf("an employee record reached an application-stage scan: %+v", s)
		}
	}
	if n := len(res.Graph.DS.Notes); n != 0 {
		t.Fatalf("%d notes about employees kept at the application stage", n)
	}
	// Rows are still read and accounted for, only not used.
	if res.Report.Input.RowsRead != 6 {
		t.Fatalf("accounting %+v", res.Report.Input)
	}
}

func TestCancelledScanStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Config{Dir: testBundle(t), Extractors: extractors()}); err == nil {
		t.Fatal("a cancelled scan finished")
	}
}
