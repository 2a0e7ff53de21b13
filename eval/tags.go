package eval

import "sort"

// TagCount says how many of the people carrying a truth tag were flagged.
// For honest people a tag names a benign coincidence (household, traveler,
// consumer_vpn, ...), so it explains false positives; for fraud people it
// names a technique, so it shows which techniques get caught.
type TagCount struct {
	Tag     string  `json:"tag"`
	Flagged int     `json:"flagged"`
	Total   int     `json:"total"`
	Share   float64 `json:"share"` // Flagged / Total
}

// tagCounter accumulates TagCounts.
type tagCounter map[string]*TagCount

func (t tagCounter) add(tags []string, flagged bool) {
	seen := make(map[string]bool, len(tags))
	for _, tag := range tags {
		if seen[tag] {
			continue
		}
		seen[tag] = true
		c := t[tag]
		if c == nil {
			c = &TagCount{Tag: tag}
			t[tag] = c
		}
		c.Total++
		if flagged {
			c.Flagged++
		}
	}
}

// list returns the counts, most flagged first, then by tag.
func (t tagCounter) list() []TagCount {
	out := make([]TagCount, 0, len(t))
	for _, c := range t {
		c.Share = ratio(c.Flagged, c.Total)
		out = append(out, *c)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Flagged != out[b].Flagged {
			return out[a].Flagged > out[b].Flagged
		}
		return out[a].Tag < out[b].Tag
	})
	return out
}
