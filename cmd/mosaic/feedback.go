package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mosaic-sec/mosaic"
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
		Short: "Record a verdict on a subject",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch verdict {
			case mosaic.VerdictConfirmed, mosaic.VerdictBenign, mosaic.VerdictUnknown:
			default:
				return mosaic.Errorf(mosaic.EINVALID, "--verdict must be %s, %s or %s", mosaic.VerdictConfirmed, mosaic.VerdictBenign, mosaic.VerdictUnknown)
			}
			return a.withFeedback(cmd.Context(), db, func(fs mosaic.FeedbackStore) error {
				return fs.SaveDisposition(cmd.Context(), mosaic.Disposition{
					SubjectID: args[0], Verdict: verdict, Note: note, SetBy: who(by), SetAt: time.Now().UTC(),
				})
			})
		},
	}
	set.Flags().StringVar(&verdict, "verdict", "", "confirmed_fraud, benign or unknown (required)")
	set.Flags().StringVar(&note, "note", "", "why")
	set.Flags().StringVar(&by, "by", "", "who decided (default: $USER)")

	var kind, allowNote, allowBy string
	allow := &cobra.Command{
		Use:   "allow SUBJECT SUBJECT",
		Short: "Explain away what two subjects share, so it stops counting",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] == args[1] {
				return mosaic.Errorf(mosaic.EINVALID, "an allowance joins two different subjects")
			}
			return a.withFeedback(cmd.Context(), db, func(fs mosaic.FeedbackStore) error {
				return fs.SaveAllowance(cmd.Context(), mosaic.Allowance{
					A: args[0], B: args[1], Kind: kind, Note: allowNote, SetBy: who(allowBy), SetAt: time.Now().UTC(),
				})
			})
		},
	}
	allow.Flags().StringVar(&kind, "kind", "", "the kind of link: phone, reference, ssn, ship_to, bank_account, submit_ip, ... (default: every kind)")
	allow.Flags().StringVar(&allowNote, "note", "", "why, e.g. spouses")
	allow.Flags().StringVar(&allowBy, "by", "", "who decided (default: $USER)")

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

func who(by string) string {
	if by = strings.TrimSpace(by); by != "" {
		return by
	}
	return os.Getenv("USER")
}
