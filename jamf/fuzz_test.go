package jamf_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
	"github.com/mosaic-sec/mosaic/jamf"
)

// FuzzExtract feeds the Jamf Pro inventory reader arbitrary files: see readerfuzz.
func FuzzExtract(f *testing.F) {
	readerfuzz.Extract(f, jamf.New(nil), mosaic.KindJamf, "jamf")
}
