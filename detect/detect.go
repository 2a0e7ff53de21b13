// Package detect computes what the detection rules read: per application,
// note, shipment, payroll event and person, the facts of rules/SCHEMA.md
// (shared identifiers, near-duplicate attachments, IP enrichment, sign-in
// and endpoint profiles, clusters). Heavy, stateful work happens here in Go;
// the rules themselves are data (package rules), and every signal names its
// rule, explains itself and points at its evidence rows.
package detect

import (
	"strings"

	"github.com/mosaic-sec/mosaic/link"
)

func sameHome(g *link.Graph, i, j int) bool {
	a, b := g.Keys.AppAddress[i], g.Keys.AppAddress[j]
	return a != "" && a == b
}

func bothAgency(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), "agency") && strings.EqualFold(strings.TrimSpace(b), "agency")
}
