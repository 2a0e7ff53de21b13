package service

import (
	"context"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/privacy"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/mosaic-sec/mosaic/scan"
)

// sqlStore is the store as migrations.SQL, which package privacy needs;
// both stores are.
func (s *Service) sqlStore() (migrations.SQL, error) {
	db, ok := s.cfg.Store.(migrations.SQL)
	if !ok {
		return nil, mosaic.Errorf(mosaic.EINTERNAL, "this store cannot erase")
	}
	return db, nil
}

// EraseRequest says whom to erase and on whose word.
type EraseRequest struct {
	// ID is a subject id, or an application, candidate or employee id.
	ID     string
	By     string
	Role   string
	Reason string
	Remote string
	// Force erases a subject under legal hold.
	Force bool
}

// Erase deletes a person from the store (see privacy.Erase) and then from
// memory: the detection loop rebuilds its dataset from the store and
// publishes an analysis without them before Erase returns, so nothing the
// service answers afterwards shows the person.
func (s *Service) Erase(ctx context.Context, req EraseRequest) (privacy.Erased, error) {
	db, err := s.sqlStore()
	if err != nil {
		return privacy.Erased{}, err
	}
	var subjects []mosaic.Subject
	if snap := s.Snapshot(); snap != nil {
		subjects = snap.Report.Subjects
	}
	p, err := privacy.Resolve(ctx, db, subjects, req.ID)
	if err != nil {
		return privacy.Erased{}, err
	}
	res, err := privacy.Erase(ctx, db, p, privacy.EraseOptions{Actor: req.By, Role: req.Role, Reason: req.Reason,
		Remote: req.Remote, Force: req.Force, Now: s.cfg.Now})
	if err != nil {
		return res, err
	}
	return res, s.forget(ctx, []string{p.SubjectID})
}

// forget has the detection loop rebuild its dataset from the store, and
// waits until an analysis of the rebuilt dataset is published.
func (s *Service) forget(ctx context.Context, subjectIDs []string) error {
	s.mu.Lock()
	s.reloadDir = true
	s.reloadSeq++
	seq := s.reloadSeq
	s.erased = append(s.erased, subjectIDs...)
	s.mu.Unlock()
	s.poke()
	for s.served.Load() < seq {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

// rebuild replaces the dataset with what the store holds now, and drops
// every cache that could still hold an erased person: the rule memo, the
// similarity cache, the alert levels of the erased subjects. It runs on
// the detection loop, which owns all of them.
func (s *Service) rebuild(ctx context.Context, erased []string) error {
	ds := dataset.New()
	ds.TrackEvents()
	n, err := s.load(ctx, ds)
	if err != nil {
		return err
	}
	s.ds = ds
	s.memo = rules.NewMemo()
	s.similarity = scan.SimilarityCache{}
	// The fast path's index points into the old records, erased ones
	// among them: it waits for the next full analysis.
	s.holders = nil
	s.alertMu.Lock()
	for _, id := range erased {
		delete(s.alerted, id)
		delete(s.lastLevel, id)
	}
	s.alertMu.Unlock()
	s.cfg.Log.Info("rebuilt the records from the store after an erasure", "records", n)
	return nil
}

// Retention erases every applicant whose latest application is older than
// period, unless confirmed as fraud or under legal hold (see
// privacy.PlanRetention), and drops them from memory. It returns how many
// were erased.
func (s *Service) Retention(ctx context.Context, period privacy.Period, by string) (int, error) {
	db, err := s.sqlStore()
	if err != nil {
		return 0, err
	}
	snap := s.Snapshot()
	if snap == nil {
		return 0, nil
	}
	plan, err := privacy.PlanRetention(ctx, db, snap.Report.Subjects, period.Cutoff(s.cfg.Now()))
	if err != nil {
		return 0, err
	}
	if len(plan.Due) == 0 {
		return 0, nil
	}
	done, err := privacy.RunRetention(ctx, db, plan, period, privacy.EraseOptions{Actor: by, Role: "system", Now: s.cfg.Now})
	if len(done) > 0 {
		ids := make([]string, len(done))
		for i, d := range done {
			ids[i] = d.SubjectID
		}
		if ferr := s.forget(ctx, ids); err == nil {
			err = ferr
		}
	}
	s.cfg.Log.Info("retention policy applied", "erased", len(done), "kept_confirmed_fraud", plan.KeptConfirmed,
		"kept_legal_hold", plan.KeptHeld, "undated", plan.Undated)
	return len(done), err
}

// RunRetention applies the retention policy once now and then every
// interval until ctx ends. A failed run is logged and tried again at the
// next tick.
func (s *Service) RunRetention(ctx context.Context, period privacy.Period, every time.Duration) {
	if every <= 0 {
		every = 24 * time.Hour
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Retention(ctx, period, "retention"); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("the retention policy failed; it is tried again at the next run", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
