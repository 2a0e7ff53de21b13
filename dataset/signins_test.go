package dataset

import (
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

func TestSignInsGiveBackWhatWasKept(t *testing.T) {
	at := time.Date(2026, 1, 12, 0, 0, 0, 81e6, time.UTC)
	events := []mosaic.SignIn{
		{ID: "5c695cd8-1193-11f7-917d-6381d756042a", Published: at, EventType: "user.session.start",
			Actor: "ashley@example.com", ActorName: "Ashley", IP: "174.254.253.254", UserAgent: "Mozilla/5.0",
			City: "San Francisco", Region: "California", Country: "United States", Lat: 37.8064, Lon: -122.3777,
			HasGeo: true, ASNumber: 6167, ASOrg: "verizon", ISP: "verizon wireless", IsProxy: mosaic.False,
			Outcome: "SUCCESS", DeviceFingerprint: "b776", Origin: mosaic.Origin{File: "okta/log.jsonl", Line: 7}},
		// Not a canonical uuid (upper case), no time, no geography.
		{ID: "5C695CD8-1193-11F7-917D-6381D756042A", Actor: "ashley@example.com", IsProxy: mosaic.True,
			Origin: mosaic.Origin{File: "okta/log.jsonl", Line: 8}},
		{ID: "evt-3", Actor: "bo@example.com", Origin: mosaic.Origin{File: "okta/other.json", Line: 1}},
		{},
	}
	var table SignIns
	for _, e := range events {
		table.Append(e)
	}
	if table.Len() != len(events) {
		t.Fatalf("Len = %d, want %d", table.Len(), len(events))
	}
	for i, want := range events {
		if want.ID != "" {
			want.Origin.EventID = want.ID
		}
		got := table.At(i)
		if got != want {
			t.Errorf("event %d:\n got  %+v\n want %+v", i, got, want)
		}
		if table.Actor(i) != want.Actor || table.IP(i) != want.IP || table.Fingerprint(i) != want.DeviceFingerprint ||
			!table.Published(i).Equal(want.Published) {
			t.Errorf("event %d: accessors disagree with At", i)
		}
	}
	// The same strings are kept once.
	if n := table.Strings(); n != 16 {
		t.Errorf("Strings = %d, want 16 distinct (with the empty string)", n)
	}
}

func TestSignInsCrossChunks(t *testing.T) {
	var table SignIns
	n := chunkRows*2 + 3
	for i := 0; i < n; i++ {
		table.Append(mosaic.SignIn{Published: time.Unix(int64(i), 0).UTC(), Origin: mosaic.Origin{Line: i + 1}})
	}
	if table.Len() != n {
		t.Fatalf("Len = %d, want %d", table.Len(), n)
	}
	for i := 0; i < n; i++ {
		if e := table.At(i); e.Origin.Line != i+1 || e.Published.Unix() != int64(i) {
			t.Fatalf("event %d came back as line %d at %v", i, e.Origin.Line, e.Published)
		}
	}
}

// The interned copy must not keep the reader's buffer alive.
func TestSignInsCopyStrings(t *testing.T) {
	buf := []byte("someone@example.com")
	var table SignIns
	table.Append(mosaic.SignIn{Actor: string(buf[:7])})
	buf[0] = 'X'
	if got := table.Actor(0); got != "someone" {
		t.Fatalf("Actor = %q", got)
	}
}

func BenchmarkSignInsAppend(b *testing.B) {
	e := mosaic.SignIn{ID: "5c695cd8-1193-11f7-917d-6381d756042a", Published: time.Now(), Actor: "a@example.com",
		IP: "10.0.0.1", Country: "United States", Origin: mosaic.Origin{File: "okta.jsonl"}}
	var table SignIns
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e.Origin.Line = i
		table.Append(e)
	}
}
