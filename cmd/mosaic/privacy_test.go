package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/secret"
)

// pgDatabase returns a PostgreSQL URL whose search_path is a fresh schema
// dropped when the test ends, or "" when MOSAIC_TEST_POSTGRES is not set.
func pgDatabase(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("MOSAIC_TEST_POSTGRES")
	if dsn == "" {
		return ""
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "mosaic_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connecting to MOSAIC_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// eachStore runs fn against a SQLite file and, when MOSAIC_TEST_POSTGRES
// is set, a PostgreSQL schema, each with its own key file.
func eachStore(t *testing.T, fn func(t *testing.T, db, key string)) {
	t.Run("sqlite", func(t *testing.T) {
		work := t.TempDir()
		fn(t, filepath.Join(work, "m.db"), filepath.Join(work, "m.key"))
	})
	t.Run("postgres", func(t *testing.T) {
		db := pgDatabase(t)
		if db == "" {
			t.Skip("MOSAIC_TEST_POSTGRES not set")
		}
		fn(t, db, filepath.Join(t.TempDir(), "m.key"))
	})
}

// dumpRows returns every row of every table (but the audit log, which
// names subject ids by design) as its table name and text columns.
func dumpRows(t *testing.T, db string) []string {
	t.Helper()
	ctx := context.Background()
	st, _, err := openServiceStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := st.(migrations.SQL)
	var out []string
	for _, tb := range migrations.AllTables {
		if tb == migrations.AuditLog {
			continue
		}
		err := q.Query(ctx, tb.SelectSQL(q.Dialect()), nil, func(scan func(...any) error) error {
			dest := make([]any, len(tb.Columns))
			texts := []string{tb.Name}
			for i, c := range tb.Columns {
				switch c.Type {
				case migrations.Text:
					dest[i] = new(string)
				case migrations.Integer:
					dest[i] = new(int64)
				default:
					dest[i] = new(float64)
				}
			}
			if err := scan(dest...); err != nil {
				return err
			}
			for i, c := range tb.Columns {
				if c.Type == migrations.Text {
					texts = append(texts, *dest[i].(*string))
				}
			}
			out = append(out, strings.Join(texts, "\x1f"))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// personal is what identifies one person in text: record ids (matched
// as whole tokens) and values (names, emails, phones).
type personal struct {
	subject string
	ids     []string
	values  []string
}

func (p personal) in(row string) (string, bool) {
	for _, id := range p.ids {
		if tokenIn(row, id) {
			return id, true
		}
	}
	low := strings.ToLower(row)
	for _, v := range p.values {
		if strings.Contains(low, strings.ToLower(v)) {
			return v, true
		}
	}
	return "", false
}

func tokenIn(text, tok string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], tok)
		if j < 0 {
			return false
		}
		s, e := i+j, i+j+len(tok)
		if (s == 0 || !isIDByte(text[s-1])) && (e == len(text) || !isIDByte(text[e])) {
			return true
		}
		i = s + 1
	}
}

func isIDByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-'
}

// personOf reads the person's values from their stored records.
func personOf(t *testing.T, db string, sub mosaic.Subject) personal {
	t.Helper()
	ctx := context.Background()
	st, _, err := openServiceStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := st.(migrations.SQL)
	p := personal{subject: sub.ID, ids: append(append(append([]string{sub.ID}, sub.ApplicationIDs...), sub.CandidateIDs...), sub.EmployeeIDs...)}
	add := func(vs ...string) {
		for _, v := range vs {
			if len(strings.TrimSpace(v)) >= 5 {
				p.values = append(p.values, v)
			}
		}
	}
	for _, id := range sub.ApplicationIDs {
		err := q.Query(ctx, "SELECT first_name, last_name, email, phone FROM applications WHERE application_id = ?", []any{id},
			func(scan func(...any) error) error {
				var f, l, e, ph string
				if err := scan(&f, &l, &e, &ph); err != nil {
					return err
				}
				add(f+" "+l, e, ph)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range sub.EmployeeIDs {
		err := q.Query(ctx, "SELECT first_name, last_name, work_email, personal_email, phone FROM employees WHERE employee_id = ?", []any{id},
			func(scan func(...any) error) error {
				var f, l, w, pe, ph string
				if err := scan(&f, &l, &w, &pe, &ph); err != nil {
					return err
				}
				add(f+" "+l, w, pe, ph)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// ownedOnly reports whether every row that mentions one of the person's
// values also names one of their ids or emails: the person's values are
// nowhere in other people's records, so after an erasure none may remain.
func ownedOnly(p personal, rows []string) bool {
	own := personal{ids: p.ids}
	for _, v := range p.values {
		if strings.Contains(v, "@") {
			own.values = append(own.values, v)
		}
	}
	for _, r := range rows {
		if _, hit := p.in(r); hit {
			if _, mine := own.in(r); !mine {
				return false
			}
		}
	}
	return true
}

// TestEraseLeavesNoTrace: after `mosaic erase`, no table (but the audit
// log's subject id) holds the person's ids, names, emails or phones; the
// audit log verifies and records the erasure without personal data; the
// report from the store no longer shows the person. A legal hold stops
// the erasure until released.
func TestEraseLeavesNoTrace(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a company; skipped with -short")
	}
	dir := generate(t, "tiny", 11)
	eachStore(t, func(t *testing.T, db, key string) {
		rep := scanJSONArgs(t, dir, "--db", db, "--key", key)
		rows := dumpRows(t, db)
		var target personal
		for _, s := range rep.Subjects {
			if len(s.EmployeeIDs) == 0 || len(s.ApplicationIDs) == 0 {
				continue
			}
			p := personOf(t, db, s)
			if len(p.values) >= 3 && ownedOnly(p, rows) {
				target = p
				break
			}
		}
		if target.subject == "" {
			t.Fatal("no hired subject whose values are theirs alone")
		}
		// Feedback and case work about the person go too.
		if code, _, stderr := mosaicRun(t, "feedback", "set", target.subject, "--db", db, "--verdict", "benign", "--by", "ana", "--note", "checked"); code != 0 {
			t.Fatalf("feedback: %s", stderr)
		}
		withOps(t, db, func(ops *opstore.Store) {
			if err := ops.AddComment(context.Background(), opstore.Comment{SubjectID: target.subject, Author: "ana", Text: "called the reference"}); err != nil {
				t.Fatal(err)
			}
		})

		if code, _, stderr := mosaicRun(t, "hold", "set", target.subject, "--db", db, "--by", "legal", "--reason", "matter 7"); code != 0 {
			t.Fatalf("hold set: %s", stderr)
		}
		code, _, stderr := mosaicRun(t, "erase", target.subject, "--db", db, "--by", "ana", "--reason", "DSAR 42")
		if code != 2 || !strings.Contains(stderr, "legal hold") {
			t.Fatalf("erase under hold: exit %d: %s", code, stderr)
		}
		if code, _, stderr := mosaicRun(t, "hold", "release", target.subject, "--db", db, "--by", "legal"); code != 0 {
			t.Fatalf("hold release: %s", stderr)
		}
		code, out, stderr := mosaicRun(t, "erase", target.subject, "--db", db, "--by", "ana", "--reason", "DSAR 42")
		if code != 0 || !strings.Contains(out, "erased "+target.subject) {
			t.Fatalf("erase: exit %d: %s%s", code, out, stderr)
		}

		for _, r := range dumpRows(t, db) {
			if v, hit := target.in(r); hit {
				t.Errorf("after the erasure a row still holds %q: %.200q", v, r)
			}
		}
		withOps(t, db, func(ops *opstore.Store) {
			n, err := ops.VerifyAudit(context.Background())
			if err != nil || n == 0 {
				t.Fatalf("audit log: %d entries, %v", n, err)
			}
			entries, _ := ops.AuditLog(context.Background(), time.Time{}, 0)
			found := false
			for _, e := range entries {
				if e.Action == "erase" && e.Target == target.subject {
					found = true
					if !strings.Contains(e.Detail, "DSAR 42") || !strings.Contains(e.Detail, "employees 1") {
						t.Errorf("erase entry detail %q", e.Detail)
					}
				}
				for _, v := range target.values {
					if strings.Contains(strings.ToLower(e.Detail+e.Target+e.Actor), strings.ToLower(v)) {
						t.Errorf("audit entry %d holds %q", e.Seq, v)
					}
				}
			}
			if !found {
				t.Error("no erase entry in the audit log")
			}
		})

		out2 := filepath.Join(t.TempDir(), "after.json")
		if code, _, stderr := mosaicRun(t, "report", "--db", db, "--format", "json", "--out", out2); code != 0 {
			t.Fatalf("report: %s", stderr)
		}
		data, _ := os.ReadFile(out2)
		var after mosaic.Report
		if err := json.Unmarshal(data, &after); err != nil {
			t.Fatal(err)
		}
		if len(after.Subjects) != len(rep.Subjects)-1 {
			t.Errorf("report after the erasure: %d subjects, want %d", len(after.Subjects), len(rep.Subjects)-1)
		}
		for _, s := range after.Subjects {
			if v, hit := target.in(strings.Join(append(append(append([]string{s.ID, s.DisplayName}, s.ApplicationIDs...), s.CandidateIDs...), s.EmployeeIDs...), " ")); hit {
				t.Errorf("the report still shows %q in %s", v, s.ID)
			}
		}
		if code, _, _ := mosaicRun(t, "erase", target.subject, "--db", db, "--by", "ana", "--reason", "again"); code != 2 {
			t.Errorf("erasing an erased subject: exit %d, want 2 (unknown)", code)
		}
	})
}

func withOps(t *testing.T, db string, fn func(*opstore.Store)) {
	t.Helper()
	ops, done, err := openOps(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	fn(ops)
}

// TestKeyRotationKeepsLinking: after `mosaic key rotate`, the report from
// the store is the one before (same people, same levels), a scan of the
// same exports with the new key changes nothing in the database (its
// hashes link to the rewritten ones), and the old key is refused.
func TestKeyRotationKeepsLinking(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a company; skipped with -short")
	}
	dir := generate(t, "tiny", 13)
	eachStore(t, func(t *testing.T, db, key string) {
		scanJSONArgs(t, dir, "--db", db, "--key", key)
		before := reportFromStore(t, db)

		newKey := filepath.Join(t.TempDir(), "new.key")
		code, out, stderr := mosaicRun(t, "key", "rotate", "--db", db, "--old", key, "--new", newKey, "--from", dir)
		if code != 0 {
			t.Fatalf("key rotate: exit %d: %s%s", code, out, stderr)
		}
		after := reportFromStore(t, db)
		compareLevels(t, before, after)

		// The old key is refused; the new key links: a re-scan of the
		// same exports leaves every record as it was.
		if code, _, stderr := mosaicRun(t, "scan", dir, "--db", db, "--key", key, "-q", "-o", filepath.Join(t.TempDir(), "r.txt")); code != 2 || !strings.Contains(stderr, "does not match") {
			t.Fatalf("scan with the old key: exit %d: %s", code, stderr)
		}
		recs := recordRows(t, db)
		rescanned := scanJSONArgs(t, dir, "--db", db, "--key", newKey)
		compareLevels(t, before, rescanned)
		if again := recordRows(t, db); strings.Join(again, "\n") != strings.Join(recs, "\n") {
			t.Error("a scan with the new key changed stored records: its hashes do not match the rotated ones")
		}
		withOps(t, db, func(ops *opstore.Store) {
			if _, err := ops.VerifyAudit(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
		// The stored fingerprint is the new key's.
		st, _, err := openServiceStore(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		oldK, _ := secret.LoadKey(key)
		newK, _ := secret.LoadKey(newKey)
		fp, _, _ := st.(secret.KeyStore).KeyFingerprint(context.Background())
		if fp != secret.Fingerprint(newK) || fp == secret.Fingerprint(oldK) {
			t.Errorf("stored fingerprint %s; want the new key's", fp)
		}
	})
}

// TestKeyRotationRefusesUnmatched: a stored hash whose value is not in the
// exports stops the rotation with nothing changed, and --erase-unmatched
// erases that person and goes on.
func TestKeyRotationRefusesUnmatched(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a company; skipped with -short")
	}
	dir := generate(t, "tiny", 17)
	work := t.TempDir()
	db, key := filepath.Join(work, "m.db"), filepath.Join(work, "m.key")
	scanJSONArgs(t, dir, "--db", db, "--key", key)

	// The latest exports lack the first employee with an SSN.
	partial := filepath.Join(t.TempDir(), "exports")
	if err := os.MkdirAll(partial, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "employees.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// The first employee whose SSN no other roster row repeats (a rehire
	// keeps the SSN on a second row, which would still hold the value).
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ssnCol := indexOf(rows[0], "ssn")
	seen := map[string]int{}
	for _, r := range rows[1:] {
		seen[r[ssnCol]]++
	}
	drop := -1
	for i, r := range rows[1:] {
		if r[ssnCol] != "" && seen[r[ssnCol]] == 1 {
			drop = i + 1
			break
		}
	}
	if drop < 0 {
		t.Fatal("no employee with an SSN of their own")
	}
	gone := rows[drop][0]
	var kept bytes.Buffer
	w := csv.NewWriter(&kept)
	_ = w.WriteAll(append(rows[:drop:drop], rows[drop+1:]...))
	writeFile(t, filepath.Join(partial, "employees.csv"), kept.String())
	payroll, err := os.ReadFile(filepath.Join(dir, "payroll.csv"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(partial, "payroll.csv"), string(payroll))

	digestBefore := digest(t, db)
	newKey := filepath.Join(work, "new.key")
	code, out, stderr := mosaicRun(t, "key", "rotate", "--db", db, "--old", key, "--new", newKey, "--from", partial)
	if code != 2 || !strings.Contains(out, "employees "+gone) || !strings.Contains(stderr, "nothing was changed") {
		t.Fatalf("rotate without %s: exit %d: %s%s", gone, code, out, stderr)
	}
	if digest(t, db) != digestBefore {
		t.Fatal("a refused rotation changed the database")
	}
	code, out, stderr = mosaicRun(t, "key", "rotate", "--db", db, "--old", key, "--new", newKey, "--from", partial, "--erase-unmatched")
	if code != 0 || !strings.Contains(out, "erased 1 people") {
		t.Fatalf("rotate --erase-unmatched: exit %d: %s%s", code, out, stderr)
	}
	for _, r := range recordRows(t, db) {
		if strings.HasPrefix(r, "employees\x1f"+gone+"\x1f") {
			t.Errorf("employee %s is still stored", gone)
		}
	}
}

func reportFromStore(t *testing.T, db string) *mosaic.Report {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	if code, _, stderr := mosaicRun(t, "report", "--db", db, "--format", "json", "--out", out); code != 0 {
		t.Fatalf("report: %s", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r mosaic.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// compareLevels wants the same subjects at the same levels and scores.
func compareLevels(t *testing.T, a, b *mosaic.Report) {
	t.Helper()
	if len(a.Subjects) != len(b.Subjects) {
		t.Fatalf("%d subjects, then %d", len(a.Subjects), len(b.Subjects))
	}
	levels := map[string]mosaic.Subject{}
	for _, s := range a.Subjects {
		levels[s.ID] = s
	}
	for _, s := range b.Subjects {
		was, ok := levels[s.ID]
		if !ok || was.Level != s.Level || was.Score != s.Score {
			t.Errorf("%s: %s %.2f, then %s %.2f", s.ID, was.Level, was.Score, s.Level, s.Score)
		}
	}
}

// recordRows dumps the record tables only.
func recordRows(t *testing.T, db string) []string {
	var out []string
	for _, r := range dumpRows(t, db) {
		name, _, _ := strings.Cut(r, "\x1f")
		for _, tb := range migrations.RecordTables {
			if tb.Name == name {
				out = append(out, r)
			}
		}
	}
	return out
}
