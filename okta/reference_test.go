package okta_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/okta"
)

// referenceSignIn maps a LogEvent to a SignIn with encoding/json, the slow
// obvious way, to check the fast scanner against.
func referenceSignIn(t *testing.T, line []byte) mosaic.SignIn {
	t.Helper()
	var e stdEvent
	if err := json.Unmarshal(line, &e); err != nil {
		t.Fatalf("reference decode: %v", err)
	}
	pub, err := time.Parse(time.RFC3339Nano, e.Published)
	if err != nil {
		t.Fatal(err)
	}
	s := mosaic.SignIn{ID: e.UUID, Published: pub.UTC(), EventType: e.EventType}
	if e.Actor != nil {
		s.Actor = strings.ToLower(e.Actor.AlternateID)
		s.ActorName = e.Actor.DisplayName
	}
	var geo *stdGeo
	if e.Client != nil {
		s.IP = e.Client.IPAddress
		if e.Client.UserAgent != nil {
			s.UserAgent = e.Client.UserAgent.RawUserAgent
		}
		geo = e.Client.GeographicalContext
	}
	var chainIP string
	var chainGeo *stdGeo
	if e.Request != nil && len(e.Request.IPChain) > 0 {
		chainIP, chainGeo = e.Request.IPChain[0].IP, e.Request.IPChain[0].GeographicalContext
	}
	if s.IP == "" || s.IP == "null" {
		s.IP = chainIP
	}
	if (geo == nil || geo.City == "" && geo.Country == "") && s.IP == chainIP {
		geo = chainGeo
	}
	if geo != nil {
		s.City, s.Region, s.Country = geo.City, geo.State, geo.Country
		if g := geo.Geolocation; g != nil && g.Lat != nil && g.Lon != nil && (*g.Lat != 0 || *g.Lon != 0) {
			s.Lat, s.Lon, s.HasGeo = *g.Lat, *g.Lon, true
		}
	}
	if sc := e.SecurityContext; sc != nil {
		if sc.ASNumber != nil {
			s.ASNumber = *sc.ASNumber
		}
		s.ASOrg, s.ISP = sc.ASOrg, sc.ISP
		if sc.IsProxy != nil {
			s.IsProxy = mosaic.False
			if *sc.IsProxy {
				s.IsProxy = mosaic.True
			}
		}
	}
	if e.Outcome != nil {
		s.Outcome = e.Outcome.Result
	}
	if e.DebugContext != nil && e.DebugContext.DebugData != nil {
		s.DeviceFingerprint = e.DebugContext.DebugData.DeviceFingerprint
	}
	if e.AuthenticationContext != nil {
		s.SessionID = e.AuthenticationContext.ExternalSessionID
	}
	// Identity events' targets come from encoding/json already; they are
	// checked on their own by TestIdentityTarget.
	s.Target = okta.IdentityTarget(s.EventType, line)
	return s
}

// checkAgainstEncodingJSON compares each accepted event (of a JSON-lines
// file) with the reference mapping of its line.
func checkAgainstEncodingJSON(t *testing.T, data []byte, events []mosaic.SignIn) {
	t.Helper()
	lines := bytes.Split(data, []byte("\n"))
	for _, got := range events {
		line := got.Origin.Line
		want := referenceSignIn(t, lines[line-1])
		got.Origin = mosaic.Origin{}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("line %d:\n got %+v\nwant %+v", line, got, want)
		}
	}
}
