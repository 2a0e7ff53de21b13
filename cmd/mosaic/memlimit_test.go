package main

import (
	"strings"
	"testing"
)

func TestMemoryLimitInputs(t *testing.T) {
	if got := parseMemTotal(strings.NewReader("MemTotal:       24684096 kB\nMemFree: 1 kB\n")); got != 24684096<<10 {
		t.Errorf("MemTotal = %d", got)
	}
	if got := parseMemTotal(strings.NewReader("garbage")); got != 0 {
		t.Errorf("unreadable meminfo = %d, want 0", got)
	}
	for in, want := range map[string]int64{"max\n": 0, "9223372036854771712\n": 0, "4294967296\n": 4 << 30, "": 0, "-1": 0} {
		if got := parseCgroupLimit(in); got != want {
			t.Errorf("parseCgroupLimit(%q) = %d, want %d", in, got, want)
		}
	}
	if l := defaultMemoryLimit(); l <= 0 {
		t.Errorf("defaultMemoryLimit = %d", l)
	}
}
