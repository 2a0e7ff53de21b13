package simulate

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// buildRefereeGroups makes the honest coincidences of shared referees that
// a ring's recycled references must be told from:
//
//   - a former team: 2-6 colleagues who left one employer and each name
//     their old manager; one team in six also the same senior colleague,
//     so they share both referees as a ring's personas do, and one in six
//     two of three (manager, senior colleague, skip-level manager), a
//     pool of three as a ring's;
//   - a popular referee: a professor or bootcamp mentor whom 8-20 new
//     graduates name.
//
// Members are honest applicants drawn at random, so they share nothing
// else; their other referee is their own. It draws from a stream of its
// own: everything else in the world is what it was without it.
func (w *world) buildRefereeGroups() {
	rates := w.cfg.Confounders
	if len(w.applicants) < 4 || (rates.FormerTeam <= 0 && rates.PopularReferee <= 0) {
		return
	}
	r := newRand(w.cfg.Seed, streamRefereeGroups)
	free := func() *person {
		for try := 0; try < 20; try++ {
			p := w.people[w.applicants[r.IntN(len(w.applicants))]]
			if p.refs == nil && p.ring < 0 {
				return p
			}
		}
		return nil
	}
	own := func(p *person) [2]reference { return ownReferences(w.cfg.Seed, p) }
	want := int(float64(len(w.applicants))*rates.FormerTeam + 0.5)
	for made := 0; made < want; {
		team := w.newFormerTeam()
		boss := [3]reference{newReference(r), newReference(r), newReference(r)}
		kind := r.IntN(6) // 0-3 the manager, 4 manager and senior, 5 two of three
		n := between(r, 2, 6)
		for k := 0; k < n; k++ {
			p := free()
			if p == nil {
				break
			}
			refs := own(p)
			slot := r.IntN(2)
			switch kind {
			case 4:
				refs[slot], refs[1-slot] = boss[0], boss[1]
			case 5:
				skip := r.IntN(3)
				refs[slot], refs[1-slot] = boss[(skip+1)%3], boss[(skip+2)%3]
			default:
				refs[slot] = boss[0]
			}
			p.refs = &refs
			p.tags.add(tagFormerTeam)
			w.teamOf[p.idx] = team
			made++
		}
	}
	if rates.PopularReferee > 0 {
		groups := max(1, int(float64(len(w.applicants))*rates.PopularReferee/14+0.5))
		for g := 0; g < groups; g++ {
			prof := newReference(r)
			n := between(r, 8, 20)
			for k := 0; k < n; k++ {
				p := free()
				if p == nil {
					break
				}
				refs := own(p)
				refs[r.IntN(2)] = prof
				p.refs = &refs
				p.tags.add(tagPopularReferee)
			}
		}
	}
}

// ownReferences are the two referees of a person who shares none, drawn
// from the person's own stream: the same on every application, and never
// held in memory for a million people.
func ownReferences(seed int64, p *person) [2]reference {
	rr := rand.New(rand.NewPCG(uint64(seed), uint64(p.idx)<<8|streamReferences))
	return [2]reference{newReference(rr), newReference(rr)}
}

// retype writes a shared referee as one applicant types them: the phone in
// any of the usual formats, the email's case as they remember it. Links
// key on normalised values, so these are the same referee.
func retype(r randSource, ref reference) reference {
	if !strings.HasPrefix(ref.phone, "+") || strings.HasPrefix(ref.phone, "+1") {
		var d []byte
		for _, c := range ref.phone {
			if c >= '0' && c <= '9' {
				d = append(d, byte(c))
			}
		}
		if len(d) == 11 && d[0] == '1' {
			d = d[1:]
		}
		if len(d) == 10 {
			ref.phone = formatDigits(r, string(d))
		}
	}
	switch r.IntN(4) {
	case 0:
		// Capitalised as a name: Jane.Doe77@gmail.com.
		local, domain, ok := strings.Cut(ref.email, "@")
		if ok {
			b := []rune(local)
			for i := range b {
				if i == 0 || !unicode.IsLetter(b[i-1]) {
					b[i] = unicode.ToUpper(b[i])
				}
			}
			ref.email = string(b) + "@" + domain
		}
	case 1:
		ref.email = strings.ToUpper(ref.email[:1]) + ref.email[1:]
	}
	return ref
}
