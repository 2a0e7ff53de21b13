//go:build !unix

package natsqueue

import "time"

func processCPU() time.Duration { return 0 }
