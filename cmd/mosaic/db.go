package main

import (
	"fmt"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/sqlite"
	"github.com/spf13/cobra"
)

func (a *app) dbCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Look after the database",
	}
	var db string
	check := &cobra.Command{
		Use:   "check",
		Short: "Run SQLite's full integrity check over the database",
		Long: `check reads every page of a SQLite database and checks every index entry against
its row (PRAGMA integrity_check). Every open already runs the quicker
quick_check for a few seconds; this is the full check, without a time bound.

Exit codes: 0 sound; 2 damaged, or not a SQLite database.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if isPostgres(db) {
				return mosaic.Errorf(mosaic.EINVALID, "db check is for SQLite files; PostgreSQL checks its own pages (see the amcheck extension)")
			}
			st, err := sqlite.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Check(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: ok\n", db)
			return nil
		},
	}
	check.Flags().StringVar(&db, "db", "mosaic.db", "the SQLite database file")
	cmd.AddCommand(check)
	return cmd
}
