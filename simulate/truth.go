package simulate

import (
	"sort"
	"strconv"
	"strings"
)

// writeTruth writes truth.csv (one row per person) and truth_rings.csv.
// Persons are listed honest first, then ring by ring, as ids were drawn.
func (w *world) writeTruth(dir string) (people, fraud int64, err error) {
	// former_employee_ids: roster rows of the person's earlier employments
	// (a rehire, a contractor converted, a maiden name), the current one
	// being employee_id.
	t, err := createTable(dir+"/truth.csv", "person_id", "role", "ring", "application_ids", "candidate_ids", "employee_id", "tags", "former_employee_ids")
	if err != nil {
		return 0, 0, err
	}
	width := idWidth(len(w.people), 6)
	former := map[int][]string{}
	for _, e := range w.formerEmps {
		former[e.person] = append(former[e.person], e.id)
	}
	n := 0
	var origins [][2]string // person id, name origin: a mixed company's audit label
	write := func(p *person) error {
		n++
		if w.cfg.NameMix != nil && p.origin >= 0 {
			origins = append(origins, [2]string{id("P", n, width), nameOrigins[p.origin].name})
		}
		role, ringName := "legit", ""
		if p.ring >= 0 {
			role, ringName = "fraud", w.rings[p.ring].name
			fraud++
		}
		apps := make([]string, 0, len(p.apps))
		for _, ai := range p.apps {
			apps = append(apps, w.apps[ai].id)
		}
		var cands []string
		seen := map[string]bool{}
		for _, ai := range p.apps {
			c := w.candIDs[w.apps[ai].candidate]
			if !seen[c] {
				seen[c] = true
				cands = append(cands, c)
			}
		}
		sort.Strings(cands)
		emp := ""
		if p.employee >= 0 {
			emp = w.emps[p.employee].id
		}
		return t.row(id("P", n, width), role, ringName, strings.Join(apps, ";"), strings.Join(cands, ";"), emp, strings.Join(p.tags.names(), ";"), strings.Join(former[p.idx], ";"))
	}
	for _, p := range w.people {
		if p.ring < 0 && (len(p.apps) > 0 || p.employee >= 0) {
			if err := write(p); err != nil {
				t.close()
				return 0, 0, err
			}
		}
	}
	for _, g := range w.rings {
		for _, pi := range g.members {
			if err := write(w.people[pi]); err != nil {
				t.close()
				return 0, 0, err
			}
		}
	}
	people = t.rows
	if err := t.close(); err != nil {
		return 0, 0, err
	}

	rt, err := createTable(dir+"/truth_rings.csv", "ring", "ttps", "members")
	if err != nil {
		return 0, 0, err
	}
	for _, g := range w.rings {
		// ttps: the techniques members actually carry, so evaluation is
		// not charged for tradecraft that never reached the data.
		var used tagSet
		for _, pi := range g.members {
			used |= w.people[pi].tags
		}
		names := (used & g.techs).names()
		sort.Strings(names)
		if err := rt.row(g.name, strings.Join(names, ";"), strconv.Itoa(len(g.members))); err != nil {
			rt.close()
			return 0, 0, err
		}
	}
	if err := rt.close(); err != nil {
		return 0, 0, err
	}
	if w.cfg.NameMix == nil {
		return people, fraud, nil
	}
	// The origin of each name, for auditing detection by origin (the
	// fairness test). A label for evaluation only: no export file holds it.
	nt, err := createTable(dir+"/truth_names.csv", "person_id", "name_origin")
	if err != nil {
		return 0, 0, err
	}
	for _, o := range origins {
		if err := nt.row(o[0], o[1]); err != nil {
			nt.close()
			return 0, 0, err
		}
	}
	return people, fraud, nt.close()
}
