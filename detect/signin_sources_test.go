package detect

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/entra"
	"github.com/mosaic-sec/mosaic/gworkspace"
	"github.com/mosaic-sec/mosaic/ipinfo"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/okta"
)

// srcEvent is one sign-in, written below as Okta, Entra and Google
// Workspace would log it.
type srcEvent struct {
	who                  string // work email
	name                 string
	at                   string
	ip                   string
	city, state, subdiv  string // subdiv: the ISO 3166-2 code Google gives
	country, countryCode string // Okta's name, Entra's and Google's code
	lat, lon             float64
	ok                   bool
	device               string
}

const (
	srcDana = "dana.whitfield@northwind.example"
	srcLee  = "lee.chan@northwind.example"
	srcVPN  = "192.0.2.145"
	srcDev  = "0d3a6c1e-5b7f-4e21-9a0c-2f8e4b6d1c73"
)

// srcEvents: Dana signs in from home in Tempe, from Seoul four hours later
// (impossible travel), through a VPN, and in Korean business hours at night
// in Arizona; Lee shares her home address and her laptop.
var srcEvents = []srcEvent{
	{srcDana, "Dana Whitfield", "2026-03-02T16:05:11Z", "198.51.100.23", "Tempe", "Arizona", "US-AZ", "United States", "US", 33.4255, -111.94, true, srcDev},
	{srcDana, "Dana Whitfield", "2026-03-02T16:41:09Z", "203.0.113.77", "Seoul", "Seoul", "KR-11", "South Korea", "KR", 37.5665, 126.978, false, ""},
	{srcDana, "Dana Whitfield", "2026-03-02T20:00:00Z", "203.0.113.80", "Seoul", "Seoul", "KR-11", "South Korea", "KR", 37.5665, 126.978, true, ""},
	{srcDana, "Dana Whitfield", "2026-03-03T01:12:44Z", srcVPN, "Amsterdam", "North Holland", "NL-NH", "Netherlands", "NL", 52.3676, 4.9041, true, ""},
	{srcDana, "Dana Whitfield", "2026-03-03T04:30:00Z", "203.0.113.80", "Seoul", "Seoul", "KR-11", "South Korea", "KR", 37.5665, 126.978, true, ""},
	{srcDana, "Dana Whitfield", "2026-03-04T04:45:00Z", "203.0.113.80", "Seoul", "Seoul", "KR-11", "South Korea", "KR", 37.5665, 126.978, true, ""},
	{srcDana, "Dana Whitfield", "2026-03-04T16:00:00Z", "198.51.100.23", "Tempe", "Arizona", "US-AZ", "United States", "US", 33.4255, -111.94, true, srcDev},
	{srcLee, "Lee Chan", "2026-03-03T17:00:00Z", "198.51.100.23", "Tempe", "Arizona", "US-AZ", "United States", "US", 33.4255, -111.94, true, srcDev},
	{srcLee, "Lee Chan", "2026-03-04T17:30:00Z", "198.51.100.99", "Phoenix", "Arizona", "US-AZ", "United States", "US", 33.4484, -112.074, true, "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
}

func srcUUID(kind string, i int) string {
	return fmt.Sprintf("%08x-19c4-41f1-9b0e-%012x", len(kind), i)
}

// oktaEncoding: LogEvents as GET /api/v1/logs returns them, JSON lines.
func oktaEncoding() []byte {
	var out []byte
	for i, e := range srcEvents {
		result := "SUCCESS"
		if !e.ok {
			result = "FAILURE"
		}
		ev := map[string]any{
			"uuid": srcUUID("okta", i), "published": e.at, "eventType": "user.session.start", "version": "0",
			"actor":           map[string]any{"id": "00u1", "type": "User", "alternateId": e.who, "displayName": e.name},
			"client":          map[string]any{"ipAddress": e.ip, "userAgent": map[string]any{"rawUserAgent": "Mozilla/5.0"}, "geographicalContext": map[string]any{"city": e.city, "state": e.state, "country": e.country, "geolocation": map[string]any{"lat": e.lat, "lon": e.lon}}},
			"outcome":         map[string]any{"result": result},
			"securityContext": map[string]any{"isProxy": false},
			"debugContext":    map[string]any{"debugData": map[string]any{"deviceFingerprint": e.device}},
		}
		b, _ := json.Marshal(ev)
		out = append(append(out, b...), '\n')
	}
	return out
}

// entraEncoding: a Graph page of signIn objects, with a service principal's
// sign-in among them.
func entraEncoding() []byte {
	var value []any
	for i, e := range srcEvents {
		code := 0
		if !e.ok {
			code = 50126
		}
		value = append(value, map[string]any{
			"id": srcUUID("entra", i), "createdDateTime": e.at, "userPrincipalName": e.who, "userDisplayName": e.name,
			"ipAddress": e.ip, "isInteractive": true, "status": map[string]any{"errorCode": code},
			"deviceDetail": map[string]any{"deviceId": e.device, "operatingSystem": "Windows 10", "browser": "Edge 120.0.0"},
			"location":     map[string]any{"city": e.city, "state": e.state, "countryOrRegion": e.countryCode, "geoCoordinates": map[string]any{"latitude": e.lat, "longitude": e.lon}},
		})
	}
	value = append(value, map[string]any{
		"id": srcUUID("entra", 99), "createdDateTime": "2026-03-03T02:00:00Z", "ipAddress": "198.51.100.23",
		"signInEventTypes": []string{"servicePrincipal"}, "servicePrincipalId": "b029d485-a308-4311-8720-fb3192e5284e",
		"status": map[string]any{"errorCode": 0},
	})
	b, _ := json.MarshalIndent(map[string]any{"@odata.context": "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns", "value": value}, "", "  ")
	return b
}

// googleEncoding: a Reports API page of login activities.
func googleEncoding() []byte {
	var items []any
	for i, e := range srcEvents {
		name := "login_success"
		if !e.ok {
			name = "login_failure"
		}
		items = append(items, map[string]any{
			"kind":  "admin#reports#activity",
			"id":    map[string]any{"time": e.at, "uniqueQualifier": fmt.Sprint(1000 + i), "applicationName": "login", "customerId": "C03az79cb"},
			"actor": map[string]any{"callerType": "USER", "email": e.who}, "ipAddress": e.ip,
			"networkInfo": map[string]any{"regionCode": e.countryCode, "subdivisionCode": e.subdiv},
			"events":      []any{map[string]any{"type": "login", "name": name, "parameters": []any{map[string]any{"name": "login_type", "value": "google_password"}}}},
		})
	}
	b, _ := json.MarshalIndent(map[string]any{"kind": "admin#reports#activities", "items": items}, "", "  ")
	return b
}

// srcDataset keeps what a reader accepts.
type srcDataset struct {
	ds       *dataset.Dataset
	rejected int
}

func (d *srcDataset) Accept(r mosaic.Record) error { d.ds.Add(r); return nil }
func (d *srcDataset) AcceptMany(rs []mosaic.Record) error {
	for _, r := range rs {
		d.ds.Add(r)
	}
	return nil
}
func (d *srcDataset) Reject(mosaic.Reject) error { d.rejected++; return nil }

// srcSignInFacts reads one encoding with its reader, links it to the roster
// and returns each person's sign-in facts.
func srcSignInFacts(t *testing.T, x mosaic.Extractor, kind mosaic.Kind, data []byte) map[string]map[string]any {
	t.Helper()
	path := filepath.Join(t.TempDir(), "signins.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	d := &srcDataset{ds: dataset.New()}
	for _, e := range []mosaic.Employee{employee("E1", "", "Dana", "Whitfield", "Engineer"), employee("E2", "", "Lee", "Chan", "Engineer")} {
		e.WorkEmail = map[string]string{"E1": srcDana, "E2": srcLee}[e.ID]
		e.Address.City, e.Address.Region = "Tempe", "AZ"
		if e.ID == "E2" {
			e.Address.Line1 = "9 Elm Ave" // another home: Lee is someone else
		}
		d.ds.Add(e)
	}
	if err := x.Extract(context.Background(), mosaic.File{Path: string(kind) + "/signins.json", Abs: path, Kind: kind}, d); err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	if d.rejected != 0 || d.ds.SignIns.Len() != len(srcEvents) {
		t.Fatalf("%s: %d sign-ins kept, %d rejected; want %d and none", kind, d.ds.SignIns.Len(), d.rejected, len(srcEvents))
	}
	ip := func(addr string) ipinfo.Info {
		if addr == srcVPN {
			return ipinfo.Info{VPN: true, Known: true}
		}
		return ipinfo.Info{}
	}
	f, err := NewFacts(context.Background(), link.Build(d.ds), Options{IP: ip, Now: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, key := range []string{"S-E1", "S-E2"} {
		out[key] = f.signins[subjectIndex(t, f, key)]
	}
	return out
}

// TestSignInFactsSameAcrossSources: one person's sign-ins logged by Okta,
// Entra and Google Workspace give the same sign-in facts. Okta names
// countries and Entra and Google give ISO codes; Okta and Entra name
// states and Google gives ISO 3166-2 codes. Google logs no coordinates and
// no device id, so impossible travel and shared devices are the two facts
// it cannot give; they are checked to be missing, not wrong.
func TestSignInFactsSameAcrossSources(t *testing.T) {
	oktaFacts := srcSignInFacts(t, okta.New(nil), mosaic.KindOkta, oktaEncoding())
	entraFacts := srcSignInFacts(t, entra.New(nil), mosaic.KindEntra, entraEncoding())
	googleFacts := srcSignInFacts(t, gworkspace.New(nil), mosaic.KindGoogleWorkspace, googleEncoding())

	dana := oktaFacts["S-E1"]
	// The scenario shows what it should, or the comparison proves little.
	for k, want := range map[string]any{
		"total": int64(7), "success": int64(6), "proxy_count": int64(1), "impossible_travel": int64(1),
		"shared_ip_employees": int64(1), "shared_fingerprint_accounts": int64(1),
		"countries": []any{"KR", "US"}, "undeclared_countries": []any{"KR"}, "far_from_home_days": int64(3),
	} {
		if !reflect.DeepEqual(dana[k], want) {
			t.Errorf("Okta %s = %v, want %v", k, dana[k], want)
		}
	}
	if share := dana["asia_hours_share"].(float64); share <= 0 {
		t.Errorf("Okta asia_hours_share = %v", share)
	}

	for _, key := range []string{"S-E1", "S-E2"} {
		if !reflect.DeepEqual(oktaFacts[key], entraFacts[key]) {
			t.Errorf("%s: Entra facts differ from Okta's\n okta  %v\n entra %v", key, oktaFacts[key], entraFacts[key])
		}
		g := map[string]any{}
		for k, v := range googleFacts[key] {
			g[k] = v
		}
		o := map[string]any{}
		for k, v := range oktaFacts[key] {
			o[k] = v
		}
		for k, v := range g {
			if k != "impossible_travel" && !strings.HasPrefix(k, "shared_fingerprint") {
				continue
			}
			if v != int64(0) && !reflect.DeepEqual(v, []any{}) {
				t.Errorf("%s: Google %s = %v; it has no coordinates or device ids to show it", key, k, v)
			}
			delete(g, k)
			delete(o, k)
		}
		if !reflect.DeepEqual(o, g) {
			t.Errorf("%s: Google facts differ from Okta's\n okta   %v\n google %v", key, o, g)
		}
	}
}
