package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
)

// recordReader is a store that gives its records back (both stores are).
type recordReader interface {
	ReadRecords(ctx context.Context, emit func(mosaic.Record) error) error
}

// testReadRecords: every record saved comes back as saved, column for
// column (times in UTC), so the service and `mosaic report` can rebuild
// every result from the store alone; a photo keeps its fingerprint.
func (h harness) testReadRecords(t *testing.T) {
	s := h.store(t)
	rr, ok := s.(recordReader)
	if !ok {
		t.Fatalf("%T cannot read its records back", s)
	}
	recs := Records()
	for i, r := range recs {
		switch v := r.(type) {
		case mosaic.Photo:
			v.Fingerprint = json.RawMessage(`{"Whole":42}`)
			recs[i] = v
		case mosaic.SignIn:
			v.Target = "tel:+16025550143"
			recs[i] = v
		}
	}
	save(t, s, recs)
	var got []mosaic.Record
	if err := rr.ReadRecords(t.Context(), func(r mosaic.Record) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	want, err := migrations.EncodeRecords(recs)
	if err != nil {
		t.Fatal(err)
	}
	back, err := migrations.EncodeRecords(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != len(back) {
		t.Fatalf("%d tables saved, %d read back", len(want), len(back))
	}
	for i := range want {
		if want[i].Table != back[i].Table || !reflect.DeepEqual(want[i].Values, back[i].Values) {
			t.Errorf("table %s:\n saved %v\n read  %v", want[i].Table.Name, want[i].Values, back[i].Values)
		}
	}
}
