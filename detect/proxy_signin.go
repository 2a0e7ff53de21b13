package detect

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// anonymizingSignIn fires when a person signs in through anonymising
// proxies or VPNs, as the identity provider flags them (Okta
// securityContext.isProxy). Many honest people use a consumer VPN now and
// then, so the weight grows with the share of sign-ins that are proxied.
type anonymizingSignIn struct{}

func (anonymizingSignIn) Rule() Rule {
	return Rule{
		ID:          "network.signin_anonymizing_proxy",
		Title:       "Signs in through anonymising proxies",
		Description: "Successful sign-ins that the identity provider marks as coming through an anonymising proxy or VPN (Okta securityContext.isProxy).",
		Silo:        mosaic.SiloNetwork,
		Severity:    "low",
		Weight:      2,
		References: []string{
			"FBI, State, Treasury advisory on DPRK IT workers (May 2022): VPNs and VPS to hide location",
			"Okta Security: North Korean IT workers, sign-in anomalies (2025)",
		},
		FalsePositives: []string{"people who use a consumer VPN for privacy (weight grows with the share of proxied sign-ins)"},
	}
}

func (anonymizingSignIn) Detect(ctx context.Context, in *Input, emit func(mosaic.Signal)) error {
	g := in.Graph
	ds := g.DS
	for si, s := range g.Subjects {
		total, proxied := 0, 0
		var first time.Time
		var ev []mosaic.Evidence
		orgs := map[string]int{}
		for _, i := range s.SignIns {
			e := ds.SignIns[i]
			if e.Outcome != "" && !strings.EqualFold(e.Outcome, "SUCCESS") && !strings.EqualFold(e.Outcome, "ALLOW") {
				continue
			}
			total++
			if e.IsProxy != mosaic.True {
				continue
			}
			proxied++
			if first.IsZero() || e.Published.Before(first) {
				first = e.Published
			}
			if len(ev) < 5 {
				ev = append(ev, mosaic.Evidence{File: e.Origin.File, Line: e.Origin.Line, EventID: e.ID, Field: "securityContext.isProxy"})
			}
			if e.ASOrg != "" {
				orgs[e.ASOrg]++
			}
		}
		if proxied == 0 {
			continue
		}
		share := float64(proxied) / float64(total)
		weight := 2.0
		switch {
		case share >= 0.5:
			weight = 6
		case share >= 0.2:
			weight = 3
		}
		emit(mosaic.Signal{
			Subject: g.Subjects[si].Key,
			Key:     "proxy",
			At:      first,
			Weight:  weight,
			Explanation: fmt.Sprintf("%d of %d sign-ins (%.0f%%) came through anonymising proxies%s",
				proxied, total, share*100, topOrgs(orgs)),
			Evidence: ev,
		})
	}
	return nil
}

func topOrgs(orgs map[string]int) string {
	if len(orgs) == 0 {
		return ""
	}
	names := make([]string, 0, len(orgs))
	for n := range orgs {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if orgs[names[i]] != orgs[names[j]] {
			return orgs[names[i]] > orgs[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > 3 {
		names = names[:3]
	}
	return " (" + strings.Join(names, ", ") + ")"
}
