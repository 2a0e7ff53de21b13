package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/report"
	"github.com/mosaic-sec/mosaic/scan"
)

// recordReader is a store that gives its records back.
type recordReader interface {
	ReadRecords(ctx context.Context, emit func(mosaic.Record) error) error
}

// priorRecords streams what the store holds into a scan, with photo
// fingerprints decoded; nil when the scan reports on its bundle alone.
func priorRecords(store mosaic.Store, onlyBundle bool) func(context.Context, func(mosaic.Record) error) error {
	rr, ok := store.(recordReader)
	if store == nil || onlyBundle || !ok {
		return nil
	}
	return func(ctx context.Context, emit func(mosaic.Record) error) error {
		return rr.ReadRecords(ctx, func(r mosaic.Record) error {
			if p, ok := r.(mosaic.Photo); ok {
				if raw, ok := p.Fingerprint.(json.RawMessage); ok {
					fp, err := decodeFingerprint(raw)
					if err != nil {
						return nil // an unreadable fingerprint leaves the photo out
					}
					p.Fingerprint = fp
					r = p
				}
			}
			return emit(r)
		})
	}
}

func (a *app) reportCommand() *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the report from everything the database holds, reading no files",
		Long: `report links, detects and scores every record stored by earlier scans, ingest calls
and connectors, and writes the report, as scan does, without reading any export.`,
		Example: `  mosaic report --db mosaic.db --format json --out report.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runReport(cmd.Context(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "table", "output format: "+strings.Join(report.Formats(), ", "))
	fl.StringVarP(&f.out, "out", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	fl.IntVar(&f.limit, "limit", 25, "rows in the table (0 for all)")
	fl.Float64Var(&f.minScore, "min-score", 0, "leave out subjects scoring below this")
	fl.StringSliceVar(&f.ipLists, "ip-list", nil, "KIND=FILE CIDR lists layered over the built-in IP data")
	fl.BoolVar(&f.ackIncomplete, "acknowledge-incomplete", false, "stop warning about the incomplete scans the database holds (audited); the report is written as usual")
	f.rules.register(cmd)
	return cmd
}

// incompleteScans warns that the database holds part of a bundle, or with
// --acknowledge-incomplete marks those scans as seen, in the audit log.
func (a *app) incompleteScans(ctx context.Context, ops *opstore.Store, f scanFlags) error {
	if f.ackIncomplete {
		n, err := ops.AcknowledgeScans(ctx, operator())
		if err != nil {
			return err
		}
		if n > 0 {
			if err := ops.Audit(ctx, opstore.AuditEntry{Actor: operator(), Role: "operator", Action: "scans_acknowledge",
				Detail: fmt.Sprintf("%d incomplete scans acknowledged", n)}); err != nil {
				return err
			}
		}
		fmt.Fprintf(a.stderr, "%d incomplete scans acknowledged\n", n)
		return nil
	}
	open, err := ops.IncompleteScans(ctx)
	if err != nil {
		return err
	}
	warnIncomplete(a.stderr, open, f.db)
	return nil
}

func (a *app) runReport(ctx context.Context, f scanFlags) error {
	if !validFormat(f.format) {
		return mosaic.Errorf(mosaic.EINVALID, "unknown --format %q: use one of %s", f.format, strings.Join(report.Formats(), ", "))
	}
	store, ops, err := openServiceStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := a.incompleteScans(ctx, ops, f); err != nil {
		return err
	}
	fb, err := store.Feedback(ctx)
	if err != nil {
		return err
	}
	set, err := f.rules.load()
	if err != nil {
		return err
	}
	ip, err := loadIP(f.ipLists)
	if err != nil {
		return err
	}
	ds := dataset.New()
	ds.TrackEvents()
	if err := priorRecords(store, false)(ctx, func(r mosaic.Record) error { ds.Add(r); return nil }); err != nil {
		return err
	}
	rep, _, err := scan.Analyze(ctx, scan.Config{Rules: set, IP: ip, Feedback: fb, Log: a.log}, ds)
	if err != nil {
		return err
	}
	rep.Input = mosaic.InputSummary{Files: []mosaic.FileStats{}}
	rep.GeneratedAt = time.Now().UTC().Truncate(time.Second)
	return a.writeReport(rep, f)
}
