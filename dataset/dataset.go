// Package dataset holds the records of one scan in memory, in compact
// slices, for linking and detection. Records arrive from the readers one at a
// time; files themselves are never held whole.
package dataset

import "github.com/mosaic-sec/mosaic"

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
		// more than the rare duplicate. The store de-duplicates them by uuid.
		d.SignIns.Append(v)
	case mosaic.HostRow:
		d.HostRows = append(d.HostRows, v)
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
