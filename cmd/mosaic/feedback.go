package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/spf13/cobra"
)

func (a *app) feedbackCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "feedback",
		Short: "Record analysts' verdicts and explained-away links; every later scan respects them",
		Long: `Analyst feedback is kept in the database and read by every later scan:
  - a verdict on a subject (confirmed_fraud, benign, unknown), with a note and who
    set it; a confirmed subject raises the people strongly linked to it;
  - an allowance for a link between two subjects ("these two share a home:
    spouses"), which stops that link from counting.`,
		Example: `  mosaic feedback set S-A0001283 --verdict confirmed_fraud --by ana --note "confirmed with HR"
  mosaic feedback allow S-A0000412 S-A0000413 --kind phone --by ana --note "spouses, one landline"
  mosaic feedback list`,
	}
	cmd.PersistentFlags().StringVar(&db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")

	var verdict, note, by string
	set := &cobra.Command{
		Use:   "set SUBJECT",
		Short: "Record a verdict on a subject (an id such as S-A0001283, shown in every report)",
		Long: `Set records an analyst's verdict on a subject, by the subject id every report
shows (the table's SUBJECT column, the csv's subject_id, the JSON's id).

  confirmed_fraud  the people strongly linked to this subject are raised
                   (rule cluster.linked_to_confirmed_fraud) in every later scan
  benign           the subject's own score is left as the evidence makes it,
                   so new evidence still shows; reports mark the subject
                   "benign" beside the score. To stop a shared identifier from
                   counting, use 'mosaic feedback allow'.
  unknown          under review; no effect on any score

The subject must exist in the last scan saved in the database.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch verdict {
			case mosaic.VerdictConfirmed, mosaic.VerdictBenign, mosaic.VerdictUnknown:
			default:
				return mosaic.Errorf(mosaic.EINVALID, "--verdict must be %s, %s or %s", mosaic.VerdictConfirmed, mosaic.VerdictBenign, mosaic.VerdictUnknown)
			}
			if err := checkSubjectID(args[0]); err != nil {
				return err
			}
			setBy, err := who(by)
			if err != nil {
				return err
			}
			return a.withFeedback(cmd.Context(), db, func(fs mosaic.FeedbackStore) error {
				if err := knownSubjects(cmd.Context(), fs, db, args[0]); err != nil {
					return err
				}
				d := mosaic.Disposition{SubjectID: args[0], Verdict: verdict, Note: note, SetBy: setBy, SetAt: time.Now().UTC()}
				if err := fs.SaveDisposition(cmd.Context(), d); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "recorded: %s is %s (by %s at %s)%s\n", d.SubjectID, d.Verdict, d.SetBy, d.SetAt.Format(time.RFC3339), noteSuffix(d.Note))
				fmt.Fprintf(a.stdout, "effect: %s\n", verdictEffect(d.Verdict))
				return nil
			})
		},
	}
	set.Flags().StringVar(&verdict, "verdict", "", "confirmed_fraud, benign or unknown (required)")
	set.Flags().StringVar(&note, "note", "", "why")
	set.Flags().StringVar(&by, "by", "", "who decided (default: $USER; required when no user name is known)")

	var kind, allowNote, allowBy string
	allow := &cobra.Command{
		Use:   "allow SUBJECT SUBJECT",
		Short: "Explain away what two subjects share, so it stops counting",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, id := range args {
				if err := checkSubjectID(id); err != nil {
					return err
				}
			}
			if args[0] == args[1] {
				return mosaic.Errorf(mosaic.EINVALID, "an allowance joins two different subjects")
			}
			k, err := checkLinkKind(kind)
			if err != nil {
				return err
			}
			setBy, err := who(allowBy)
			if err != nil {
				return err
			}
			return a.withFeedback(cmd.Context(), db, func(fs mosaic.FeedbackStore) error {
				if err := knownSubjects(cmd.Context(), fs, db, args...); err != nil {
					return err
				}
				x := mosaic.Allowance{A: args[0], B: args[1], Kind: k, Note: allowNote, SetBy: setBy, SetAt: time.Now().UTC()}
				if err := fs.SaveAllowance(cmd.Context(), x); err != nil {
					return err
				}
				what := "every link"
				if k != "" {
					what = "the " + k + " link"
				}
				fmt.Fprintf(a.stdout, "recorded: %s between %s and %s is explained away (by %s at %s)%s\n",
					what, x.A, x.B, x.SetBy, x.SetAt.Format(time.RFC3339), noteSuffix(x.Note))
				fmt.Fprintln(a.stdout, "effect: from the next scan it no longer links them, and no rule counts it between them")
				return nil
			})
		},
	}
	allow.Flags().StringVar(&kind, "kind", "", "the kind of link: "+strings.Join(linkKinds(), ", ")+" (default: every kind)")
	allow.Flags().StringVar(&allowNote, "note", "", "why, e.g. spouses")
	allow.Flags().StringVar(&allowBy, "by", "", "who decided (default: $USER; required when no user name is known)")

	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "List every verdict and allowance",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withFeedback(cmd.Context(), db, func(fs mosaic.FeedbackStore) error {
				f, err := fs.Feedback(cmd.Context())
				if err != nil {
					return err
				}
				if format == "json" {
					enc := json.NewEncoder(a.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(f)
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 2, 2, ' ', 0)
				fmt.Fprintln(tw, "VERDICTS\t\t\t\t")
				fmt.Fprintln(tw, "subject\tverdict\tby\tat\tnote")
				for _, d := range f.Dispositions {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.SubjectID, d.Verdict, d.SetBy, d.SetAt.Format(time.RFC3339), d.Note)
				}
				fmt.Fprintln(tw, "\t\t\t\t\nALLOWANCES\t\t\t\t")
				fmt.Fprintln(tw, "subjects\tkind\tby\tat\tnote")
				for _, x := range f.Allowances {
					k := x.Kind
					if k == "" {
						k = "(every kind)"
					}
					fmt.Fprintf(tw, "%s + %s\t%s\t%s\t%s\t%s\n", x.A, x.B, k, x.SetBy, x.SetAt.Format(time.RFC3339), x.Note)
				}
				return tw.Flush()
			})
		},
	}
	list.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.AddCommand(set, allow, list)
	return cmd
}

func (a *app) withFeedback(ctx context.Context, db string, fn func(mosaic.FeedbackStore) error) error {
	// Feedback refers to a scan's subjects: a SQLite file that is not there
	// is a mistyped --db, not a database to create.
	if !isPostgres(db) {
		if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
			return mosaic.Errorf(mosaic.ENOTFOUND, "database %s does not exist: run mosaic scan --db %s first, or give the --db your scans use", db, db)
		}
	}
	store, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	fs, ok := store.(mosaic.FeedbackStore)
	if !ok {
		return mosaic.Errorf(mosaic.EINTERNAL, "this database does not keep analyst feedback")
	}
	return fn(fs)
}

// who is the analyst a verdict is recorded for: --by, else the login name
// from the environment. With neither, --by is required: a verdict nobody
// owns cannot be questioned later.
func who(by string) (string, error) {
	if by = strings.TrimSpace(by); by != "" {
		return by, nil
	}
	for _, v := range []string{"USER", "LOGNAME", "USERNAME"} {
		if name := strings.TrimSpace(os.Getenv(v)); name != "" {
			return name, nil
		}
	}
	return "", mosaic.Errorf(mosaic.EINVALID, "--by is required: no user name is known (USER is not set), and a verdict records who decided")
}

// subjectIDPattern is the form of the ids scans give subjects: "S-" and the
// subject's first application or employee id.
var subjectIDPattern = regexp.MustCompile(`^S-[^\s\x00-\x1f\x7f]+$`)

// checkSubjectID refuses text that cannot be a subject id.
func checkSubjectID(id string) error {
	if subjectIDPattern.MatchString(id) && len(id) <= 200 {
		return nil
	}
	hint := ""
	if trimmed := strings.TrimSpace(id); trimmed != "" && !strings.HasPrefix(trimmed, "S-") && subjectIDPattern.MatchString("S-"+trimmed) {
		hint = " (for the subject holding record " + trimmed + ", try S-" + trimmed + ")"
	}
	return mosaic.Errorf(mosaic.EINVALID, "%q is not a subject id: subject ids look like S-A0001283, as the report's SUBJECT column shows%s", id, hint)
}

// subjectLister is a store that can list the subjects of the last scan;
// both stores are.
type subjectLister interface {
	SubjectIDs(ctx context.Context) ([]string, error)
}

// knownSubjects refuses ids that the last saved scan did not produce: a
// typo would otherwise record a verdict nothing ever reads.
func knownSubjects(ctx context.Context, fs mosaic.FeedbackStore, db string, ids ...string) error {
	sl, ok := fs.(subjectLister)
	if !ok {
		return nil
	}
	all, err := sl.SubjectIDs(ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return mosaic.Errorf(mosaic.ENOTFOUND, "no scan is saved in %s yet: run mosaic scan with --db %s first, then give a subject id from its report", db, db)
	}
	for _, id := range ids {
		if _, found := slices.BinarySearch(all, id); !found {
			return mosaic.Errorf(mosaic.ENOTFOUND, "unknown subject %s: the last scan saved in %s has no such subject (%d subjects, e.g. %s); ids change only when records merge differently", id, db, len(all), all[0])
		}
	}
	return nil
}

// linkKinds lists the kinds of link an allowance may name.
func linkKinds() []string {
	kinds := []string{"reference"} // both reference_phone and reference_email
	for k := range link.KindLabel {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}

// checkLinkKind accepts "" (every kind) or a known kind, in any case.
func checkLinkKind(kind string) (string, error) {
	k := strings.ToLower(strings.TrimSpace(kind))
	if k == "" || slices.Contains(linkKinds(), k) {
		return k, nil
	}
	return "", mosaic.Errorf(mosaic.EINVALID, "unknown link kind %q: the kinds are %s (leave --kind out for every kind)", kind, strings.Join(linkKinds(), ", "))
}

// verdictEffect says what a verdict does to scores, in the words the README
// and the reports use.
func verdictEffect(verdict string) string {
	switch verdict {
	case mosaic.VerdictConfirmed:
		return "from the next scan, people strongly linked to this subject are raised (cluster.linked_to_confirmed_fraud); reports show the verdict beside the score"
	case mosaic.VerdictBenign:
		return "the score is left as the evidence makes it, so new evidence still shows; reports show \"benign\" beside the score (use 'mosaic feedback allow' to stop a shared identifier from counting)"
	}
	return "none on any score; reports show the verdict beside the score"
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + strconv.Quote(note)
}
