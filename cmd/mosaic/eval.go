package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/eval"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/spf13/cobra"
)

func (a *app) evalCommand() *cobra.Command {
	var (
		bundleDir  string
		reportFile string
		stage      string
		level      string
		format     string
		seeds      string
		size       string
		names      string
		work       string
	)
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Score a report against a bundle's truth (average precision, recall, false positives, rings)",
		Long: `eval compares a report with the truth.csv and truth_rings.csv of a simulated (or
labelled) bundle. Without --report it scans the bundle first, in memory.`,
		Example: `  mosaic eval --bundle /tmp/acme
  mosaic eval --bundle /tmp/acme --report report.json --format json
  mosaic eval --seeds 401-405 --size small --names mixed --work /tmp/unseen`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if seeds != "" {
				return a.runEvalSeeds(cmd.Context(), seeds, size, names, work, format)
			}
			if bundleDir == "" {
				return mosaic.Errorf(mosaic.EINVALID, "--bundle or --seeds is required")
			}
			return a.runEval(cmd.Context(), bundleDir, reportFile, stage, level, format)
		},
	}
	cmd.Flags().StringVar(&bundleDir, "bundle", "", "bundle folder holding truth.csv (required)")
	cmd.Flags().StringVar(&reportFile, "report", "", "a JSON report of that bundle (default: scan it now)")
	cmd.Flags().StringVar(&stage, "stage", "", "'apply' to evaluate on application-stage data only")
	cmd.Flags().StringVar(&level, "level", "high", "the level that counts as flagged")
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.Flags().StringVar(&seeds, "seeds", "", "generate and evaluate these worlds instead of --bundle (401-405, or 401,403): each, mean, worst case and confounders")
	cmd.Flags().StringVar(&size, "size", "small", "with --seeds: the size of the worlds")
	cmd.Flags().StringVar(&names, "names", "default", "with --seeds: default or mixed names")
	cmd.Flags().StringVar(&work, "work", "", "with --seeds: folder for the bundles and reports, reused when already there (default: a temporary folder, removed)")
	return cmd
}

func (a *app) runEval(ctx context.Context, dir, reportFile, stage, level, format string) error {
	if format != "table" && format != "json" {
		return mosaic.Errorf(mosaic.EINVALID, "--format must be table or json")
	}
	if mosaic.Level(level).Rank() < 1 {
		return mosaic.Errorf(mosaic.EINVALID, "--level must be critical, high, medium or low")
	}
	truth, err := eval.LoadTruth(dir)
	if err != nil {
		return err
	}
	var rep *mosaic.Report
	if reportFile != "" {
		data, err := os.ReadFile(reportFile)
		if err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "cannot read the report %s", reportFile)
		}
		rep = &mosaic.Report{}
		if err := json.Unmarshal(data, rep); err != nil {
			return mosaic.WrapError(mosaic.EINVALID, err, "%s is not a mosaic JSON report", reportFile)
		}
	} else {
		rep, err = a.scanInMemory(ctx, dir, stage)
		if err != nil {
			return err
		}
	}
	opts := eval.Options{Stage: stage, Level: mosaic.Level(level)}
	if hires, err := eval.LoadHires(dir); err == nil {
		opts.Hires = hires
	}
	res, err := eval.Evaluate(rep, truth, opts)
	if err != nil {
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return res.WriteTable(a.stdout)
}

// scanInMemory scans a bundle without a database, with a throwaway key.
// stage "apply" keeps only what exists before an offer.
func (a *app) scanInMemory(ctx context.Context, dir, stage string) (*mosaic.Report, error) {
	tmp, err := os.MkdirTemp("", "mosaic-eval-")
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot create a temporary folder")
	}
	defer os.RemoveAll(tmp)
	h, err := openHasher(filepath.Join(tmp, "eval.key"), a.log)
	if err != nil {
		return nil, err
	}
	mapping, _ := loadMapping("")
	xs, layout := extractors(h, mapping, a.log)
	if stage != "" && stage != scan.StageApply {
		return nil, mosaic.Errorf(mosaic.EINVALID, "--stage must be %q or left out", scan.StageApply)
	}
	ip, err := loadIP(nil)
	if err != nil {
		return nil, err
	}
	res, err := scan.Run(ctx, scan.Config{Dir: dir, Layout: layout, Extractors: xs, Log: a.log, Stage: stage, IP: ip})
	if err != nil {
		return nil, err
	}
	return res.Report, nil
}
