package eval

import "sort"

// EntityResolution lists where the report's subjects and the truth's people
// disagree: one subject holding several people (over-merge, which spreads a
// fraudster's score onto an honest person or the other way round) and one
// person split across several subjects (under-merge, which splits the
// evidence against them).
type EntityResolution struct {
	OverMerged []OverMerge `json:"over_merged"`
	// UnderMerged counts the people whose ids are held by more than one
	// subject; UnderMergedExamples lists a few, the most split first.
	UnderMerged         int          `json:"under_merged"`
	UnderMergedExamples []UnderMerge `json:"under_merged_examples"`
	// UnderMergedByTag counts, per truth tag, the people split across
	// subjects (Flagged) of those carrying it (Total): a rehire kept apart
	// from their earlier employment shows here.
	UnderMergedByTag []TagCount `json:"under_merged_by_tag"`
	// UnknownSubjects counts the subjects holding no id of any person in
	// scope (ids the truth does not know, or people the stage leaves out).
	UnknownSubjects int `json:"unknown_subjects"`
	// UnknownIDs counts the ids on subjects that no person in scope holds;
	// a large number means the report and the truth do not share ids.
	UnknownIDs int `json:"unknown_ids"`
}

// OverMerge is one subject holding the ids of several people.
type OverMerge struct {
	Subject string   `json:"subject"`
	People  []string `json:"people"` // most ids first
	Fraud   int      `json:"fraud"`
	Honest  int      `json:"honest"`
}

// UnderMerge is one person whose ids several subjects hold.
type UnderMerge struct {
	Person   string   `json:"person"`
	Role     string   `json:"role"`
	Subjects []string `json:"subjects"`
}

// maxUnderMergeExamples bounds the under-merge list: under-merging is common
// and a few examples are enough to go and look.
const maxUnderMergeExamples = 10

func (x *index) entityResolution() EntityResolution {
	res := EntityResolution{OverMerged: []OverMerge{}, UnderMergedExamples: []UnderMerge{}}
	for si, link := range x.subjects {
		res.UnknownIDs += link.unknown
		if len(link.shares) == 0 {
			res.UnknownSubjects++
			continue
		}
		if len(link.shares) < 2 {
			continue
		}
		m := OverMerge{Subject: x.report.Subjects[si].ID}
		for _, sh := range link.shares {
			p := x.people[sh.person]
			m.People = append(m.People, p.ID)
			if p.Fraud() {
				m.Fraud++
			} else {
				m.Honest++
			}
		}
		res.OverMerged = append(res.OverMerged, m)
	}
	var split []int
	byTag := tagCounter{}
	for p, hs := range x.holdings {
		if len(hs) > 1 {
			split = append(split, p)
		}
		byTag.add(x.people[p].Tags, len(hs) > 1)
	}
	res.UnderMerged = len(split)
	res.UnderMergedByTag = byTag.list()
	sort.SliceStable(split, func(a, b int) bool { return len(x.holdings[split[a]]) > len(x.holdings[split[b]]) })
	if len(split) > maxUnderMergeExamples {
		split = split[:maxUnderMergeExamples]
	}
	for _, p := range split {
		u := UnderMerge{Person: x.people[p].ID, Role: x.people[p].Role}
		for _, h := range x.holdings[p] {
			u.Subjects = append(u.Subjects, x.report.Subjects[h.subject].ID)
		}
		res.UnderMergedExamples = append(res.UnderMergedExamples, u)
	}
	return res
}
