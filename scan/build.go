package scan

import (
	"sort"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ipinfo"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/score"
)

// ownScores fuses each subject's own signals (before any cluster signal).
func ownScores(g *link.Graph, signals []mosaic.Signal, p score.Params) []float64 {
	bySubject := map[string][]mosaic.Signal{}
	for _, s := range signals {
		bySubject[s.Subject] = append(bySubject[s.Subject], s)
	}
	out := make([]float64, len(g.Subjects))
	for i, s := range g.Subjects {
		out[i] = score.Fuse(bySubject[s.Key], p).Score
	}
	return out
}

// buildReport fuses each subject's signals and assembles the ranked report
// with its clusters.
func buildReport(g *link.Graph, signals []mosaic.Signal, p score.Params, fb *mosaic.Feedback) *mosaic.Report {
	bySubject := map[string][]mosaic.Signal{}
	for _, s := range signals {
		bySubject[s.Subject] = append(bySubject[s.Subject], s)
	}

	clusters, clusterOf := g.Clusters()
	rep := &mosaic.Report{Schema: mosaic.ReportSchema, Subjects: make([]mosaic.Subject, 0, len(g.Subjects)), Clusters: []mosaic.Cluster{}}
	for i, s := range g.Subjects {
		r := score.Fuse(bySubject[s.Key], p)
		apps, cands, emps := g.IDs(s)
		sub := mosaic.Subject{
			ID:             s.Key,
			DisplayName:    s.Name,
			ApplicationIDs: nonNil(apps),
			CandidateIDs:   nonNil(cands),
			EmployeeIDs:    nonNil(emps),
			Score:          r.Score,
			Level:          r.Level,
			FirstFlaggedAt: r.FirstFlaggedAt,
			MergeReasons:   s.MergeReasons(),
			Disposition:    fb.Verdict(s.Key),
			Signals:        r.Signals,
		}
		if sub.Signals == nil {
			sub.Signals = []mosaic.Signal{}
		}
		for j := range sub.Signals {
			if sub.Signals[j].Evidence == nil {
				sub.Signals[j].Evidence = []mosaic.Evidence{}
			}
		}
		if ci := clusterOf[i]; ci >= 0 {
			id := clusters[ci].Key
			sub.ClusterID = &id
		}
		rep.Subjects = append(rep.Subjects, sub)
	}
	sort.SliceStable(rep.Subjects, func(i, j int) bool {
		if rep.Subjects[i].Score != rep.Subjects[j].Score {
			return rep.Subjects[i].Score > rep.Subjects[j].Score
		}
		return rep.Subjects[i].ID < rep.Subjects[j].ID
	})
	for _, c := range clusters {
		mc := mosaic.Cluster{ID: c.Key, Links: []mosaic.Link{}}
		for _, si := range c.Members {
			mc.SubjectIDs = append(mc.SubjectIDs, g.Subjects[si].Key)
		}
		for _, ei := range c.Edges {
			e := g.Links[ei]
			mc.Links = append(mc.Links, mosaic.Link{
				A: g.Subjects[e.A].Key, B: g.Subjects[e.B].Key, Kind: e.Kind,
				Strength: round2(e.Strength), Explanation: e.Explanation,
			})
		}
		rep.Clusters = append(rep.Clusters, mc)
	}
	return rep
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// sharedIP tells the linker which submission addresses strangers share as
// a matter of course: mobile carriers' (carrier-grade NAT) and the
// company's declared egress.
func sharedIP(lookup func(string) ipinfo.Info) func(string) bool {
	if lookup == nil {
		return nil
	}
	return func(ip string) bool {
		in := lookup(ip)
		return in.Mobile || in.Corporate
	}
}
