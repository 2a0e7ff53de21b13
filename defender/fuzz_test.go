package defender_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/defender"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
)

// FuzzExtract feeds the Microsoft Defender / Intune inventory reader arbitrary files: see readerfuzz.
func FuzzExtract(f *testing.F) {
	readerfuzz.Extract(f, defender.New(nil), mosaic.KindDefender, "defender")
}
