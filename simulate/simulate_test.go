package simulate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// contractHeaders are the columns of /work/shared/contract/README.md.
var contractHeaders = map[string][]string{
	"jobs.csv": {"job_id", "title", "posted_at", "remote", "location"},
	"applications.csv": {"application_id", "candidate_id", "job_id", "submitted_at", "first_name", "last_name", "email", "phone",
		"address_line1", "address_line2", "city", "region", "postal_code", "country", "linkedin_url", "github_url", "source",
		"resume_file", "photo_file", "ref1_name", "ref1_email", "ref1_phone", "ref2_name", "ref2_email", "ref2_phone", "submit_ip", "user_agent"},
	"employees.csv": {"employee_id", "candidate_id", "application_id", "first_name", "last_name", "work_email", "personal_email", "phone",
		"address_line1", "address_line2", "city", "region", "postal_code", "country", "timezone", "hire_date", "termination_date",
		"employment_type", "vendor", "title", "ssn", "date_of_birth"},
	"shipments.csv": {"shipment_id", "employee_id", "asset_tag", "serial_number", "hostname", "requested_at", "shipped_at", "delivered_at",
		"ship_to_name", "ship_to_line1", "ship_to_line2", "ship_to_city", "ship_to_region", "ship_to_postal_code", "ship_to_country",
		"address_change_requested_at", "address_change_reason"},
	"payroll.csv": {"event_id", "employee_id", "occurred_at", "kind", "bank_name", "bank_country", "routing_number", "account_number",
		"account_holder", "payment_provider", "wallet_address", "amount", "currency"},
	"notes.csv": {"note_id", "subject_type", "subject_id", "occurred_at", "author_role", "kind", "outcome", "text"},
	// truth.csv: the contract's columns, then former_employee_ids (earlier
	// roster rows of a rehire), an extension the sample does not need.
	"truth.csv":       {"person_id", "role", "ring", "application_ids", "candidate_ids", "employee_id", "tags", "former_employee_ids"},
	"truth_rings.csv": {"ring", "ttps", "members"},
}

// Bundles are generated once per preset and shared by the tests that only read them.
var (
	bundleOnce sync.Map // preset -> *bundleResult
)

type bundleResult struct {
	once sync.Once
	dir  string
	res  *Result
	err  error
}

func generated(t *testing.T, preset string) (string, *Result) {
	t.Helper()
	v, _ := bundleOnce.LoadOrStore(preset, &bundleResult{})
	b := v.(*bundleResult)
	b.once.Do(func() {
		cfg, err := Preset(preset)
		if err != nil {
			b.err = err
			return
		}
		b.dir, b.err = os.MkdirTemp("", "simulate-"+preset+"-")
		if b.err != nil {
			return
		}
		b.res, b.err = Generate(context.Background(), b.dir, cfg, nil)
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.dir, b.res
}

func TestMain(m *testing.M) {
	code := m.Run()
	bundleOnce.Range(func(_, v any) bool {
		if b := v.(*bundleResult); b.dir != "" {
			os.RemoveAll(b.dir)
		}
		return true
	})
	os.Exit(code)
}

func readCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: empty", path)
	}
	return rows[0], rows[1:]
}

// column returns the values of one named column.
func column(t *testing.T, header []string, rows [][]string, name string) []string {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %s", name)
	}
	out := make([]string, len(rows))
	for k, r := range rows {
		out[k] = r[i]
	}
	return out
}

func TestDeterministic(t *testing.T) {
	cfg, err := Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	a, b := t.TempDir(), t.TempDir()
	if _, err := Generate(context.Background(), a, cfg, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(context.Background(), b, cfg, nil); err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		x, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("only %d files written", files)
	}

	// A different seed gives a different company.
	cfg.Seed = 2
	c := t.TempDir()
	if _, err := Generate(context.Background(), c, cfg, nil); err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(filepath.Join(a, "applications.csv"))
	y, _ := os.ReadFile(filepath.Join(c, "applications.csv"))
	if bytes.Equal(x, y) {
		t.Fatal("seed 2 gave the same applications as seed 1")
	}
}

func TestCSVHeaders(t *testing.T) {
	dir, res := generated(t, "tiny")
	for name, want := range contractHeaders {
		header, rows := readCSV(t, filepath.Join(dir, name))
		if !slices.Equal(header, want) {
			t.Errorf("%s header = %v, want %v", name, header, want)
		}
		if len(rows) == 0 {
			t.Errorf("%s has no rows", name)
		}
		for i, r := range rows {
			if len(r) != len(want) {
				t.Errorf("%s line %d: %d fields", name, i+2, len(r))
			}
		}
		if n, ok := res.Counts[name]; ok && n != int64(len(rows)) {
			t.Errorf("%s: Result says %d rows, file has %d", name, n, len(rows))
		}
		// Ids in the first column are unique.
		seen := map[string]bool{}
		for _, r := range rows {
			if seen[r[0]] {
				t.Errorf("%s: duplicate id %s", name, r[0])
			}
			seen[r[0]] = true
		}
	}
	// Times parse as RFC 3339 and dates as YYYY-MM-DD.
	header, rows := readCSV(t, filepath.Join(dir, "applications.csv"))
	for _, v := range column(t, header, rows, "submitted_at") {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Fatalf("submitted_at %q: %v", v, err)
		}
	}
	header, rows = readCSV(t, filepath.Join(dir, "employees.csv"))
	for _, v := range column(t, header, rows, "hire_date") {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			t.Fatalf("hire_date %q: %v", v, err)
		}
	}
}

func TestOktaLines(t *testing.T) {
	dir, res := generated(t, "tiny")
	header, rows := readCSV(t, filepath.Join(dir, "employees.csv"))
	logins := map[string]bool{}
	for _, v := range column(t, header, rows, "work_email") {
		logins[v] = true
	}
	f, err := os.Open(filepath.Join(dir, "okta", "system_log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var n int64
	var last time.Time
	uuids := map[string]bool{}
	proxies := map[string]int{}
	for sc.Scan() {
		n++
		var ev struct {
			UUID      string `json:"uuid"`
			Published string `json:"published"`
			EventType string `json:"eventType"`
			Actor     struct {
				AlternateID string `json:"alternateId"`
			} `json:"actor"`
			Client struct {
				IPAddress string `json:"ipAddress"`
				UserAgent struct {
					Raw string `json:"rawUserAgent"`
				} `json:"userAgent"`
			} `json:"client"`
			SecurityContext struct {
				ASNumber int   `json:"asNumber"`
				IsProxy  *bool `json:"isProxy"`
			} `json:"securityContext"`
			DebugContext struct {
				DebugData struct {
					DeviceFingerprint string `json:"deviceFingerprint"`
				} `json:"debugData"`
			} `json:"debugContext"`
			AuthenticationContext struct {
				ExternalSessionID string `json:"externalSessionId"`
			} `json:"authenticationContext"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if ev.UUID == "" || uuids[ev.UUID] {
			t.Fatalf("line %d: missing or repeated uuid %q", n, ev.UUID)
		}
		uuids[ev.UUID] = true
		at, err := time.Parse(time.RFC3339Nano, ev.Published)
		if err != nil {
			t.Fatalf("line %d: published %q: %v", n, ev.Published, err)
		}
		if at.Before(last) {
			t.Fatalf("line %d: published goes back in time", n)
		}
		last = at
		if !logins[ev.Actor.AlternateID] {
			t.Fatalf("line %d: actor %q is not on the roster", n, ev.Actor.AlternateID)
		}
		if ev.Client.IPAddress == "" || ev.Client.UserAgent.Raw == "" || ev.SecurityContext.ASNumber == 0 ||
			ev.DebugContext.DebugData.DeviceFingerprint == "" || ev.AuthenticationContext.ExternalSessionID == "" || ev.EventType == "" {
			t.Fatalf("line %d: a field mosaic relies on is empty", n)
		}
		switch {
		case ev.SecurityContext.IsProxy == nil:
			proxies["null"]++
		case *ev.SecurityContext.IsProxy:
			proxies["true"]++
		default:
			proxies["false"]++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 || n != res.Counts["okta/system_log.jsonl"] {
		t.Fatalf("%d lines, Result says %d", n, res.Counts["okta/system_log.jsonl"])
	}
	if proxies["true"] == 0 || proxies["false"] == 0 {
		t.Errorf("isProxy should vary, got %v", proxies)
	}
}

func TestOsqueryLines(t *testing.T) {
	dir, _ := generated(t, "tiny")
	data, err := os.ReadFile(filepath.Join(dir, "osquery", "osqueryd.results.log"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]int{}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var row struct {
			Name           string            `json:"name"`
			HostIdentifier string            `json:"hostIdentifier"`
			UnixTime       int64             `json:"unixTime"`
			Action         string            `json:"action"`
			Columns        map[string]string `json:"columns"`
			Decorations    map[string]string `json:"decorations"`
		}
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if row.HostIdentifier == "" || row.Decorations["hostname"] == "" || row.Decorations["serial_number"] == "" ||
			row.Decorations["username"] == "" || len(row.Columns) == 0 || row.UnixTime == 0 {
			t.Fatalf("line %d: incomplete row %s", i+1, line)
		}
		if row.Action != "added" && row.Action != "removed" {
			t.Fatalf("line %d: action %q", i+1, row.Action)
		}
		names[row.Name]++
	}
	for _, q := range queryNames {
		if names[q] == 0 {
			t.Errorf("no %s rows", q)
		}
	}
}

func TestTruthIDsExist(t *testing.T) {
	dir, res := generated(t, "tiny")
	ids := func(file, col string) map[string]bool {
		h, rows := readCSV(t, filepath.Join(dir, file))
		out := map[string]bool{}
		for _, v := range column(t, h, rows, col) {
			out[v] = true
		}
		return out
	}
	apps, cands, emps := ids("applications.csv", "application_id"), ids("applications.csv", "candidate_id"), ids("employees.csv", "employee_id")
	h, rows := readCSV(t, filepath.Join(dir, "truth.csv"))
	if len(rows) != res.People {
		t.Errorf("truth has %d people, Result says %d", len(rows), res.People)
	}
	owner := map[string]string{}
	check := func(person, list string, known map[string]bool) {
		if list == "" {
			return
		}
		for _, v := range strings.Split(list, ";") {
			if !known[v] {
				t.Errorf("%s: id %s not in the bundle", person, v)
			}
			if o, ok := owner[v]; ok {
				t.Errorf("id %s belongs to %s and %s", v, o, person)
			}
			owner[v] = person
		}
	}
	pid, appCol, candCol, empCol := column(t, h, rows, "person_id"), column(t, h, rows, "application_ids"), column(t, h, rows, "candidate_ids"), column(t, h, rows, "employee_id")
	formerCol := column(t, h, rows, "former_employee_ids")
	for i := range rows {
		if appCol[i] == "" && empCol[i] == "" {
			t.Errorf("%s holds no ids", pid[i])
		}
		check(pid[i], appCol[i], apps)
		check(pid[i], candCol[i], cands)
		check(pid[i], empCol[i], emps)
		check(pid[i], formerCol[i], emps)
	}
	for a := range apps {
		if owner[a] == "" {
			t.Errorf("application %s belongs to nobody in truth.csv", a)
		}
	}
	for e := range emps {
		if owner[e] == "" {
			t.Errorf("employee %s belongs to nobody in truth.csv", e)
		}
	}
	// Attachments named in applications.csv exist and photos decode.
	h, rows = readCSV(t, filepath.Join(dir, "applications.csv"))
	for i, col := range []string{"resume_file", "photo_file"} {
		for _, v := range column(t, h, rows, col) {
			if v == "" {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, v))
			if err != nil {
				t.Fatalf("%s: %v", v, err)
			}
			if i == 1 {
				img, _, err := image.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("%s: %v", v, err)
				}
				if b := img.Bounds(); b.Dx() != photoW || b.Dy() != photoH {
					t.Fatalf("%s is %v", v, b)
				}
			}
		}
	}
}

func TestSmallHasRingsAndConfounders(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the small preset")
	}
	dir, res := generated(t, "small")
	if res.Fraud < 20 {
		t.Errorf("small has %d ring members, want at least 20", res.Fraud)
	}
	if res.Rings != 3 {
		t.Errorf("small has %d rings, want 3", res.Rings)
	}
	h, rows := readCSV(t, filepath.Join(dir, "truth.csv"))
	role, tags, emp := column(t, h, rows, "role"), column(t, h, rows, "tags"), column(t, h, rows, "employee_id")
	honestTags, fraudTags := map[string]int{}, map[string]int{}
	hiredFraud := 0
	for i := range rows {
		for _, tg := range strings.Split(tags[i], ";") {
			if role[i] == "fraud" {
				fraudTags[tg]++
			} else {
				honestTags[tg]++
			}
		}
		if role[i] == "fraud" && emp[i] != "" {
			hiredFraud++
		}
	}
	for tg := tagRoster; tg < firstTechnique; tg++ {
		if honestTags[tagNames[tg]] == 0 {
			t.Errorf("no honest person tagged %s", tagNames[tg])
		}
	}
	if hiredFraud == 0 || hiredFraud == res.Fraud {
		t.Errorf("%d of %d ring members hired; want some but not all", hiredFraud, res.Fraud)
	}
	for name := range fraudTags {
		if name != "" && techniqueIndex(name) == noTag {
			t.Errorf("fraud person tagged %q, which is not a technique", name)
		}
	}
	// Every ring uses a different set of techniques.
	_, rings := readCSV(t, filepath.Join(dir, "truth_rings.csv"))
	seen := map[string]bool{}
	total := 0
	for _, r := range rings {
		if seen[r[1]] {
			t.Errorf("two rings share techniques %s", r[1])
		}
		seen[r[1]] = true
		n, _ := strconv.Atoi(r[2])
		total += n
	}
	if total != res.Fraud {
		t.Errorf("truth_rings counts %d members, truth.csv %d", total, res.Fraud)
	}
}

func TestTechniquesRestricted(t *testing.T) {
	cfg, _ := Preset("tiny")
	cfg.Techniques = []string{"shared_phone", "vpn_submit", "template_resume", "rmm", "kst_hours", "laptop_farm"}
	cfg.Rings = 4
	cfg.Photos = false
	dir := t.TempDir()
	if _, err := Generate(context.Background(), dir, cfg, nil); err != nil {
		t.Fatal(err)
	}
	_, rings := readCSV(t, filepath.Join(dir, "truth_rings.csv"))
	for _, r := range rings {
		for _, tech := range strings.Split(r[1], ";") {
			if tech != "" && !slices.Contains(cfg.Techniques, tech) {
				t.Errorf("ring %s uses %s, not allowed", r[0], tech)
			}
		}
	}
}

func TestSensitiveValuesOnlyInTheirColumns(t *testing.T) {
	dir, _ := generated(t, "tiny")
	h, rows := readCSV(t, filepath.Join(dir, "employees.csv"))
	ssns := column(t, h, rows, "ssn")
	for _, name := range []string{"notes.csv", "shipments.csv", "applications.csv"} {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		for _, s := range ssns {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s contains an SSN", name)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	good, _ := Preset("tiny")
	cases := []struct {
		name string
		edit func(*Config)
	}{
		{"negative applicants", func(c *Config) { c.Applicants = -1 }},
		{"empty ring size", func(c *Config) { c.RingSizeMin, c.RingSizeMax = 5, 2 }},
		{"zero ring size", func(c *Config) { c.RingSizeMin, c.RingSizeMax = 0, 0 }},
		{"unknown technique", func(c *Config) { c.Techniques = []string{"telepathy"} }},
		{"absurd sign-ins", func(c *Config) { c.SignInsPerEmployeeDay = 1e9 }},
		{"absurd size", func(c *Config) { c.Applicants = 1 << 40 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.edit(&c)
			_, err := Generate(context.Background(), t.TempDir(), c, nil)
			if mosaic.ErrorCode(err) != mosaic.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
	}
	if _, err := Preset("gigantic"); mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Fatalf("Preset(gigantic) err = %v", err)
	}
	for _, s := range []string{"tiny", "small", "medium", "large", "huge"} {
		c, err := Preset(s)
		if err != nil || c.validate() != nil {
			t.Fatalf("Preset(%s): %v", s, err)
		}
	}
}

func TestEdgeSizes(t *testing.T) {
	cases := []Config{
		{Seed: 3, Days: 0},
		{Seed: 4, Applicants: 1, Employees: 1, Days: 1, SignInsPerEmployeeDay: 1},
		{Seed: 5, Rings: 1, RingSizeMin: 1, RingSizeMax: 1, Days: 3, SignInsPerEmployeeDay: 2, Photos: true},
		{Seed: 6, Applicants: 30, Employees: 0, Rings: 2, RingSizeMin: 2, RingSizeMax: 3, Days: 5, Company: `Quote "Co" \ Ltd`},
	}
	for i, cfg := range cases {
		if _, err := Generate(context.Background(), t.TempDir(), cfg, nil); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	}
}

func TestCancel(t *testing.T) {
	cfg, _ := Preset("tiny")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, t.TempDir(), cfg, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestProgressReported(t *testing.T) {
	cfg, _ := Preset("tiny")
	cfg.Photos = false
	stages := map[string]bool{}
	_, err := Generate(context.Background(), t.TempDir(), cfg, func(stage string, done, total int64) {
		if done > total {
			t.Errorf("%s: done %d > total %d", stage, done, total)
		}
		stages[stage] = true
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"world", "tables", "okta", "done"} {
		if !stages[s] {
			t.Errorf("no progress for %s", s)
		}
	}
}

// TestGenerateToDir writes a bundle where SIM_OUT says, of the SIM_SIZE
// preset: a way to time big sizes under /usr/bin/time without a CLI.
func TestGenerateToDir(t *testing.T) {
	dir := os.Getenv("SIM_OUT")
	if dir == "" {
		t.Skip("set SIM_OUT (and SIM_SIZE) to write a bundle")
	}
	cfg, err := Preset(os.Getenv("SIM_SIZE"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	stage, stageStart := "", start
	res, err := Generate(context.Background(), dir, cfg, func(s string, done, total int64) {
		if s != stage {
			if stage != "" {
				t.Logf("%-8s %s", stage, time.Since(stageStart).Round(time.Millisecond))
			}
			stage, stageStart = s, time.Now()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s in %s: %+v", os.Getenv("SIM_SIZE"), time.Since(start), res)
}

func BenchmarkGenerateTiny(b *testing.B) {
	cfg, _ := Preset("tiny")
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Generate(context.Background(), dir, cfg, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// A profile handle belongs to one account: two people with one name get two
// handles, as LinkedIn and GitHub hand them out.
func TestProfilesBelongToOnePerson(t *testing.T) {
	w := &world{profiles: map[string]bool{}}
	r := newRand(1, streamWorld)
	a := w.uniqueProfile(r, "https://github.com/mateogonzalez")
	b := w.uniqueProfile(r, "github.com/MateoGonzalez/")
	if profileKey(a) == profileKey(b) {
		t.Fatalf("two people got one handle: %s and %s", a, b)
	}
	if !strings.HasSuffix(b, "/") {
		t.Errorf("the trailing slash was lost: %s", b)
	}

	heldByOnePerson(t, []string{"linkedin_url", "github_url"}, profileKey)
}

// heldByOnePerson checks that no value of the tiny world's application
// columns, compared as key compares it, is given by two people.
func heldByOnePerson(t *testing.T, columns []string, key func(string) string) {
	t.Helper()
	dir, _ := generated(t, "tiny")
	h, rows := readCSV(t, filepath.Join(dir, "applications.csv"))
	cands := column(t, h, rows, "candidate_id")
	th, trows := readCSV(t, filepath.Join(dir, "truth.csv"))
	person := map[string]string{}
	pids := column(t, th, trows, "person_id")
	for i, list := range column(t, th, trows, "candidate_ids") {
		for _, c := range strings.Split(list, ";") {
			person[c] = pids[i]
		}
	}
	held := map[string]string{}
	for _, col := range columns {
		for i, v := range column(t, h, rows, col) {
			if v == "" {
				continue
			}
			k, p := key(v), person[cands[i]]
			if o, ok := held[k]; ok && o != p {
				t.Errorf("%s %s is given by %s and %s", col, v, o, p)
			}
			held[k] = p
		}
	}
}

// A mailbox belongs to one person: Gmail ignores dots, so two namesakes are
// never handed jessica.brown@gmail.com and jessicabrown@gmail.com.
func TestMailboxesBelongToOnePerson(t *testing.T) {
	w := &world{emails: map[string]bool{}}
	r := newRand(1, streamWorld)
	a := w.uniqueEmail(r, "jessica.brown@gmail.com")
	b := w.uniqueEmail(r, "jessicabrown@gmail.com")
	if mailboxKey(a) == mailboxKey(b) {
		t.Fatalf("two people got one mailbox: %s and %s", a, b)
	}
	heldByOnePerson(t, []string{"email"}, mailboxKey)
}
