package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/privacy"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/service"
)

// privacyStore is an open database for the privacy commands.
type privacyStore struct {
	store service.Store
	sql   migrations.SQL
	db    string
	rules ruleFlags
}

// openPrivacyStore opens an existing database: a SQLite file that is not
// there is a mistyped --db, not a database to create.
func openPrivacyStore(ctx context.Context, db string, rf ruleFlags) (*privacyStore, error) {
	if !isPostgres(db) {
		if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
			return nil, mosaic.Errorf(mosaic.ENOTFOUND, "database %s does not exist: give the --db your scans use", db)
		}
	}
	st, _, err := openServiceStore(ctx, db)
	if err != nil {
		return nil, err
	}
	q, ok := st.(migrations.SQL)
	if !ok {
		st.Close()
		return nil, mosaic.Errorf(mosaic.EINTERNAL, "the store cannot erase")
	}
	return &privacyStore{store: st, sql: q, db: db, rules: rf}, nil
}

// analyze links and scores everything the database holds, as `mosaic
// report` does: the people as they are now, not as the last saved scan saw
// them (records may have arrived through serve since).
func (p *privacyStore) analyze(ctx context.Context, a *app) (*mosaic.Report, error) {
	fb, err := p.store.Feedback(ctx)
	if err != nil {
		return nil, err
	}
	set, err := p.rules.load()
	if err != nil {
		return nil, err
	}
	ip, err := loadIP(nil)
	if err != nil {
		return nil, err
	}
	ds := dataset.New()
	ds.TrackEvents()
	if err := priorRecords(p.store, false)(ctx, func(r mosaic.Record) error { ds.Add(r); return nil }); err != nil {
		return nil, err
	}
	rep, _, err := scan.Analyze(ctx, scan.Config{Rules: set, IP: ip, Feedback: fb, Log: a.log}, ds)
	if err != nil {
		return nil, err
	}
	rep.Input = mosaic.InputSummary{Files: []mosaic.FileStats{}}
	rep.GeneratedAt = time.Now().UTC().Truncate(time.Second)
	return rep, nil
}

// hasResults reports whether a scan saved results in the database.
func (p *privacyStore) hasResults(ctx context.Context) (bool, error) {
	counts, err := p.store.Counts(ctx)
	return counts["subjects"] > 0, err
}

// refreshResults replaces the saved results after an erasure with an
// analysis of what is left, so no report, and no other person's signal,
// still describes the erased person. A database without saved results
// (one only `mosaic serve` writes) is left without.
func (p *privacyStore) refreshResults(ctx context.Context, a *app, had bool) error {
	if !had {
		return nil
	}
	rep, err := p.analyze(ctx, a)
	if err != nil {
		return err
	}
	return p.store.SaveResults(ctx, rep)
}

func (a *app) eraseCommand() *cobra.Command {
	var db, by, reason string
	var force, dryRun bool
	var rf ruleFlags
	cmd := &cobra.Command{
		Use:   "erase SUBJECT",
		Short: "Erase a person: their records, the results and feedback about them, their case work and alerts",
		Long: `erase deletes everything the database holds about one person, in one transaction:
their applications, employment, shipments, payroll events, notes, resumes, photo
fingerprints, sign-ins (by their work login) and host rows (by their laptops);
their subject, signals, links and cluster membership; verdicts, allowances, case,
comments, alert state, queued alerts and what analysts saw of them. Other
subjects' results that quote the person are recomputed.

SUBJECT is a subject id (S-A0001283) or the id of one of the person's
applications, candidacies or employments. The audit log gains an "erase" entry
with the subject id, the reason and row counts, never a name or value.

A subject under legal hold (mosaic hold set) is refused unless --force.
Records come back if a later export or connector brings them again: erase the
person at the source too. A running mosaic serve must erase through its API
(POST /api/v1/subjects/{id}/erase), or be restarted after this command.`,
		Example: `  mosaic erase S-A0001283 --db mosaic.db --by ana --reason "DSAR 2026-114"
  mosaic erase A0001283 --db mosaic.db --by ana --reason "DSAR 2026-114" --dry-run`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			setBy, err := who(by)
			if err != nil {
				return err
			}
			if strings.TrimSpace(reason) == "" {
				return mosaic.Errorf(mosaic.EINVALID, "--reason is required: the request or ticket the erasure answers (not the person's name)")
			}
			p, err := openPrivacyStore(ctx, db, rf)
			if err != nil {
				return err
			}
			defer p.store.Close()
			rep, err := p.analyze(ctx, a)
			if err != nil {
				return err
			}
			person, err := privacy.Resolve(ctx, p.sql, rep.Subjects, args[0])
			if err != nil {
				return err
			}
			had, err := p.hasResults(ctx)
			if err != nil {
				return err
			}
			res, err := privacy.Erase(ctx, p.sql, person, privacy.EraseOptions{
				Actor: setBy, Role: "operator", Reason: reason, Force: force, DryRun: dryRun})
			if err != nil {
				return err
			}
			if dryRun {
				fmt.Fprintf(a.stdout, "would erase %s (%d applications, %d employments), up to: %s\n", res.SubjectID, len(person.ApplicationIDs), len(person.EmployeeIDs), res.Summary())
				return nil
			}
			if err := p.refreshResults(ctx, a, had); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "erased %s: %s\n", res.SubjectID, res.Summary())
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	fl.StringVar(&by, "by", "", "who erases (default: $USER)")
	fl.StringVar(&reason, "reason", "", "the request or ticket the erasure answers, e.g. \"DSAR 2026-114\" (required; no personal data)")
	fl.BoolVar(&force, "force", false, "erase even a subject under legal hold (the hold goes too)")
	fl.BoolVar(&dryRun, "dry-run", false, "count what would be deleted and change nothing")
	rf.register(cmd)
	return cmd
}

func (a *app) holdCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "hold",
		Short: "Put subjects under legal hold, so no erasure or retention run deletes them",
	}
	cmd.PersistentFlags().StringVar(&db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	var by, reason string
	set := &cobra.Command{
		Use:     "set SUBJECT",
		Short:   "Put a subject under legal hold",
		Example: `  mosaic hold set S-A0001283 --db mosaic.db --by legal --reason "matter 2026-7"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkSubjectID(args[0]); err != nil {
				return err
			}
			setBy, err := who(by)
			if err != nil {
				return err
			}
			p, err := openPrivacyStore(cmd.Context(), db, ruleFlags{})
			if err != nil {
				return err
			}
			defer p.store.Close()
			if err := privacy.SetHold(cmd.Context(), p.sql, privacy.Hold{SubjectID: args[0], SetBy: setBy, Reason: reason}, "operator", nil); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s is under legal hold: erase refuses it, retention skips it\n", args[0])
			return nil
		},
	}
	set.Flags().StringVar(&by, "by", "", "who sets the hold (default: $USER)")
	set.Flags().StringVar(&reason, "reason", "", "the matter or ticket the hold is for (no personal data)")
	var relBy, relReason string
	release := &cobra.Command{
		Use:   "release SUBJECT",
		Short: "Lift a subject's legal hold",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			setBy, err := who(relBy)
			if err != nil {
				return err
			}
			p, err := openPrivacyStore(cmd.Context(), db, ruleFlags{})
			if err != nil {
				return err
			}
			defer p.store.Close()
			if err := privacy.ReleaseHold(cmd.Context(), p.sql, args[0], setBy, "operator", relReason, nil); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s is no longer under legal hold\n", args[0])
			return nil
		},
	}
	release.Flags().StringVar(&relBy, "by", "", "who lifts the hold (default: $USER)")
	release.Flags().StringVar(&relReason, "reason", "", "why (no personal data)")
	list := &cobra.Command{
		Use:   "list",
		Short: "List legal holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := openPrivacyStore(cmd.Context(), db, ruleFlags{})
			if err != nil {
				return err
			}
			defer p.store.Close()
			hs, err := privacy.Holds(cmd.Context(), p.sql)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "subject\tby\tat\treason")
			for _, h := range hs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.SubjectID, h.SetBy, h.SetAt.Format(time.RFC3339), h.Reason)
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(set, release, list)
	return cmd
}

func (a *app) retentionCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "retention",
		Short: "Apply the retention policy: erase applicants whose latest application is older than the period",
	}
	var db, applicants, by, format string
	var dryRun bool
	var rf ruleFlags
	run := &cobra.Command{
		Use:   "run",
		Short: "Erase applicants past the retention period (never a confirmed fraud or a subject under legal hold)",
		Long: `run erases, as 'mosaic erase' does, every applicant (a person with no employment
record) whose latest application was submitted longer ago than --applicants,
unless an analyst confirmed them as fraud or they are under legal hold. Each
erasure is one transaction with its own audit entry. 'mosaic serve
--retention-applicants' runs the same policy every day.`,
		Example: `  mosaic retention run --db mosaic.db --applicants 18mo --dry-run
  mosaic retention run --db mosaic.db --applicants 18mo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			period, err := privacy.ParsePeriod(applicants)
			if err != nil {
				return err
			}
			setBy, err := who(by)
			if err != nil {
				setBy = "retention"
			}
			p, err := openPrivacyStore(ctx, db, rf)
			if err != nil {
				return err
			}
			defer p.store.Close()
			rep, err := p.analyze(ctx, a)
			if err != nil {
				return err
			}
			plan, err := privacy.PlanRetention(ctx, p.sql, rep.Subjects, period.Cutoff(time.Now()))
			if err != nil {
				return err
			}
			if dryRun {
				if format == "json" {
					enc := json.NewEncoder(a.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(plan)
				}
				for _, d := range plan.Due {
					fmt.Fprintf(a.stdout, "%s\tlatest application %s\n", d.SubjectID, d.LatestApplication.Format("2006-01-02"))
				}
				fmt.Fprintf(a.stdout, "would erase %d applicants (latest application before %s); kept: %d confirmed fraud, %d under legal hold, %d undated\n",
					len(plan.Due), plan.Cutoff.Format("2006-01-02"), plan.KeptConfirmed, plan.KeptHeld, plan.Undated)
				return nil
			}
			had, err := p.hasResults(ctx)
			if err != nil {
				return err
			}
			done, err := privacy.RunRetention(ctx, p.sql, plan, period, privacy.EraseOptions{Actor: setBy, Role: "operator"})
			if err != nil {
				return err
			}
			if len(done) > 0 {
				if err := p.refreshResults(ctx, a, had); err != nil {
					return err
				}
			}
			fmt.Fprintf(a.stdout, "erased %d applicants (latest application before %s); kept: %d confirmed fraud, %d under legal hold, %d undated\n",
				len(done), plan.Cutoff.Format("2006-01-02"), plan.KeptConfirmed, plan.KeptHeld, plan.Undated)
			return nil
		},
	}
	fl := run.Flags()
	fl.StringVar(&db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	fl.StringVar(&applicants, "applicants", "18mo", "how long applicants are kept after their latest application: 18mo, 2y, 540d")
	fl.StringVar(&by, "by", "", "who runs the policy, for the audit log (default: $USER, else retention)")
	fl.BoolVar(&dryRun, "dry-run", false, "list who would be erased and change nothing")
	fl.StringVar(&format, "format", "table", "dry-run output: table or json")
	rf.register(run)
	cmd.AddCommand(run)
	return cmd
}
