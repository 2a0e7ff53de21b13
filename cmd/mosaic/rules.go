package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/spf13/cobra"
)

// ruleFlags choose the rule set: the built-in catalogue, a company's
// folders that add or override rules by id, and rules disabled by id.
type ruleFlags struct {
	dirs      []string
	disable   []string
	noBuiltin bool
}

func (f *ruleFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringSliceVar(&f.dirs, "rules", nil, "folder of rule files (.yaml) that add to or override the built-in rules by id (repeatable)")
	cmd.Flags().StringSliceVar(&f.disable, "disable", nil, "rule ids to switch off (repeatable or comma-separated)")
	cmd.Flags().BoolVar(&f.noBuiltin, "no-builtin-rules", false, "use only the rules from --rules folders")
}

func (f *ruleFlags) load() (*rules.Set, error) {
	return rules.Load(!f.noBuiltin, f.dirs, f.disable)
}

func (a *app) rulesCommand() *cobra.Command {
	var rf ruleFlags
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List, test and explain the detection rules",
		Long: `Detections are data: one YAML file per rule with its id, title, silo, weight
(a likelihood ratio), references, known false positives, a CEL condition, an
explanation template and its own test cases. The built-in rules ship inside
the binary; --rules adds or overrides rules from your folders, --disable
switches rules off by id.`,
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the rules in force",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := rf.load()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSILO\tSCOPE\tSEVERITY\tWEIGHT\tTITLE")
			for _, r := range set.Rules() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%g\t%s\n", r.ID, r.Silo, r.Scope, r.Severity, r.Weight, r.Title)
			}
			return tw.Flush()
		},
	}
	test := &cobra.Command{
		Use:   "test",
		Short: "Run every rule's own test cases",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := rf.load()
			if err != nil {
				return err
			}
			passed, failed := 0, 0
			for _, r := range set.Test() {
				if r.Passed {
					passed++
					continue
				}
				failed++
				fmt.Fprintf(a.stdout, "FAIL %s: %s: %s\n", r.RuleID, r.Case, r.Message)
			}
			fmt.Fprintf(a.stdout, "rules: %d passed, %d failed\n", passed, failed)
			if failed > 0 {
				return mosaic.Errorf(mosaic.EINVALID, "%d rule test case(s) failed", failed)
			}
			return nil
		},
	}
	explain := &cobra.Command{
		Use:   "explain ID",
		Short: "Describe one rule: what it looks for, why, its sources, false positives and tests",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := rf.load()
			if err != nil {
				return err
			}
			if _, ok := set.Rule(args[0]); !ok {
				var ids []string
				for _, r := range set.Rules() {
					if strings.Contains(r.ID, args[0]) {
						ids = append(ids, r.ID)
					}
				}
				hint := ""
				if len(ids) > 0 {
					hint = "; did you mean " + strings.Join(ids, ", ") + "?"
				}
				return mosaic.Errorf(mosaic.ENOTFOUND, "no rule %q%s", args[0], hint)
			}
			return set.Explain(a.stdout, args[0])
		},
	}
	for _, c := range []*cobra.Command{list, test, explain} {
		rf.register(c)
		cmd.AddCommand(c)
	}
	return cmd
}
