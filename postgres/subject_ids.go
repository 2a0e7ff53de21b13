package postgres

import (
	"context"

	"github.com/mosaic-sec/mosaic/migrations"
)

// SubjectIDs returns the ids of the subjects the last saved scan found,
// sorted, so analyst feedback can refuse an id no scan produced.
func (db *DB) SubjectIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := db.read(ctx, func(q migrations.QueryFunc) error {
		return q(ctx, "SELECT id FROM subjects ORDER BY id", func(scan func(...any) error) error {
			var id string
			if err := scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
	})
	if err != nil {
		return nil, db.fail(ctx, "list the subjects", err)
	}
	return ids, nil
}
