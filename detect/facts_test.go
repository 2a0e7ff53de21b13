package detect

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/ipinfo"
	"github.com/mosaic-sec/mosaic/link"
)

func TestPhoneSharesCountPeopleNotHouseholdsOrAgencies(t *testing.T) {
	a1 := app("A1", "C1", "Ann", "Lee", "(602) 555-0143", "1 Oak St")
	a2 := app("A2", "C2", "Bob", "Ray", "+1 602 555 0143", "9 Elm Ave")
	a3 := app("A3", "C2", "Bob", "Ray", "+1 602 555 0143", "9 Elm Ave") // Bob again
	h1 := app("A4", "C4", "Sam", "Kim", "(480) 555-0100", "5 Pine Rd")
	h2 := app("A5", "C5", "Jo", "Kim", "480-555-0100", "5 Pine Road") // same household
	g1 := app("A6", "C6", "Al", "Fox", "(800) 555-0199", "7 Ash St")
	g2 := app("A7", "C7", "Di", "Orr", "(800) 555-0199", "8 Fir St")
	g1.Source, g2.Source = "agency", "agency"
	f := facts(t, a1, a2, a3, h1, h2, g1, g2)
	for i, want := range []int{1, 1, 1, 0, 0, 0, 0} {
		if got := f.phonePeople[i]; got != want {
			t.Errorf("%s: phone shared with %d people, want %d", f.g.DS.Applications[i].ID, got, want)
		}
	}
	v := f.applicationVars(0, nil)
	if v["phone_shared_with"].(int64) != 1 || len(v["phone_sharers"].([]any)) != 2 {
		t.Errorf("vars: %v %v", v["phone_shared_with"], v["phone_sharers"])
	}
}

func shipment(emp string, to mosaic.Address, changed time.Time) mosaic.Shipment {
	return mosaic.Shipment{
		ID: "S-" + emp, EmployeeID: emp, AssetTag: "AT-1", ShipTo: to, ShipToName: "Someone Else",
		ShippedAt: t0.Add(72 * time.Hour), AddressChangeRequestedAt: changed,
		Origin: mosaic.Origin{File: "shipments.csv", Line: 2},
	}
}

func TestShipmentFacts(t *testing.T) {
	farm := mosaic.Address{Line1: "77 Farm Rd", City: "Tempe", Region: "AZ", PostalCode: "85281", Country: "US"}
	e1 := employee("E1", "", "Ann", "Lee", "Engineer")
	e2 := employee("E2", "", "Bob", "Ray", "Engineer")
	e2.WorkEmail = "bob@corp.example"
	e2.Address.Line1 = "2 Other St"
	s1 := shipment("E1", farm, t0.Add(24*time.Hour))
	s2 := shipment("E2", farm, time.Time{})
	f := facts(t, e1, e2, s1, s2)
	si := subjectIndex(t, f, "S-E1")
	v := f.shipmentVars(0, si)
	if v["employees_at_address"].(int64) != 2 || v["to_known_address"].(bool) || !v["change_requested"].(bool) {
		t.Fatalf("shipment vars: %v", v)
	}
	if h := v["hours_change_before_ship"].(float64); h != 48 {
		t.Fatalf("hours before ship %v", h)
	}
	if v["ship_to_name_matches"].(bool) {
		t.Fatal("Someone Else is not Ann Lee")
	}
	if !sameName("Lee, Ann", "Ann", "Lee") || !sameName("Ann M. Lee", "Ann", "Lee") || !sameName("ann lee c/o Mark", "Ann", "Lee") {
		t.Fatal("name variants not recognised")
	}
}

func signin(actor string, n int, at time.Time, ip string, proxy mosaic.Tristate) mosaic.SignIn {
	return mosaic.SignIn{
		ID: fmt.Sprintf("%s-%d", actor, n), Published: at, Actor: actor, IP: ip,
		EventType: "user.session.start", Outcome: "SUCCESS", IsProxy: proxy,
		Origin: mosaic.Origin{File: "okta/log.jsonl", Line: n + 1, EventID: fmt.Sprintf("%s-%d", actor, n)},
	}
}

func TestSignInFacts(t *testing.T) {
	e := employee("E1", "", "ann", "Lee", "Engineer") // declared America/Phoenix (UTC-7)
	recs := []mosaic.Record{e}
	// Ten weekdays at 10:00 KST (01:00 UTC, 18:00 Phoenix the day before... 01:00 UTC = 18:00 MST): not asia-only.
	// Twenty weekdays at 11:00 KST = 02:00 UTC = 19:00 MST: still waking. Use 14:00 KST = 05:00 UTC = 22:00 MST.
	day := time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC) // Monday 14:00 KST
	for i := 0; i < 10; i++ {
		p := mosaic.False
		if i%2 == 0 {
			p = mosaic.True
		}
		recs = append(recs, signin("ann@corp.example", i, day.AddDate(0, 0, i%5), "203.0.113.7", p))
	}
	f := facts(t, recs...)
	v := f.signins[subjectIndex(t, f, "S-E1")]
	if v["proxy_share"].(float64) != 0.5 || v["asia_hours_share"].(float64) != 1 {
		t.Fatalf("sign-in facts: %v", v)
	}
	if v["declared_zone_consistent"].(bool) {
		t.Fatal("a working day centred at 05:00 UTC is not a Phoenix working day")
	}
}

func TestSharedResidentialIP(t *testing.T) {
	a := employee("E1", "", "ann", "Lee", "Engineer")
	b := employee("E2", "", "bob", "Ray", "Engineer")
	recs := []mosaic.Record{a, b}
	for i := 0; i < 3; i++ {
		recs = append(recs, signin("ann@corp.example", i, t0.Add(time.Duration(i)*time.Hour), "198.51.100.9", mosaic.False))
		recs = append(recs, signin("bob@corp.example", 10+i, t0.Add(time.Duration(i)*time.Hour), "198.51.100.9", mosaic.False))
	}
	f := facts(t, recs...)
	if n := f.signins[subjectIndex(t, f, "S-E1")]["shared_ip_employees"].(int64); n != 1 {
		t.Fatalf("shared ip employees = %d", n)
	}
}

func TestDeviceFacts(t *testing.T) {
	e := employee("E1", "", "Ann", "Lee", "Backend Engineer")
	ship := mosaic.Shipment{ID: "S1", EmployeeID: "E1", Hostname: "LT-1"}
	row := func(q string, cols map[string]string, n int) mosaic.HostRow {
		return mosaic.HostRow{Query: q, Hostname: "LT-1", Time: t0.Add(48 * time.Hour), Action: "added", Columns: cols,
			Origin: mosaic.Origin{File: "osquery/r.log", Line: n, EventID: fmt.Sprint(n)}}
	}
	f := facts(t, e, ship,
		row("programs", map[string]string{"name": "AnyDesk"}, 1),
		row("programs", map[string]string{"name": "RustDesk"}, 2),
		row("programs", map[string]string{"name": "Mouse Jiggler"}, 3),
		row("usb_devices", map[string]string{"vendor_id": "1d6b", "model_id": "0104", "vendor": "Linux Foundation", "model": "Multifunction Composite Gadget"}, 4),
		row("time_zone", map[string]string{"time_zone_key_name": "Korea Standard Time"}, 5),
		row("keyboard_layouts", map[string]string{"data": "00000412"}, 6),
	)
	v := f.devices[subjectIndex(t, f, "S-E1")]
	if v["remote_access_count"].(int64) != 2 || len(v["ipkvm"].([]any)) != 1 || len(v["keep_awake"].([]any)) != 1 {
		t.Fatalf("device facts: %v", v)
	}
	if !v["device_timezone_mismatch"].(bool) {
		t.Fatal("Korea Standard Time on a Phoenix employee's laptop is a mismatch")
	}
	if d := v["remote_access_days_after_hire"].(float64); d != 2 {
		t.Fatalf("days after hire %v", d)
	}
}

func TestDeviceOffsets(t *testing.T) {
	for tz, want := range map[string]float64{"Pacific Standard Time": -8, "Korea Standard Time": 9, "KST": 9, "Asia/Shanghai": 8, "India Standard Time": 5.5} {
		if got, ok := deviceOffset(tz); !ok || got != want {
			t.Errorf("%s: %v %v, want %v", tz, got, ok, want)
		}
	}
	if _, ok := deviceOffset("CST"); ok {
		t.Error("CST is ambiguous and must not be guessed")
	}
}

func TestCountryCodes(t *testing.T) {
	for name, want := range map[string]string{"United States": "US", "South Korea": "KR", "China": "CN", "Germany": "DE", "us": "US", "": ""} {
		if got := countryCode(name); got != want {
			t.Errorf("%q -> %q, want %q", name, got, want)
		}
	}
}

// TestProfileUnderAnotherNameNotARenamedPerson: a profile given under an
// unrelated name counts; the same given name under another surname (a
// married name, the old handle kept) does not.
func TestProfileUnderAnotherNameNotARenamedPerson(t *testing.T) {
	withProfile := func(a mosaic.Application, url string) mosaic.Application { a.GitHubURL = url; return a }
	owner := withProfile(app("A1", "C1", "Adriana", "Romero", "(602) 555-0143", "1 Oak St"), "https://github.com/adriana-romero")
	renamed := withProfile(app("A2", "C2", "Adriana", "Hayes", "(303) 555-0117", "9 Elm Ave"), "github.com/adriana-romero")
	persona := withProfile(app("A3", "C3", "Kevin", "Park", "(212) 555-0190", "4 Ash St"), "github.com/Adriana-Romero/")
	f := facts(t, owner, renamed, persona)
	for i, want := range []int{1, 1, 2} {
		if got := len(f.profileShare[i]); got != want {
			t.Errorf("%s: profile shared under another name with %v, want %d", f.g.DS.Applications[i].ID, f.profileShare[i], want)
		}
	}
}

// TestMovedBeforeTheLaptopShipped: a person who had the laptop shipped to
// their new home in Seattle and works from there is consistent with what
// they told the company: Pacific time on the laptop is not a mismatch.
func TestMovedBeforeTheLaptopShipped(t *testing.T) {
	e := employee("E1", "", "Ann", "Lee", "Backend Engineer")
	seattle := mosaic.Address{Line1: "9 Pine St", City: "Seattle", Region: "WA", PostalCode: "98101", Country: "US"}
	ship := shipment("E1", seattle, t0.Add(24*time.Hour))
	ship.Hostname = "LT-1"
	row := mosaic.HostRow{Query: "time_zone", Hostname: "LT-1", Time: t0.Add(48 * time.Hour), Action: "added",
		Columns: map[string]string{"time_zone_key_name": "Pacific Standard Time"}, Origin: mosaic.Origin{EventID: "1"}}
	f := facts(t, e, ship, row)
	si := subjectIndex(t, f, "S-E1")
	if f.devices[si]["device_timezone_mismatch"].(bool) {
		t.Fatal("the laptop keeps the time of the place it was shipped to")
	}
	if home := f.homeRegions(si); !home.matches("US", "Washington") || home.matches("US", "Texas") {
		t.Fatalf("home regions %v: want the home on file and the ship-to state", home)
	}
}

// TestCarrierNATIsNotASharedHome: two employees on one mobile carrier meet
// at its carrier-grade NAT addresses by chance; that is not a shared home,
// and the carrier's geolocation does not make impossible travel.
func TestCarrierNATIsNotASharedHome(t *testing.T) {
	a := employee("E1", "", "ann", "Lee", "Engineer")
	b := employee("E2", "", "bob", "Ray", "Engineer")
	recs := []mosaic.Record{a, b}
	for i := 0; i < 3; i++ {
		ev := signin("ann@corp.example", i, t0.Add(time.Duration(i)*time.Minute), "172.58.10.20", mosaic.False)
		// The carrier places the same subscriber in Seattle, then Miami.
		ev.HasGeo, ev.Lat, ev.Lon = true, 47.6+float64(i%2)*(25.8-47.6), -122.3+float64(i%2)*(-80.2+122.3)
		recs = append(recs, ev)
		recs = append(recs, signin("bob@corp.example", 10+i, t0.Add(time.Duration(i)*time.Hour), "172.58.10.20", mosaic.False))
	}
	ds := dataset.New()
	for _, r := range recs {
		ds.Add(r)
	}
	carrier := func(ip string) ipinfo.Info {
		return ipinfo.Info{Country: "US", ASN: 21928, Mobile: ip == "172.58.10.20", Known: true}
	}
	f, err := NewFacts(context.Background(), link.Build(ds), Options{Now: t0, IP: carrier})
	if err != nil {
		t.Fatal(err)
	}
	v := f.signins[subjectIndex(t, f, "S-E1")]
	if n := v["shared_ip_employees"].(int64); n != 0 {
		t.Fatalf("a carrier address counted as a shared home: %d others", n)
	}
	if n := v["impossible_travel"].(int64); n != 0 {
		t.Fatalf("carrier geolocation made %d impossible journeys", n)
	}
}
