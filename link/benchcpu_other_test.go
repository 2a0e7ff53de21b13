//go:build !unix

package link

import "time"

// processCPU is not measured here; the benchmark then reports 0 cpu-s/op.
func processCPU() time.Duration { return 0 }
