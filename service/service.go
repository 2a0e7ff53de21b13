// Package service is mosaic that keeps watching: records arrive through
// ingest calls (the HTTP API, a watched folder, connectors), are stored
// durably, and every arrival brings the people it touches up to date with
// the same engine a batch scan uses (scan.Analyze). Subjects who reach the
// alert level raise an alert, queued durably for delivery.
//
// The detection loop owns the in-memory dataset: ingest calls only queue
// their records, so a slow analysis never blocks ingest and the dataset is
// never read and written at once.
package service

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/alert"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/mosaic-sec/mosaic/scan"
)

// Store is what the service needs of a store: records, feedback, and the
// operational tables (opstore) over the same database.
type Store interface {
	mosaic.Store
	mosaic.FeedbackStore
	ReadRecords(ctx context.Context, emit func(mosaic.Record) error) error
}

// Config wires a service.
type Config struct {
	Store Store
	Ops   *opstore.Store
	// Extractors read each kind of input (the same ones a scan uses).
	Extractors []mosaic.Extractor
	// Analysis is the scan configuration the engine runs with (rules, IP
	// enrichment, score parameters). Its Store, Dir and Feedback are set
	// by the service.
	Analysis scan.Config
	// DecodeFingerprint turns a stored photo fingerprint back into the
	// matcher's form.
	DecodeFingerprint func(json.RawMessage) (any, error)
	// AlertLevel is the lowest level that raises an alert (default high).
	AlertLevel mosaic.Level
	// Destinations are the outbox names alerts are queued for.
	Destinations []string
	// Notify is called after alerts were queued (to wake the dispatcher).
	Notify func()
	// Hash is the keyed hash of sensitive values, so search can find an
	// SSN or account number through its hash (nil: no such search).
	Hash func(field, value string) string
	// BaseURL prefixes an alert's link to the subject's page.
	BaseURL string
	// TempDir holds ingest bodies while they are read ("" the system's).
	TempDir string
	// Queue carries stored records to detection (nil: in-process).
	Queue Queue
	// Debounce is how long the detection loop waits for more records once
	// one arrived, so a burst of calls costs one analysis.
	Debounce time.Duration
	Log      *slog.Logger
	Now      func() time.Time
	// RuleOverrides, when set, is read before every analysis: rules an
	// administrator switched off or reweighed in the workbench. They apply
	// to Analysis.Rules (nil rules: overrides are not applied).
	RuleOverrides func(ctx context.Context) (map[string]rules.Override, error)
}

// Service is a running mosaic service.
type Service struct {
	cfg     Config
	byKind  map[mosaic.Kind]mosaic.Extractor
	ingestN atomic.Int64 // names ingest batches

	queue Queue

	mu          sync.Mutex // guards lastIngest, feedbackDir, reloadDir, reloadSeq, erased
	lastIngest  time.Time
	feedbackDir bool
	// reloadDir asks the detection loop to rebuild the dataset from the
	// store: records were erased there, and the dataset only ever grows.
	reloadDir bool
	reloadSeq int64 // numbers the requests for a rebuild
	// erased are the subjects erased since the last reload, whose alert
	// levels the loop forgets.
	erased []string
	wake   chan struct{}

	// Owned by the detection loop.
	ds         *dataset.Dataset
	similarity scan.SimilarityCache
	memo       *rules.Memo
	phoneTypes map[[2]string]string
	// overridden is the rule set with lastOverrides applied.
	overridden    *rules.Set
	lastOverrides map[string]rules.Override
	lastFinish    time.Time
	feedback      *mosaic.Feedback
	// alerted and lastLevel are guarded by alertMu: a fast path running
	// beside a full analysis raises alerts too.
	alertMu   sync.Mutex
	alerted   map[string]mosaic.Level
	lastLevel map[string]mosaic.Level
	// rebuiltFor is the last rebuild request the dataset was rebuilt for,
	// published as served once an analysis of it is.
	rebuiltFor int64

	served atomic.Int64 // the last rebuild request an analysis reflects

	sources   atomic.Pointer[func() []any]
	snap      atomic.Pointer[Snapshot]
	reflected atomic.Int64 // records reflected in the published snapshot
	analyses  atomic.Int64
	lastError atomic.Pointer[string]

	// holders indexes the last full analysis' identifiers for the fast
	// path (owned by the detection loop); fastRuns counts its runs.
	holders *keyHolders
	// fastSeen holds the hiring records a fast path already looked at
	// while they waited in the queue (loop-owned between analyses).
	fastSeen     map[string]bool
	preempted    bool // the last analysis was pre-empted (loop-owned)
	lastFull     time.Time
	lastFullTook time.Duration
	fastRuns     atomic.Int64
	fastAlerts   atomic.Int64
	// fastAlerted is who the fast path alerted, at which level (guarded by
	// mu), for status and tests.
	fastAlerted map[string]mosaic.Level
}

// Snapshot is the result of one analysis over everything stored, with
// indexes for the API. It is immutable once published.
type Snapshot struct {
	Report     *mosaic.Report
	At         time.Time
	Duration   time.Duration
	bySubject  map[string]int
	byRecord   map[string]string // application or employee id -> subject id
	byCluster  map[string]int
	ruleCounts map[string]int
	search     *searchIndex
	masked     sync.Map // subject id -> masked subject
	detail     *details
}

// New prepares a service; Start loads what is stored and starts detection.
func New(cfg Config) *Service {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AlertLevel == "" {
		cfg.AlertLevel = mosaic.LevelHigh
	}
	if cfg.Debounce == 0 {
		cfg.Debounce = 25 * time.Millisecond
	}
	queue := cfg.Queue
	if queue == nil {
		queue = NewMemoryQueue()
	}
	s := &Service{cfg: cfg, queue: queue, byKind: map[mosaic.Kind]mosaic.Extractor{}, wake: make(chan struct{}, 1),
		ds: dataset.New(), alerted: map[string]mosaic.Level{}, lastLevel: map[string]mosaic.Level{}}
	s.ds.TrackEvents()
	s.memo = rules.NewMemo()
	s.phoneTypes = map[[2]string]string{}
	if s.cfg.Analysis.Rules == nil {
		// Resolved once: one rule set for the life of the service, so
		// remembered firings stay valid from one analysis to the next.
		if set, err := rules.Builtin(); err == nil {
			s.cfg.Analysis.Rules = set
		}
	}
	for _, x := range cfg.Extractors {
		for _, k := range x.Kinds() {
			s.byKind[k] = x
		}
	}
	return s
}

// Start loads every stored record, runs the first analysis and starts the
// detection loop, which runs until ctx ends. It returns once the first
// analysis is published, so a service that answers is up to date.
func (s *Service) Start(ctx context.Context) error {
	t0 := time.Now()
	n, err := s.load(ctx, s.ds)
	if err != nil {
		return err
	}
	levels, err := s.cfg.Ops.AlertedLevels(ctx)
	if err != nil {
		return err
	}
	for id, l := range levels {
		s.alerted[id] = mosaic.Level(l)
		s.lastLevel[id] = mosaic.Level(l)
	}
	s.cfg.Log.Info("loaded the stored records", "records", n, "took", time.Since(t0).Round(time.Millisecond))
	s.feedbackDir = true
	if err := s.analyze(ctx); err != nil {
		return err
	}
	go s.loop(ctx)
	return nil
}

// load adds every stored record to ds, with photo fingerprints decoded,
// and returns how many it read.
func (s *Service) load(ctx context.Context, ds *dataset.Dataset) (int, error) {
	n := 0
	err := s.cfg.Store.ReadRecords(ctx, func(r mosaic.Record) error {
		if p, ok := r.(mosaic.Photo); ok {
			if raw, ok := p.Fingerprint.(json.RawMessage); ok && s.cfg.DecodeFingerprint != nil {
				fp, err := s.cfg.DecodeFingerprint(raw)
				if err != nil {
					s.cfg.Log.Warn("a stored photo fingerprint cannot be read; the photo is left out", "path", p.Path, "error", err)
					return nil
				}
				p.Fingerprint = fp
				r = p
			}
		}
		ds.Add(r)
		n++
		return nil
	})
	return n, err
}

// add keeps a record in the dataset, which de-duplicates every kind (see
// New: events are tracked), so a record sent twice is kept once.
func (s *Service) add(r mosaic.Record) { s.ds.Add(r) }

// enqueue hands stored records to the detection loop.
func (s *Service) enqueue(ctx context.Context, recs []mosaic.Record) error {
	s.mu.Lock()
	s.lastIngest = s.cfg.Now()
	s.mu.Unlock()
	return s.queue.Publish(ctx, recs)
}

// RulesChanged makes the detection loop analyse again, so a rule override
// just stored takes effect without waiting for new records.
func (s *Service) RulesChanged() { s.poke() }

func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// FeedbackChanged makes the next analysis re-read analysts' feedback.
func (s *Service) FeedbackChanged() {
	s.mu.Lock()
	s.feedbackDir = true
	s.mu.Unlock()
	s.poke()
}

func (s *Service) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-s.queue.Ready():
		}
		// Let a burst of calls land, then analyse them together.
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.cfg.Debounce):
		}
		if err := s.analyze(ctx); err != nil && ctx.Err() == nil {
			msg := mosaic.ErrorMessage(err)
			s.lastError.Store(&msg)
			s.cfg.Log.Error("analysis failed; it is retried with the next records", "error", err)
			time.Sleep(time.Second)
			s.poke()
		}
	}
}

// analyze folds the queued records into the dataset, runs the engine over
// everything and publishes the result, then raises alerts.
func (s *Service) analyze(ctx context.Context) error {
	recs, upTo := s.queue.Drain()
	var fresh []mosaic.Record
	s.mu.Lock()
	reloadFeedback := s.feedbackDir
	s.feedbackDir = false
	reload, erased, seq := s.reloadDir, s.erased, s.reloadSeq
	s.reloadDir, s.erased = false, nil
	s.mu.Unlock()
	if reload {
		// Every drained record was stored before it was queued, so the
		// store, read after the drain, holds it unless it was erased.
		if err := s.rebuild(ctx, erased); err != nil {
			s.mu.Lock()
			s.reloadDir, s.erased = true, append(s.erased, erased...)
			s.mu.Unlock()
			return err
		}
		reloadFeedback = true
		s.rebuiltFor = seq
	} else {
		// What the fast path looks at: hiring records that are new or
		// changed (an export sent again is no new evidence), and that no
		// fast path beside the last analysis saw yet.
		fresh = s.newEvidence(s.notFastPathed(recs))
		for _, r := range recs {
			s.add(r)
		}
	}
	if reloadFeedback {
		fb, err := s.cfg.Store.Feedback(ctx)
		if err != nil {
			s.mu.Lock()
			s.feedbackDir = true
			s.mu.Unlock()
			return err
		}
		s.feedback = fb
	}
	t0 := time.Now()
	cfg := s.cfg.Analysis
	cfg.Store = nil
	cfg.Feedback = s.feedback
	cfg.Similarity = &s.similarity
	cfg.Memo = s.memo
	cfg.PhoneTypes = s.phoneTypes
	// A new generation of the memo only after a finished analysis: one
	// pre-empted part-way used only part of what the memo holds.
	if !s.preempted {
		s.memo.Advance()
	}
	if s.cfg.RuleOverrides != nil && cfg.Rules != nil {
		ov, err := s.cfg.RuleOverrides(ctx)
		if err != nil {
			return err
		}
		// The same overrides give the same rule set, so the memo of
		// firings stays valid until an administrator changes a rule.
		if s.overridden == nil || !maps.Equal(ov, s.lastOverrides) {
			s.overridden, s.lastOverrides = cfg.Rules.WithOverrides(ov), ov
		}
		cfg.Rules = s.overridden
	}
	if len(fresh) > 0 && len(fresh) <= maxFastBatch {
		s.fastPath(ctx, cfg, fresh, nil)
	}
	s.fastSeen = nil
	timings := map[string]time.Duration{}
	actx, preempted := s.preemptible(ctx, cfg, recs)
	rep, g, err := scan.AnalyzeTimed(actx, cfg, s.ds, timings)
	s.preempted = preempted()
	if s.preempted && ctx.Err() == nil {
		// New hiring records arrived: the loop runs their fast path and
		// starts over. The records drained here are in the dataset and
		// the next analysis covers them.
		s.cfg.Log.Debug("analysis pre-empted by new records", "after", time.Since(t0).Round(time.Millisecond))
		return nil
	}
	if err != nil {
		return err
	}
	s.lastFull, s.lastFullTook = time.Now(), time.Since(t0)
	rep.GeneratedAt = s.cfg.Now().UTC().Truncate(time.Second)
	snap := newSnapshot(rep, s.cfg.Now(), time.Since(t0))
	// The alerts go out first: they need only the report, and an alert
	// should not wait for the workbench's search index and record details,
	// which are built meanwhile on the other core.
	var wg sync.WaitGroup
	wg.Go(func() { snap.search = buildSearchIndex(s.ds, snap.byRecord, s.cfg.Hash) })
	t1 := time.Now()
	alertErr := s.raiseAlerts(ctx, snap)
	timings["alerts"] = time.Since(t1)
	snap.detail = buildDetails(s.ds, rep, snap.byRecord)
	s.holders = newKeyHolders(g)
	wg.Wait()
	timings["indexes"] = time.Since(t1)
	s.snap.Store(snap)
	s.reflected.Store(upTo)
	s.served.Store(s.rebuiltFor)
	s.finishRecords(ctx)
	s.analyses.Add(1)
	s.lastError.Store(nil)
	s.cfg.Log.Debug("analysis done", "records", upTo, "took", time.Since(t0).Round(time.Millisecond),
		"link", timings["link"].Round(time.Millisecond), "similarity", timings["similarity"].Round(time.Millisecond),
		"detect", timings["detect"].Round(time.Millisecond), "score", timings["score"].Round(time.Millisecond),
		"alerts", timings["alerts"].Round(time.Millisecond), "indexes", timings["indexes"].Round(time.Millisecond))
	return alertErr
}

// finishInterval is how often staged records are moved into place: moving
// costs about the same for a thousand rows as for one, so it is batched
// rather than done by every ingest call.
const finishInterval = 30 * time.Second

// finishRecords moves a store's staged records into place when the last
// move is old enough. A failure is only logged: staged rows stay durable
// and are moved by the next try or the next read.
func (s *Service) finishRecords(ctx context.Context) {
	f, ok := s.cfg.Store.(interface{ FinishRecords(context.Context) error })
	if !ok || time.Since(s.lastFinish) < finishInterval {
		return
	}
	s.lastFinish = time.Now()
	if err := f.FinishRecords(ctx); err != nil && ctx.Err() == nil {
		s.cfg.Log.Warn("cannot move staged sign-ins into place; they stay staged", "error", err)
	}
}

func newSnapshot(rep *mosaic.Report, at time.Time, took time.Duration) *Snapshot {
	snap := &Snapshot{Report: rep, At: at, Duration: took, bySubject: make(map[string]int, len(rep.Subjects)),
		byRecord: map[string]string{}, byCluster: make(map[string]int, len(rep.Clusters)), ruleCounts: map[string]int{}}
	for i, sub := range rep.Subjects {
		snap.bySubject[sub.ID] = i
		for _, id := range sub.ApplicationIDs {
			snap.byRecord[id] = sub.ID
		}
		for _, id := range sub.EmployeeIDs {
			snap.byRecord[id] = sub.ID
		}
		for _, id := range sub.CandidateIDs {
			snap.byRecord[id] = sub.ID
		}
		for _, sig := range sub.Signals {
			snap.ruleCounts[sig.RuleID]++
		}
	}
	for i, c := range rep.Clusters {
		snap.byCluster[c.ID] = i
	}
	return snap
}

// raiseAlerts queues an alert for every subject that reached the alert
// level, or rose above the level it was last alerted at, and remembers
// every subject's level.
func (s *Service) raiseAlerts(ctx context.Context, snap *Snapshot) error {
	_, err := s.raiseAlertsFor(ctx, snap.Report.Subjects)
	s.alertMu.Lock()
	for _, sub := range snap.Report.Subjects {
		s.lastLevel[sub.ID] = sub.Level
	}
	s.alertMu.Unlock()
	return err
}

// raiseAlertsFor queues an alert for each of subjects at or above the alert
// level and above the level last alerted for it. The alerted level and the
// queued deliveries are stored in one transaction, so an alert id (a hash
// of subject and level) is queued once whichever analysis reaches it first.
func (s *Service) raiseAlertsFor(ctx context.Context, subjects []mosaic.Subject) ([]opstore.NewAlert, error) {
	s.alertMu.Lock()
	defer s.alertMu.Unlock()
	var out []opstore.NewAlert
	min := s.cfg.AlertLevel.Rank()
	now := s.cfg.Now()
	for _, sub := range subjects {
		prev := s.lastLevel[sub.ID]
		if prev == "" {
			prev = mosaic.LevelNone
		}
		if sub.Level.Rank() >= min && sub.Level.Rank() > s.alerted[sub.ID].Rank() {
			a := alert.New(sub.ID, sub.Level, prev, sub.Score, now)
			a.FirstFlaggedAt = sub.FirstFlaggedAt
			a.ApplicationIDs, a.EmployeeIDs = sub.ApplicationIDs, sub.EmployeeIDs
			for i, sig := range sub.Signals {
				if i == 3 {
					break
				}
				a.TopSignals = append(a.TopSignals, alert.Signal{RuleID: sig.RuleID, Explanation: sig.Explanation})
			}
			a.URL = s.cfg.BaseURL + "/subjects/" + sub.ID
			payload, err := json.Marshal(a)
			if err != nil {
				return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot encode an alert")
			}
			out = append(out, opstore.NewAlert{AlertID: a.ID, SubjectID: sub.ID, Level: string(sub.Level), Payload: payload})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	if err := s.cfg.Ops.RaiseAlerts(ctx, out, s.cfg.Destinations); err != nil {
		return nil, err
	}
	for _, a := range out {
		s.alerted[a.SubjectID] = mosaic.Level(a.Level)
	}
	s.cfg.Log.Info("alerts raised", "count", len(out))
	if s.cfg.Notify != nil {
		s.cfg.Notify()
	}
	return out, nil
}

// Snapshot returns the latest published analysis.
func (s *Service) Snapshot() *Snapshot { return s.snap.Load() }

// Status is what GET /api/v1/status reports.
type Status struct {
	Pending         int64      `json:"pending"`
	LastIngestAt    *time.Time `json:"last_ingest_at"`
	LastDetectionAt *time.Time `json:"last_detection_at"`
	DetectionMillis int64      `json:"detection_ms"`
	Subjects        int        `json:"subjects"`
	Analyses        int64      `json:"analyses"`
	LastError       *string    `json:"last_error"`
	Sources         []any      `json:"sources"`
	// FastPathRuns and FastPathAlerts count the neighbourhood analyses run
	// for batches of hiring records and the alerts they raised before the
	// full analysis (see fastpath.go).
	FastPathRuns   int64 `json:"fast_path_runs"`
	FastPathAlerts int64 `json:"fast_path_alerts"`
}

// SetSources gives Status the connectors' states (cursor, lag, errors).
func (s *Service) SetSources(f func() []any) { s.sources.Store(&f) }

// Status reports how far detection is behind ingest.
func (s *Service) Status() Status {
	s.mu.Lock()
	last := s.lastIngest
	s.mu.Unlock()
	queued := s.queue.Published()
	st := Status{Pending: queued - s.reflected.Load(), Analyses: s.analyses.Load(), LastError: s.lastError.Load(), Sources: []any{},
		FastPathRuns: s.fastRuns.Load(), FastPathAlerts: s.fastAlerts.Load()}
	if f := s.sources.Load(); f != nil {
		st.Sources = (*f)()
	}
	if !last.IsZero() {
		t := last.UTC()
		st.LastIngestAt = &t
	}
	if snap := s.snap.Load(); snap != nil {
		t := snap.At.UTC()
		st.LastDetectionAt = &t
		st.DetectionMillis = snap.Duration.Milliseconds()
		st.Subjects = len(snap.Report.Subjects)
	}
	return st
}
