package report

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestWriteRejects(t *testing.T) {
	rejects := []mosaic.Reject{
		{File: "applications.csv", Line: 14, Column: "submitted_at", Reason: "not a date: expected 2006-01-02"},
		{File: "okta/log.jsonl", Line: 3, Reason: "not JSON, \"line\" cut short"},
		{File: "employees.csv", Line: 9, Column: "ssn", Reason: "bad SSN,\nnot 9 digits"},
		{File: "=cmd.csv", Line: 1, Reason: "@formula"},
	}
	var buf bytes.Buffer
	if err := WriteRejects(&buf, rejects); err != nil {
		t.Fatal(err)
	}
	golden(t, "rejects.csv", buf.Bytes())
	rows := readCSV(t, buf.Bytes())
	if len(rows) != 5 || strings.Join(rows[0], ",") != "file,line,column,reason" {
		t.Fatalf("rows = %q", rows)
	}
	if rows[3][3] != "bad SSN, not 9 digits" {
		t.Errorf("reason = %q", rows[3][3])
	}
}

func TestRejectWriterEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := NewRejectWriter(&buf).Flush(); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "file,line,column,reason\r\n" {
		t.Fatalf("got %q", buf.String())
	}
	buf.Reset()
	if err := WriteRejects(&buf, nil); err != nil || buf.String() != "file,line,column,reason\r\n" {
		t.Fatalf("WriteRejects(nil) = %q, %v", buf.String(), err)
	}
}

func TestRejectWriterConcurrent(t *testing.T) {
	var buf bytes.Buffer
	rw := NewRejectWriter(&buf)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				if err := rw.Write(mosaic.Reject{File: fmt.Sprintf("f%d.csv", g), Line: i + 2, Reason: "bad row"}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := rw.Flush(); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if len(rows) != 8*500+1 {
		t.Fatalf("got %d rows", len(rows))
	}
}

func TestRejectWriterWriteError(t *testing.T) {
	rw := NewRejectWriter(failingWriter{})
	var err error
	for i := 0; i < 10000 && err == nil; i++ {
		err = rw.Write(mosaic.Reject{File: "a.csv", Line: i, Reason: "bad"})
	}
	if err == nil {
		err = rw.Flush()
	}
	var e *mosaic.Error
	if !errors.As(err, &e) || e.Code != mosaic.EINTERNAL {
		t.Fatalf("got %v, want EINTERNAL", err)
	}
}
