package defender_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/defender"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
)

// TestLimits: an event nested too deep and a line too long are rejected
// with the reason, the events around them read (see readerfuzz.Limits).
func TestLimits(t *testing.T) {
	readerfuzz.Limits(t, defender.New(nil), mosaic.KindDefender, "defender")
}
