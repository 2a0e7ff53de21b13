package scan

import (
	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
)

// fileEmitter receives one file's rows: it counts them, keeps accepted
// records in the dataset, queues them for the store and hands rejects on.
type fileEmitter struct {
	stats   *mosaic.FileStats
	ds      *dataset.Dataset
	batch   *[]mosaic.Record
	flush   func() error
	reject  func(mosaic.Reject) error
	batchSz int
	rows    *int64 // all rows of the scan so far, for progress
	tick    func() // called every progressEvery rows
	keepIf  func(mosaic.Record) bool
}

// progressEvery is how many rows pass between progress updates.
const progressEvery = 1 << 16

func (e *fileEmitter) count() {
	*e.rows++
	if *e.rows%progressEvery == 0 && e.tick != nil {
		e.tick()
	}
}

func (e *fileEmitter) Accept(r mosaic.Record) error {
	e.stats.Read++
	e.stats.Accepted++
	e.count()
	return e.keep(r)
}

func (e *fileEmitter) AcceptMany(rs []mosaic.Record) error {
	e.stats.Read++
	e.stats.Accepted++
	e.count()
	for _, r := range rs {
		if err := e.keep(r); err != nil {
			return err
		}
	}
	return nil
}

func (e *fileEmitter) keep(r mosaic.Record) error {
	if e.keepIf != nil && !e.keepIf(r) {
		return nil
	}
	e.ds.Add(r)
	if e.batch == nil {
		return nil
	}
	*e.batch = append(*e.batch, r)
	if len(*e.batch) >= e.batchSz {
		return e.flush()
	}
	return nil
}

func (e *fileEmitter) Reject(r mosaic.Reject) error {
	e.stats.Read++
	e.stats.Rejected++
	e.count()
	if r.File == "" {
		r.File = e.stats.Path
	}
	return e.reject(r)
}
