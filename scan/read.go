package scan

import (
	"context"
	"os"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
)

// read streams every file through its extractor. Records go to the dataset
// at once and, in batches, to the store writer, whose goroutine saves them
// while parsing (and, once reading is done, the later stages) go on.
func read(ctx context.Context, cfg Config, files []mosaic.File, ds *dataset.Dataset, start time.Time, perFile map[mosaic.Kind]*ReadTiming, store *recordWriter) ([]mosaic.FileStats, error) {
	byKind := map[mosaic.Kind]mosaic.Extractor{}
	for _, x := range cfg.Extractors {
		for _, k := range x.Kinds() {
			byKind[k] = x
		}
	}
	var batch []mosaic.Record
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := store.queue(ctx, batch); err != nil {
			return err
		}
		batch = make([]mosaic.Record, 0, cfg.BatchSize)
		return nil
	}

	var rows int64
	stats := make([]mosaic.FileStats, 0, len(files))
	for n := 0; n < len(files); {
		f := files[n]
		x, ok := byKind[f.Kind]
		if !ok {
			n++
			continue
		}
		// A run of small CPU-bound files (photos, resumes) is read on every
		// core, then replayed in file order.
		run := []mosaic.File{f}
		if parallelKinds[f.Kind] {
			for m := n + 1; m < len(files) && files[m].Kind == f.Kind && len(run) < 4096; m++ {
				run = append(run, files[m])
			}
		}
		var bufs []*bufferedEmitter
		var errs []error
		t0 := time.Now()
		if len(run) > 1 {
			bufs, errs = extractAll(ctx, x, run)
		}
		for k, f := range run {
			st := mosaic.FileStats{Path: f.Path, Kind: f.Kind}
			em := &fileEmitter{stats: &st, ds: ds, flush: flush, reject: cfg.Reject, batchSz: cfg.BatchSize, rows: &rows}
			if store != nil {
				em.batch = &batch
			}
			em.keepIf = cfg.inStage
			done := n + k
			em.tick = func() {
				cfg.progress(Progress{Stage: "reading", File: f.Path, FilesDone: done, Files: len(files), Rows: rows, Elapsed: cfg.Now().Sub(start)})
			}
			if k == 0 || k%256 == 0 {
				cfg.progress(Progress{Stage: "reading", File: f.Path, FilesDone: done, Files: len(files), Rows: rows, Elapsed: cfg.Now().Sub(start)})
			}
			var err error
			if bufs == nil {
				err = x.Extract(ctx, f, em)
			} else if err = errs[k]; err == nil && bufs[k] != nil {
				for _, call := range bufs[k].calls {
					if err = call(em); err != nil {
						break
					}
				}
			}
			if err != nil {
				return nil, err
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if perFile != nil {
				rt := perFile[f.Kind]
				if rt == nil {
					rt = &ReadTiming{}
					perFile[f.Kind] = rt
				}
				rt.Rows += int64(st.Read)
				if fi, err := os.Stat(f.Abs); err == nil {
					rt.Bytes += fi.Size()
				}
			}
			stats = append(stats, st)
		}
		if perFile != nil && perFile[f.Kind] != nil {
			perFile[f.Kind].Duration += time.Since(t0)
		}
		n += len(run)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	cfg.progress(Progress{Stage: "reading", FilesDone: len(files), Files: len(files), Rows: rows, Elapsed: cfg.Now().Sub(start)})
	return mergeAttachmentStats(stats), nil
}

// mergeAttachmentStats folds the one-row-per-file attachments into one line
// per folder, so a bundle of 40,000 resumes does not make 40,000 lines.
func mergeAttachmentStats(stats []mosaic.FileStats) []mosaic.FileStats {
	out := stats[:0:0]
	idx := map[string]int{}
	for _, s := range stats {
		if s.Kind != mosaic.KindResume && s.Kind != mosaic.KindPhoto {
			out = append(out, s)
			continue
		}
		key := string(s.Kind) + ":" + folderOf(s.Path)
		if i, ok := idx[key]; ok {
			out[i].Read += s.Read
			out[i].Accepted += s.Accepted
			out[i].Rejected += s.Rejected
			continue
		}
		idx[key] = len(out)
		s.Path = folderOf(s.Path)
		out = append(out, s)
	}
	return out
}

func folderOf(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[:i+1]
		}
	}
	return p
}
