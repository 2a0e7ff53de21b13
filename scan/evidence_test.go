package scan_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/ipinfo"
	"github.com/mosaic-sec/mosaic/okta"
	"github.com/mosaic-sec/mosaic/osquery"
	"github.com/mosaic-sec/mosaic/photohash"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/secret"
)

// TestEverySignalCitesTheRowsThatProveIt scans the contract's sample and,
// for every signal of every subject, opens each row the signal cites and
// checks that the cited field of that row holds what the explanation says:
// the program, the phone, the address, the posting; for values kept only as
// keyed hashes (SSN, bank account), that the row belongs to the person or to
// someone the explanation names, and that the cited rows share the value.
func TestEverySignalCitesTheRowsThatProveIt(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "contract", "sample")
	if _, err := os.Stat(filepath.Join(dir, "applications.csv")); err != nil {
		t.Skip("../shared/contract/sample is not here (it is not shipped with mosaic): skipping the evidence check")
	}
	rep := scanSample(t, dir)
	rows := &rowSource{dir: dir, files: map[string]*rowFile{}}
	owners := idsOfSubjects(rep)
	signals := 0
	for _, s := range rep.Subjects {
		for _, sig := range s.Signals {
			signals++
			c := citation{t: t, rows: rows, owners: owners, subject: s, signal: sig}
			c.check()
		}
	}
	if signals == 0 {
		t.Fatal("the sample produced no signals")
	}
}

func scanSample(t *testing.T, dir string) *mosaic.Report {
	t.Helper()
	h, err := secret.NewHasher([]byte("evidence-test-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := ipinfo.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	xs := []mosaic.Extractor{
		csvbundle.New(h, nil, nil),
		okta.New(nil),
		osquery.New(nil),
		bundle.Attachments{Fingerprint: func(path string) (any, error) { return photohash.FromFile(path) }},
	}
	res, err := scan.Run(context.Background(), scan.Config{Dir: dir, Extractors: xs, IP: db.LookupString})
	if err != nil {
		t.Fatal(err)
	}
	return res.Report
}

// idsOfSubjects maps every application, employee and subject id to the ids
// of its subject.
func idsOfSubjects(rep *mosaic.Report) map[string][]string {
	out := map[string][]string{}
	for _, s := range rep.Subjects {
		ids := append(append([]string{s.ID}, s.ApplicationIDs...), s.EmployeeIDs...)
		for _, id := range ids {
			out[id] = ids
		}
	}
	return out
}

type citation struct {
	t       *testing.T
	rows    *rowSource
	owners  map[string][]string
	subject mosaic.Subject
	signal  mosaic.Signal
}

var recordID = regexp.MustCompile(`\b(?:S-)?[AE]\d{4,}\b`)

// involved are the ids of the person and of everyone the explanation names.
func (c citation) involved() map[string]bool {
	out := map[string]bool{}
	for _, id := range append([]string{c.subject.ID}, recordID.FindAllString(c.signal.Explanation, -1)...) {
		for _, x := range c.owners[id] {
			out[x] = true
		}
	}
	return out
}

func (c citation) errorf(e mosaic.Evidence, format string, args ...any) {
	c.t.Helper()
	c.t.Errorf("%s %s cites %s:%d (%s): "+format+"\n  explanation: %s",
		append([]any{c.subject.ID, c.signal.RuleID, e.File, e.Line, e.Field}, append(args, c.signal.Explanation)...)...)
}

// hashed columns are read as keyed hashes: the explanation cannot show them.
var hashed = map[string]string{"ssn": "SSN", "date_of_birth": "birth", "account_number": "account", "wallet_address": "wallet"}

// recordIDColumns name a whole record: the row must be the person's.
var recordIDColumns = map[string]bool{"application_id": true, "employee_id": true, "note_id": true, "shipment_id": true, "event_id": true}

func (c citation) check() {
	t := c.t
	t.Helper()
	if len(c.signal.Evidence) == 0 {
		t.Errorf("%s %s cites no rows: %s", c.subject.ID, c.signal.RuleID, c.signal.Explanation)
	}
	expl := c.signal.Explanation
	for _, e := range c.signal.Evidence {
		if strings.HasPrefix(e.File, "attachments/") {
			if app := c.rows.attachmentApp(t, e.File); !c.involved()[app] {
				c.errorf(e, "the attachment is application %q's, neither the person's nor one the explanation names", app)
			}
			continue
		}
		if e.Field == "" {
			c.errorf(e, "the evidence names no field")
			continue
		}
		row := c.rows.row(t, e)
		if row == nil {
			c.errorf(e, "no such row")
			continue
		}
		value, ok := row.field(e.Field)
		if !ok || strings.TrimSpace(value) == "" {
			c.errorf(e, "the row has no value in that field")
			continue
		}
		switch {
		case hashed[e.Field] != "":
			if !strings.Contains(strings.ToLower(expl), strings.ToLower(hashed[e.Field])) {
				c.errorf(e, "the explanation does not say it is about the %s", hashed[e.Field])
			}
			if !c.belongs(row) {
				c.errorf(e, "the row is not the person's nor of anyone the explanation names")
			}
			if !c.sharedWithAnotherCited(e, value) {
				c.errorf(e, "no other cited row has the same %s: nothing shared is shown", e.Field)
			}
		case recordIDColumns[e.Field], e.Field == "resume_file", e.Field == "photo_file":
			if !c.belongs(row) {
				c.errorf(e, "the row is not the person's nor of anyone the explanation names")
			}
		case strings.HasSuffix(e.Field, "phone"):
			if !explanationHasPhone(expl, value) {
				c.errorf(e, "phone %q is not the one the explanation names", value)
			}
		case e.Field == "email":
			_, domain, _ := strings.Cut(value, "@")
			if !containsFold(expl, value) && !containsFold(expl, domain) {
				c.errorf(e, "email %q is not what the explanation names", value)
			}
		case e.Field == "text":
			if q := quoted(expl); q != "" && !containsFold(value, q) {
				c.errorf(e, "the note does not contain the quoted %q", q)
			}
			if !c.belongs(row) {
				c.errorf(e, "the note is not about the person")
			}
		case e.Field == "client.geographicalContext.country":
			if code := countryCode(value); !hasWord(expl, code) && !containsFold(expl, value) {
				c.errorf(e, "country %q (%s) is not the one the explanation names", value, code)
			}
		case e.Field == "published":
			if !asiaWorkingHour(t, value, declaredZone(expl)) {
				c.errorf(e, "the sign-in at %s is not in a UTC+8/+9 working day outside the declared zone's waking hours", value)
			}
		case e.Field == "client.geographicalContext.geolocation":
			if !c.impossibleWithAnotherCited(e, row) {
				c.errorf(e, "no other cited sign-in is too far away to travel in the time between")
			}
		case e.Field == "model_id":
			vendor, _ := row.field("vendor_id")
			id := strings.TrimPrefix(strings.ToLower(vendor), "0x") + ":" + strings.TrimPrefix(strings.ToLower(value), "0x")
			if !containsFold(expl, id) {
				c.errorf(e, "USB id %s is not the device the explanation names", id)
			}
		case strings.HasSuffix(e.Field, "_url"):
			if !containsFold(normalURL(expl), normalURL(value)) {
				c.errorf(e, "profile %q is not the one the explanation names", value)
			}
		default:
			if !hasText(expl, value) {
				c.errorf(e, "%q is not named in the explanation", value)
			}
		}
	}
}

// belongs: the row is a record of the person or of someone named.
func (c citation) belongs(r *row) bool {
	involved := c.involved()
	for _, col := range []string{"application_id", "employee_id", "subject_id"} {
		if v, ok := r.field(col); ok && involved[strings.TrimSpace(v)] {
			return true
		}
	}
	return false
}

func (c citation) sharedWithAnotherCited(self mosaic.Evidence, value string) bool {
	for _, e := range c.signal.Evidence {
		if e == self || e.Field != self.Field {
			continue
		}
		if r := c.rows.row(c.t, e); r != nil {
			if v, _ := r.field(e.Field); normalSecret(v) == normalSecret(value) {
				return true
			}
		}
	}
	return false
}

func (c citation) impossibleWithAnotherCited(self mosaic.Evidence, a *row) bool {
	for _, e := range c.signal.Evidence {
		if e == self || e.Field != self.Field {
			continue
		}
		b := c.rows.row(c.t, e)
		if b == nil {
			continue
		}
		km := haversineKm(a.num("client.geographicalContext.geolocation.lat"), a.num("client.geographicalContext.geolocation.lon"),
			b.num("client.geographicalContext.geolocation.lat"), b.num("client.geographicalContext.geolocation.lon"))
		ta, _ := a.field("published")
		tb, _ := b.field("published")
		at, _ := time.Parse(time.RFC3339, ta)
		bt, _ := time.Parse(time.RFC3339, tb)
		hours := math.Abs(at.Sub(bt).Hours())
		if km >= 500 && (hours == 0 || km/hours > 1000) {
			return true
		}
	}
	return false
}

// rowSource opens the bundle's rows by file and line.
type rowSource struct {
	dir   string
	files map[string]*rowFile
	// attachments maps an attachment's path to the application naming it.
	attachments map[string]string
}

type rowFile struct {
	csv  map[int]map[string]string
	json map[int]map[string]any
}

type row struct {
	csv  map[string]string
	json map[string]any
}

func (rs *rowSource) row(t *testing.T, e mosaic.Evidence) *row {
	t.Helper()
	f := rs.file(t, e.File)
	if f == nil {
		return nil
	}
	if f.csv != nil {
		if r, ok := f.csv[e.Line]; ok {
			return &row{csv: r}
		}
		return nil
	}
	r, ok := f.json[e.Line]
	if !ok {
		return nil
	}
	// An Okta event is also named by its id: the line and the id agree.
	if uuid, ok := r["uuid"].(string); ok && e.EventID != "" && uuid != e.EventID {
		t.Errorf("%s:%d is event %s, cited as %s", e.File, e.Line, uuid, e.EventID)
	}
	return &row{json: r}
}

func (rs *rowSource) file(t *testing.T, name string) *rowFile {
	t.Helper()
	if f, ok := rs.files[name]; ok {
		return f
	}
	f := &rowFile{}
	rs.files[name] = f
	path := filepath.Join(rs.dir, filepath.FromSlash(name))
	fh, err := os.Open(path)
	if err != nil {
		t.Errorf("cited file %s: %v", name, err)
		return nil
	}
	defer fh.Close()
	if strings.HasSuffix(name, ".csv") {
		f.csv = readCSVByLine(t, fh, name)
		return f
	}
	f.json = map[int]map[string]any{}
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			f.json[line] = m
		}
	}
	return f
}

// readCSVByLine reads a CSV file into its records by the line each starts
// on (the header is line 1), keyed by column name.
func readCSVByLine(t *testing.T, r io.Reader, name string) map[int]map[string]string {
	t.Helper()
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	out := map[int]map[string]string{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			continue
		}
		line, _ := cr.FieldPos(0)
		m := map[string]string{}
		for i, h := range header {
			if i < len(rec) {
				m[strings.TrimSpace(h)] = rec[i]
			}
		}
		out[line] = m
	}
	return out
}

func (rs *rowSource) attachmentApp(t *testing.T, path string) string {
	if rs.attachments == nil {
		rs.attachments = map[string]string{}
		for _, r := range rs.file(t, "applications.csv").csv {
			for _, col := range []string{"resume_file", "photo_file"} {
				if v := strings.TrimSpace(r[col]); v != "" {
					rs.attachments[v] = r["application_id"]
				}
			}
		}
	}
	return rs.attachments[path]
}

// field reads a CSV column, or a dotted path in a JSON event; osquery
// results keep their columns under "columns".
func (r *row) field(name string) (string, bool) {
	if r.csv != nil {
		v, ok := r.csv[name]
		return v, ok
	}
	var v any
	ok := false
	if cols, isMap := r.json["columns"].(map[string]any); isMap {
		v, ok = cols[name]
	}
	if !ok {
		v, ok = jsonPath(r.json, name)
	}
	if !ok || v == nil {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case map[string]any:
		b, _ := json.Marshal(x)
		return string(b), true
	default:
		b, _ := json.Marshal(x)
		return string(b), true
	}
}

func (r *row) num(path string) float64 {
	v, _ := jsonPath(r.json, path)
	f, _ := v.(float64)
	return f
}

func jsonPath(m map[string]any, path string) (any, bool) {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

var spaces = regexp.MustCompile(`\s+`)

func containsFold(s, sub string) bool {
	norm := func(x string) string { return spaces.ReplaceAllString(strings.ToLower(strings.TrimSpace(x)), " ") }
	return sub != "" && strings.Contains(norm(s), norm(sub))
}

// hasText: the value is in the explanation; short values (a country code)
// as a whole word.
func hasText(s, value string) bool {
	if len(strings.TrimSpace(value)) <= 3 {
		return hasWord(s, value)
	}
	return containsFold(s, value)
}

func hasWord(s, w string) bool {
	w = strings.TrimSpace(w)
	return w != "" && regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(w)+`\b`).MatchString(s)
}

var phoneLike = regexp.MustCompile(`\+?\d[\d ().-]{6,}\d`)

func explanationHasPhone(expl, value string) bool {
	want := lastDigits(value, 10)
	for _, p := range phoneLike.FindAllString(expl, -1) {
		if len(want) >= 7 && lastDigits(p, 10) == want {
			return true
		}
	}
	return false
}

func lastDigits(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) > n {
		d = d[len(d)-n:]
	}
	return d
}

func normalSecret(s string) string { return lastDigits(s, 64) + strings.ToLower(strings.TrimSpace(s)) }

var quote = regexp.MustCompile(`"([^"]+)"`)

func quoted(s string) string {
	if m := quote.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func normalURL(s string) string {
	s = strings.ToLower(s)
	for _, p := range []string{"https://", "http://", "www."} {
		s = strings.ReplaceAll(s, p, "")
	}
	return strings.ReplaceAll(s, "/)", ")")
}

// countryCode turns a country name as identity providers write it into its
// ISO code, from CLDR's English names.
func countryCode(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if len(n) == 2 {
		return strings.ToUpper(n)
	}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err == nil && r.IsCountry() && strings.ToLower(names.Name(r)) == n {
				return r.String()
			}
		}
	}
	return ""
}

var zoneWords = regexp.MustCompile(`declared (?:time )?zone is ([A-Za-z_]+/[A-Za-z_/]+)`)

func declaredZone(expl string) string {
	if m := zoneWords.FindStringSubmatch(expl); m != nil {
		return m[1]
	}
	return ""
}

// asiaWorkingHour: 09:00-18:00 on a weekday at UTC+8 or +9, and outside
// 07:00-20:00 in the declared zone.
func asiaWorkingHour(t *testing.T, published, zone string) bool {
	at, err := time.Parse(time.RFC3339, published)
	if err != nil {
		return false
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Errorf("the explanation names no declared zone (%q)", zone)
		return false
	}
	if h := at.In(loc).Hour(); h >= 7 && h < 20 {
		return false
	}
	for _, off := range []int{8, 9} {
		lt := at.UTC().Add(time.Duration(off) * time.Hour)
		if lt.Weekday() != time.Saturday && lt.Weekday() != time.Sunday && lt.Hour() >= 9 && lt.Hour() < 18 {
			return true
		}
	}
	return false
}

func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
