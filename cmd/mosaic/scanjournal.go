package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
)

// scanJournal is one scan's row in the store's scan journal: written as
// running before the first record is stored, finished complete or
// incomplete, so a scan stopped part-way leaves a mark that report, scan
// and serve show until a later complete scan or an acknowledgement.
type scanJournal struct {
	ops     *opstore.Store
	id      string
	started time.Time
	log     *slog.Logger
}

// startScanJournal journals a scan into store; nil (after a warning) when
// the store cannot hold it: the scan goes on, and a store that cannot
// take one row will fail the scan with its own, clearer error.
func startScanJournal(ctx context.Context, store mosaic.Store, log *slog.Logger) *scanJournal {
	db, ok := store.(migrations.SQL)
	if !ok {
		return nil
	}
	ops := opstore.New(db, nil)
	started := time.Now().UTC()
	id, err := ops.StartScan(ctx)
	if err != nil {
		log.Warn("cannot journal the scan in the database; a scan stopped part-way will not be marked incomplete", "error", mosaic.ErrorMessage(err))
		return nil
	}
	return &scanJournal{ops: ops, id: id, started: started, log: log}
}

// finish records how the scan ended (runErr nil: complete) and returns the
// journal's entry for an incomplete scan, nil otherwise. It writes even
// when ctx was cancelled by a signal, for a few seconds at most.
func (j *scanJournal) finish(ctx context.Context, runErr error) *opstore.Scan {
	if j == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	status, reason := opstore.ScanComplete, ""
	if runErr != nil {
		status, reason = opstore.ScanIncomplete, incompleteReason(runErr)
	}
	if err := j.ops.FinishScan(ctx, j.id, status, reason); err != nil {
		// The row stays "running", which is reported as incomplete too.
		j.log.Warn("cannot record the end of the scan in the database", "error", mosaic.ErrorMessage(err))
	}
	if runErr == nil {
		return nil
	}
	return &opstore.Scan{ID: j.id, StartedAt: j.started, Status: status, Reason: reason}
}

// incompleteReason says why a scan stopped, in words without personal
// data: the signal, or the error's message for the user.
func incompleteReason(err error) string {
	if errors.Is(err, context.Canceled) {
		return "stopped by a signal (Ctrl-C or SIGTERM) before every record was stored"
	}
	return strings.TrimPrefix(mosaic.ErrorMessage(err), "the scan stopped: ")
}

// warnIncomplete tells the user that the database holds part of a bundle.
func warnIncomplete(w io.Writer, scans []opstore.Scan, db string) {
	if len(scans) == 0 {
		return
	}
	fmt.Fprintf(w, "warning: %s holds an incomplete scan: the stored data may lack part of a bundle, and reports on it may miss people or evidence\n", db)
	for _, sc := range scans {
		switch sc.Status {
		case opstore.ScanRunning:
			fmt.Fprintf(w, "  scan started %s never finished (killed, or still running)\n", sc.StartedAt.UTC().Format(time.RFC3339))
		default:
			fmt.Fprintf(w, "  scan started %s stopped: %s\n", sc.StartedAt.UTC().Format(time.RFC3339), sc.Reason)
		}
	}
	fmt.Fprintf(w, "  scan the bundle again to complete it, or acknowledge with: mosaic report --db %s --acknowledge-incomplete\n", db)
}
