package opstore

import (
	"context"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic/alert"
	"github.com/mosaic-sec/mosaic/migrations"
)

// AlertedLevels returns, per subject, the highest level already alerted.
func (s *Store) AlertedLevels(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := s.db.Query(ctx, `SELECT subject_id, level FROM alert_state`, nil, func(scan func(...any) error) error {
		var id, level string
		if err := scan(&id, &level); err != nil {
			return err
		}
		out[id] = level
		return nil
	})
	return out, err
}

// NewAlert is one alert to raise: its subject's new level and the payload
// for every destination.
type NewAlert struct {
	AlertID   string
	SubjectID string
	Level     string
	Payload   []byte
}

var _ alert.Outbox = (*Store)(nil)

// RaiseAlerts records the new alerted levels and queues each alert for
// every destination, in one transaction: an alert is either raised and
// queued, or neither. Queueing an (alert, destination) pair twice changes
// nothing.
func (s *Store) RaiseAlerts(ctx context.Context, alerts []NewAlert, destinations []string) error {
	if len(alerts) == 0 {
		return nil
	}
	now := ts(s.now())
	return s.db.InTx(ctx, func(tx migrations.SQL) error {
		for _, a := range alerts {
			if _, err := tx.Exec(ctx, `INSERT INTO alert_state (subject_id, level, alert_id, raised_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (subject_id) DO UPDATE SET level = excluded.level, alert_id = excluded.alert_id, raised_at = excluded.raised_at`,
				a.SubjectID, a.Level, a.AlertID, now); err != nil {
				return err
			}
			for _, d := range destinations {
				if _, err := tx.Exec(ctx, `INSERT INTO alert_outbox (alert_id, destination, payload, attempts, next_attempt, last_error, delivered_at, created_at)
					VALUES (?, ?, ?, 0, ?, '', '', ?) ON CONFLICT (alert_id, destination) DO NOTHING`,
					a.AlertID, d, string(a.Payload), now, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Enqueue queues an alert for destinations; an existing pair is unchanged.
func (s *Store) Enqueue(ctx context.Context, alertID string, payload []byte, destinations []string) error {
	now := ts(s.now())
	return s.db.InTx(ctx, func(tx migrations.SQL) error {
		for _, d := range destinations {
			if _, err := tx.Exec(ctx, `INSERT INTO alert_outbox (alert_id, destination, payload, attempts, next_attempt, last_error, delivered_at, created_at)
				VALUES (?, ?, ?, 0, ?, '', '', ?) ON CONFLICT (alert_id, destination) DO NOTHING`, alertID, d, string(payload), now, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// Due returns undelivered deliveries whose next attempt is due, oldest first.
func (s *Store) Due(ctx context.Context, now time.Time, limit int) ([]alert.Delivery, error) {
	var out []alert.Delivery
	err := s.db.Query(ctx, `SELECT alert_id, destination, payload, attempts, next_attempt, last_error FROM alert_outbox
		WHERE delivered_at = '' AND next_attempt <= ? ORDER BY next_attempt, created_at, alert_id LIMIT `+strconv.Itoa(max(1, limit)),
		[]any{ts(now)}, func(scan func(...any) error) error {
			var d alert.Delivery
			var payload, next string
			var attempts int64
			if err := scan(&d.AlertID, &d.Destination, &payload, &attempts, &next, &d.LastError); err != nil {
				return err
			}
			d.Payload, d.Attempts, d.NextAttempt = []byte(payload), int(attempts), parseTS(next)
			out = append(out, d)
			return nil
		})
	return out, err
}

// MarkDelivered records a successful delivery.
func (s *Store) MarkDelivered(ctx context.Context, alertID, destination string, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE alert_outbox SET delivered_at = ?, last_error = '' WHERE alert_id = ? AND destination = ?`, ts(at), alertID, destination)
	return err
}

// MarkFailed records a failed attempt and when to try again.
func (s *Store) MarkFailed(ctx context.Context, alertID, destination string, attempts int, next time.Time, errText string) error {
	_, err := s.db.Exec(ctx, `UPDATE alert_outbox SET attempts = ?, next_attempt = ?, last_error = ? WHERE alert_id = ? AND destination = ?`,
		attempts, ts(next), errText, alertID, destination)
	return err
}

// Pending counts undelivered deliveries.
func (s *Store) Pending(ctx context.Context) (int, error) {
	var n int64
	err := s.db.Query(ctx, `SELECT COUNT(*) FROM alert_outbox WHERE delivered_at = ''`, nil, func(scan func(...any) error) error { return scan(&n) })
	return int(n), err
}
