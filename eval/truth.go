// Package eval scores a mosaic report against the truth of a simulated
// bundle (truth.csv and truth_rings.csv): how well the ranking separates
// fraudulent workers from honest people, how many honest people a level flags
// and why, whether rings come out as clusters, where entity resolution merged
// or split people, and how early hired fraudsters were flagged.
//
// mosaic never reads truth files during a scan; only this package does.
package eval

import (
	"sort"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Roles of a person in truth.csv.
const (
	RoleFraud = "fraud"
	RoleLegit = "legit"
)

// Person is one row of truth.csv: who someone really is and every id they hold.
type Person struct {
	ID             string   `json:"id"`
	Role           string   `json:"role"`
	Ring           string   `json:"ring,omitempty"`
	ApplicationIDs []string `json:"application_ids,omitempty"`
	CandidateIDs   []string `json:"candidate_ids,omitempty"`
	EmployeeID     string   `json:"employee_id,omitempty"`
	Tags           []string `json:"tags,omitempty"`
	// FormerEmployeeIDs are roster rows of earlier employments of the same
	// person (a rehire, a contractor converted, a maiden name): a report
	// that keeps one of them apart has split the person.
	FormerEmployeeIDs []string `json:"former_employee_ids,omitempty"`
}

// Fraud reports whether the person is a fraudulent worker.
func (p Person) Fraud() bool { return p.Role == RoleFraud }

// Hired reports whether the person is on the HR roster.
func (p Person) Hired() bool { return p.EmployeeID != "" }

// Applied reports whether the person came through the ATS.
func (p Person) Applied() bool { return len(p.ApplicationIDs) > 0 }

// Ring is one row of truth_rings.csv: a group of fraudulent workers run
// together, and the techniques (TTPs) it used.
type Ring struct {
	ID   string   `json:"id"`
	TTPs []string `json:"ttps,omitempty"`
	// Members is the ring's size as truth_rings.csv declares it. The members
	// themselves are the persons of truth.csv whose ring is ID.
	Members int `json:"members"`
}

// Truth is who is who in a simulated bundle.
type Truth struct {
	People []Person `json:"people"`
	Rings  []Ring   `json:"rings"`
}

const (
	truthFile      = "truth.csv"
	truthRingsFile = "truth_rings.csv"
)

// LoadTruth reads dir/truth.csv and dir/truth_rings.csv. A missing folder or
// truth.csv is ENOTFOUND; a missing truth_rings.csv is allowed (the rings are
// then those named in truth.csv, without techniques). Malformed files, unknown
// roles, duplicate persons and an id held by two persons are EINVALID, with
// the file and line.
func LoadTruth(dir string) (*Truth, error) {
	people, err := readTable(dir, truthFile, false)
	if err != nil {
		return nil, err
	}
	t := &Truth{}
	if t.People, err = parsePeople(people); err != nil {
		return nil, err
	}
	rings, err := readTable(dir, truthRingsFile, false)
	switch {
	case mosaic.ErrorCode(err) == mosaic.ENOTFOUND:
		rings = nil
	case err != nil:
		return nil, err
	}
	if rings != nil {
		if t.Rings, err = parseRings(rings); err != nil {
			return nil, err
		}
	}
	t.Rings = addUndeclaredRings(t.Rings, t.People)
	return t, nil
}

func parsePeople(t *table) ([]Person, error) {
	for _, c := range []string{"person_id", "role"} {
		if !t.has(c) {
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s: required column %q is missing", t.name, c)
		}
	}
	people := make([]Person, 0, len(t.rows))
	seenPerson := make(map[string]int, len(t.rows))
	holder := make(map[string]string, 2*len(t.rows)) // kind-prefixed id -> person
	for _, r := range t.rows {
		p := Person{
			ID:             t.field(r, "person_id"),
			Role:           strings.ToLower(t.field(r, "role")),
			Ring:           t.field(r, "ring"),
			ApplicationIDs: splitList(t.field(r, "application_ids")),
			CandidateIDs:   splitList(t.field(r, "candidate_ids")),
			EmployeeID:     t.field(r, "employee_id"),
			Tags:           splitList(t.field(r, "tags")),
			// Optional: truth files before it have no such column.
			FormerEmployeeIDs: splitList(t.field(r, "former_employee_ids")),
		}
		bad := func(format string, args ...any) error {
			return mosaic.Errorf(mosaic.EINVALID, "%s line %d: %s", t.name, r.line, truncate(sprintf(format, args...)))
		}
		switch {
		case p.ID == "":
			return nil, bad("person_id is empty")
		case p.Role != RoleFraud && p.Role != RoleLegit:
			return nil, bad("role %q is neither %q nor %q", p.Role, RoleFraud, RoleLegit)
		case p.Role == RoleLegit && p.Ring != "":
			return nil, bad("honest person %s is in ring %s", p.ID, p.Ring)
		}
		if first, dup := seenPerson[p.ID]; dup {
			return nil, bad("person %s is already on line %d", p.ID, first)
		}
		seenPerson[p.ID] = r.line
		for _, k := range personKeys(p) {
			if other, dup := holder[k.key]; dup && other != p.ID {
				return nil, bad("%s %s is held by both %s and %s", k.kind, k.id, other, p.ID)
			}
			holder[k.key] = p.ID
		}
		people = append(people, p)
	}
	return people, nil
}

func parseRings(t *table) ([]Ring, error) {
	if !t.has("ring") {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s: required column \"ring\" is missing", t.name)
	}
	rings := make([]Ring, 0, len(t.rows))
	seen := make(map[string]int, len(t.rows))
	for _, r := range t.rows {
		g := Ring{ID: t.field(r, "ring"), TTPs: splitList(t.field(r, "ttps"))}
		if g.ID == "" {
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s line %d: ring is empty", t.name, r.line)
		}
		if first, dup := seen[g.ID]; dup {
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s line %d: ring %s is already on line %d", t.name, r.line, truncate(g.ID), first)
		}
		seen[g.ID] = r.line
		// members is a count in the simulator's files; a ;-joined list of
		// person ids is accepted too and counted.
		if m := t.field(r, "members"); m != "" {
			n, err := strconv.Atoi(m)
			if err != nil {
				n = len(splitList(m))
			}
			if n < 0 {
				return nil, mosaic.Errorf(mosaic.EINVALID, "%s line %d: members is negative", t.name, r.line)
			}
			g.Members = n
		}
		rings = append(rings, g)
	}
	return rings, nil
}

// addUndeclaredRings appends the rings truth.csv names but truth_rings.csv
// does not, so that every fraud person's ring can be scored.
func addUndeclaredRings(rings []Ring, people []Person) []Ring {
	known := make(map[string]bool, len(rings))
	for _, g := range rings {
		known[g.ID] = true
	}
	count := map[string]int{}
	var extra []string
	for _, p := range people {
		if p.Ring == "" {
			continue
		}
		count[p.Ring]++
		if !known[p.Ring] {
			known[p.Ring] = true
			extra = append(extra, p.Ring)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		rings = append(rings, Ring{ID: id, Members: count[id]})
	}
	return rings
}

// splitList splits a ;-joined list, dropping blanks.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// idKey is one id a person holds, prefixed by its kind: application,
// candidate and employee ids live in different files and may look alike.
type idKey struct {
	kind, id, key string
}

func personKeys(p Person) []idKey {
	keys := make([]idKey, 0, len(p.ApplicationIDs)+len(p.CandidateIDs)+1)
	for _, id := range p.ApplicationIDs {
		keys = append(keys, idKey{"application", id, applicationKey(id)})
	}
	for _, id := range p.CandidateIDs {
		keys = append(keys, idKey{"candidate", id, candidateKey(id)})
	}
	if p.EmployeeID != "" {
		keys = append(keys, idKey{"employee", p.EmployeeID, employeeKey(p.EmployeeID)})
	}
	for _, id := range p.FormerEmployeeIDs {
		keys = append(keys, idKey{"employee", id, employeeKey(id)})
	}
	return keys
}

func applicationKey(id string) string { return "a:" + id }
func candidateKey(id string) string   { return "c:" + id }
func employeeKey(id string) string    { return "e:" + id }
