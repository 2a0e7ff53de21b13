package mosaic

import "context"

// Store keeps what scans read and what they concluded. The embedded default
// is SQLite (package sqlite); PostgreSQL (package postgres) serves larger
// deployments. Both pass the same test suite (package storetest).
type Store interface {
	// SaveRecords writes a batch of records in one transaction. A record
	// whose natural key is already stored (application_id, Okta uuid, ...)
	// is updated in place, so re-scanning the same bundle changes nothing.
	SaveRecords(ctx context.Context, batch []Record) error
	// SaveResults replaces the stored subjects, signals and clusters with
	// those of the report. Results are deterministic for the same input, so
	// saving the same report twice leaves the database unchanged.
	SaveResults(ctx context.Context, r *Report) error
	// Counts returns the number of rows in each table, by table name.
	Counts(ctx context.Context) (map[string]int64, error)
	Close() error
}
