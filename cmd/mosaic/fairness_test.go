package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fairness guard: mosaic judges conduct and infrastructure, never
// identity. The same company, scanned once with every person renamed to
// names of one origin and once to names of another, must score every
// subject exactly the same.
func TestNamesOfAnyOriginScoreTheSame(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and scans a company three times; skipped with -short")
	}
	dir := generate(t, "tiny", 21)
	origins := map[string]namePool{
		"korean": {
			given:  []string{"Min", "Seo", "Ji", "Hyun", "Soo", "Jae", "Eun", "Young", "Hye", "Dong", "Sung", "Woo"},
			second: []string{"jun", "yeon", "woo", "ah", "min", "hoon", "bin", "jin", "seok", "ho", "na", "kyung"},
			family: []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang"},
		},
		"english": {
			given:  []string{"Ja", "Ro", "Wil", "Ed", "Mar", "Eli", "Ben", "Char", "Thom", "Ann", "Kath", "Vic"},
			second: []string{"mes", "bert", "liam", "ward", "garet", "za", "jamin", "lotte", "as", "a", "leen", "toria"},
			family: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green"},
		},
	}
	scores := map[string]map[string]float64{}
	names := map[string]map[string]string{}
	for origin, pool := range origins {
		renamed := filepath.Join(t.TempDir(), origin)
		copyTree(t, dir, renamed)
		renameEveryone(t, renamed, pool)
		r := scanJSON(t, renamed)
		scores[origin] = map[string]float64{}
		names[origin] = map[string]string{}
		for _, s := range r.Subjects {
			scores[origin][s.ID] = s.Score
			names[origin][s.ID] = s.DisplayName
		}
	}
	a, b := scores["korean"], scores["english"]
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("different subjects: %d vs %d", len(a), len(b))
	}
	renamed := 0
	for id := range a {
		if names["korean"][id] != names["english"][id] {
			renamed++
		}
	}
	if renamed < len(a)/2 {
		t.Fatalf("only %d of %d subjects were renamed: the test proves nothing", renamed, len(a))
	}
	for id, sa := range a {
		if sb, ok := b[id]; !ok || sa != sb {
			t.Errorf("subject %s scores %.1f with one origin's names and %.1f with another's", id, sa, sb)
		}
	}
}

type namePool struct{ given, second, family []string }

// renamer maps each distinct name token to a distinct new one, so every
// equality between names (same person, namesakes, ship-to and account
// holder matching) is kept while the names' origin changes.
type renamer struct {
	pool          namePool
	given, family map[string]string
}

func (r *renamer) first(old string) string {
	return mapToken(r.given, strings.ToLower(strings.TrimSpace(old)), func(n int) string {
		return r.pool.given[n%len(r.pool.given)] + r.pool.second[(n/len(r.pool.given))%len(r.pool.second)] + suffix(n/(len(r.pool.given)*len(r.pool.second)))
	})
}

func (r *renamer) last(old string) string {
	return mapToken(r.family, strings.ToLower(strings.TrimSpace(old)), func(n int) string {
		return r.pool.family[n%len(r.pool.family)] + suffix(n/len(r.pool.family))
	})
}

func suffix(n int) string {
	if n == 0 {
		return ""
	}
	return strings.Repeat("a", n) // keeps the mapping one-to-one past the pool's size
}

func mapToken(m map[string]string, old string, make func(int) string) string {
	if old == "" {
		return ""
	}
	if v, ok := m[old]; ok {
		return v
	}
	v := make(len(m))
	m[old] = v
	return v
}

// full renames "First Last" (ship-to names, account holders).
func (r *renamer) full(old string) string {
	f := strings.Fields(old)
	if len(f) < 2 {
		return old
	}
	return r.first(strings.Join(f[:len(f)-1], " ")) + " " + r.last(f[len(f)-1])
}

func renameEveryone(t *testing.T, dir string, pool namePool) {
	t.Helper()
	r := &renamer{pool: pool, given: map[string]string{}, family: map[string]string{}}
	rewriteCSV(t, filepath.Join(dir, "applications.csv"), func(row map[string]*string) {
		*row["first_name"], *row["last_name"] = r.first(*row["first_name"]), r.last(*row["last_name"])
		for _, c := range []string{"ref1_name", "ref2_name"} {
			if p := row[c]; p != nil {
				*p = r.full(*p)
			}
		}
	})
	rewriteCSV(t, filepath.Join(dir, "employees.csv"), func(row map[string]*string) {
		*row["first_name"], *row["last_name"] = r.first(*row["first_name"]), r.last(*row["last_name"])
	})
	rewriteCSV(t, filepath.Join(dir, "shipments.csv"), func(row map[string]*string) {
		*row["ship_to_name"] = r.full(*row["ship_to_name"])
	})
	rewriteCSV(t, filepath.Join(dir, "payroll.csv"), func(row map[string]*string) {
		*row["account_holder"] = r.full(*row["account_holder"])
	})
}

func rewriteCSV(t *testing.T, path string, edit func(map[string]*string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		m := map[string]*string{}
		for i, h := range rows[0] {
			m[h] = &row[i]
		}
		edit(m)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(fmt.Errorf("copying the bundle: %w", err))
	}
}
