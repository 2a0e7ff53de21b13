package entra_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/entra"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
)

// FuzzExtract feeds the Microsoft Entra ID sign-in log reader arbitrary files: see readerfuzz.
func FuzzExtract(f *testing.F) {
	readerfuzz.Extract(f, entra.New(nil), mosaic.KindEntra, "entra")
}
