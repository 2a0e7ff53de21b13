package address

import (
	"encoding/csv"
	"github.com/mosaic-sec/mosaic/normalize/internal/sample"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// sampleDir finds the shared sample bundle, or skips the test.
func sampleDir(t *testing.T) string { return sample.Dir(t) }

// readCSV returns the rows of a CSV file as maps from column to value.
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
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, col := range rows[0] {
			m[col] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// addressOf reads the address columns: ship_to_line1 ... in shipments,
// address_line1, address_line2, city ... in applications and employees.
func addressOf(row map[string]string, prefix string) mosaic.Address {
	line, field := prefix, prefix
	if prefix == "" {
		line = "address_"
	}
	return mosaic.Address{
		Line1: row[line+"line1"], Line2: row[line+"line2"], City: row[field+"city"],
		Region: row[field+"region"], PostalCode: row[field+"postal_code"], Country: row[field+"country"],
	}
}

// TestSampleAddresses checks, against the sample's truth file, that each
// laptop farm is one Key, that households typed differently share a Key,
// and that neighbours in one tower share a Building but not a Key.
func TestSampleAddresses(t *testing.T) {
	dir := sampleDir(t)
	byEmployee := map[string]map[string]string{}
	byApplication := map[string]map[string]string{}
	personTags := map[string]string{}
	for _, p := range readCSV(t, filepath.Join(dir, "truth.csv")) {
		personTags[p["person_id"]] = p["tags"]
		byEmployee[p["employee_id"]] = p
		for _, a := range strings.Split(p["application_ids"], ";") {
			byApplication[a] = p
		}
	}

	ringKeys := map[string]map[string]bool{}
	people := map[string]map[string]bool{} // Key -> person ids holding it
	keysOf := map[string][]string{}        // person id -> keys
	hold := func(p map[string]string, key string) {
		if p == nil || key == "" {
			return
		}
		if people[key] == nil {
			people[key] = map[string]bool{}
		}
		people[key][p["person_id"]] = true
		keysOf[p["person_id"]] = append(keysOf[p["person_id"]], key)
	}
	for _, s := range readCSV(t, filepath.Join(dir, "shipments.csv")) {
		n := Normalize(addressOf(s, "ship_to_"))
		if s["ship_to_line1"] != "" && n.Key == "" {
			t.Errorf("shipment %s: no key for %q", s["shipment_id"], s["ship_to_line1"])
		}
		p := byEmployee[s["employee_id"]]
		if ring := p["ring"]; ring != "" {
			if ringKeys[ring] == nil {
				ringKeys[ring] = map[string]bool{}
			}
			ringKeys[ring][n.Key] = true
		}
		hold(p, n.Key)
	}
	if len(ringKeys) == 0 {
		t.Fatal("no ring shipments found in the sample")
	}
	for ring, keys := range ringKeys {
		if len(keys) != 1 {
			t.Errorf("ring %s ships to %d keys; want one laptop farm: %v", ring, len(keys), keys)
		}
	}
	tower := map[string]map[string]bool{} // Building -> Keys
	check := func(row map[string]string, p map[string]string) {
		n := Normalize(addressOf(row, ""))
		if row["address_line1"] != "" && n.Key == "" {
			t.Errorf("no key for %q", row["address_line1"])
		}
		hold(p, n.Key)
		if strings.Contains(p["tags"], "building") {
			if tower[n.Building] == nil {
				tower[n.Building] = map[string]bool{}
			}
			tower[n.Building][n.Key] = true
		}
	}
	for _, r := range readCSV(t, filepath.Join(dir, "applications.csv")) {
		check(r, byApplication[r["application_id"]])
	}
	for _, r := range readCSV(t, filepath.Join(dir, "employees.csv")) {
		check(r, byEmployee[r["employee_id"]])
	}
	// Every member of a household shares a Key with someone else, however
	// each of them typed the address.
	for id, keys := range keysOf {
		if !strings.Contains(personTags[id], "household") {
			continue
		}
		shared := false
		for _, k := range keys {
			shared = shared || len(people[k]) > 1
		}
		if !shared {
			t.Errorf("household member %s shares no key with anyone: %v", id, keys)
		}
	}
	if len(tower) != 1 {
		t.Errorf("building-tagged people are in %d buildings; want 1", len(tower))
	}
	for b, keys := range tower {
		if len(keys) < 2 {
			t.Errorf("building %q: %d keys; want one per apartment", b, len(keys))
		}
	}
}
