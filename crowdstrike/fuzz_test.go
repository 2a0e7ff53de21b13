package crowdstrike_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/crowdstrike"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
)

// FuzzExtract feeds the CrowdStrike Falcon application inventory reader arbitrary files: see readerfuzz.
func FuzzExtract(f *testing.F) {
	readerfuzz.Extract(f, crowdstrike.New(nil), mosaic.KindCrowdStrike, "crowdstrike")
}
