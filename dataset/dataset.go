// Package dataset holds the records of one scan in memory, in compact
// slices, for linking and detection. Records arrive from the readers one at a
// time; files themselves are never held whole.
package dataset

import (
	"reflect"

	"github.com/mosaic-sec/mosaic"
)

// Dataset is every record of a scan, by kind. Indices into these slices are
// the currency of the linker and the detectors.
type Dataset struct {
	Jobs         []mosaic.Job
	Applications []mosaic.Application
	Employees    []mosaic.Employee
	Shipments    []mosaic.Shipment
	Payroll      []mosaic.PayrollEvent
	Notes        []mosaic.Note
	SignIns      SignIns // compact: see SignIns
	HostRows     []mosaic.HostRow
	Resumes      []mosaic.Resume
	Photos       []mosaic.Photo

	// seen de-duplicates records with natural keys, so a record exported
	// twice (two overlapping exports in one bundle) is counted once.
	seen map[string]int
	// events, when tracking, holds the ids of sign-ins and endpoint rows
	// kept, so that records arriving again (a bundle scanned over what the
	// store holds, a connector re-reading its last page) are kept once.
	events map[string]struct{}
}

// TrackEvents makes Add de-duplicate sign-ins and endpoint rows by event
// id too. Off by default: a single bundle's sign-ins are the bulk of a
// scan, and a set of their ids would cost more than the rare duplicate.
func (d *Dataset) TrackEvents() {
	if d.events == nil {
		d.events = map[string]struct{}{}
	}
}

// seenEvent reports whether an event id was kept before, and notes it.
func (d *Dataset) seenEvent(key string) bool {
	if d.events == nil {
		return false
	}
	if _, ok := d.events[key]; ok {
		return true
	}
	d.events[key] = struct{}{}
	return false
}

// New returns an empty dataset.
func New() *Dataset { return &Dataset{seen: map[string]int{}} }

// Add keeps a record. A second record with the same natural key replaces the
// first, as the store's upsert does.
func (d *Dataset) Add(r mosaic.Record) {
	switch v := r.(type) {
	case mosaic.Job:
		d.Jobs = upsert(d, d.Jobs, "j:"+v.ID, v)
	case mosaic.Application:
		d.Applications = upsert(d, d.Applications, "a:"+v.ID, v)
	case mosaic.Employee:
		d.Employees = upsert(d, d.Employees, "e:"+v.ID, v)
	case mosaic.Shipment:
		d.Shipments = upsert(d, d.Shipments, "s:"+v.ID, v)
	case mosaic.PayrollEvent:
		d.Payroll = upsert(d, d.Payroll, "p:"+v.ID, v)
	case mosaic.Note:
		d.Notes = upsert(d, d.Notes, "n:"+v.ID, v)
	case mosaic.SignIn:
		// Sign-ins are the bulk of a bundle; a map of their ids would cost
		// more than the rare duplicate unless TrackEvents asked for it. The
		// store de-duplicates them by uuid.
		if !d.seenEvent("s:" + v.ID) {
			d.SignIns.Append(v)
		}
	case mosaic.HostRow:
		if !d.seenEvent("h:" + v.Origin.EventID) {
			d.HostRows = append(d.HostRows, v)
		}
	case mosaic.Resume:
		d.Resumes = upsert(d, d.Resumes, "r:"+v.Path, v)
	case mosaic.Photo:
		d.Photos = upsert(d, d.Photos, "f:"+v.Path, v)
	}
}

func upsert[T any](d *Dataset, s []T, key string, v T) []T {
	if d.seen == nil {
		d.seen = map[string]int{}
	}
	if i, ok := d.seen[key]; ok {
		s[i] = v
		return s
	}
	d.seen[key] = len(s)
	return append(s, v)
}

// Holds reports whether the dataset already holds r exactly: a hiring
// record (job, application, roster row, shipment, payroll event, note) with
// the same natural key and the same content. The service's fast path uses
// it to tell an export sent again from new evidence.
func (d *Dataset) Holds(r mosaic.Record) bool {
	switch v := r.(type) {
	case mosaic.Job:
		return same(d, d.Jobs, "j:"+v.ID, v)
	case mosaic.Application:
		return same(d, d.Applications, "a:"+v.ID, v)
	case mosaic.Employee:
		return same(d, d.Employees, "e:"+v.ID, v)
	case mosaic.Shipment:
		return same(d, d.Shipments, "s:"+v.ID, v)
	case mosaic.PayrollEvent:
		return same(d, d.Payroll, "p:"+v.ID, v)
	case mosaic.Note:
		return same(d, d.Notes, "n:"+v.ID, v)
	}
	return false
}

func same[T any](d *Dataset, s []T, key string, v T) bool {
	i, ok := d.seen[key]
	return ok && i < len(s) && reflect.DeepEqual(s[i], v)
}
