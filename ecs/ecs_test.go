package ecs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ecs"
	"github.com/mosaic-sec/mosaic/internal/readertest"
)

type recorder = readertest.Recorder[mosaic.SignIn]

func extract(t *testing.T, path string) (*recorder, error) {
	t.Helper()
	return readertest.Extract[mosaic.SignIn](t, ecs.New(nil), mosaic.KindECS, "ecs", path)
}

func mustExtract(t *testing.T, path string) *recorder {
	t.Helper()
	return readertest.MustExtract[mosaic.SignIn](t, ecs.New(nil), mosaic.KindECS, "ecs", path)
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestAuthentication reads ECS documents nested, dotted and wrapped as a
// search hit, with geo points in four notations; a process event is
// rejected.
func TestAuthentication(t *testing.T) {
	rec := mustExtract(t, "testdata/auth.jsonl")
	if rec.Calls != 5 || len(rec.Records) != 4 || len(rec.Rejects) != 1 {
		t.Fatalf("%d rows, %d sign-ins, rejects %v", rec.Calls, len(rec.Records), rec.Rejects)
	}
	if r := rec.Rejects[0]; r.Line != 4 || r.Column != "event.category" || r.Reason != "not an authentication event" {
		t.Errorf("process event: %+v", r)
	}
	first := rec.Records[0]
	first.Origin = mosaic.Origin{}
	want := mosaic.SignIn{
		ID: "3aa2ba6e-19c4-11f1-9b0e-0b1a2c3d4e5f", Published: at("2026-03-02T16:05:11.204Z"), EventType: "user.session.start",
		Actor: "dana.whitfield@northwind.example", ActorName: "Dana Whitfield", IP: "198.51.100.23",
		UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
		City:      "Tempe", Region: "AZ", Country: "US", Lat: 33.4255, Lon: -111.94, HasGeo: true,
		ASNumber: 7018, ASOrg: "AT&T Services, Inc.", Outcome: "SUCCESS", DeviceFingerprint: "0d3a6c1e-5b7f-4e21-9a0c-2f8e4b6d1c73",
	}
	if first != want {
		t.Errorf("nested document\n got %+v\nwant %+v", first, want)
	}
	dotted := rec.Records[1]
	if dotted.Actor != "dana.whitfield@northwind.example" || dotted.Outcome != "FAILURE" || dotted.Country != "KR" ||
		dotted.Lat != 37.5665 || dotted.Lon != 126.978 || dotted.EventType != "logon-failed" || dotted.Origin.Line != 2 {
		t.Errorf("dotted document: %+v", dotted)
	}
	hit := rec.Records[2]
	if hit.ID != "Q2W1NZQBv8m0X7cX0d9a" || hit.Region != "NH" || hit.Lat != 52.3676 || hit.Lon != 4.9041 || !hit.HasGeo {
		t.Errorf("search hit: %+v", hit)
	}
	bare := rec.Records[3]
	if len(bare.ID) != 36 || bare.IP != "192.0.2.145" || bare.EventType != "authentication" || bare.Lat != 52.3676 ||
		bare.Actor != "dana.whitfield@northwind.example" || bare.Origin.EventID != bare.ID {
		t.Errorf("document without event.id: %+v", bare)
	}
	// A made-up id is the same on every read, so the store de-duplicates.
	again := mustExtract(t, "testdata/auth.jsonl")
	if again.Records[3].ID != bare.ID {
		t.Errorf("id %s, then %s", bare.ID, again.Records[3].ID)
	}
}

func TestBroken(t *testing.T) {
	rec := mustExtract(t, "testdata/broken.jsonl")
	want := []mosaic.Reject{
		{Line: 2, Reason: "JSON cut short at byte 300"},
		{Line: 3, Column: "@timestamp", Reason: "@timestamp is not a string"},
		{Line: 4, Column: "user.name", Reason: "user.email and user.name are missing: an authentication event names its user"},
		{Line: 5, Column: "@timestamp", Reason: "@timestamp is not an RFC 3339 time"},
		{Line: 6, Column: "source.ip", Reason: "source.ip is not a string"},
		{Line: 7, Reason: "not a JSON object"},
		{Line: 8, Column: "user.name", Reason: "user.email and user.name are not strings"},
	}
	if len(rec.Records) != 1 || rec.Calls != 8 || len(rec.Rejects) != len(want) {
		t.Fatalf("%d rows, %d sign-ins, rejects %+v", rec.Calls, len(rec.Records), rec.Rejects)
	}
	for i, w := range want {
		w.File = "ecs/broken.jsonl"
		if rec.Rejects[i] != w {
			t.Errorf("reject %d\n got %+v\nwant %+v", i, rec.Rejects[i], w)
		}
	}
}

// TestNotECS: Google activities put in ecs/ are one error.
func TestNotECS(t *testing.T) {
	rec, err := extract(t, "testdata/not_ecs.jsonl")
	if mosaic.ErrorCode(err) != mosaic.EINVALID || !strings.Contains(err.Error(), "is not an Elastic Common Schema log") || rec.Calls != 0 {
		t.Errorf("%d rows, error %v", rec.Calls, err)
	}
}
