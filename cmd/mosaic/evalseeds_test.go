package main

import (
	"slices"
	"testing"
)

func TestParseSeeds(t *testing.T) {
	got, err := parseSeeds("401-403, 411,415")
	if err != nil || !slices.Equal(got, []int64{401, 402, 403, 411, 415}) {
		t.Fatalf("parseSeeds = %v, %v", got, err)
	}
	for _, bad := range []string{"", "x", "5-3", "1-5000", "401-"} {
		if _, err := parseSeeds(bad); err == nil {
			t.Errorf("parseSeeds(%q) gave no error", bad)
		}
	}
}
