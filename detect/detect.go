// Package detect computes what the detection rules read: per application,
// note, shipment, payroll event and person, the facts of rules/SCHEMA.md
// (shared identifiers, near-duplicate attachments, IP enrichment, sign-in
// and endpoint profiles, clusters). Heavy, stateful work happens here in Go;
// the rules themselves are data (package rules), and every signal names its
// rule, explains itself and points at its evidence rows.
package detect

import (
	"github.com/mosaic-sec/mosaic/link"
)

func sameHome(g *link.Graph, i, j int) bool {
	a, b := g.Keys.AppAddress[i], g.Keys.AppAddress[j]
	return a != "" && a == b
}

// bothAgency reports whether two applications both came through a staffing
// agency or recruiter, by the linker's own test: such sharers of a phone are
// its switchboard.
func bothAgency(a, b string) bool { return link.ViaAgency(a) && link.ViaAgency(b) }
