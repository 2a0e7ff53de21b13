package detect

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// LateChangeWindow is how close to shipping an address change counts as
// late: facilitators ask for the new address after the offer, days before
// the laptop leaves.
const LateChangeWindow = 7 * 24 * time.Hour

// lateShipAddressChange fires when a laptop's ship-to address was changed
// shortly before it shipped, to an address that is not the employee's home
// address on file (nor any address they applied with).
type lateShipAddressChange struct{}

func (lateShipAddressChange) Rule() Rule {
	return Rule{
		ID:          "onboarding.late_ship_address_change",
		Title:       "Laptop redirected to an address not on file",
		Description: "The ship-to address of a company laptop was changed within seven days before shipping, to an address that matches none the person gave HR or the ATS.",
		Silo:        mosaic.SiloOnboarding,
		Severity:    "high",
		Weight:      8,
		References: []string{
			"FBI PSA I-012325-PSA: North Korean IT workers conducting data extortion (January 2025): laptop farms",
			"US DOJ, United States v. Christina Chapman (2024): laptop farm in Arizona",
			"Mandiant, UNC5267 (2024): laptops shipped to facilitators",
		},
		FalsePositives: []string{
			"an employee who really moved shortly before start and whose HR address was not yet updated",
		},
	}
}

func (lateShipAddressChange) Detect(ctx context.Context, in *Input, emit func(mosaic.Signal)) error {
	g := in.Graph
	ds := g.DS
	for si, s := range g.Subjects {
		if len(s.Shipments) == 0 {
			continue
		}
		known := map[string]bool{}
		for _, i := range s.Employees {
			if k := g.Keys.EmpAddress[i]; k != "" {
				known[k] = true
			}
		}
		for _, i := range s.Apps {
			if k := g.Keys.AppAddress[i]; k != "" {
				known[k] = true
			}
		}
		for _, i := range s.Shipments {
			sh := ds.Shipments[i]
			to := g.Keys.ShipTo[i]
			if sh.AddressChangeRequestedAt.IsZero() || to == "" || known[to] {
				continue
			}
			shipped := sh.ShippedAt
			if shipped.IsZero() {
				shipped = sh.DeliveredAt
			}
			if !shipped.IsZero() && shipped.Sub(sh.AddressChangeRequestedAt) > LateChangeWindow {
				continue
			}
			when := "before it shipped"
			if !shipped.IsZero() {
				when = fmt.Sprintf("%s before it shipped", humanDuration(shipped.Sub(sh.AddressChangeRequestedAt)))
			}
			city := strings.TrimSpace(strings.Join(nonEmpty(sh.ShipTo.City, sh.ShipTo.Region), ", "))
			reason := ""
			if r := strings.TrimSpace(sh.AddressChangeReason); r != "" {
				reason = fmt.Sprintf(" (reason given: %q)", truncate(r, 60))
			}
			emit(mosaic.Signal{
				Subject: g.Subjects[si].Key,
				Key:     sh.ID,
				At:      sh.AddressChangeRequestedAt,
				Weight:  8,
				Explanation: fmt.Sprintf("laptop %s was redirected %s to an address in %s that is not on file%s",
					firstNonEmpty(sh.AssetTag, sh.SerialNumber, sh.ID), when, orUnknown(city), reason),
				Evidence: []mosaic.Evidence{mosaic.EvidenceFrom(sh.Origin, "address_change_requested_at")},
			})
		}
	}
	return nil
}

func humanDuration(d time.Duration) string {
	switch {
	case d < 0:
		return "after it shipped,"
	case d < 2*time.Hour:
		return "an hour"
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	default:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, strings.TrimSpace(x))
		}
	}
	return out
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown place"
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
