package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/opstore"
)

// Watch reads a folder laid out as a bundle every interval until ctx ends:
// nightly export drops. A new file is read whole; a file that grew is read
// from where the last read stopped (a CSV's header is sent again with its
// new rows), so each row is read once; a file that shrank or was replaced
// is read whole again, and the store's natural keys keep that from
// counting anything twice. Positions are kept in the store, so a restart
// resumes where it was. Rejects are logged like any ingest call's.
func (s *Service) Watch(ctx context.Context, dir string, layout bundle.Layout, every time.Duration) error {
	if err := bundle.CheckDir(dir); err != nil {
		return err
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.WatchOnce(ctx, dir, layout); err != nil && ctx.Err() == nil {
			s.cfg.Log.Warn("reading the watched folder failed; trying again at the next tick", "folder", dir, "error", mosaic.ErrorMessage(err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// WatchOnce reads what is new in the folder once.
func (s *Service) WatchOnce(ctx context.Context, dir string, layout bundle.Layout) error {
	listing, err := bundle.Walk(dir, layout)
	if err != nil {
		return err
	}
	for _, f := range listing.Files {
		if err := s.watchFile(ctx, f); err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	return nil
}

// watchFile reads the unread part of one file. The position is stored as
// "SIZE MTIME" once the rows before it are stored, in the transaction that
// logs the chunk.
func (s *Service) watchFile(ctx context.Context, f mosaic.File) error {
	st, err := os.Stat(f.Abs)
	if err != nil {
		return err
	}
	key := "watch:" + f.Path
	saved, err := s.cfg.Ops.LoadCursor(ctx, key)
	if err != nil {
		return err
	}
	var off int64
	var mtime string
	if parts := strings.Fields(saved); len(parts) == 2 {
		off, _ = strconv.ParseInt(parts[0], 10, 64)
		mtime = parts[1]
	}
	now := strconv.FormatInt(st.ModTime().UnixNano(), 10)
	if off == st.Size() && mtime == now {
		return nil
	}
	if f.Kind == mosaic.KindResume || f.Kind == mosaic.KindPhoto {
		if off > 0 && off == st.Size() {
			return s.cfg.Ops.SaveCursor(ctx, key, fmt.Sprintf("%d %s", st.Size(), now))
		}
		fh, err := os.Open(f.Abs)
		if err != nil {
			return err
		}
		defer fh.Close()
		pos := &opstore.Position{Source: key, Cursor: fmt.Sprintf("%d %s", st.Size(), now)}
		_, err = s.attachment(ctx, strings.TrimPrefix(f.Path, "attachments/"), fh, "watch", pos)
		return err
	}
	if off > st.Size() {
		off = 0 // shrank: replaced by a new export
	}
	data, err := readFrom(f.Abs, off)
	if err != nil {
		return err
	}
	// Only whole lines: a writer may be half-way through the last one.
	end := bytes.LastIndexByte(data, '\n') + 1
	if end == 0 {
		return nil
	}
	chunk := data[:end]
	ctype := "application/x-ndjson"
	if csvKinds[f.Kind] {
		ctype = "text/csv"
		if off > 0 {
			head, err := headerLine(f.Abs)
			if err != nil {
				return err
			}
			chunk = append(head, chunk...)
		}
	}
	// The records are stored first (idempotent on their natural keys), then
	// the ingest-log entry and the new position in one transaction: a kill
	// between the two reads the chunk again and logs it once.
	pos := &opstore.Position{Source: key, Cursor: fmt.Sprintf("%d %s", off+int64(end), now)}
	_, err = s.ingest(ctx, string(f.Kind), ctype, bytes.NewReader(chunk), "watch", pos)
	return err
}

func readFrom(path string, off int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if _, err := fh.Seek(off, io.SeekStart); err != nil {
		return nil, err
	}
	return io.ReadAll(fh)
}

// headerLine returns a CSV file's first line, with its newline.
func headerLine(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	buf := make([]byte, 64<<10)
	n, _ := io.ReadFull(fh, buf)
	i := bytes.IndexByte(buf[:n], '\n')
	if i < 0 {
		return nil, fmt.Errorf("no complete header line")
	}
	return append([]byte(nil), buf[:i+1]...), nil
}
