package main

import (
	"context"
	"fmt"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/simulate"
	"github.com/spf13/cobra"
)

func (a *app) simulateCommand() *cobra.Command {
	var (
		out   string
		seed  int64
		size  string
		rings int
		names string
		// textures: a folder of real surface photographs for backdrops.
		textures string
	)
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Write a synthetic company's export bundle, with fraud rings and its truth",
		Long: `simulate writes a bundle in the export format (applications, roster, shipments,
payroll, notes, Okta System Log, osquery results, resumes and photos) for a
synthetic company with fraud rings hidden among honest people and benign
coincidences, plus truth.csv and truth_rings.csv for 'mosaic eval'.
The same seed and size always give the same files.

Sizes: tiny (a few hundred people), small, medium (40,000 applications, 2,000
employees, 350,000 sign-ins), large (300,000 applications), huge (1,000,000
applications, 50,000 employees, 20,000,000 sign-in events).`,
		Example: "  mosaic simulate --out /tmp/acme --size medium --seed 42",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runSimulate(cmd.Context(), out, seed, size, rings, names, textures)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "folder to write the bundle to (required)")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed")
	cmd.Flags().StringVar(&size, "size", "small", "tiny, small, medium, large or huge")
	cmd.Flags().IntVar(&rings, "rings", 0, "number of fraud rings (default: the size's)")
	cmd.Flags().StringVar(&names, "names", "default", "default, or mixed: names of several origins at realistic shares and surname frequencies, written as banks, couriers and HR write them (origins in truth_names.csv)")
	cmd.Flags().StringVar(&textures, "textures", "", "draw some backdrops on real surfaces: a folder of texture images (see simulate/textures/fetch.sh), or builtin for the crops committed with mosaic; labels in truth_backdrops.csv")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func (a *app) runSimulate(ctx context.Context, out string, seed int64, size string, rings int, names, textures string) error {
	cfg, err := simulate.Preset(size)
	if err != nil {
		return err
	}
	switch names {
	case "default", "":
	case "mixed":
		cfg.NameMix = simulate.MixedNames()
	default:
		return mosaic.Errorf(mosaic.EINVALID, "--names: %q is neither default nor mixed", names)
	}
	cfg.Seed = seed
	if textures != "" {
		if cfg.Textures, err = simulate.LoadTextures(textures); err != nil {
			return err
		}
	}
	if rings > 0 {
		cfg.Rings = rings
	}
	start := time.Now()
	prog := newProgress(a.stderr, isTerminal(a.stderr))
	var last time.Time
	res, err := simulate.Generate(ctx, out, cfg, func(stage string, done, total int64) {
		if !prog.enabled || time.Since(last) < 200*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(a.stderr, "\r\x1b[K%s: %d/%d", stage, done, total)
		prog.drawn = true
	})
	prog.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "wrote %s: %d people, %d fraudulent in %d rings, in %s\n",
		res.Dir, res.People, res.Fraud, res.Rings, time.Since(start).Round(time.Millisecond))
	return nil
}
