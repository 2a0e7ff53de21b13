package connector_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic/connector"
)

// FuzzNextLink parses arbitrary Link headers (RFC 8288) as the connectors
// do for every page: no panic, the next link found is one of the header's
// <...> targets, and SameOrigin never calls a link on another host the
// same origin.
func FuzzNextLink(f *testing.F) {
	f.Add(`<https://example.okta.com/api/v1/logs?after=1>; rel="next"`, "https://example.okta.com/api/v1/logs")
	f.Add(`<https://a/x?y=1,2>; rel="self", <https://a/z>; rel="prev next"`, "https://a")
	f.Add(`<https://evil.example/>; rel=next, <https://a/>; rel="next"`, "https://a/")
	f.Add(`<;rel="next",">,<https://a>;rel=next`, "HTTPS://A")
	f.Add(`<https://a@evil/>; rel="next"`, "https://a")
	f.Fuzz(func(t *testing.T, link, base string) {
		h := http.Header{}
		for _, v := range strings.Split(link, "\n") {
			h.Add("Link", v)
		}
		next := connector.NextLink(h)
		if next != "" && !strings.Contains(link, "<"+next+">") {
			t.Fatalf("next link %q is not a <target> of %q", next, link)
		}
		if connector.SameOrigin(base, next) && next != "" {
			if !connector.SameOrigin(next, base) {
				t.Fatalf("SameOrigin is not symmetric for %q and %q", base, next)
			}
		}
	})
}
