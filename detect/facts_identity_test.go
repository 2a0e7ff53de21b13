package detect

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/dataset"
	"github.com/mosaic-sec/mosaic/link"
	"github.com/mosaic-sec/mosaic/okta"
	"github.com/mosaic-sec/mosaic/rules"
)

// idpEvent is an Okta LogEvent as GET /api/v1/logs returns it, with the
// targets identity events carry.
func idpEvent(uuid, at, eventType, actor, result string, targets []map[string]any, debug map[string]any) map[string]any {
	return map[string]any{
		"uuid": uuid, "published": at, "eventType": eventType, "version": "0",
		"actor":        map[string]any{"id": "00u" + actor[:3], "type": "User", "alternateId": actor, "displayName": actor},
		"client":       map[string]any{"ipAddress": "198.51.100.7"},
		"outcome":      map[string]any{"result": result},
		"target":       targets,
		"debugContext": map[string]any{"debugData": debug},
	}
}

// TestSharedSMSFactorPhone: Ann and Bo each verify an SMS factor on the same
// phone (written differently); both get the signal, citing the Okta rows.
// Bo's device is also added to Cy, and the help desk resets Cy's factors
// two days after hire; Ann's identity verification is denied.
func TestSharedSMSFactorPhone(t *testing.T) {
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
			[]map[string]any{user(ann), phoneTarget("+1 415-555-0142")}, map[string]any{"smsProvider": "TWILIO"}),
		idpEvent("00000000-0000-4000-8000-000000000002", "2026-04-03T10:00:00Z", "system.sms.send_factor_verify_message", bo, "SUCCESS",
			[]map[string]any{user(bo)}, map[string]any{"phoneNumber": "(415) 555-0142"}),
		idpEvent("00000000-0000-4000-8000-000000000003", "2026-04-03T11:00:00Z", "device.user.add", bo, "SUCCESS",
			[]map[string]any{device}, nil),
		idpEvent("00000000-0000-4000-8000-000000000004", "2026-04-03T12:00:00Z", "device.user.add", cy, "SUCCESS",
			[]map[string]any{device}, nil),
		idpEvent("00000000-0000-4000-8000-000000000005", "2026-04-03T09:00:00Z", "user.mfa.factor.reset_all", "helpdesk@corp.example", "SUCCESS",
			[]map[string]any{user(cy)}, nil),
		idpEvent("00000000-0000-4000-8000-000000000006", "2026-04-02T09:00:00Z", "user.identity_verification", ann, "DENY", nil, nil),
		// Cy's own phone, registered by no one else.
		idpEvent("00000000-0000-4000-8000-000000000007", "2026-04-04T10:00:00Z", "user.mfa.factor.activate", cy, "SUCCESS",
			[]map[string]any{user(cy), phoneTarget("+1 602 555 0199")}, nil),
	}
	var data []byte
	for _, e := range events {
		b, _ := json.Marshal(e)
		data = append(append(data, b...), '\n')
	}
	path := filepath.Join(t.TempDir(), "system_log.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	d := &srcDataset{ds: dataset.New()}
	for i, name := range []string{"Ann", "Bo", "Cy"} {
		e := employee("E0000"+string(rune('1'+i)), "", name, "Lane"+name, "Engineer")
		e.Address.Line1 = name + " Street" // three homes: not a household
		d.ds.Add(e)
	}
	if err := okta.New(nil).Extract(context.Background(), mosaic.File{Path: "okta/system_log.jsonl", Abs: path, Kind: mosaic.KindOkta}, d); err != nil {
		t.Fatal(err)
	}
	if d.rejected != 0 || d.ds.SignIns.Len() != len(events) {
		t.Fatalf("%d events kept, %d rejected", d.ds.SignIns.Len(), d.rejected)
	}
	if got := d.ds.SignIns.Target(1); got != "tel:+14155550142" {
		t.Fatalf("Bo's factor phone = %q", got)
	}
	f, err := NewFacts(context.Background(), link.Build(d.ds), Options{Now: time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	annS, boS, cyS := subjectIndex(t, f, "S-E00001"), subjectIndex(t, f, "S-E00002"), subjectIndex(t, f, "S-E00003")
	for _, c := range []struct {
		si          int
		key         string
		want        int64
		description string
	}{
		{annS, "sms_phone_shared_with", 1, "Ann shares her factor phone with Bo"},
		{boS, "sms_phone_shared_with", 1, "Bo shares his factor phone with Ann"},
		{cyS, "sms_phone_shared_with", 0, "Cy's phone is her own"},
		{boS, "device_shared_with", 1, "Bo's device is Cy's too"},
		{cyS, "device_shared_with", 1, "Cy's device is Bo's too"},
		{annS, "identity_verification_denials", 1, "Ann was denied"},
		{cyS, "resets_soon_after_hire", 1, "the help desk reset Cy's factors"},
		{boS, "resets_soon_after_hire", 0, "no reset for Bo"},
	} {
		if got := f.idpVars(c.si)[c.key]; got != c.want {
			t.Errorf("%s: %s = %v, want %d", c.description, c.key, got, c.want)
		}
	}

	set, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	signals, err := Engine{Rules: set}.Run(context.Background(), f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	raised := map[string]map[string]mosaic.Signal{}
	for _, s := range signals {
		if raised[s.Subject] == nil {
			raised[s.Subject] = map[string]mosaic.Signal{}
		}
		raised[s.Subject][s.RuleID] = s
	}
	for subject, want := range map[string]struct {
		other, eventID string
	}{
		"S-E00001": {"E00002", "00000000-0000-4000-8000-000000000001"},
		"S-E00002": {"E00001", "00000000-0000-4000-8000-000000000002"},
	} {
		s, ok := raised[subject]["identity.sms_factor_phone_shared"]
		if !ok {
			t.Errorf("%s: no shared-phone signal; got %v", subject, raised[subject])
			continue
		}
		if !strings.Contains(s.Explanation, "+14155550142") || !strings.Contains(s.Explanation, want.other) {
			t.Errorf("%s: explanation %q", subject, s.Explanation)
		}
		if len(s.Evidence) != 1 || s.Evidence[0].EventID != want.eventID || s.Evidence[0].File != "okta/system_log.jsonl" {
			t.Errorf("%s: evidence %+v, want the Okta event %s", subject, s.Evidence, want.eventID)
		}
	}
	if _, ok := raised["S-E00003"]["identity.sms_factor_phone_shared"]; ok {
		t.Error("Cy raised the shared-phone signal")
	}
	for subject, rule := range map[string]string{
		"S-E00002": "identity.device_registered_to_several_users",
		"S-E00003": "identity.factor_reset_soon_after_hire",
		"S-E00001": "identity.verification_denied",
	} {
		s, ok := raised[subject][rule]
		if !ok || len(s.Evidence) == 0 || s.Evidence[0].File != "okta/system_log.jsonl" {
			t.Errorf("%s: %s = %+v", subject, rule, s)
		}
	}
}
