package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/detect"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/sanctions"
	"github.com/spf13/cobra"
)

func (a *app) listsCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "lists",
		Short: "Load and show the sanctions lists people are screened against",
		Long: `mosaic screens applicants, referees, employees, ship-to names, payroll payees
and wallets against sanctions lists you download: the OFAC SDN and Consolidated
lists (sdn.csv with alt.csv, add.csv and sdn_comments.csv, or SDN.XML;
cons_prim.csv or CONS_PRIM.XML) and the UN Security Council Consolidated List
(XML). No network is needed: download the files, then

  mosaic lists update --from ./downloads --db mosaic.db

The lists are kept beside the database (mosaic.sanctions.json for mosaic.db);
every later scan screens against them and mosaic serve re-reads them when
they change. An identifier on a list (e-mail, website, wallet, phone,
document) is strong evidence; a name counts only with a second identifier
(date of birth, document, street address); a name alone is listed for
compliance review and never raises anyone.`,
	}
	cmd.PersistentFlags().StringVar(&db, "db", "mosaic.db", "database the lists are kept beside: a SQLite file, or a postgres:// URL (then ./mosaic.sanctions.json)")
	var from string
	update := &cobra.Command{
		Use:   "update --from DIR",
		Short: "Load the list files in a folder and keep them beside the database",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" {
				return mosaic.Errorf(mosaic.EINVALID, "--from DIR is required: the folder holding the downloaded list files")
			}
			read, err := sanctions.ReadDir(from, time.Now())
			if err != nil {
				return err
			}
			path := sanctions.StorePath(db)
			stored, err := sanctions.Load(path)
			switch {
			case mosaic.ErrorCode(err) == mosaic.ENOTFOUND:
				stored = &sanctions.Lists{}
			case err != nil:
				return err
			}
			stored.Merge(read)
			if err := sanctions.Save(path, stored); err != nil {
				return err
			}
			for _, l := range read.Lists {
				fmt.Fprintf(a.stdout, "loaded %s: %d entries, dated %s (%s)\n", l.Name, len(l.Entries), l.Published.Format("2006-01-02"), datedBy(l))
			}
			fmt.Fprintf(a.stdout, "kept in %s\n", path)
			return nil
		},
	}
	update.Flags().StringVar(&from, "from", "", "folder holding the downloaded list files")
	status := &cobra.Command{
		Use:   "status",
		Short: "Show the lists kept beside the database: their dates and entry counts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path := sanctions.StorePath(db)
			ls, err := sanctions.Load(path)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "LIST\tPUBLISHED\tENTRIES\tLOADED\tFILES")
			for _, l := range ls.Lists {
				fmt.Fprintf(tw, "%s\t%s (%s)\t%d\t%s\t%v\n", l.Name, l.Published.Format("2006-01-02"), datedBy(l), len(l.Entries),
					l.Loaded.Format("2006-01-02 15:04"), l.Files)
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(update, status)
	return cmd
}

func datedBy(l *sanctions.List) string {
	if l.Dated == "list" {
		return "the list's date"
	}
	return "file date: this format carries none"
}

// listsScreen is the screening hook of the lists kept beside db. While
// none are kept it screens no one. It re-reads the file when it changes, so
// a running mosaic serve screens against lists loaded or updated after it
// started; the index is rebuilt only then.
func listsScreen(db string, h mosaic.Hasher, log *slog.Logger) func(context.Context, *link.Graph) ([]detect.Screening, error) {
	w := &listWatcher{path: sanctions.StorePath(db), hasher: h, log: log}
	return w.screen
}

// listWatcher holds the index of the stored lists and the file state it
// was built from.
type listWatcher struct {
	path   string
	hasher mosaic.Hasher
	log    *slog.Logger

	mu    sync.Mutex
	mod   time.Time
	size  int64
	index *sanctions.Index
}

// current returns the index of the file as it is now, or nil when the file
// is gone or unreadable (then nothing is screened, and the reason logged).
func (w *listWatcher) current() *sanctions.Index {
	w.mu.Lock()
	defer w.mu.Unlock()
	st, err := os.Stat(w.path)
	if err != nil {
		w.index = nil
		return nil
	}
	if w.index != nil && st.ModTime().Equal(w.mod) && st.Size() == w.size {
		return w.index
	}
	ls, err := sanctions.Load(w.path)
	if err != nil {
		w.log.Warn("sanctions lists not read; not screening", "path", w.path, "reason", mosaic.ErrorMessage(err))
		w.index = nil
		return nil
	}
	w.index, w.mod, w.size = sanctions.NewIndex(ls, w.hasher), st.ModTime(), st.Size()
	w.log.Info("sanctions lists read", "path", w.path, "entries", w.index.Len())
	return w.index
}

func (w *listWatcher) screen(ctx context.Context, g *link.Graph) ([]detect.Screening, error) {
	ix := w.current()
	if ix == nil {
		return nil, nil
	}
	out, err := ix.Screenings(ctx, g)
	if err != nil {
		return nil, err
	}
	review := 0
	for _, sc := range out {
		if n, _ := sc.Vars["name_only_matches"].(int64); n > 0 {
			review++
		}
	}
	if review > 0 {
		w.log.Info("sanctions screening: people whose name alone resembles a listed name, for compliance review (never scored)", "people", review)
	}
	return out, nil
}
