package eval

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// sampleDir is the contract's sample bundle; tests that need it skip without it.
const sampleDir = "../../shared/contract/sample"

func needSample(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sampleDir, truthFile)); err != nil {
		t.Skipf("sample bundle not found at %s (%v); skipping", sampleDir, err)
	}
}

func TestLoadTruthSmall(t *testing.T) {
	truth, err := LoadTruth("testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	if len(truth.People) != 9 {
		t.Fatalf("people = %d, want 9", len(truth.People))
	}
	want := Person{ID: "F1", Role: RoleFraud, Ring: "R1", ApplicationIDs: []string{"A1", "A2"}, CandidateIDs: []string{"C1"}, EmployeeID: "E1", Tags: []string{"shared_phone"}}
	if !reflect.DeepEqual(truth.People[0], want) {
		t.Errorf("first person = %+v, want %+v", truth.People[0], want)
	}
	if l2 := truth.People[6]; l2.Applied() || !l2.Hired() || l2.Fraud() || len(l2.Tags) != 2 {
		t.Errorf("L2 = %+v, want an honest employee without applications and two tags", l2)
	}
	wantRings := []Ring{
		{ID: "R1", TTPs: []string{"shared_phone", "vpn_submit", "template_resume"}, Members: 3},
		{ID: "R2", TTPs: []string{"laptop_farm"}, Members: 2},
	}
	if !reflect.DeepEqual(truth.Rings, wantRings) {
		t.Errorf("rings = %+v, want %+v", truth.Rings, wantRings)
	}
}

func TestLoadTruthSample(t *testing.T) {
	needSample(t)
	truth, err := LoadTruth(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	fraud, hired := 0, 0
	members := map[string]int{}
	for _, p := range truth.People {
		if p.Fraud() {
			fraud++
			members[p.Ring]++
			if p.Hired() {
				hired++
			}
		}
	}
	if len(truth.People) < 100 || fraud == 0 || hired == 0 || len(truth.Rings) == 0 {
		t.Fatalf("sample truth looks empty: %d people, %d fraud, %d hired fraud, %d rings", len(truth.People), fraud, hired, len(truth.Rings))
	}
	for _, r := range truth.Rings {
		if len(r.TTPs) == 0 {
			t.Errorf("ring %s has no techniques", r.ID)
		}
		if r.Members != members[r.ID] {
			t.Errorf("ring %s declares %d members, truth.csv has %d", r.ID, r.Members, members[r.ID])
		}
	}
	hires, err := LoadHires(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range truth.People {
		if p.Hired() {
			if _, ok := hires[p.EmployeeID]; !ok {
				t.Errorf("no hire date for %s (%s)", p.ID, p.EmployeeID)
			}
		}
	}
}

func TestLoadTruthErrors(t *testing.T) {
	tests := []struct {
		name   string
		file   string // from testdata/broken, copied in as truth.csv; "" for none
		code   string
		inText string
	}{
		{"no truth.csv", "", mosaic.ENOTFOUND, "truth.csv not found"},
		{"empty file", "empty.csv", mosaic.EINVALID, "empty"},
		{"no role column", "no_role.csv", mosaic.EINVALID, `"role" is missing`},
		{"unknown role", "bad_role.csv", mosaic.EINVALID, "line 3"},
		{"id held twice", "shared_id.csv", mosaic.EINVALID, "application A1 is held by both P1 and P2"},
		{"person twice", "duplicate_person.csv", mosaic.EINVALID, "already on line 2"},
		{"honest in ring", "honest_in_ring.csv", mosaic.EINVALID, "honest person P1"},
		{"unterminated quote", "bad_quote.csv", mosaic.EINVALID, "not valid CSV"},
		{"empty person id", "empty_id.csv", mosaic.EINVALID, "person_id is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.file != "" {
				copyFile(t, filepath.Join("testdata/broken", tt.file), filepath.Join(dir, truthFile))
			}
			_, err := LoadTruth(dir)
			if mosaic.ErrorCode(err) != tt.code {
				t.Fatalf("error %v has code %q, want %q", err, mosaic.ErrorCode(err), tt.code)
			}
			if !strings.Contains(err.Error(), tt.inText) {
				t.Errorf("error %q does not say %q", err, tt.inText)
			}
		})
	}
	t.Run("no folder", func(t *testing.T) {
		_, err := LoadTruth(filepath.Join(t.TempDir(), "nope"))
		if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
			t.Fatalf("error %v, want ENOTFOUND", err)
		}
	})
}

func TestLoadTruthLenientShapes(t *testing.T) {
	dir := t.TempDir()
	// A byte-order mark, columns in another order, a short row, blanks
	// inside lists, an undeclared ring and no truth_rings.csv at all.
	write(t, filepath.Join(dir, truthFile), "\ufeffrole,person_id,ring,application_ids\n"+
		"fraud,P1,R9,A1; ;A2;\n"+
		"legit,P2\n")
	truth, err := LoadTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := truth.People[0].ApplicationIDs; !reflect.DeepEqual(got, []string{"A1", "A2"}) {
		t.Errorf("application ids = %q", got)
	}
	if len(truth.People) != 2 || truth.People[1].Role != RoleLegit {
		t.Errorf("people = %+v", truth.People)
	}
	if want := []Ring{{ID: "R9", Members: 1}}; !reflect.DeepEqual(truth.Rings, want) {
		t.Errorf("rings = %+v, want %+v", truth.Rings, want)
	}

	// members given as a list of person ids is counted.
	write(t, filepath.Join(dir, truthRingsFile), "ring,members,ttps\nR9,P1;P7,rmm\n")
	truth, err = LoadTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Ring{{ID: "R9", TTPs: []string{"rmm"}, Members: 2}}; !reflect.DeepEqual(truth.Rings, want) {
		t.Errorf("rings = %+v, want %+v", truth.Rings, want)
	}

	for name, rings := range map[string]string{
		"ring twice":    "ring\nR1\nR1\n",
		"empty ring":    "ring,ttps\n,rmm\n",
		"no ring":       "ttps\nrmm\n",
		"negative size": "ring,members\nR1,-3\n",
	} {
		write(t, filepath.Join(dir, truthRingsFile), rings)
		if _, err := LoadTruth(dir); mosaic.ErrorCode(err) != mosaic.EINVALID {
			t.Errorf("%s: error %v, want EINVALID", name, err)
		}
	}
}

func TestLoadTruthLongValuesAreCut(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, truthFile), "person_id,role\nP1,"+strings.Repeat("x", 100000)+"\n")
	_, err := LoadTruth(dir)
	if err == nil || len(err.Error()) > 2*maxMessage {
		t.Fatalf("error is %d bytes long, want at most %d", len(err.Error()), 2*maxMessage)
	}
}

func TestLoadHires(t *testing.T) {
	hires, err := LoadHires("testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"E1": date("2026-01-10"),
		"E3": date("2026-01-20"),
		"E5": date("2026-02-01"),
		"E7": date("2025-06-01"), // the bare quote in the name does not lose the row
		// E8 has a broken hire date and the last row no employee id: skipped.
	}
	if len(hires) != len(want) {
		t.Fatalf("hires = %v, want %v", hires, want)
	}
	for id, at := range want {
		if !hires[id].Equal(at) {
			t.Errorf("hire of %s = %v, want %v", id, hires[id], at)
		}
	}
}

func TestLoadHiresErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadHires(dir); mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("missing employees.csv: error %v, want ENOTFOUND", err)
	}
	const ssn = "987-65-4321"
	write(t, filepath.Join(dir, employeesFile), "employee_id,ssn\nE1,"+ssn+"\n")
	_, err := LoadHires(dir)
	if mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Fatalf("no hire_date column: error %v, want EINVALID", err)
	}
	if strings.Contains(err.Error(), ssn) {
		t.Errorf("error %q shows an SSN", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	write(t, to, string(b))
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func date(s string) time.Time {
	d, err := time.Parse(time.RFC3339, s+"T00:00:00Z")
	if err != nil {
		panic(err)
	}
	return d
}
