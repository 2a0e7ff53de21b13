package kandji_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
	"github.com/mosaic-sec/mosaic/kandji"
)

// FuzzExtract feeds the Kandji device inventory reader arbitrary files: see readerfuzz.
func FuzzExtract(f *testing.F) {
	readerfuzz.Extract(f, kandji.New(nil), mosaic.KindKandji, "kandji")
}
