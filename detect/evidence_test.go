package detect

import (
	"slices"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/rules"
)

func TestFactsReadFindsEveryVariablePath(t *testing.T) {
	got := factsRead(`${join(subject.devices.ipkvm, ', ')} ${subject.devices.?remote_access_days_after_hire.orValue(1.0)}
	  ${app.ip.address} ${has(app.profile_url) ? app.profile_url : ''} subject . signins . shared_ips`)
	want := []string{"subject.devices.ipkvm", "subject.devices.remote_access_days_after_hire",
		"app.ip.address", "app.profile_url", "subject.signins.shared_ips"}
	if !slices.Equal(got, want) {
		t.Errorf("factsRead = %q, want %q", got, want)
	}
}

// A record rule cites the column of the value its explanation shows, leaves
// out an empty one, and falls back to the condition's, then to the row's id.
func TestRecordEvidenceCitesTheColumnShown(t *testing.T) {
	o := mosaic.Origin{File: "shipments.csv", Line: 7}
	vars := map[string]any{"shipment": map[string]any{"asset_tag": "AT-1", "reason": ""}}
	cases := []struct {
		name string
		rule rules.Rule
		want []string
	}{
		{"shown", rules.Rule{Explanation: "Laptop ${shipment.asset_tag} (${shipment.reason})", Condition: "shipment.change_requested"}, []string{"asset_tag"}},
		{"tested", rules.Rule{Explanation: "${string(shipment.hours_change_before_ship)} hours", Condition: "shipment.asset_tag != ''"}, []string{"asset_tag"}},
		{"the row", rules.Rule{Explanation: "Changed", Condition: "shipment.change_requested"}, []string{"shipment_id"}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range recordEvidence(o, rules.ScopeShipment, vars, pathsOf(&c.rule), nil) {
			if e.File != o.File || e.Line != o.Line {
				t.Errorf("%s: cites %s:%d, not the record", c.name, e.File, e.Line)
			}
			got = append(got, e.Field)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: fields %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAndList(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a and b"}, {[]string{"a", "b", "c"}, "a, b and c"}} {
		if got := andList(c.in); got != c.want {
			t.Errorf("andList(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
