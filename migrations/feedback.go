package migrations

import (
	"context"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// DispositionArgs returns a disposition's values in column order.
func DispositionArgs(d mosaic.Disposition) []any {
	return []any{clean(d.SubjectID), clean(d.Verdict), clean(d.Note), clean(d.SetBy), FormatTime(d.SetAt)}
}

// AllowanceArgs returns an allowance's values in column order, its pair in
// a fixed order so (a, b) and (b, a) are one row.
func AllowanceArgs(a mosaic.Allowance) []any {
	x, y := a.Pair()
	return []any{clean(x), clean(y), clean(strings.ToLower(a.Kind)), clean(a.Note), clean(a.SetBy), FormatTime(a.SetAt)}
}

// ReadFeedback reads every disposition and allowance.
func ReadFeedback(ctx context.Context, query QueryFunc) (*mosaic.Feedback, error) {
	f := &mosaic.Feedback{}
	err := query(ctx, "SELECT subject_id, verdict, note, set_by, set_at FROM dispositions ORDER BY subject_id", func(scan func(...any) error) error {
		var d mosaic.Disposition
		var at string
		if err := scan(&d.SubjectID, &d.Verdict, &d.Note, &d.SetBy, &at); err != nil {
			return err
		}
		d.SetAt, _ = time.Parse(time.RFC3339Nano, at)
		f.Dispositions = append(f.Dispositions, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, "SELECT a, b, kind, note, set_by, set_at FROM allowances ORDER BY a, b, kind", func(scan func(...any) error) error {
		var a mosaic.Allowance
		var at string
		if err := scan(&a.A, &a.B, &a.Kind, &a.Note, &a.SetBy, &at); err != nil {
			return err
		}
		a.SetAt, _ = time.Parse(time.RFC3339Nano, at)
		f.Allowances = append(f.Allowances, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}
