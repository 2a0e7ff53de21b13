package sanctions

import (
	"context"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/detect"
	"github.com/mosaic-sec/mosaic/link"
)

// SubjectResult is what screening found about one linked person: the
// matches of every party their records name (themselves as applicant and
// employee, their referees, their laptops' ship-to names, their payees and
// wallets).
type SubjectResult struct {
	Matches []Match
}

// Count returns the number of distinct listed entries matched of one kind.
func (r SubjectResult) Count(kind string) int { return len(r.Described(kind)) }

// Described returns one phrase per listed entry matched of one kind.
func (r SubjectResult) Described(kind string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range r.Matches {
		if m.Kind != kind || seen[m.List+"\x00"+m.EntryID] {
			continue
		}
		seen[m.List+"\x00"+m.EntryID] = true
		out = append(out, m.Describe())
	}
	return out
}

// Evidence returns the rows of the matches of one kind.
func (r SubjectResult) Evidence(kind string) []mosaic.Evidence {
	var out []mosaic.Evidence
	seen := map[mosaic.Evidence]bool{}
	for _, m := range r.Matches {
		if m.Kind != kind {
			continue
		}
		e := mosaic.EvidenceFrom(m.Party.Origin, m.Column)
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// Review lists the name-only matches for compliance review, one per
// record and listed entry (the subject is the caller's to fill in).
func (r SubjectResult) Review() []mosaic.ScreeningReview {
	var out []mosaic.ScreeningReview
	seen := map[string]bool{}
	for _, m := range r.Matches {
		k := m.Party.Record + "\x00" + m.List + "\x00" + m.EntryID
		if m.Kind != KindNameOnly || seen[k] {
			continue
		}
		seen[k] = true
		why := "the name alone resembles the listed name; nothing else about the listed person agrees"
		if len(m.Context) > 0 {
			why += " (" + strings.Join(m.Context, ", ") + ", which does not count)"
		}
		out = append(out, mosaic.ScreeningReview{Record: m.Party.Record, Name: m.Party.Name, ListedName: m.Listed,
			List: m.List, EntryID: m.EntryID, Score: m.Score, Why: why})
	}
	return out
}

// Vars are the subject.sanctions variables of rules/SCHEMA.md.
func (r SubjectResult) Vars() map[string]any {
	list := func(kind string) []any {
		d := r.Described(kind)
		out := make([]any, len(d))
		for i, s := range d {
			out[i] = s
		}
		return out
	}
	return map[string]any{
		"screened":           true,
		"identifier_matches": int64(r.Count(KindIdentifier)),
		"identifier_list":    list(KindIdentifier),
		"name_matches":       int64(r.Count(KindNameSecond)),
		"name_list":          list(KindNameSecond),
		"name_only_matches":  int64(r.Count(KindNameOnly)),
		"name_only_list":     list(KindNameOnly),
	}
}

// Parties lists the parties a linked person's records name.
func Parties(g *link.Graph, si int) []Party {
	ds := g.DS
	s := g.Subjects[si]
	var out []Party
	for _, i := range s.Apps {
		a := ds.Applications[i]
		rec := "application " + a.ID
		out = append(out, Party{Role: "applicant", Record: rec, Origin: a.Origin, Name: strings.TrimSpace(a.FirstName + " " + a.LastName),
			Emails: nonEmpty(a.Email), Phones: nonEmpty(a.Phone), PhoneRegion: region(a.Address.Country),
			Websites: nonEmpty(a.LinkedInURL, a.GitHubURL), Address: a.Address})
		for _, ref := range a.References {
			// A referee is screened on identifiers only: a listed
			// referee's e-mail or phone is evidence about the applicant;
			// a referee's name is not the applicant's.
			out = append(out, Party{Role: "referee", Record: rec + " (referee)", Origin: a.Origin,
				Emails: nonEmpty(ref.Email), Phones: nonEmpty(ref.Phone), PhoneRegion: region(a.Address.Country)})
		}
	}
	for _, i := range s.Employees() {
		e := ds.Employees[i]
		out = append(out, Party{Role: "employee", Record: "employee " + e.ID, Origin: e.Origin,
			Name: strings.TrimSpace(e.FirstName + " " + e.LastName), Emails: nonEmpty(e.PersonalEmail, e.WorkEmail),
			Phones: nonEmpty(e.Phone), PhoneRegion: region(e.Address.Country), DOBHash: e.DOBHash, Address: e.Address})
	}
	for _, i := range s.Shipments() {
		sh := ds.Shipments[i]
		if strings.TrimSpace(sh.ShipToName) == "" {
			continue
		}
		out = append(out, Party{Role: "ship_to", Record: "shipment " + sh.ID, Origin: sh.Origin, Name: sh.ShipToName, Address: sh.ShipTo})
	}
	for _, i := range s.Payroll() {
		p := ds.Payroll[i]
		if strings.TrimSpace(p.AccountHolder) == "" && p.WalletHash == "" {
			continue
		}
		out = append(out, Party{Role: "payee", Record: "payroll event " + p.ID, Origin: p.Origin, Name: p.AccountHolder, WalletHash: p.WalletHash})
	}
	return out
}

func region(country string) string {
	if c := strings.ToUpper(strings.TrimSpace(country)); len(c) == 2 {
		return c
	}
	return "US"
}

// ScreenGraph screens every linked person. Name matches of the ship-to
// and payee names count as the person's own only when those names are
// theirs to give; they are screened all the same, since a listed payee is
// what compliance must see.
func (ix *Index) ScreenGraph(ctx context.Context, g *link.Graph) ([]SubjectResult, error) {
	out := make([]SubjectResult, len(g.Subjects))
	for si := range g.Subjects {
		if si%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for _, p := range Parties(g, si) {
			out[si].Matches = append(out[si].Matches, ix.Screen(p)...)
		}
	}
	return out, nil
}

// Screenings screens every linked person and returns what detection reads
// (subject.sanctions and the rows behind it): detect.Options.Screen.
func (ix *Index) Screenings(ctx context.Context, g *link.Graph) ([]detect.Screening, error) {
	res, err := ix.ScreenGraph(ctx, g)
	if err != nil {
		return nil, err
	}
	out := make([]detect.Screening, len(res))
	for si, r := range res {
		if len(r.Matches) == 0 {
			continue
		}
		out[si] = detect.Screening{Vars: r.Vars(), Evidence: map[string][]mosaic.Evidence{
			"sanctions.identifier": r.Evidence(KindIdentifier),
			"sanctions.name":       r.Evidence(KindNameSecond),
			"sanctions.name_only":  r.Evidence(KindNameOnly),
		}, Review: r.Review()}
	}
	return out, nil
}
