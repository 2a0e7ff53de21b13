package ipinfo

import "testing"

func TestOrgHint(t *testing.T) {
	tests := []struct {
		org  string
		want providerKind
	}{
		{"", 0},
		{"Comcast Cable Communications, LLC", 0},
		{"Deutsche Telekom AG", 0},
		{"IVPN Limited", vpn},
		{"FastVPN Ltd", vpn},
		{"Red-Proxy, LLC", vpn},
		{"HAProxy Technologies, Inc.", 0}, // "proxy" only as a word
		{"Example Webhosting GmbH", hosting},
		{"Acme Data Center Ltd", hosting},
		{"Acme Datacentre", hosting},
		{"Example Cloud Services", hosting},
		{"SoundCloud Ltd", 0}, // "cloud" only as a word
		{"Best VPS s.r.o.", hosting},
		{"Acme Colo", hosting},
		{"Servers.com, Inc.", hosting},
		{"VPN hosting", vpn}, // vpn wins over hosting
		{"ÖKO CLOUD GmbH", hosting},
	}
	for _, tt := range tests {
		if got := orgHint(tt.org); got != tt.want {
			t.Errorf("orgHint(%q) = %d, want %d", tt.org, got, tt.want)
		}
	}
}

func TestClassifyASN(t *testing.T) {
	if c := classifyASN(16509, orgHint("Amazon.com, Inc.")); !c.hosting || c.vpn || c.weak || c.source != SourceASNList {
		t.Errorf("AWS = %+v", c)
	}
	if c := classifyASN(147049, orgHint("PacketHub S.A.")); c.hosting || !c.vpn || c.weak {
		t.Errorf("PacketHub = %+v", c)
	}
	// The hand-written table beats the name: Proton's org has no hint word.
	if c := classifyASN(208172, orgHint("Proton AG")); !c.vpn {
		t.Errorf("Proton = %+v", c)
	}
	if c := classifyASN(4200000001, orgHint("Tiny Cloud Hosting")); !c.hosting || !c.weak || c.source != SourceOrgName {
		t.Errorf("name-only hosting = %+v", c)
	}
	if c := classifyASN(7922, orgHint("Comcast Cable Communications, LLC")); c != (asnClass{}) {
		t.Errorf("Comcast = %+v", c)
	}
}

// TestProviderTableKinds keeps the table's rows to the three kinds.
func TestProviderTableKinds(t *testing.T) {
	for asn, p := range providerASNs {
		if p.kind != hosting && p.kind != vpn && p.kind != carrier || p.name == "" || asn == 0 {
			t.Errorf("providerASNs[%d] = %+v", asn, p)
		}
	}
}

// Mobile carriers are neither hosting nor VPN: a sign-in from a phone is a
// person, only one whose address is shared.
func TestCarriersAreMobileNotAnonymous(t *testing.T) {
	for _, asn := range []uint32{21928, 6167, 20057} {
		c := classifyASN(asn, 0)
		if !c.mobile || c.hosting || c.vpn || c.weak {
			t.Errorf("ASN %d = %+v, want mobile only", asn, c)
		}
	}
	if c := classifyASN(7922, orgHint("Comcast Cable Communications, LLC")); c.mobile {
		t.Errorf("Comcast is not a mobile carrier: %+v", c)
	}
}
