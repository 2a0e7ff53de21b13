package detect

import (
	"context"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
)

// Screening is what an outside screening (the sanctions lists, package
// sanctions) found about one subject: the variables of subject.sanctions
// (rules/SCHEMA.md) and, by evidence key ("sanctions.identifier",
// "sanctions.name", "sanctions.name_only"), the rows they rest on.
type Screening struct {
	Vars     map[string]any
	Evidence map[string][]mosaic.Evidence
	// Review lists the name-only matches for compliance review (their
	// SubjectID is filled in here). No rule scores them.
	Review []mosaic.ScreeningReview
}

// maxScreeningRows bounds the rows a screening fact cites.
const maxScreeningRows = 10

// screen runs the screening hook once and keeps its facts and rows.
func (f *Facts) screen(ctx context.Context, hook func(context.Context, *link.Graph) ([]Screening, error)) error {
	if hook == nil {
		return nil
	}
	res, err := hook(ctx, f.g)
	if err != nil || res == nil {
		return err // nil: no lists to screen against
	}
	f.screening = make([]map[string]any, len(f.g.Subjects))
	for si := range f.screening {
		if si >= len(res) {
			break
		}
		f.screening[si] = res[si].Vars
		for _, r := range res[si].Review {
			r.SubjectID = f.g.Subjects[si].Key
			f.review = append(f.review, r)
		}
		for key, ev := range res[si].Evidence {
			for _, e := range ev {
				f.cite(si, key, e, maxScreeningRows)
			}
		}
	}
	return nil
}

// screeningVars is subject.sanctions: "screened" is false when no lists
// were loaded, and the counts are zero.
func (f *Facts) screeningVars(si int) map[string]any {
	if si < len(f.screening) && f.screening[si] != nil {
		return f.screening[si]
	}
	return map[string]any{"screened": f.screening != nil, "identifier_matches": int64(0), "name_matches": int64(0), "name_only_matches": int64(0)}
}

// ScreeningReview returns the screening's name-only matches, by subject,
// for the report's compliance review list; nil when there are none.
func (f *Facts) ScreeningReview() []mosaic.ScreeningReview { return f.review }
