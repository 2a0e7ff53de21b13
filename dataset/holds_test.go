package dataset

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestHoldsTellsAResendFromAChange(t *testing.T) {
	d := New()
	a := mosaic.Application{ID: "A1", Phone: "+1 602 555 0100", References: []mosaic.Reference{{Name: "R"}}}
	if d.Holds(a) {
		t.Fatal("an empty dataset holds nothing")
	}
	d.Add(a)
	again := a
	again.References = []mosaic.Reference{{Name: "R"}}
	if !d.Holds(again) {
		t.Fatal("the same application sent again is held")
	}
	changed := a
	changed.Phone = "+1 602 555 0199"
	if d.Holds(changed) {
		t.Fatal("a changed application is not held")
	}
	if d.Holds(mosaic.SignIn{ID: "x"}) {
		t.Fatal("events are never reported held")
	}
}
