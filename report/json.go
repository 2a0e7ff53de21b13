package report

import (
	"encoding/json"
	"io"

	"github.com/mosaic-sec/mosaic"
)

// renderJSON writes the contract's document, indented. Every list the
// contract shows is written as [] when empty, never null, so consumers can
// iterate without checks.
func renderJSON(w io.Writer, r *mosaic.Report, opts Options) error {
	doc := contractCopy(r, rankSubjects(r, opts.MinScore))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Names and explanations are shown as typed: "&" and "<" stay readable,
	// and the document is never embedded in HTML unescaped.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot encode the report as JSON")
	}
	return nil
}

// contractCopy returns a shallow copy of r holding the given subjects, with
// every nil list replaced by an empty one. The caller's report is untouched.
func contractCopy(r *mosaic.Report, subjects []ranked) mosaic.Report {
	out := *r
	if out.Schema == "" {
		out.Schema = mosaic.ReportSchema
	}
	out.Input.Files = nonNil(r.Input.Files)
	out.Subjects = make([]mosaic.Subject, len(subjects))
	for i, s := range subjects {
		c := *s.Subject
		c.ApplicationIDs = nonNil(c.ApplicationIDs)
		c.CandidateIDs = nonNil(c.CandidateIDs)
		c.EmployeeIDs = nonNil(c.EmployeeIDs)
		c.Signals = make([]mosaic.Signal, len(s.Signals))
		for j, sig := range s.Signals {
			sig.Evidence = nonNil(sig.Evidence)
			c.Signals[j] = sig
		}
		out.Subjects[i] = c
	}
	out.Clusters = make([]mosaic.Cluster, len(r.Clusters))
	for i, k := range r.Clusters {
		k.SubjectIDs = nonNil(k.SubjectIDs)
		k.Links = nonNil(k.Links)
		out.Clusters[i] = k
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
