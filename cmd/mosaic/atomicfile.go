package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// atomicFile is written beside its destination under a temporary name and
// renamed over it only once complete, so a report or rejects file that
// fails half-way (a full disk, an error, Ctrl-C) leaves the previous one
// whole. The rename is atomic within one folder.
type atomicFile struct {
	*os.File
	path string
	done bool
}

// createAtomic starts writing path. The temporary file is in path's folder
// (a rename across file systems is not atomic), hidden by a leading dot.
func createAtomic(path string) (*atomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	// The new file gets the old one's permissions, or those os.Create
	// would give a new one (less the usual umask).
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &atomicFile{File: f, path: path}, nil
}

// Commit flushes the file to disk and renames it over the destination.
func (f *atomicFile) Commit() error {
	if f.done {
		return errors.New("already committed or aborted")
	}
	f.done = true
	err := f.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Abort removes the temporary file, leaving the destination as it was. It
// does nothing after Commit, so it can be deferred.
func (f *atomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.Name())
}
