package bank

import (
	"github.com/mosaic-sec/mosaic/normalize/internal/sample"
	"testing"
)

// TestSampleRouting checks every routing number of the sample bundle's
// payroll export, without printing any of them.
func TestSampleRouting(t *testing.T) {
	rows, cols := sample.Rows(t, "payroll.csv")
	col, ok := cols["routing_number"]
	if !ok {
		t.Fatal("payroll.csv has no routing_number column")
	}
	checked, invalid := 0, 0
	for _, r := range rows[1:] {
		if r[col] == "" {
			continue
		}
		checked++
		if !ValidABA(r[col]) {
			invalid++ // the value itself is sensitive: count, never print
		}
	}
	if checked == 0 || invalid > 0 {
		t.Errorf("%d of %d routing numbers invalid", invalid, checked)
	}
}
