package migrations

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// ReadRecords streams every stored record back, table by table in
// RecordTables order and rows in key order, so that the store alone can
// rebuild every result: `mosaic serve` starts from it, and `mosaic scan`
// adds a bundle to it. A photo's fingerprint comes back as the stored JSON
// (json.RawMessage, nil when none); the caller decodes it with the package
// that made it. Row values are decoded leniently (a time that no longer
// parses is the zero time): they were validated when first read.
func ReadRecords(ctx context.Context, d Dialect, query QueryFunc, emit func(mosaic.Record) error) error {
	for _, t := range RecordTables {
		cols := len(t.Columns)
		err := query(ctx, t.SelectSQL(d), func(scan func(...any) error) error {
			vals := make([]any, cols)
			ptrs := make([]any, cols)
			for i, c := range t.Columns {
				switch c.Type {
				case Text:
					vals[i] = new(string)
				case Integer:
					vals[i] = new(int64)
				default:
					vals[i] = new(float64)
				}
				ptrs[i] = vals[i]
			}
			if err := scan(ptrs...); err != nil {
				return err
			}
			rec, err := decodeRecord(t, rowReader{vals: vals})
			if err != nil {
				return err
			}
			return emit(rec)
		})
		if err != nil {
			return fmt.Errorf("reading %s: %w", t.Name, err)
		}
	}
	return nil
}

// rowReader hands out a row's values in column order.
type rowReader struct {
	vals []any
	i    int
}

func (r *rowReader) s() string {
	v := *(r.vals[r.i].(*string))
	r.i++
	return v
}

func (r *rowReader) n() int64 {
	v := *(r.vals[r.i].(*int64))
	r.i++
	return v
}

func (r *rowReader) f() float64 {
	v := *(r.vals[r.i].(*float64))
	r.i++
	return v
}

func (r *rowReader) t() time.Time {
	s := r.s()
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func (r *rowReader) addr() mosaic.Address {
	return mosaic.Address{Line1: r.s(), Line2: r.s(), City: r.s(), Region: r.s(), PostalCode: r.s(), Country: r.s()}
}

func (r *rowReader) origin() mosaic.Origin { return mosaic.Origin{File: r.s(), Line: int(r.n())} }

// decodeRecord is the inverse of appendRecord, column for column.
func decodeRecord(t *Table, r rowReader) (mosaic.Record, error) {
	switch t {
	case Jobs:
		j := mosaic.Job{ID: r.s(), Title: r.s(), PostedAt: r.t(), Remote: r.n() != 0, Location: r.s()}
		j.Origin = r.origin()
		return j, nil
	case Applications:
		a := mosaic.Application{ID: r.s(), CandidateID: r.s(), JobID: r.s(), SubmittedAt: r.t(),
			FirstName: r.s(), LastName: r.s(), Email: r.s(), Phone: r.s()}
		a.Address = r.addr()
		a.LinkedInURL, a.GitHubURL, a.Source, a.ResumeFile, a.PhotoFile = r.s(), r.s(), r.s(), r.s(), r.s()
		var refs []reference
		if err := json.Unmarshal([]byte(r.s()), &refs); err != nil {
			return nil, fmt.Errorf("application %s: references: %w", a.ID, err)
		}
		for _, x := range refs {
			a.References = append(a.References, mosaic.Reference(x))
		}
		a.SubmitIP, a.UserAgent = r.s(), r.s()
		a.Origin = r.origin()
		return a, nil
	case Employees:
		e := mosaic.Employee{ID: r.s(), CandidateID: r.s(), ApplicationID: r.s(), FirstName: r.s(),
			LastName: r.s(), WorkEmail: r.s(), PersonalEmail: r.s(), Phone: r.s()}
		e.Address = r.addr()
		e.Timezone, e.HireDate, e.TerminationDate = r.s(), r.t(), r.t()
		e.EmploymentType, e.Vendor, e.Title, e.SSNHash, e.DOBHash = r.s(), r.s(), r.s(), r.s(), r.s()
		e.Origin = r.origin()
		return e, nil
	case Shipments:
		s := mosaic.Shipment{ID: r.s(), EmployeeID: r.s(), AssetTag: r.s(), SerialNumber: r.s(),
			Hostname: r.s(), RequestedAt: r.t(), ShippedAt: r.t(), DeliveredAt: r.t(), ShipToName: r.s()}
		s.ShipTo = r.addr()
		s.AddressChangeRequestedAt, s.AddressChangeReason = r.t(), r.s()
		s.Origin = r.origin()
		return s, nil
	case Payroll:
		p := mosaic.PayrollEvent{ID: r.s(), EmployeeID: r.s(), OccurredAt: r.t(), Kind: r.s(),
			BankName: r.s(), BankCountry: r.s(), RoutingHash: r.s(), AccountHash: r.s(),
			AccountHolder: r.s(), PaymentProvider: r.s(), WalletHash: r.s(), Amount: r.s(), Currency: r.s()}
		p.Origin = r.origin()
		return p, nil
	case Notes:
		n := mosaic.Note{ID: r.s(), SubjectType: r.s(), SubjectID: r.s(), OccurredAt: r.t(),
			AuthorRole: r.s(), Kind: r.s(), Outcome: r.s(), Text: r.s()}
		n.Origin = r.origin()
		return n, nil
	case SignIns:
		e := mosaic.SignIn{ID: r.s(), Published: r.t(), EventType: r.s(), Actor: r.s(), ActorName: r.s(),
			IP: r.s(), UserAgent: r.s(), City: r.s(), Region: r.s(), Country: r.s(), Lat: r.f(), Lon: r.f()}
		e.HasGeo = r.n() != 0
		e.ASNumber = int(r.n())
		e.ASOrg, e.ISP = r.s(), r.s()
		e.IsProxy = mosaic.Tristate(r.n())
		e.Outcome, e.DeviceFingerprint, e.SessionID = r.s(), r.s(), r.s()
		e.Origin = r.origin()
		e.Origin.EventID = e.ID
		e.Target = r.s()
		return e, nil
	case HostRows:
		h := mosaic.HostRow{}
		id := r.s()
		h.Query, h.Name, h.HostIdentifier, h.Hostname, h.Serial, h.Username = r.s(), r.s(), r.s(), r.s(), r.s(), r.s()
		h.Time, h.Action = r.t(), r.s()
		if err := json.Unmarshal([]byte(r.s()), &h.Columns); err != nil {
			return nil, fmt.Errorf("host row %s: columns: %w", id, err)
		}
		h.Origin = r.origin()
		h.Origin.EventID = id
		return h, nil
	case Resumes:
		x := mosaic.Resume{ApplicationID: r.s(), Path: r.s(), Text: r.s()}
		x.Origin = r.origin()
		return x, nil
	case Photos:
		p := mosaic.Photo{ApplicationID: r.s(), Path: r.s()}
		p.Origin = r.origin()
		if fp := r.s(); fp != "" {
			p.Fingerprint = json.RawMessage(fp)
		}
		return p, nil
	}
	return nil, fmt.Errorf("no decoder for table %s", t.Name)
}
