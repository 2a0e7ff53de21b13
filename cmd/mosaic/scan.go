package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/report"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type scanFlags struct {
	format   string
	out      string
	db       string
	noStore  bool
	key      string
	newKey   bool
	mapping  string
	rejects  string
	failOn   string
	minScore float64
	limit    int
	width    int
	quiet    bool
	rules    ruleFlags
	ipLists  []string
	timings  string
	stage    string
	cpuProf  string
	memProf  string
	// onlyBundle reports on this bundle alone, not on everything stored.
	onlyBundle bool
	// ackIncomplete (report) acknowledges the incomplete scans stored.
	ackIncomplete bool
}

func (a *app) scanCommand() *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan DIR",
		Short: "Scan a bundle of exports and report who to look at",
		Long: `Scan reads a bundle folder (applications.csv, employees.csv, shipments.csv,
payroll.csv, notes.csv, jobs.csv, okta/, osquery/, attachments/), keeps it in the
database, links records into people, runs the detections and prints a ranked,
explained report.

Every row is accepted or rejected with a reason; rejected rows are written to a
rejects file and counted, and never stop the scan.

Exit codes: 0 the scan completed; 1 --fail-on found a subject at that level;
2 unusable input or flags; 3 internal error.`,
		Example: `  mosaic scan ./exports
  mosaic scan ./exports --format json --out report.json
  mosaic scan ./exports --mapping columns.yaml --fail-on high
  mosaic scan ./exports --db postgres://mosaic@db.internal/mosaic`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "table", "output format: "+strings.Join(report.Formats(), ", "))
	fl.StringVarP(&f.out, "out", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	fl.BoolVar(&f.noStore, "no-store", false, "keep nothing: scan in memory only")
	fl.StringVar(&f.key, "key", "", "file holding the key for hashing sensitive values (default: beside the SQLite file, or ./mosaic.key)")
	fl.BoolVar(&f.newKey, "new-key", false, "start over with a new hashing key when the key file is missing or does not match the database (stored hashes will no longer link)")
	fl.StringVar(&f.mapping, "mapping", "", "YAML file mapping your file and column names onto mosaic's (see README)")
	fl.StringVar(&f.rejects, "rejects", "", "file for rejected rows (default: beside --out, or ./mosaic-rejects.csv)")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when any subject reaches this level: critical, high, medium or low")
	fl.Float64Var(&f.minScore, "min-score", 0, "leave out subjects scoring below this")
	fl.IntVar(&f.limit, "limit", 25, "rows in the table (0 for all; other formats list everyone)")
	fl.IntVar(&f.width, "width", 0, "table width (default: the terminal's, or 120)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no progress or summary on stderr")
	fl.StringSliceVar(&f.ipLists, "ip-list", nil, "KIND=FILE: a list of CIDR ranges (one per line) of kind corporate, vpn, hosting or tor, layered over the built-in IP data (repeatable); declare your own VPN egress as corporate")
	fl.StringVar(&f.stage, "stage", "", "'apply' to use application-stage data only (jobs, applications, attachments, interview notes): what is known before an offer")
	fl.StringVar(&f.timings, "timings", "", "write the stage timings and reading rates as JSON to this file (used by mosaic bench)")
	_ = fl.MarkHidden("timings")
	fl.StringVar(&f.cpuProf, "cpuprofile", "", "write a CPU profile of the scan (pprof format) to this file")
	fl.StringVar(&f.memProf, "memprofile", "", "write a heap profile taken as detection starts, when everything read and linked is held (pprof format), to this file")
	fl.BoolVar(&f.onlyBundle, "only-bundle", false, "report on this bundle alone (by default the report covers everything the database holds: earlier scans and ingests too)")
	f.rules.register(cmd)
	return cmd
}

func (a *app) runScan(ctx context.Context, dir string, f scanFlags) error {
	stop, err := startCPUProfile(f.cpuProf)
	if err != nil {
		return err
	}
	defer stop()
	if !validFormat(f.format) {
		return mosaic.Errorf(mosaic.EINVALID, "unknown --format %q: use one of %s", f.format, strings.Join(report.Formats(), ", "))
	}
	if f.failOn != "" && (mosaic.Level(f.failOn).Rank() < 1) {
		return mosaic.Errorf(mosaic.EINVALID, "--fail-on must be critical, high, medium or low, not %q", f.failOn)
	}
	if f.stage != "" && f.stage != scan.StageApply {
		return mosaic.Errorf(mosaic.EINVALID, "--stage must be %q or left out", scan.StageApply)
	}
	// A scan of a folder that is not there creates no database or key.
	if err := bundle.CheckDir(dir); err != nil {
		return err
	}
	mapping, err := loadMapping(f.mapping)
	if err != nil {
		return err
	}
	// Nor does a folder with nothing to read, or one lacking a mapped file.
	_, layout := extractors(nil, mapping, a.log)
	layout.MappingFile = f.mapping
	if err := bundle.Check(dir, layout); err != nil {
		return err
	}
	keyPath := f.key
	if keyPath == "" && f.noStore {
		keyPath = defaultKeyPath("")
	} else if keyPath == "" {
		keyPath = defaultKeyPath(f.db)
	}
	var hasher *secret.Hasher
	var store mosaic.Store
	var feedback *mosaic.Feedback
	if f.noStore {
		if hasher, err = openHasher(keyPath, a.log); err != nil {
			return err
		}
	} else {
		if err := ensureDBFolder(f.db); err != nil {
			return err
		}
		store, err = openStore(ctx, f.db)
		if err != nil {
			return err
		}
		defer store.Close()
		// The key is checked against the database before anything is
		// hashed: a lost key is never replaced silently.
		if hasher, err = openKeyedHasher(ctx, keyPath, store, f.db, f.newKey, a.log); err != nil {
			return err
		}
		// Analysts' verdicts and explained-away links from earlier scans.
		if fs, ok := store.(mosaic.FeedbackStore); ok {
			if feedback, err = fs.Feedback(ctx); err != nil {
				return err
			}
		}
	}
	rejectsPath := f.rejects
	if rejectsPath == "" {
		rejectsPath = "mosaic-rejects.csv"
		if f.out != "" {
			rejectsPath = strings.TrimSuffix(f.out, ".json") + ".rejects.csv"
		}
	}
	rejects := &lazyRejects{path: rejectsPath}
	defer rejects.Abort()

	set, err := f.rules.load()
	if err != nil {
		return err
	}
	ip, err := loadIP(f.ipLists)
	if err != nil {
		return err
	}
	xs, _ := extractors(hasher, mapping, a.log)
	prog := newProgress(a.stderr, !f.quiet && isTerminal(a.stderr))
	// Journaled before the first record is stored: a scan stopped part-way
	// (store failure, signal, kill) leaves the database marked incomplete.
	var journal *scanJournal
	if store != nil {
		journal = startScanJournal(ctx, store, a.log)
	}
	res, err := scan.Run(ctx, scan.Config{
		Dir: dir, Layout: layout, Extractors: xs, Store: store, Rules: set, IP: ip, Feedback: feedback,
		Prior: priorRecords(store, f.onlyBundle), Reject: rejects.Write, Progress: heapProfileAt("detecting", f.memProf, a.log, prog.update), Log: a.log, Stage: f.stage,
		Screen: listsScreen(f.db, hasher, a.log),
	})
	prog.done()
	if sc := journal.finish(ctx, err); sc != nil {
		// Said even with -q: the database now holds part of this bundle.
		warnIncomplete(a.stderr, []opstore.Scan{*sc}, f.db)
	}
	if err != nil {
		return err
	}
	if err := rejects.Close(); err != nil {
		return err
	}
	if f.timings != "" {
		if err := writeTimings(f.timings, res); err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot write the timings to %s", f.timings)
		}
	}
	if err := a.writeReport(res.Report, f); err != nil {
		return err
	}
	if !f.quiet {
		printAccounting(a.stderr, res.Report.Input, rejects)
		if res.StoredRecords > 0 {
			// Said every time: scanning another company's bundle into the
			// same database would otherwise mix them without a word.
			fmt.Fprintf(a.stderr, "the report also covers %d records that %s held from earlier scans and ingests (--only-bundle: this bundle alone; --db: another database)\n",
				res.StoredRecords, f.db)
		}
		printCoverage(a.stderr, res.Coverage)
	}
	if f.failOn != "" {
		want := mosaic.Level(f.failOn).Rank()
		for _, s := range res.Report.Subjects {
			if s.Level.Rank() >= want {
				return errFailOn
			}
		}
	}
	return nil
}

func validFormat(f string) bool {
	for _, x := range report.Formats() {
		if x == f {
			return true
		}
	}
	return false
}

func (a *app) writeReport(r *mosaic.Report, f scanFlags) error {
	if f.minScore > 0 {
		kept := r.Subjects[:0]
		for _, s := range r.Subjects {
			if s.Score >= f.minScore {
				kept = append(kept, s)
			}
		}
		r.Subjects = kept
	}
	var w io.Writer = a.stdout
	width := f.width
	// A report written to a file replaces the previous one only once it is
	// complete.
	var commit func() error
	if f.out != "" {
		fh, err := createAtomic(f.out)
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot write the report to %s", f.out)
		}
		defer fh.Abort()
		bw := bufio.NewWriter(fh)
		w = bw
		commit = func() error {
			err := bw.Flush()
			if err == nil {
				err = fh.Commit()
			}
			if err != nil {
				return mosaic.WrapError(mosaic.EINVALID, err, "cannot write the report to %s", f.out)
			}
			return nil
		}
	} else if width == 0 {
		if fd, ok := a.stdout.(*os.File); ok && term.IsTerminal(int(fd.Fd())) {
			if cols, _, err := term.GetSize(int(fd.Fd())); err == nil && cols > 20 {
				width = cols
			}
		}
	}
	opts := report.DefaultOptions()
	if width > 0 {
		opts.Width = width
	}
	opts.Limit = f.limit
	opts.MinScore = f.minScore
	if err := report.Render(w, r, f.format, opts); err != nil {
		return err
	}
	if commit != nil {
		return commit()
	}
	return nil
}

// printAccounting says, for every file, rows read = accepted + rejected.
func printAccounting(w io.Writer, in mosaic.InputSummary, rj *lazyRejects) {
	fmt.Fprintf(w, "\nread %d rows: %d accepted, %d rejected\n", in.RowsRead, in.RowsAccepted, in.RowsRejected)
	for _, f := range in.Files {
		fmt.Fprintf(w, "  %-40s %9d read %9d accepted %7d rejected\n", f.Path, f.Read, f.Accepted, f.Rejected)
	}
	if rj.count > 0 {
		fmt.Fprintf(w, "rejected rows, with file, line, column and reason: %s\n", rj.path)
	}
}

// printCoverage ends a scan with what it could see and do: the sources
// present and absent, what was left unread, the detections that could not
// run and why (grouped by reason), and accepted rows no one could use.
func printCoverage(w io.Writer, c mosaic.Coverage) {
	var present, absent []string
	for _, s := range c.Sources {
		if s.Present {
			present = append(present, fmt.Sprintf("%s (%d rows)", s.Kind, s.Accepted))
		} else {
			absent = append(absent, string(s.Kind))
		}
	}
	fmt.Fprintln(w, "\ncoverage:")
	if len(present) == 0 {
		present = []string{"none"}
	}
	fmt.Fprintf(w, "  sources present: %s\n", strings.Join(present, ", "))
	if len(absent) > 0 {
		fmt.Fprintf(w, "  sources absent:  %s\n", strings.Join(absent, ", "))
	}
	for _, u := range c.Unread {
		fmt.Fprintf(w, "  not read: %s: %s\n", u.Path, u.Note)
	}
	ran := 0
	var whys []string
	byWhy := map[string][]string{}
	for _, d := range c.Detections {
		if d.Ran {
			ran++
			continue
		}
		if _, seen := byWhy[d.Why]; !seen {
			whys = append(whys, d.Why)
		}
		byWhy[d.Why] = append(byWhy[d.Why], d.RuleID)
	}
	fmt.Fprintf(w, "  detections: %d of %d could run\n", ran, len(c.Detections))
	for _, why := range whys {
		ids := byWhy[why]
		fmt.Fprintf(w, "    %d could not (%s): %s\n", len(ids), why, strings.Join(ids, ", "))
	}
	for _, u := range c.Unused {
		fmt.Fprintf(w, "  accepted, not used: %d %s rows: %s\n", u.Rows, u.Kind, u.Reason)
	}
}

// lazyRejects creates the rejects file on the first rejected row, so a clean
// scan leaves no empty file behind.
// It is written under a temporary name and replaces an earlier rejects
// file only when Close is called after a scan that completed; Abort (for a
// scan that failed) leaves the earlier one as it was.
type lazyRejects struct {
	path  string
	fh    *atomicFile
	w     *report.RejectWriter
	count int
}

func (l *lazyRejects) Write(r mosaic.Reject) error {
	if l.w == nil {
		fh, err := createAtomic(l.path)
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot create the rejects file %s", l.path)
		}
		l.fh, l.w = fh, report.NewRejectWriter(fh)
	}
	l.count++
	return l.w.Write(r)
}

func (l *lazyRejects) Close() error {
	if l.w == nil {
		return nil
	}
	err := l.w.Flush()
	if err == nil {
		err = l.fh.Commit()
	}
	l.fh.Abort()
	l.w = nil
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot write the rejects file %s", l.path)
	}
	return nil
}

// Abort drops what was written, leaving an earlier rejects file whole. It
// does nothing after Close.
func (l *lazyRejects) Abort() {
	if l.fh != nil {
		l.fh.Abort()
	}
	l.w = nil
}

func isTerminal(w io.Writer) bool {
	fd, ok := w.(*os.File)
	return ok && term.IsTerminal(int(fd.Fd()))
}

// progress draws one line on stderr, redrawn at most ten times a second.
type progress struct {
	w       io.Writer
	enabled bool
	last    time.Time
	drawn   bool
}

func newProgress(w io.Writer, enabled bool) *progress { return &progress{w: w, enabled: enabled} }

func (p *progress) update(s scan.Progress) {
	if !p.enabled || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Rows) / s.Elapsed.Seconds()
	}
	line := fmt.Sprintf("%s: file %d/%d %s, %d rows, %.0f rows/s", s.Stage, s.FilesDone, s.Files, s.File, s.Rows, rate)
	if s.Stage != "reading" {
		line = fmt.Sprintf("%s… (%d rows read, %s)", s.Stage, s.Rows, s.Elapsed.Round(time.Millisecond))
	}
	if len(line) > 100 {
		line = line[:100]
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn = true
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
