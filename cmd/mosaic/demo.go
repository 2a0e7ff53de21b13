package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/simulate"
	"github.com/spf13/cobra"
)

func (a *app) demoCommand() *cobra.Command {
	var (
		seed   int64
		size   string
		keep   string
		format string
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate a small synthetic company with a fraud ring inside, scan it and print the report",
		Long: `demo needs no files. It generates a synthetic company (honest applicants and
employees, benign coincidences such as households, agencies and namesakes, and
fraud rings using different techniques), writes it as an export bundle, scans it
into an embedded SQLite database and prints the ranked report.

Use --keep DIR to keep the generated bundle and try 'mosaic scan DIR' on it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runDemo(cmd.Context(), seed, size, keep, format, limit)
		},
	}
	cmd.Flags().Int64Var(&seed, "seed", 7, "random seed: the same seed gives the same company")
	cmd.Flags().StringVar(&size, "size", "small", "company size: tiny or small (see 'mosaic simulate' for larger)")
	cmd.Flags().StringVar(&keep, "keep", "", "write the bundle to this folder and keep it")
	cmd.Flags().StringVar(&format, "format", "table", "output format")
	cmd.Flags().IntVar(&limit, "limit", 20, "rows in the table")
	return cmd
}

func (a *app) runDemo(ctx context.Context, seed int64, size, keep, format string, limit int) error {
	cfg, err := simulate.Preset(size)
	if err != nil {
		return err
	}
	cfg.Seed = seed
	work, err := os.MkdirTemp("", "mosaic-demo-")
	if err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot create a temporary folder")
	}
	defer os.RemoveAll(work)
	dir := filepath.Join(work, "bundle")
	if keep != "" {
		dir = keep
	}
	res, err := simulate.Generate(ctx, dir, cfg, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "Generated a synthetic company: %d people, %d of them in %d fraud rings (seed %d).\n",
		res.People, res.Fraud, res.Rings, seed)
	if keep != "" {
		fmt.Fprintf(a.stderr, "The bundle is in %s; its truth (for 'mosaic eval') is truth.csv there.\n", keep)
	}
	fmt.Fprintln(a.stderr, "Scanning it into an embedded SQLite database…")
	return a.runScan(ctx, dir, scanFlags{
		format: format,
		db:     filepath.Join(work, "demo.db"),
		key:    filepath.Join(work, "demo.key"),
		limit:  limit,
		quiet:  false,
	})
}
