package migrations

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
)

// Rows is a batch of rows for one table, flattened so that a multi-row
// INSERT can take its arguments as one slice: row i is
// Values[i*w : (i+1)*w] with w = len(Table.Columns). Values are string,
// int64 or float64, as the column types say.
type Rows struct {
	Table  *Table
	Values []any
}

// Len returns the number of rows.
func (r *Rows) Len() int { return len(r.Values) / len(r.Table.Columns) }

// Row returns the values of row i.
func (r *Rows) Row(i int) []any {
	w := len(r.Table.Columns)
	return r.Values[i*w : (i+1)*w : (i+1)*w]
}

// TimeLayout is how times are stored: RFC 3339, UTC, nine fractional digits.
// The fixed width makes text order chronological order.
const TimeLayout = "2006-01-02T15:04:05.000000000Z"

// FormatTime returns t as stored: TimeLayout in UTC, "" for the zero time.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(TimeLayout) // out of the fixed-width range; still valid text
	}
	// By hand: this runs for every time of every row, and time.Format
	// interprets its layout each call.
	hour, minute, sec := t.Clock()
	var b [len(TimeLayout)]byte
	digits(b[0:4], year)
	b[4] = '-'
	digits(b[5:7], int(month))
	b[7] = '-'
	digits(b[8:10], day)
	b[10] = 'T'
	digits(b[11:13], hour)
	b[13] = ':'
	digits(b[14:16], minute)
	b[16] = ':'
	digits(b[17:19], sec)
	b[19] = '.'
	digits(b[20:29], t.Nanosecond())
	b[29] = 'Z'
	return string(b[:])
}

// digits writes n into b as len(b) decimal digits, zero-padded.
func digits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}

// EncodeRecords turns a batch of records into rows grouped by table, in
// RecordTables order, leaving out tables with no rows. Within a table, rows
// come in key order (bytewise, as the digest orders them): two writers that
// touch the same keys then lock them in the same order, which PostgreSQL
// needs to avoid deadlocks, and both engines fill their key index in
// ascending order, which is cheaper. Records that share a natural key
// collapse into one row holding the last of them, exactly as saving them one
// after the other would; PostgreSQL refuses a statement that upserts the
// same key twice. A nil record, a record type the store does not know or a
// record without its key is an EINVALID error that names the record's file
// and line, never its content.
func EncodeRecords(batch []mosaic.Record) ([]Rows, error) {
	var groups [recordTableCount][]keyed
	for _, rec := range batch {
		rec, err := deref(rec)
		if err != nil {
			return nil, err
		}
		k, err := keyOf(rec)
		if err != nil {
			return nil, err
		}
		groups[k.table] = append(groups[k.table], k)
	}
	var out []Rows
	for i, g := range groups {
		if len(g) == 0 {
			continue
		}
		// Stable, so that among equal keys the last in the batch is last.
		slices.SortStableFunc(g, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
		t := RecordTables[i]
		values := make([]any, 0, len(g)*len(t.Columns))
		for j, k := range g {
			if j+1 < len(g) && g[j+1].key == k.key {
				continue // a later record has the same key
			}
			values = appendRecord(values, k.rec)
		}
		out = append(out, Rows{Table: t, Values: values})
	}
	return out, nil
}

// recordTableCount is len(RecordTables), as a constant for arrays; a test
// holds the two equal.
const recordTableCount = 10

// keyed is a record with its table (an index into RecordTables) and its
// natural key as stored (composite keys joined by NUL, which clean removes
// from the parts).
type keyed struct {
	table int
	key   string
	rec   mosaic.Record
}

// deref turns a pointer to a record into the record, so the rest of the
// encoder deals in values only, and refuses nil and unknown types.
func deref(rec mosaic.Record) (mosaic.Record, error) {
	var ok bool
	switch r := rec.(type) {
	case mosaic.Job, mosaic.Application, mosaic.Employee, mosaic.Shipment, mosaic.PayrollEvent,
		mosaic.Note, mosaic.SignIn, mosaic.HostRow, mosaic.Resume, mosaic.Photo:
		return rec, nil
	case *mosaic.Job:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.Application:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.Employee:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.Shipment:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.PayrollEvent:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.Note:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.SignIn:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.HostRow:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.Resume:
		if ok = r != nil; ok {
			return *r, nil
		}
	case *mosaic.Photo:
		if ok = r != nil; ok {
			return *r, nil
		}
	case nil:
	default:
		return nil, mosaic.Errorf(mosaic.EINVALID, "cannot store a record of type %T", rec)
	}
	return nil, mosaic.Errorf(mosaic.EINVALID, "cannot store a nil record")
}

// keyOf finds rec's table and natural key; rec is a value (see deref).
func keyOf(rec mosaic.Record) (keyed, error) {
	var (
		table   int
		key     string
		keyName string
		o       = rec.RecordOrigin()
	)
	switch r := rec.(type) {
	case mosaic.Job:
		table, key, keyName = 0, r.ID, "job_id"
	case mosaic.Application:
		table, key, keyName = 1, r.ID, "application_id"
	case mosaic.Employee:
		table, key, keyName = 2, r.ID, "employee_id"
	case mosaic.Shipment:
		table, key, keyName = 3, r.ID, "shipment_id"
	case mosaic.PayrollEvent:
		table, key, keyName = 4, r.ID, "event_id"
	case mosaic.Note:
		table, key, keyName = 5, r.ID, "note_id"
	case mosaic.SignIn:
		table, key, keyName = 6, r.ID, "uuid"
	case mosaic.HostRow:
		table, key, keyName = 7, r.Origin.EventID, "event id"
	case mosaic.Resume:
		table, key, keyName = 8, r.Path, "path"
	case mosaic.Photo:
		table, key, keyName = 9, r.Path, "path"
	}
	if key == "" {
		return keyed{}, mosaic.Errorf(mosaic.EINVALID, "cannot store a %s record without %s (%s line %d)",
			rec.RecordKind(), keyName, o.File, o.Line)
	}
	key = clean(key)
	switch r := rec.(type) {
	case mosaic.Resume:
		key = clean(r.ApplicationID) + "\x00" + key
	case mosaic.Photo:
		key = clean(r.ApplicationID) + "\x00" + key
	}
	return keyed{table: table, key: key, rec: rec}, nil
}

// appendRecord appends the columns of rec, in its table's column order.
func appendRecord(dst []any, rec mosaic.Record) []any {
	switch r := rec.(type) {
	case mosaic.Job:
		dst = append(dst, clean(r.ID), clean(r.Title), FormatTime(r.PostedAt), flag(r.Remote),
			clean(r.Location))
	case mosaic.Application:
		refs := make([]reference, len(r.References))
		for i, x := range r.References {
			refs[i] = reference(x)
		}
		a := r.Address
		dst = append(dst, clean(r.ID), clean(r.CandidateID), clean(r.JobID),
			FormatTime(r.SubmittedAt), clean(r.FirstName), clean(r.LastName), clean(r.Email),
			clean(r.Phone), clean(a.Line1), clean(a.Line2), clean(a.City), clean(a.Region),
			clean(a.PostalCode), clean(a.Country), clean(r.LinkedInURL), clean(r.GitHubURL),
			clean(r.Source), clean(r.ResumeFile), clean(r.PhotoFile), jsonText(refs),
			clean(r.SubmitIP), clean(r.UserAgent))
	case mosaic.Employee:
		a := r.Address
		dst = append(dst, clean(r.ID), clean(r.CandidateID), clean(r.ApplicationID),
			clean(r.FirstName), clean(r.LastName), clean(r.WorkEmail), clean(r.PersonalEmail),
			clean(r.Phone), clean(a.Line1), clean(a.Line2), clean(a.City), clean(a.Region),
			clean(a.PostalCode), clean(a.Country), clean(r.Timezone), FormatTime(r.HireDate),
			FormatTime(r.TerminationDate), clean(r.EmploymentType), clean(r.Vendor),
			clean(r.Title), clean(r.SSNHash), clean(r.DOBHash))
	case mosaic.Shipment:
		a := r.ShipTo
		dst = append(dst, clean(r.ID), clean(r.EmployeeID), clean(r.AssetTag),
			clean(r.SerialNumber), clean(r.Hostname), FormatTime(r.RequestedAt),
			FormatTime(r.ShippedAt), FormatTime(r.DeliveredAt), clean(r.ShipToName),
			clean(a.Line1), clean(a.Line2), clean(a.City), clean(a.Region), clean(a.PostalCode),
			clean(a.Country), FormatTime(r.AddressChangeRequestedAt), clean(r.AddressChangeReason))
	case mosaic.PayrollEvent:
		dst = append(dst, clean(r.ID), clean(r.EmployeeID), FormatTime(r.OccurredAt),
			clean(r.Kind), clean(r.BankName), clean(r.BankCountry), clean(r.RoutingHash),
			clean(r.AccountHash), clean(r.AccountHolder), clean(r.PaymentProvider),
			clean(r.WalletHash), clean(r.Amount), clean(r.Currency))
	case mosaic.Note:
		dst = append(dst, clean(r.ID), clean(r.SubjectType), clean(r.SubjectID),
			FormatTime(r.OccurredAt), clean(r.AuthorRole), clean(r.Kind), clean(r.Outcome),
			clean(r.Text))
	case mosaic.SignIn:
		dst = append(dst, clean(r.ID), FormatTime(r.Published), clean(r.EventType),
			clean(r.Actor), clean(r.ActorName), clean(r.IP), clean(r.UserAgent), clean(r.City),
			clean(r.Region), clean(r.Country), finite(r.Lat), finite(r.Lon), flag(r.HasGeo),
			int64(r.ASNumber), clean(r.ASOrg), clean(r.ISP), int64(r.IsProxy), clean(r.Outcome),
			clean(r.DeviceFingerprint), clean(r.SessionID))
	case mosaic.HostRow:
		cols := r.Columns
		if cols == nil {
			cols = map[string]string{} // "{}" rather than "null"
		}
		dst = append(dst, clean(r.Origin.EventID), clean(r.Query), clean(r.Name),
			clean(r.HostIdentifier), clean(r.Hostname), clean(r.Serial), clean(r.Username),
			FormatTime(r.Time), clean(r.Action), jsonText(cols))
	case mosaic.Resume:
		dst = append(dst, clean(r.ApplicationID), clean(r.Path), clean(r.Text))
	case mosaic.Photo:
		dst = append(dst, clean(r.ApplicationID), clean(r.Path))
	}
	o := rec.RecordOrigin()
	dst = append(dst, clean(o.File), int64(o.Line))
	switch r := rec.(type) {
	case mosaic.Photo:
		dst = append(dst, fingerprintText(r.Fingerprint))
	case mosaic.SignIn:
		dst = append(dst, clean(r.Target))
	}
	return dst
}

// fingerprintText stores a photo's perceptual fingerprint as JSON, so the
// store alone can rebuild every result; "" when the photo has none.
func fingerprintText(fp any) string {
	switch v := fp.(type) {
	case nil:
		return ""
	case json.RawMessage:
		return string(v)
	}
	return jsonText(fp)
}

// reference gives Reference lower-case JSON names, like the rest of mosaic.
type reference struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// EncodeReport turns a report into rows of ResultTables, in that order (every
// table present, possibly empty). Subject and cluster ids must be present
// and unique; anything else is an EINVALID error. The report's generated_at
// is left out on purpose: the same findings must store the same content.
func EncodeReport(r *mosaic.Report) ([]Rows, error) {
	if r == nil {
		return nil, mosaic.Errorf(mosaic.EINVALID, "cannot store a nil report")
	}
	subjects := Rows{Table: Subjects}
	signals := Rows{Table: Signals}
	clusters := Rows{Table: Clusters}
	links := Rows{Table: Links}

	seen := make(map[string]bool, len(r.Subjects))
	for i, s := range r.Subjects {
		if s.ID == "" {
			return nil, mosaic.Errorf(mosaic.EINVALID, "cannot store report: subject %d has no id", i+1)
		}
		if seen[s.ID] {
			return nil, mosaic.Errorf(mosaic.EINVALID, "cannot store report: subject id %q appears twice", s.ID)
		}
		seen[s.ID] = true
		var flagged, cluster string
		if s.FirstFlaggedAt != nil {
			flagged = FormatTime(*s.FirstFlaggedAt)
		}
		if s.ClusterID != nil {
			cluster = clean(*s.ClusterID)
		}
		subjects.Values = append(subjects.Values, clean(s.ID), clean(s.DisplayName),
			jsonList(s.ApplicationIDs), jsonList(s.CandidateIDs), jsonList(s.EmployeeIDs),
			finite(s.Score), clean(string(s.Level)), flagged, cluster, jsonList(s.MergeReasons))
		for j, g := range s.Signals {
			ev := g.Evidence
			if ev == nil {
				ev = []mosaic.Evidence{}
			}
			signals.Values = append(signals.Values, clean(s.ID), int64(j), clean(g.RuleID),
				clean(g.Key), clean(g.Title), clean(string(g.Silo)), FormatTime(g.At),
				finite(g.Weight), finite(g.Share), clean(g.Explanation), jsonText(ev))
		}
	}

	seen = make(map[string]bool, len(r.Clusters))
	for i, c := range r.Clusters {
		if c.ID == "" {
			return nil, mosaic.Errorf(mosaic.EINVALID, "cannot store report: cluster %d has no id", i+1)
		}
		if seen[c.ID] {
			return nil, mosaic.Errorf(mosaic.EINVALID, "cannot store report: cluster id %q appears twice", c.ID)
		}
		seen[c.ID] = true
		clusters.Values = append(clusters.Values, clean(c.ID), jsonList(c.SubjectIDs))
		for j, l := range c.Links {
			links.Values = append(links.Values, clean(c.ID), int64(j), clean(l.A), clean(l.B),
				clean(l.Kind), finite(l.Strength), clean(l.Explanation))
		}
	}
	return []Rows{subjects, signals, clusters, links}, nil
}

// clean makes s storable on both engines: PostgreSQL rejects NUL bytes and
// invalid UTF-8 in text, so both become U+FFFD everywhere, and both stores
// hold the same thing. Readers reject invalid UTF-8 already; this is the
// last line of defence, and a no-op on the usual ASCII.
func clean(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s // both checks run many bytes at a time
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// finite stores NaN and infinities as 0 (SQLite would turn NaN into NULL and
// break NOT NULL), and -0 as 0 so equal numbers digest equally.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) || f == 0 {
		return 0
	}
	return f
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// jsonList stores a list of strings; nil and empty are both "[]".
func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	return jsonText(xs)
}

// jsonText encodes v without HTML escaping, so text stays readable in SQL
// shells. encoding/json replaces invalid UTF-8 and escapes NUL itself.
func jsonText(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only plain strings, ints and structs of them reach here; they
		// always encode. Store an empty document rather than fail a scan.
		return "null"
	}
	return strings.TrimSuffix(b.String(), "\n")
}
