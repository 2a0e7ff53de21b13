package opstore

import (
	"context"
	"time"
)

// Scan statuses. A scan is journaled as running before it stores its
// first record; it ends complete, or incomplete with a reason when a store
// failure or a signal stopped it. One killed outright stays running.
const (
	ScanRunning    = "running"
	ScanComplete   = "complete"
	ScanIncomplete = "incomplete"
)

// Scan is one `mosaic scan` into the database, as the journal holds it.
type Scan struct {
	ID         string     `json:"id"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	// Status is running (still running, or killed before it could say
	// so), complete or incomplete.
	Status string `json:"status"`
	// Reason says why an incomplete scan stopped (the error's message, or
	// the signal); never personal data.
	Reason string `json:"reason"`
}

// StartScan journals a scan as running and returns its id. Call it before
// the scan stores anything, so that a scan killed mid-way is still seen.
func (s *Store) StartScan(ctx context.Context) (string, error) {
	id := randomText(16)
	_, err := s.db.Exec(ctx, `INSERT INTO scans (id, started_at, status) VALUES (?, ?, ?)`, id, ts(s.now()), ScanRunning)
	return id, err
}

// FinishScan records how a journaled scan ended: ScanComplete, or
// ScanIncomplete with the reason.
func (s *Store) FinishScan(ctx context.Context, id, status, reason string) error {
	_, err := s.db.Exec(ctx, `UPDATE scans SET finished_at = ?, status = ?, reason = ? WHERE id = ?`, ts(s.now()), status, reason, id)
	return err
}

// IncompleteScans returns the scans, oldest first, that did not finish
// complete, started after the latest complete scan started, and nobody has
// acknowledged: the stored data may hold part of their bundles.
func (s *Store) IncompleteScans(ctx context.Context) ([]Scan, error) {
	out := []Scan{}
	err := s.db.Query(ctx, `SELECT id, started_at, finished_at, status, reason FROM scans
		WHERE status <> ? AND acknowledged_at = ''
		AND started_at > COALESCE((SELECT MAX(started_at) FROM scans WHERE status = ?), '')
		ORDER BY started_at, id`, []any{ScanComplete, ScanComplete},
		func(scan func(...any) error) error {
			var sc Scan
			var started, finished string
			if err := scan(&sc.ID, &started, &finished, &sc.Status, &sc.Reason); err != nil {
				return err
			}
			sc.StartedAt = parseTS(started)
			if finished != "" {
				t := parseTS(finished)
				sc.FinishedAt = &t
			}
			out = append(out, sc)
			return nil
		})
	return out, err
}

// AcknowledgeScans marks every scan IncompleteScans reports as seen by
// who, so the warnings stop; it returns how many it marked. The rows stay
// in the journal.
func (s *Store) AcknowledgeScans(ctx context.Context, who string) (int, error) {
	open, err := s.IncompleteScans(ctx)
	if err != nil {
		return 0, err
	}
	at := ts(s.now())
	for _, sc := range open {
		if _, err := s.db.Exec(ctx, `UPDATE scans SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?`, who, at, sc.ID); err != nil {
			return 0, err
		}
	}
	return len(open), nil
}
