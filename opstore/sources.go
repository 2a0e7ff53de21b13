package opstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// LoadCursor returns a connector's saved position, "" when none.
func (s *Store) LoadCursor(ctx context.Context, source string) (string, error) {
	var c string
	err := s.db.Query(ctx, `SELECT cursor FROM source_cursors WHERE source = ?`, []any{source},
		func(scan func(...any) error) error { return scan(&c) })
	return c, err
}

// SaveCursor stores a connector's position.
func (s *Store) SaveCursor(ctx context.Context, source, cursor string) error {
	_, err := s.db.Exec(ctx, saveCursorSQL, source, cursor, ts(s.now()))
	return err
}

const saveCursorSQL = `INSERT INTO source_cursors (source, cursor, updated_at) VALUES (?, ?, ?)
	ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`

// Ingest is one ingest call, as the sources page lists it.
type Ingest struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	Source   string          `json:"source"`
	Kind     string          `json:"kind"`
	Read     int             `json:"rows_read"`
	Accepted int             `json:"rows_accepted"`
	Rejected int             `json:"rows_rejected"`
	Rejects  []mosaic.Reject `json:"rejects"`
}

// maxLoggedRejects bounds the rejects kept per ingest call.
const maxLoggedRejects = 1000

// Position is a reader's place in a source (a watched file's "SIZE
// MTIME"), saved in the same transaction as the ingest call that reached
// it.
type Position struct {
	Source, Cursor string
}

// LogIngest records an ingest call.
func (s *Store) LogIngest(ctx context.Context, in Ingest) error {
	return s.LogIngestAt(ctx, in, nil)
}

// LogIngestAt records an ingest call and, when pos is not nil, saves the
// position it reached in the same transaction. A reader that stores its
// records first (idempotently, by natural key) and then calls this either
// has both the log entry and the position, or neither and reads the same
// rows again: the ingest log never counts a chunk twice.
func (s *Store) LogIngestAt(ctx context.Context, in Ingest, pos *Position) error {
	rej := in.Rejects
	if len(rej) > maxLoggedRejects {
		rej = rej[:maxLoggedRejects]
	}
	if rej == nil {
		rej = []mosaic.Reject{}
	}
	b, _ := json.Marshal(rej)
	return s.db.InTx(ctx, func(tx migrations.SQL) error {
		var last int64
		if err := tx.Query(ctx, `SELECT COALESCE(MAX(seq), 0) FROM ingest_log`, nil, func(scan func(...any) error) error { return scan(&last) }); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO ingest_log (seq, at, source, kind, rows_read, rows_accepted, rows_rejected, rejects_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			last+1, ts(s.now()), in.Source, in.Kind, in.Read, in.Accepted, in.Rejected, string(b))
		if err != nil || pos == nil {
			return err
		}
		_, err = tx.Exec(ctx, saveCursorSQL, pos.Source, pos.Cursor, ts(s.now()))
		return err
	})
}

// Ingests returns the latest ingest calls, newest first.
func (s *Store) Ingests(ctx context.Context, limit int) ([]Ingest, error) {
	var out []Ingest
	err := s.db.Query(ctx, `SELECT seq, at, source, kind, rows_read, rows_accepted, rows_rejected, rejects_json FROM ingest_log ORDER BY seq DESC LIMIT ?`,
		[]any{max(1, limit)}, func(scan func(...any) error) error {
			var in Ingest
			var at, rej string
			var r, a, j int64
			if err := scan(&in.Seq, &at, &in.Source, &in.Kind, &r, &a, &j, &rej); err != nil {
				return err
			}
			in.At, in.Read, in.Accepted, in.Rejected = parseTS(at), int(r), int(a), int(j)
			_ = json.Unmarshal([]byte(rej), &in.Rejects)
			out = append(out, in)
			return nil
		})
	return out, err
}
