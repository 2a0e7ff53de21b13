package eval

import "math"

// group is where the report puts a subject: a cluster (index >= 0) or, for a
// subject in no cluster, a group of its own (-1 - subject index). People
// merged into one subject are grouped together all the same.
type group int

const noGroup group = math.MinInt

func (g group) isCluster() bool { return g >= 0 }

// before orders groups for deterministic tie-breaks: clusters first, in
// order of appearance, then lone subjects in report order.
func (g group) before(h group) bool {
	if g.isCluster() != h.isCluster() {
		return g.isCluster()
	}
	if g.isCluster() {
		return g < h
	}
	return g > h
}

// clusterMembership numbers the clusters and returns a subject's group: the
// cluster of its own cluster_id, or else the cluster whose subject_ids name
// it, or else a group of its own.
func (x *index) clusterMembership() func(subject int) group {
	r := x.report
	number := map[string]group{}
	named := func(id string) group {
		g, ok := number[id]
		if !ok {
			g = group(len(x.clusters))
			number[id] = g
			x.clusters = append(x.clusters, id)
			x.clusterSubjects = append(x.clusterSubjects, nil)
		}
		return g
	}
	listed := map[string]group{}
	for _, c := range r.Clusters {
		if c.ID == "" {
			continue
		}
		g := named(c.ID)
		for _, sid := range c.SubjectIDs {
			if _, dup := listed[sid]; !dup {
				listed[sid] = g
			}
		}
	}
	return func(si int) group {
		s := &r.Subjects[si]
		if s.ClusterID != nil && *s.ClusterID != "" {
			return named(*s.ClusterID)
		}
		if g, ok := listed[s.ID]; ok {
			return g
		}
		return group(-1 - si)
	}
}

// groupSubjects lists the subjects of a group.
func (x *index) groupSubjects(g group) []int {
	if g.isCluster() {
		return x.clusterSubjects[g]
	}
	return []int{int(-1 - g)}
}
