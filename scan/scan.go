// Package scan runs mosaic's pipeline over one bundle: read every file
// (streaming, accounting for every row), keep the records in the store, link
// them into subjects, run the detections, fuse the signals into scores and
// build the report.
package scan

import (
	"context"
	"log/slog"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/detect"
	"github.com/mosaic-sec/mosaic/ipinfo"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/mosaic-sec/mosaic/score"
)

// Config wires a scan. Adapters (readers, store) come from the caller.
type Config struct {
	Dir        string
	Layout     bundle.Layout
	Extractors []mosaic.Extractor
	Store      mosaic.Store // nil: keep nothing
	// Rules are the detections; nil means the built-in catalogue.
	Rules *rules.Set
	// IP enriches addresses (country, ASN, hosting, VPN, Tor, corporate);
	// nil means no enrichment.
	IP func(string) ipinfo.Info
	// Feedback is what analysts said in earlier scans (nil for none):
	// verdicts on subjects and links they explained away.
	Feedback *mosaic.Feedback
	Params   score.Params
	// Reject receives every rejected row (e.g. to write the rejects file).
	Reject func(mosaic.Reject) error
	// Progress is called after each file and every few thousand rows.
	Progress func(Progress)
	Log      *slog.Logger
	Now      func() time.Time
	// BatchSize is the number of records queued for the store at a time; a
	// writer that fell behind saves several queued batches in one
	// transaction.
	BatchSize int
	// PhoneTypes, when set, keeps phone number types between analyses (the
	// service sets it; see detect.Options).
	PhoneTypes map[[2]string]string
	// Memo, when set, remembers rule firings by their variables between
	// analyses of a growing dataset (the service sets it).
	Memo *rules.Memo
	// Similarity, when set, remembers resume and photo matches between
	// analyses of a growing dataset (the service sets it; a scan runs once).
	Similarity *SimilarityCache
	// Prior streams what the store already holds (records of earlier scans
	// and ingests), so the report covers everything stored and not only
	// this bundle; nil reports on the bundle alone. The bundle's records
	// replace stored ones with the same natural key or event id.
	Prior func(ctx context.Context, emit func(mosaic.Record) error) error
	// Screen screens subjects against outside lists (the sanctions lists,
	// see cmd/mosaic lists); nil screens no one.
	Screen func(ctx context.Context, g *link.Graph) ([]detect.Screening, error)
	// Stage limits the scan to what exists at a stage of hiring: StageApply
	// reads only jobs, applications, attachments and notes on applications,
	// to measure how early mosaic could know. "" reads everything.
	Stage string
}

// PropagationRounds is how many hops risk may travel along strong links.
const PropagationRounds = 2

// StageApply is the application stage: before any offer.
const StageApply = "apply"

// inStage reports whether a record is visible at the configured stage.
func (cfg *Config) inStage(r mosaic.Record) bool {
	if cfg.Stage != StageApply {
		return true
	}
	switch v := r.(type) {
	case mosaic.Job, mosaic.Application, mosaic.Resume, mosaic.Photo:
		return true
	case mosaic.Note:
		return v.SubjectType == "application"
	}
	return false
}

// Progress describes how far a scan is.
type Progress struct {
	Stage     string // reading, linking, detecting, scoring, saving
	File      string
	FilesDone int
	Files     int
	Rows      int64
	Elapsed   time.Duration
}

// Result is what a scan produced.
type Result struct {
	Report  *mosaic.Report
	Graph   *link.Graph
	Ignored []string
	// Coverage is what the scan could see and do (also in Report.Coverage).
	Coverage mosaic.Coverage
	// StoredRecords is how many records of earlier scans and ingests the
	// report covers besides the bundle's (see Config.Prior).
	StoredRecords int
	// Timings are the wall time of each stage; Reading the time, rows and
	// bytes of each kind of source (the store writes overlap reading).
	Timings map[string]time.Duration
	Reading map[mosaic.Kind]*ReadTiming
}

// ReadTiming measures the reading of one kind of source.
type ReadTiming struct {
	Rows     int64         `json:"rows"`
	Bytes    int64         `json:"bytes"`
	Duration time.Duration `json:"duration_ns"`
}

// Run scans the bundle.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	start := cfg.Now()
	timings := map[string]time.Duration{}
	listing, err := bundle.Walk(cfg.Dir, cfg.Layout)
	if err != nil {
		return nil, err
	}
	for _, u := range listing.Unread {
		cfg.Log.Warn(u.Message())
	}
	ds := dataset.New()
	t0 := time.Now()
	stored := 0
	if cfg.Prior != nil {
		ds.TrackEvents()
		n := 0
		err := cfg.Prior(ctx, func(r mosaic.Record) error {
			if cfg.inStage(r) {
				ds.Add(r)
				n++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if n > 0 {
			cfg.Log.Info("the report covers the records stored by earlier scans and ingests too", "stored_records", n)
		}
		stored = n
		timings["read_stored"] = time.Since(t0)
		t0 = time.Now()
	}
	reading := map[mosaic.Kind]*ReadTiming{}
	// The store saves the records while the later stages run; it is waited
	// for before the results are saved, and stopped if the scan fails.
	records := startRecordWriter(ctx, cfg.Store)
	defer records.abandon()
	stats, err := read(ctx, cfg, listing.Files, ds, start, reading, records)
	if err != nil {
		return nil, err
	}
	timings["read"] = time.Since(t0)

	rep, g, err := analyze(ctx, &cfg, ds, start, timings)
	if err != nil {
		return nil, err
	}
	rep.Input = summarize(stats)
	cov := ComputeCoverage(g, rep.Input.Files, listing.Unread, cfg.Rules, cfg.Feedback, cfg.Stage)
	rep.Coverage = &cov

	if cfg.Store != nil {
		cfg.progress(Progress{Stage: "saving", Elapsed: cfg.Now().Sub(start)})
		t0 = time.Now()
		if err := records.finish(); err != nil {
			return nil, err
		}
		timings["save_records_wait"] = time.Since(t0)
		t0 = time.Now()
		if err := cfg.Store.SaveResults(ctx, rep); err != nil {
			return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot save the results")
		}
		timings["save_results"] = time.Since(t0)
	}
	return &Result{Report: rep, Graph: g, Ignored: listing.Ignored, Coverage: cov, StoredRecords: stored, Timings: timings, Reading: reading}, nil
}

// Analyze runs linking, detection and scoring over every record of ds and
// returns the report (without its input section) and the identity graph.
// A batch scan and the service (which calls it again as records arrive)
// share this one engine, so streaming the same records ends in the same
// report as scanning them at once.
func Analyze(ctx context.Context, cfg Config, ds *dataset.Dataset) (*mosaic.Report, *link.Graph, error) {
	if err := cfg.defaults(); err != nil {
		return nil, nil, err
	}
	return analyze(ctx, &cfg, ds, cfg.Now(), map[string]time.Duration{})
}

func analyze(ctx context.Context, cfg *Config, ds *dataset.Dataset, start time.Time, timings map[string]time.Duration) (*mosaic.Report, *link.Graph, error) {
	cfg.progress(Progress{Stage: "linking", Elapsed: cfg.Now().Sub(start)})
	t0 := time.Now()
	g := link.BuildWith(ds, link.Options{SharedIP: sharedIP(cfg.IP)})
	timings["link"] = time.Since(t0)

	t0 = time.Now()
	sims, err := similarities(ctx, g, cfg.Similarity)
	if err != nil {
		return nil, nil, err
	}
	g.AddSimilarities(sims)
	if cfg.Feedback != nil {
		g.DropAllowed(cfg.Feedback.Allows)
	}
	timings["similarity"] = time.Since(t0)

	cfg.progress(Progress{Stage: "detecting", Elapsed: cfg.Now().Sub(start)})
	t0 = time.Now()
	facts, err := detect.NewFacts(ctx, g, detect.Options{IP: cfg.IP, Similarities: sims, Now: cfg.Now(), Feedback: cfg.Feedback, Screen: cfg.Screen, PhoneTypes: cfg.PhoneTypes})
	if err != nil {
		return nil, nil, err
	}
	engine := detect.Engine{Rules: cfg.Rules, Memo: cfg.Memo}
	signals, err := engine.Run(ctx, facts, nil, nil)
	if err != nil {
		return nil, nil, mosaic.WrapError(mosaic.EINTERNAL, err, "running the detection rules")
	}
	// Behavioural findings age against the newest moment in the data, not
	// the wall clock, so the same bundle always scores the same.
	if cfg.Params.AsOf.IsZero() {
		cfg.Params.AsOf = latest(signals)
	}
	// Risk flows along strong links: the cluster rules see how many strongly
	// linked neighbours (and co-applicants in anonymous bursts) the previous
	// pass flagged. Two rounds let it travel two hops; a subject never counts
	// its own cluster signals towards flagging others in the same round.
	base := make([]mosaic.Signal, 0, len(signals))
	for _, s := range signals {
		if !engine.IsSubjectScope(s.RuleID) {
			base = append(base, s)
		}
	}
	own := ownScores(g, signals, cfg.Params)
	confirmed := facts.ConfirmedNeighbours()
	for round := 0; round < PropagationRounds; round++ {
		flagged := detect.FlaggedNeighbours(g, own)
		pass := detect.Engine{Rules: cfg.Rules, Memo: cfg.Memo, SubjectOnly: true, Propagation: detect.Propagation{
			CoBurstFlagged: facts.CoBurstFlagged(own),
			BurstFlagged:   facts.BurstFlagged(own),
			WeakFlagged:    detect.WeaklyLinkedFlagged(g, own),
		}}
		again, err := pass.Run(ctx, facts, flagged, confirmed)
		if err != nil {
			return nil, nil, mosaic.WrapError(mosaic.EINTERNAL, err, "running the detection rules")
		}
		signals = append(append([]mosaic.Signal(nil), base...), again...)
		own = ownScores(g, signals, cfg.Params)
	}
	timings["detect"] = time.Since(t0)

	t0 = time.Now()
	rep := buildReport(g, signals, cfg.Params, cfg.Feedback)
	rep.GeneratedAt = cfg.Now().UTC().Truncate(time.Second)
	// Name-only screening matches never score; they are listed apart for
	// compliance review.
	rep.ScreeningReview = facts.ScreeningReview()
	timings["score"] = time.Since(t0)
	return rep, g, nil
}

func (cfg *Config) defaults() error {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 5000
	}
	if cfg.Layout.CSV == nil {
		cfg.Layout = bundle.DefaultLayout()
	}
	if cfg.Rules == nil {
		set, err := rules.Builtin()
		if err != nil {
			return err
		}
		cfg.Rules = set
	}
	if cfg.Params == (score.Params{}) {
		cfg.Params = score.DefaultParams()
	}
	if cfg.Reject == nil {
		cfg.Reject = func(mosaic.Reject) error { return nil }
	}
	return nil
}

func (cfg *Config) progress(p Progress) {
	if cfg.Progress != nil {
		cfg.Progress(p)
	}
}

func summarize(stats []mosaic.FileStats) mosaic.InputSummary {
	s := mosaic.InputSummary{Files: stats}
	if s.Files == nil {
		s.Files = []mosaic.FileStats{}
	}
	for _, f := range stats {
		s.RowsRead += f.Read
		s.RowsAccepted += f.Accepted
		s.RowsRejected += f.Rejected
	}
	return s
}

// latest returns the newest time among the signals.
func latest(signals []mosaic.Signal) time.Time {
	var t time.Time
	for _, s := range signals {
		if s.At.After(t) {
			t = s.At
		}
	}
	return t
}

// AnalyzeTimed is Analyze, recording the wall time of each stage in timings.
func AnalyzeTimed(ctx context.Context, cfg Config, ds *dataset.Dataset, timings map[string]time.Duration) (*mosaic.Report, *link.Graph, error) {
	if err := cfg.defaults(); err != nil {
		return nil, nil, err
	}
	return analyze(ctx, &cfg, ds, cfg.Now(), timings)
}
