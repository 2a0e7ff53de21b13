package main

import (
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/scan"
)

// startCPUProfile profiles the process into path until the returned stop
// is called; an empty path profiles nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	out, err := os.Create(path)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot write the CPU profile to %s", path)
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		out.Close()
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot start the CPU profile")
	}
	return func() {
		pprof.StopCPUProfile()
		out.Close()
	}, nil
}

// heapProfileAt passes progress on to next and, the first time the scan
// reaches stage, writes a heap profile to path: at the start of detection
// everything read and linked is still held, which is what sizes a
// deployment. A profile that cannot be written is logged, not fatal.
func heapProfileAt(stage, path string, log *slog.Logger, next func(scan.Progress)) func(scan.Progress) {
	if path == "" {
		return next
	}
	written := false
	return func(p scan.Progress) {
		if !written && p.Stage == stage {
			written = true
			if err := writeHeapProfile(path); err != nil {
				log.Warn("heap profile not written", "file", path, "error", err)
			}
		}
		if next != nil {
			next(p)
		}
	}
}

func writeHeapProfile(path string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
