package ecs_test

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/ecs"
	"github.com/mosaic-sec/mosaic/internal/readerfuzz"
)

// FuzzExtract feeds the Elastic Common Schema authentication event reader arbitrary files: see readerfuzz.
func FuzzExtract(f *testing.F) {
	readerfuzz.Extract(f, ecs.New(nil), mosaic.KindECS, "ecs")
}
