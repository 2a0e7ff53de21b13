package detect

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/normalize/phone"
)

// phoneShared fires when an applicant's phone number is also given by
// applicants who are different people. Operators recycle a few phones
// across many personas; honest people share a phone only within a
// household, or through a staffing agency's switchboard.
type phoneShared struct{}

func (phoneShared) Rule() Rule {
	return Rule{
		ID:          "hiring.phone_shared_across_applicants",
		Title:       "Phone number shared with other applicants",
		Description: "The applicant's phone number, once normalised, is also given by other applicants who are not the same person and do not live at the same address.",
		Silo:        mosaic.SiloHiring,
		Severity:    "high",
		Weight:      12,
		References: []string{
			"FBI, State, Treasury: Guidance on the Democratic People's Republic of Korea Information Technology Workers (May 2022)",
			"FBI PSA I-051624-PSA: North Korea IT workers (May 2024)",
		},
		FalsePositives: []string{
			"members of one household sharing a landline (same home address: not counted)",
			"contractors of one staffing agency listing its switchboard (agency applications, and numbers given by more than 25 applicants, are not counted)",
		},
	}
}

func (phoneShared) Detect(ctx context.Context, in *Input, emit func(mosaic.Signal)) error {
	g := in.Graph
	ds := g.DS
	byPhone := map[string][]int{}
	for i, p := range g.Keys.AppPhone {
		if p != "" {
			byPhone[p] = append(byPhone[p], i)
		}
	}
	for p, apps := range byPhone {
		subjects := map[int]bool{}
		for _, i := range apps {
			subjects[g.AppSubject[i]] = true
		}
		if len(subjects) < 2 || len(subjects) > link.MaxSharers {
			continue
		}
		for _, i := range apps {
			a := ds.Applications[i]
			si := g.AppSubject[i]
			var others []string
			otherSubjects := map[int]bool{}
			for _, j := range apps {
				sj := g.AppSubject[j]
				if sj == si || sameHome(g, i, j) || bothAgency(ds.Applications[i].Source, ds.Applications[j].Source) {
					continue
				}
				otherSubjects[sj] = true
				others = append(others, ds.Applications[j].ID)
			}
			if len(otherSubjects) == 0 {
				continue
			}
			sort.Strings(others)
			emit(mosaic.Signal{
				Subject: g.Subjects[si].Key,
				Key:     p,
				At:      a.SubmittedAt,
				Weight:  12,
				Explanation: fmt.Sprintf("%s (on %s) is also given by %d other applicant%s (%s)",
					phone.Format(p), a.ID, len(otherSubjects), plural(len(otherSubjects)), listIDs(others, 5)),
				Evidence: []mosaic.Evidence{mosaic.EvidenceFrom(a.Origin, "phone")},
			})
		}
	}
	return nil
}

func sameHome(g *link.Graph, i, j int) bool {
	a, b := g.Keys.AppAddress[i], g.Keys.AppAddress[j]
	return a != "" && a == b
}

func bothAgency(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), "agency") && strings.EqualFold(strings.TrimSpace(b), "agency")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// listIDs shows up to max ids and says how many more there are.
func listIDs(ids []string, max int) string {
	if len(ids) <= max {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:max], ", "), len(ids)-max)
}
