package report

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// bigReport is a report the size of a mid-sized company's scan: n subjects
// with six signals each and a cluster for every ten subjects.
func bigReport(n int) *mosaic.Report {
	base := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	r := &mosaic.Report{Schema: mosaic.ReportSchema, GeneratedAt: base}
	r.Input.Files = []mosaic.FileStats{{Path: "applications.csv", Kind: mosaic.KindApplications, Read: n, Accepted: n}}
	r.Input.RowsRead, r.Input.RowsAccepted = n, n
	for i := 0; i < n; i++ {
		score := float64(n-i) * 100 / float64(n)
		s := mosaic.Subject{
			ID:             fmt.Sprintf("S-%06d", i),
			DisplayName:    fmt.Sprintf("Applicant Number %d", i),
			ApplicationIDs: []string{fmt.Sprintf("A%07d", i), fmt.Sprintf("A%07d", i+n)},
			CandidateIDs:   []string{fmt.Sprintf("C%06d", i)},
			EmployeeIDs:    []string{fmt.Sprintf("E%05d", i)},
			Score:          score,
			Level:          mosaic.LevelFor(score),
		}
		if score >= mosaic.ThresholdHigh {
			s.FirstFlaggedAt = &base
		}
		if i%10 < 2 {
			s.ClusterID = ptr(fmt.Sprintf("K-%d", i/10))
		}
		for j := 0; j < 6; j++ {
			s.Signals = append(s.Signals, mosaic.Signal{
				RuleID: "hiring.phone_shared_across_applicants", Title: "Phone number shared with other applicants",
				Silo: mosaic.SiloHiring, At: base.Add(time.Duration(j) * time.Hour), Weight: 0.8, Share: float64(6-j) / 21,
				Explanation: fmt.Sprintf("+1 602 555 %04d is also given by %d other applicants (A0001280, A0001283)", i%10000, j+1),
				Evidence:    []mosaic.Evidence{{File: "applications.csv", Line: i + 2, Field: "phone"}},
			})
		}
		r.Subjects = append(r.Subjects, s)
	}
	for i := 0; i+1 < n; i += 10 {
		a, b := r.Subjects[i].ID, r.Subjects[i+1].ID
		r.Clusters = append(r.Clusters, mosaic.Cluster{
			ID: fmt.Sprintf("K-%d", i/10), SubjectIDs: []string{a, b},
			Links: []mosaic.Link{{A: a, B: b, Kind: "phone", Strength: 0.9, Explanation: "same phone +1 602 555 0143"}},
		})
	}
	return r
}

func BenchmarkRender(b *testing.B) {
	r := bigReport(2000)
	for _, f := range Formats() {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Render(io.Discard, r, f, Options{Width: 120}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	doc := render(b, bigReport(2000), "json", Options{})
	v, err := NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Validate(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewValidator(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewValidator(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRejectWriter(b *testing.B) {
	rw := NewRejectWriter(io.Discard)
	rej := mosaic.Reject{File: "applications.csv", Line: 1277, Column: "submitted_at", Reason: "not a date: expected 2006-01-02"}
	b.ReportAllocs()
	for b.Loop() {
		if err := rw.Write(rej); err != nil {
			b.Fatal(err)
		}
	}
	if err := rw.Flush(); err != nil {
		b.Fatal(err)
	}
}
