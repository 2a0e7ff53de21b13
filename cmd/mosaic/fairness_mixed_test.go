package main

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/simulate"
)

// Tolerances of TestHonestPeopleOfEveryNameOriginScoreAlike (and
// docs/detection.md, "Fairness by name origin"). Honest people of one
// name origin are compared with honest people of every other origin:
//
//   - Flag rate at medium or above: a difference is a failure when it is
//     material, more than fairAbsDiff (half a percentage point) AND more
//     than fairRatio (twice) the others' rate, and significant: Fisher's
//     exact test, one-sided (is this origin flagged more?), p < fairAlpha.
//   - Score distribution: the two-sample Kolmogorov-Smirnov distance D
//     between the origin's scores and the others' must stay under its
//     critical value at fairKSAlpha, c(α)·sqrt((n+m)/(n·m)), over every
//     honest person and over honest employees alone (the only people whose
//     names are compared with an account holder or a laptop's addressee).
//   - Name comparisons: the share of honest employees for whom a
//     holder/addressee rule fires (the rules that compare names) is held to
//     the flag-rate test above, with its own material difference of
//     fairNameDiff (two points).
//
// With a CI-sized sample the flag-rate test has little power (a few honest
// people reach medium in a whole tiny world); the score distributions and
// the name-rule rates carry the test: before names were compared as
// systems write them, 23% of honest employees with Chinese names and 14%
// with Vietnamese names had an account holder or addressee "mismatch", and
// both distances failed.
const (
	fairAbsDiff  = 0.005
	fairRatio    = 2.0
	fairAlpha    = 0.05
	fairKSAlpha  = 0.01
	fairNameDiff = 0.02
)

// fairSeeds are not used by any other test or measurement.
var fairSeeds = []int64{31, 32, 33}

// TestHonestPeopleOfEveryNameOriginScoreAlike generates mixed companies
// (simulate.Config.NameMix: Korean, Chinese, Vietnamese, Indian, Hispanic,
// English and other names, surnames at their real frequencies, written as
// banks, couriers, HR and the ATS write them), scans them and requires that
// honest people's flag rate and score distribution do not differ by the
// origin of their names. The origin comes from truth_names.csv: it is the
// label audited, and detection never sees it.
//
// The origins are given equal shares here, not their shares in a real
// company, so that each group is large enough to compare.
func TestHonestPeopleOfEveryNameOriginScoreAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and scans three companies; skipped with -short")
	}
	var mix []simulate.NameShare
	for _, o := range simulate.NameOrigins {
		mix = append(mix, simulate.NameShare{Origin: o, Share: 1})
	}
	type person struct {
		origin        string
		score         float64
		medium, hired bool
		nameRuleFired bool
	}
	var people []person
	rewritten, holders := 0, 0
	for _, seed := range fairSeeds {
		cfg, err := simulate.Preset("tiny")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Seed, cfg.NameMix = seed, mix
		dir := filepath.Join(t.TempDir(), "bundle")
		if _, err := simulate.Generate(context.Background(), dir, cfg, nil); err != nil {
			t.Fatal(err)
		}
		r := scanJSON(t, dir)
		bySubject := map[string]*mosaic.Subject{}
		for i := range r.Subjects {
			s := &r.Subjects[i]
			for _, a := range s.ApplicationIDs {
				bySubject["a:"+a] = s
			}
			for _, e := range s.EmployeeIDs {
				bySubject["e:"+e] = s
			}
		}
		origin := map[string]string{}
		for _, row := range readCSV(t, filepath.Join(dir, "truth_names.csv")) {
			origin[row["person_id"]] = row["name_origin"]
		}
		for _, row := range readCSV(t, filepath.Join(dir, "truth.csv")) {
			if row["role"] != "legit" {
				continue
			}
			var keys []string
			for _, a := range strings.Split(row["application_ids"], ";") {
				keys = append(keys, "a:"+a)
			}
			keys = append(keys, "e:"+row["employee_id"])
			var s *mosaic.Subject
			for _, k := range keys {
				if s = bySubject[k]; s != nil {
					break
				}
			}
			if s == nil || origin[row["person_id"]] == "" {
				t.Fatalf("seed %d: person %s has no subject or no origin", seed, row["person_id"])
			}
			p := person{origin: origin[row["person_id"]], score: s.Score, medium: s.Level.Rank() >= mosaic.LevelMedium.Rank(), hired: row["employee_id"] != ""}
			for _, sig := range s.Signals {
				switch sig.RuleID {
				case "payroll.account_holder_mismatch", "onboarding.ship_to_name_mismatch":
					p.nameRuleFired = true
				}
			}
			people = append(people, p)
		}
		// The test proves something only if systems wrote names apart.
		emps := map[string]string{}
		for _, row := range readCSV(t, filepath.Join(dir, "employees.csv")) {
			emps[row["employee_id"]] = row["first_name"] + " " + row["last_name"]
		}
		for _, row := range readCSV(t, filepath.Join(dir, "payroll.csv")) {
			holders++
			if row["account_holder"] != emps[row["employee_id"]] {
				rewritten++
			}
		}
	}
	if rewritten*5 < holders {
		t.Fatalf("only %d of %d account holders are written otherwise than HR writes the name: the test proves nothing", rewritten, holders)
	}
	for _, o := range simulate.NameOrigins {
		var in, out, inEmp, outEmp []float64
		var med, medOut, names, namesOut int
		for _, p := range people {
			if p.origin == o {
				in = append(in, p.score)
				med += b2i(p.medium)
				if p.hired {
					inEmp = append(inEmp, p.score)
					names += b2i(p.nameRuleFired)
				}
			} else {
				out = append(out, p.score)
				medOut += b2i(p.medium)
				if p.hired {
					outEmp = append(outEmp, p.score)
					namesOut += b2i(p.nameRuleFired)
				}
			}
		}
		if len(in) < 60 || len(inEmp) < 15 {
			t.Fatalf("%s: only %d honest people (%d employees): too few to compare", o, len(in), len(inEmp))
		}
		t.Logf("%-10s honest %4d (employees %3d): medium+ %d (%.2f%%, others %.2f%%); name rules %d (%.2f%% of employees, others %.2f%%); KS D %.3f, employees %.3f",
			o, len(in), len(inEmp), med, 100*rate(med, len(in)), 100*rate(medOut, len(out)), names, 100*rate(names, len(inEmp)), 100*rate(namesOut, len(outEmp)),
			ksDistance(in, out), ksDistance(inEmp, outEmp))
		if disparate(med, len(in), medOut, len(out), fairAbsDiff) {
			t.Errorf("%s: honest people reach medium at %.2f%% against %.2f%% for others (Fisher p %.3f)", o,
				100*rate(med, len(in)), 100*rate(medOut, len(out)), fisherGreater(med, len(in), medOut, len(out)))
		}
		if disparate(names, len(inEmp), namesOut, len(outEmp), fairNameDiff) {
			t.Errorf("%s: the account holder or addressee reads as someone else for %.2f%% of honest employees against %.2f%% for others", o,
				100*rate(names, len(inEmp)), 100*rate(namesOut, len(outEmp)))
		}
		for _, c := range []struct {
			what string
			a, b []float64
		}{{"honest people", in, out}, {"honest employees", inEmp, outEmp}} {
			if d, crit := ksDistance(c.a, c.b), ksCritical(len(c.a), len(c.b)); d > crit {
				t.Errorf("%s: scores of %s differ from others' (Kolmogorov-Smirnov D %.3f > %.3f)", o, c.what, d, crit)
			}
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func rate(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

// disparate: the group's rate k/n is above the others' j/m by more than
// absDiff and more than fairRatio times, and Fisher's exact test finds it
// significant.
func disparate(k, n, j, m int, absDiff float64) bool {
	p, q := rate(k, n), rate(j, m)
	return p-q > absDiff && p > fairRatio*q && fisherGreater(k, n, j, m) < fairAlpha
}

// fisherGreater is the one-sided p-value of Fisher's exact test that the
// first group's rate (k of n) exceeds the second's (j of m): the chance,
// with the k+j events spread at random over the n+m people, that the first
// group gets k or more.
func fisherGreater(k, n, j, m int) float64 {
	total, events := n+m, k+j
	lchoose := func(a, b int) float64 {
		if b < 0 || b > a {
			return math.Inf(-1)
		}
		la, _ := math.Lgamma(float64(a + 1))
		lb, _ := math.Lgamma(float64(b + 1))
		lc, _ := math.Lgamma(float64(a - b + 1))
		return la - lb - lc
	}
	p := 0.0
	for x := k; x <= min(n, events); x++ {
		p += math.Exp(lchoose(n, x) + lchoose(m, events-x) - lchoose(total, events))
	}
	return min(p, 1)
}

// ksDistance is the two-sample Kolmogorov-Smirnov statistic: the largest
// gap between the two empirical distribution functions.
func ksDistance(a, b []float64) float64 {
	a, b = append([]float64(nil), a...), append([]float64(nil), b...)
	sort.Float64s(a)
	sort.Float64s(b)
	i, j, d := 0, 0, 0.0
	for i < len(a) && j < len(b) {
		x := min(a[i], b[j])
		for i < len(a) && a[i] <= x {
			i++
		}
		for j < len(b) && b[j] <= x {
			j++
		}
		d = max(d, math.Abs(float64(i)/float64(len(a))-float64(j)/float64(len(b))))
	}
	return d
}

// ksCritical is the two-sample Kolmogorov-Smirnov critical value at
// fairKSAlpha: c(α)·sqrt((n+m)/(n·m)), c(α) = sqrt(-ln(α/2)/2).
func ksCritical(n, m int) float64 {
	c := math.Sqrt(-math.Log(fairKSAlpha/2) / 2)
	return c * math.Sqrt(float64(n+m)/float64(n*m))
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

func TestFairnessStatistics(t *testing.T) {
	// Fisher: 5 of 10 against 0 of 10 is p = 0.0163 (one-sided).
	if p := fisherGreater(5, 10, 0, 10); math.Abs(p-0.01625) > 0.0005 {
		t.Errorf("Fisher p %.5f", p)
	}
	if p := fisherGreater(0, 10, 5, 10); p != 1 {
		t.Errorf("Fisher p %.5f for a smaller rate", p)
	}
	if d := ksDistance([]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}); d != 0 {
		t.Errorf("KS %.3f for one sample", d)
	}
	if d := ksDistance([]float64{1, 1, 1, 1}, []float64{5, 5, 5, 5}); d != 1 {
		t.Errorf("KS %.3f for disjoint samples", d)
	}
	if c := ksCritical(100, 100); math.Abs(c-0.2302) > 0.001 {
		t.Errorf("KS critical %.4f", c)
	}
	if !disparate(10, 100, 1, 600, fairAbsDiff) || disparate(1, 100, 1, 600, fairAbsDiff) {
		t.Error("disparate")
	}
}
