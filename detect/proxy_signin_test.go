package detect

import (
	"fmt"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

func signin(actor string, n int, proxy mosaic.Tristate) mosaic.SignIn {
	return mosaic.SignIn{
		ID: fmt.Sprintf("%s-%d", actor, n), Published: t0.Add(time.Duration(n) * time.Hour), Actor: actor,
		EventType: "user.session.start", Outcome: "SUCCESS", IsProxy: proxy, ASOrg: "datacamp limited",
		Origin: mosaic.Origin{File: "okta/log.jsonl", Line: n + 1, EventID: fmt.Sprintf("%s-%d", actor, n)},
	}
}

func TestAnonymizingSignIn(t *testing.T) {
	d := anonymizingSignIn{}
	emp := employee("E1", "", "ann", "Lee", "Engineer")
	t.Run("most sign-ins proxied: fires strongly", func(t *testing.T) {
		recs := []mosaic.Record{emp}
		for i := 0; i < 10; i++ {
			p := mosaic.True
			if i < 2 {
				p = mosaic.False
			}
			recs = append(recs, signin("ann@corp.example", i, p))
		}
		got := run(t, d, recs...)
		if s := got["S-E1"]; len(s) != 1 || s[0].Weight < 6 {
			t.Fatalf("want a strong signal, got %+v", s)
		}
	})
	t.Run("an occasional consumer VPN: weak", func(t *testing.T) {
		recs := []mosaic.Record{emp}
		for i := 0; i < 20; i++ {
			p := mosaic.False
			if i == 3 {
				p = mosaic.True
			}
			recs = append(recs, signin("ann@corp.example", i, p))
		}
		got := run(t, d, recs...)
		if s := got["S-E1"]; len(s) != 1 || s[0].Weight > 2 {
			t.Fatalf("want one weak signal, got %+v", s)
		}
	})
	t.Run("no proxy, or unknown: quiet", func(t *testing.T) {
		got := run(t, d, emp, signin("ann@corp.example", 1, mosaic.False), signin("ann@corp.example", 2, mosaic.Unknown))
		if len(got) != 0 {
			t.Fatalf("flagged: %v", got)
		}
	})
}
