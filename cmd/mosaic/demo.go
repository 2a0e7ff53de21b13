package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/opstore"
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
		serve  bool
		listen string
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate a small synthetic company with a fraud ring inside, scan it and print the report",
		Long: `demo needs no files. It generates a synthetic company (honest applicants and
employees, benign coincidences such as households, agencies and namesakes, and
fraud rings using different techniques), writes it as an export bundle, scans it
into an embedded SQLite database and prints the ranked report.

Use --keep DIR to keep the generated bundle and try 'mosaic scan DIR' on it.

With --serve it then creates a demo admin account (its user name and a random
password are printed) and serves the analysts' workbench on --listen until
Ctrl-C; the temporary database goes with it.`,
		Example: `  mosaic demo
  mosaic demo --serve                    # then open http://127.0.0.1:8080/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runDemo(cmd.Context(), seed, size, keep, format, limit, serve, listen)
		},
	}
	cmd.Flags().Int64Var(&seed, "seed", 7, "random seed: the same seed gives the same company")
	cmd.Flags().StringVar(&size, "size", "small", "company size: tiny or small (see 'mosaic simulate' for larger)")
	cmd.Flags().StringVar(&keep, "keep", "", "write the bundle to this folder and keep it")
	cmd.Flags().StringVar(&format, "format", "table", "output format")
	cmd.Flags().IntVar(&limit, "limit", 20, "rows in the table")
	cmd.Flags().BoolVar(&serve, "serve", false, "then serve the workbench over the scanned company (Ctrl-C stops it)")
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address the workbench listens on, with --serve")
	return cmd
}

func (a *app) runDemo(ctx context.Context, seed int64, size, keep, format string, limit int, serve bool, listen string) error {
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
	db, key := filepath.Join(work, "demo.db"), filepath.Join(work, "demo.key")
	err = a.runScan(ctx, dir, scanFlags{
		format: format,
		db:     db,
		key:    key,
		limit:  limit,
		quiet:  false,
	})
	if err != nil || !serve {
		return err
	}
	return a.serveDemo(ctx, db, key, listen)
}

// serveDemo makes a demo admin with a random password and serves the
// workbench over the demo database until ctx ends (Ctrl-C).
func (a *app) serveDemo(ctx context.Context, db, key, listen string) error {
	st, ops, err := openServiceStore(ctx, db)
	if err != nil {
		return err
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot make a random password")
	}
	password := base64.RawURLEncoding.EncodeToString(b)
	const user = "demo"
	err = ops.AddUser(ctx, user, opstore.RoleAdmin, password)
	st.Close() // runServe opens the database itself
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "\nWorkbench: http://%s/  user %s  password %s  (Ctrl-C stops it)\n\n", listen, user, password)
	return a.runServe(ctx, serveFlags{db: db, key: key, listen: listen, alertLevel: "high", maxBody: 64 << 20})
}
