package okta

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

func TestIdentityTarget(t *testing.T) {
	tests := []struct {
		name, eventType, event, want string
	}{
		{"phone in debugData", "system.sms.send_factor_verify_message",
			`{"debugContext":{"debugData":{"phoneNumber":"+1 (415) 555-0142"}}}`, "tel:+14155550142"},
		{"phone as MobilePhone target", "system.sms.send_phone_verification_message",
			`{"target":[{"type":"User","alternateId":"a@x"},{"id":"mbl1","type":"MobilePhone","alternateId":"415.555.0142"}]}`, "tel:+14155550142"},
		{"masked phone keeps the factor id", "user.mfa.factor.activate",
			`{"target":[{"id":"mbl9","type":"MobilePhone","alternateId":"+1 XXX-XXX-0142"}]}`, "tel-id:mbl9"},
		{"device id", "device.user.add",
			`{"target":[{"id":"guo1","type":"UDDevice","detailEntry":{"oktaDeviceId":"guoDEV"}}]}`, "device:guoDEV"},
		{"device without detail", "device.user.add", `{"target":[{"id":"guo1","type":"UDDevice"}]}`, "device:guo1"},
		{"reset names the user", "user.mfa.factor.reset_all",
			`{"actor":{"alternateId":"desk@x"},"target":[{"type":"User","alternateId":"Cy@Corp.Example"}]}`, "user:cy@corp.example"},
		{"sign-in has none", "user.session.start", `{"target":[{"type":"User","alternateId":"a@x"}]}`, ""},
		{"no target", "device.user.add", `{}`, ""},
	}
	for _, tt := range tests {
		if got := identityTarget(tt.eventType, []byte(tt.event)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRealDeviceUserAdd reads Elastic's public Okta pipeline samples
// (/work/shared/realdata/okta, not committed) when they are on this
// machine: each device.user.add names its device by oktaDeviceId.
func TestRealDeviceUserAdd(t *testing.T) {
	const path = "/work/shared/realdata/okta/test-okta-system-yes-flattened-events.log"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("real samples not here: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Bytes()
		if !strings.Contains(string(line), `"device.user.add"`) {
			continue
		}
		n++
		if got := identityTarget("device.user.add", line); got != "device:xxxxxxxxxxxxxxxxx" {
			t.Errorf("device.user.add target %q", got)
		}
	}
	if n == 0 {
		t.Error("no device.user.add events in the sample")
	}
}
