package detect

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/entra"
	"github.com/mosaic-sec/mosaic/gworkspace"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/okta"
	"github.com/mosaic-sec/mosaic/rules"
)

// oktaIdentityScenario: Ann and Bo verify SMS factors on one phone, Bo's
// device is added to Cy as well, the help desk resets Cy's factors two
// days after hire, and Cy registers a phone of her own.
func oktaIdentityScenario() []byte {
	ann, bo, cy := "ann@corp.example", "bo@corp.example", "cy@corp.example"
	user := func(login string) map[string]any {
		return map[string]any{"id": "00u" + login[:3], "type": "User", "alternateId": login, "displayName": login}
	}
	phoneTarget := func(number string) map[string]any {
		return map[string]any{"id": "mbl1x2y3z", "type": "MobilePhone", "alternateId": number}
	}
	device := map[string]any{"id": "guo5x", "type": "UDDevice", "alternateId": "unknown", "displayName": "MacBook Pro",
		"detailEntry": map[string]any{"oktaDeviceId": "guo5xyzDEVICE", "osPlatform": "MACOS"}}
	events := []map[string]any{
		idpEvent("00000000-0000-4000-8000-000000000001", "2026-04-02T10:00:00Z", "system.sms.send_factor_verify_message", ann, "SUCCESS",
			[]map[string]any{user(ann), phoneTarget("+1 415-555-0142")}, nil),
		idpEvent("00000000-0000-4000-8000-000000000002", "2026-04-03T10:00:00Z", "system.sms.send_factor_verify_message", bo, "SUCCESS",
			[]map[string]any{user(bo)}, map[string]any{"phoneNumber": "(415) 555-0142"}),
		idpEvent("00000000-0000-4000-8000-000000000003", "2026-04-03T11:00:00Z", "device.user.add", bo, "SUCCESS", []map[string]any{device}, nil),
		idpEvent("00000000-0000-4000-8000-000000000004", "2026-04-03T12:00:00Z", "device.user.add", cy, "SUCCESS", []map[string]any{device}, nil),
		idpEvent("00000000-0000-4000-8000-000000000005", "2026-04-03T09:00:00Z", "user.account.reset_password", "helpdesk@corp.example", "SUCCESS",
			[]map[string]any{user(cy)}, nil),
		idpEvent("00000000-0000-4000-8000-000000000007", "2026-04-04T10:00:00Z", "user.mfa.factor.activate", cy, "SUCCESS",
			[]map[string]any{user(cy), phoneTarget("+1 602 555 0199")}, nil),
	}
	var data []byte
	for _, e := range events {
		b, _ := json.Marshal(e)
		data = append(append(data, b...), '\n')
	}
	return data
}

// identityRun reads identity events with their readers (several sources
// at once when given), links them to Ann, Bo and Cy, hired on 1 April, and
// returns each one's subject.idp and the identity rules each raised.
func identityRun(t *testing.T, sources ...identitySource) (map[string]map[string]any, map[string][]string) {
	t.Helper()
	d := &srcDataset{ds: dataset.New()}
	for i, name := range []string{"Ann", "Bo", "Cy"} {
		e := employee("E0000"+string(rune('1'+i)), "", name, "Lane"+name, "Engineer")
		e.Address.Line1 = name + " Street"
		d.ds.Add(e)
	}
	for _, src := range sources {
		path := filepath.Join(t.TempDir(), "events.json")
		if err := os.WriteFile(path, src.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := src.x.Extract(context.Background(), mosaic.File{Path: string(src.kind) + "/events.json", Abs: path, Kind: src.kind}, d); err != nil {
			t.Fatalf("%s: %v", src.kind, err)
		}
	}
	if d.rejected != 0 {
		t.Fatalf("%d rows rejected", d.rejected)
	}
	f, err := NewFacts(context.Background(), link.Build(d.ds), Options{Now: time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	signals, err := Engine{Rules: set}.Run(context.Background(), f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]map[string]any{}
	raised := map[string][]string{}
	for _, key := range []string{"S-E00001", "S-E00002", "S-E00003"} {
		vars[key] = f.idpVars(subjectIndex(t, f, key))
	}
	for _, s := range signals {
		if strings.HasPrefix(s.RuleID, "identity.") {
			raised[s.Subject] = append(raised[s.Subject], s.RuleID)
		}
	}
	for _, r := range raised {
		sort.Strings(r)
	}
	return vars, raised
}

type identitySource struct {
	x    mosaic.Extractor
	kind mosaic.Kind
	data []byte
}

func readTestdata(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIdentityFactsSameAcrossSources: the same identity events logged by
// Okta (System Log), Entra ID (directoryAudits: an Update user with the
// phone method's number, Register device and Add registered owner to
// device, Reset user password) and Google Workspace (recovery phones in
// user_accounts and admin, DEVICE_REGISTER_UNREGISTER_EVENT in mobile,
// CHANGE_PASSWORD in admin) give the same subject.idp and raise the same
// identity rules. The Entra and Google events are the readers' own
// testdata, so what the readers are tested on is what detection sees.
func TestIdentityFactsSameAcrossSources(t *testing.T) {
	oktaVars, oktaRaised := identityRun(t, identitySource{okta.New(nil), mosaic.KindOkta, oktaIdentityScenario()})
	entraVars, entraRaised := identityRun(t, identitySource{entra.New(nil), mosaic.KindEntra, readTestdata(t, "../entra/testdata/directory_audits.json")})
	googleVars, googleRaised := identityRun(t, identitySource{gworkspace.New(nil), mosaic.KindGoogleWorkspace, readTestdata(t, "../gworkspace/testdata/account_events.json")})

	// The scenario shows what it should, or the comparison proves little.
	for key, want := range map[string]map[string]any{
		"S-E00001": {"sms_phone_shared_with": int64(1), "device_shared_with": int64(0), "resets_soon_after_hire": int64(0)},
		"S-E00002": {"sms_phone_shared_with": int64(1), "device_shared_with": int64(1), "resets_soon_after_hire": int64(0)},
		"S-E00003": {"sms_phone_shared_with": int64(0), "device_shared_with": int64(1), "resets_soon_after_hire": int64(1)},
	} {
		for k, v := range want {
			if oktaVars[key][k] != v {
				t.Errorf("Okta %s: %s = %v, want %v", key, k, oktaVars[key][k], v)
			}
		}
	}
	wantRaised := map[string][]string{
		"S-E00001": {"identity.sms_factor_phone_shared"},
		"S-E00002": {"identity.device_registered_to_several_users", "identity.sms_factor_phone_shared"},
		"S-E00003": {"identity.device_registered_to_several_users", "identity.factor_reset_soon_after_hire"},
	}
	for name, got := range map[string]struct {
		vars   map[string]map[string]any
		raised map[string][]string
	}{"Okta": {oktaVars, oktaRaised}, "Entra": {entraVars, entraRaised}, "Google": {googleVars, googleRaised}} {
		if !reflect.DeepEqual(got.raised, wantRaised) {
			t.Errorf("%s raised %v, want %v", name, got.raised, wantRaised)
		}
		for key := range wantRaised {
			if !reflect.DeepEqual(got.vars[key], oktaVars[key]) {
				t.Errorf("%s %s: subject.idp\n got %v\nwant %v (Okta's)", name, key, got.vars[key], oktaVars[key])
			}
		}
	}
}

// TestIdentityPhoneSharedAcrossProviders: a number Ann registered in Okta
// and Bo in Entra ID is one phone.
func TestIdentityPhoneSharedAcrossProviders(t *testing.T) {
	oktaAnn := idpEvent("00000000-0000-4000-8000-000000000001", "2026-04-02T10:00:00Z", "system.sms.send_factor_verify_message", "ann@corp.example", "SUCCESS",
		nil, map[string]any{"phoneNumber": "+14155550142"})
	b, _ := json.Marshal(oktaAnn)
	entraBo := `{"id":"Directory_x_1","category":"UserManagement","result":"success","activityDisplayName":"Update user","activityDateTime":"2026-04-03T10:00:00Z",` +
		`"initiatedBy":{"user":{"userPrincipalName":"bo@corp.example","ipAddress":"198.51.100.8"}},` +
		`"targetResources":[{"type":"User","userPrincipalName":"bo@corp.example","modifiedProperties":[{"displayName":"StrongAuthenticationUserDetails","newValue":"[{\"PhoneNumber\":\"+1 4155550142\"}]"}]}]}`
	vars, raised := identityRun(t,
		identitySource{okta.New(nil), mosaic.KindOkta, append(b, '\n')},
		identitySource{entra.New(nil), mosaic.KindEntra, []byte(entraBo + "\n")})
	for _, key := range []string{"S-E00001", "S-E00002"} {
		if vars[key]["sms_phone_shared_with"] != int64(1) || len(raised[key]) != 1 {
			t.Errorf("%s: %v, raised %v", key, vars[key], raised[key])
		}
	}
}
