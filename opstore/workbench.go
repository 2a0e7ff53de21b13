package opstore

import (
	"context"
	"math"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/rules"
)

// Seen is what one user last saw of one subject in the queue.
type Seen struct {
	Level string
	Score float64
	At    time.Time
}

// QueueSeen returns when user last looked at the queue (zero: never) and
// what they saw of each subject then.
func (s *Store) QueueSeen(ctx context.Context, user string) (time.Time, map[string]Seen, error) {
	var viewed time.Time
	err := s.db.Query(ctx, `SELECT viewed_at FROM queue_views WHERE user_name = ?`, []any{user},
		func(scan func(...any) error) error {
			var at string
			if err := scan(&at); err != nil {
				return err
			}
			viewed = parseTS(at)
			return nil
		})
	if err != nil {
		return time.Time{}, nil, err
	}
	seen := map[string]Seen{}
	err = s.db.Query(ctx, `SELECT subject_id, level, score, seen_at FROM queue_seen WHERE user_name = ?`, []any{user},
		func(scan func(...any) error) error {
			var id, level, at string
			var score float64
			if err := scan(&id, &level, &score, &at); err != nil {
				return err
			}
			seen[id] = Seen{Level: level, Score: score, At: parseTS(at)}
			return nil
		})
	return viewed, seen, err
}

// SeenSubject is one queue row as a user was shown it.
type SeenSubject struct {
	ID    string
	Level string
	Score float64
}

// MarkQueueSeen records that user looked at the queue now and saw subjects
// as given, in one transaction.
func (s *Store) MarkQueueSeen(ctx context.Context, user string, subjects []SeenSubject) error {
	now := ts(s.now())
	return s.db.InTx(ctx, func(tx migrations.SQL) error {
		if _, err := tx.Exec(ctx, `INSERT INTO queue_views (user_name, viewed_at) VALUES (?, ?)
			ON CONFLICT (user_name) DO UPDATE SET viewed_at = excluded.viewed_at`, user, now); err != nil {
			return err
		}
		for _, sub := range subjects {
			if _, err := tx.Exec(ctx, `INSERT INTO queue_seen (user_name, subject_id, level, score, seen_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (user_name, subject_id) DO UPDATE SET level = excluded.level, score = excluded.score, seen_at = excluded.seen_at`,
				user, sub.ID, sub.Level, sub.Score, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// RuleOverride is an administrator's change to one rule: switched off, or
// given another weight (0: the rule's own weight).
type RuleOverride struct {
	RuleID    string    `json:"rule_id"`
	Disabled  bool      `json:"disabled"`
	Weight    float64   `json:"weight,omitempty"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SetRuleOverride stores a rule's override; one that neither disables nor
// reweighs the rule removes the override.
func (s *Store) SetRuleOverride(ctx context.Context, o RuleOverride) error {
	if o.RuleID == "" {
		return mosaic.Errorf(mosaic.EINVALID, "a rule override names its rule")
	}
	if o.Weight < 0 || math.IsNaN(o.Weight) || math.IsInf(o.Weight, 0) || o.Weight > 1000 {
		return mosaic.Errorf(mosaic.EINVALID, "weight %g: a likelihood ratio from 0 to 1000 (above 1 is evidence, 0 or 1 context only)", o.Weight)
	}
	if !o.Disabled && o.Weight == 0 {
		_, err := s.db.Exec(ctx, `DELETE FROM rule_overrides WHERE rule_id = ?`, o.RuleID)
		return err
	}
	disabled := 0
	if o.Disabled {
		disabled = 1
	}
	_, err := s.db.Exec(ctx, `INSERT INTO rule_overrides (rule_id, disabled, weight, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (rule_id) DO UPDATE SET disabled = excluded.disabled, weight = excluded.weight, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		o.RuleID, disabled, o.Weight, o.UpdatedBy, ts(s.now()))
	return err
}

// RuleOverrides returns every override by rule id.
func (s *Store) RuleOverrides(ctx context.Context) (map[string]RuleOverride, error) {
	out := map[string]RuleOverride{}
	err := s.db.Query(ctx, `SELECT rule_id, disabled, weight, updated_by, updated_at FROM rule_overrides`, nil,
		func(scan func(...any) error) error {
			var o RuleOverride
			var disabled int64
			var at string
			if err := scan(&o.RuleID, &disabled, &o.Weight, &o.UpdatedBy, &at); err != nil {
				return err
			}
			o.Disabled, o.UpdatedAt = disabled != 0, parseTS(at)
			out[o.RuleID] = o
			return nil
		})
	return out, err
}

// AppliedRuleOverrides returns the overrides in the form the rule engine
// applies (service.Config.RuleOverrides).
func (s *Store) AppliedRuleOverrides(ctx context.Context) (map[string]rules.Override, error) {
	ovs, err := s.RuleOverrides(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]rules.Override, len(ovs))
	for id, o := range ovs {
		out[id] = rules.Override{Disabled: o.Disabled, Weight: o.Weight}
	}
	return out, nil
}
