package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestScanSharedSample scans the contract's sample bundle when it is present
// (it is not shipped with mosaic) and checks that the rings are on top.
func TestScanSharedSample(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "contract", "sample")
	if _, err := os.Stat(filepath.Join(dir, "applications.csv")); err != nil {
		t.Skip("../shared/contract/sample is not here (it is not shipped with mosaic): skipping the sample scan")
	}
	r := scanJSON(t, dir)
	truth := readTruth(t, dir)
	if r.Input.RowsRejected != 0 {
		t.Errorf("the sample has %d rejected rows", r.Input.RowsRejected)
	}
	top := 0
	for _, s := range r.Subjects {
		if s.Level != "high" && s.Level != "critical" {
			break
		}
		if !truth.fraud(s) {
			t.Errorf("honest subject %s (%s) is flagged %s", s.ID, s.DisplayName, s.Level)
		}
		top++
	}
	if top < 5 {
		t.Errorf("only %d subjects reach high on the sample", top)
	}
}
