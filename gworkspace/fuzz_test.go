package gworkspace_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/gworkspace"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
)

// FuzzExtract feeds the Google Workspace login audit reader arbitrary files: see readerfuzz.
func FuzzExtract(f *testing.F) {
	readerfuzz.Extract(f, gworkspace.New(nil), mosaic.KindGoogleWorkspace, "gworkspace")
}
