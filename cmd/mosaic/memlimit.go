package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
)

// fallbackMemoryLimit is the soft limit when the machine's memory cannot be
// read: enough for a scan of 40,000 applications.
const fallbackMemoryLimit = 1800 << 20

// defaultMemoryLimit is the garbage collector's soft limit when GOMEMLIMIT
// is not set: three quarters of the memory the process may use (its
// cgroup's limit, else the machine's), so a large scan uses the room there
// is instead of collecting without pause above a fixed small limit, while
// the collector still works harder before the process would be killed.
func defaultMemoryLimit() int64 {
	total := machineMemory()
	if limit := cgroupMemoryLimit(); limit > 0 && (total == 0 || limit < total) {
		total = limit
	}
	if total <= 0 {
		return fallbackMemoryLimit
	}
	return total / 4 * 3
}

// cgroupMemoryLimit reads the cgroup v2 or v1 memory limit; 0 when none.
func cgroupMemoryLimit() int64 {
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(path); err == nil {
			return parseCgroupLimit(string(b))
		}
	}
	return 0
}

// parseCgroupLimit reads "max" or a byte count; absurdly large values (v1
// writes a page-aligned 2^63 for "no limit") count as none.
func parseCgroupLimit(s string) int64 {
	s = strings.TrimSpace(s)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n >= 1<<60 {
		return 0
	}
	return n
}

// machineMemory reads MemTotal from /proc/meminfo; 0 when unknown.
func machineMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	return parseMemTotal(f)
}

func parseMemTotal(r io.Reader) int64 {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil || kb <= 0 {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
