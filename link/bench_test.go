package link

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkBuild measures linking at scale: Build plus Clusters over N
// generated applications (see benchgen_test.go). Generating the dataset is
// setup and is not timed. The target is 1M applications in under
// 60 s and 3 GB on a 2-core machine, growing near-linearly from 100k.
//
//	go test ./link -run '^$' -bench 'BenchmarkBuild/(100k|300k)' -benchtime 1x
//	go test ./link -run '^$' -bench 'BenchmarkBuild/1M' -benchtime 1x -timeout 30m
//
// Metrics: apps/s; peak-heap-MB, the most heap the run had in objects
// (the dataset included); build-MB, that peak less the heap before the run
// (what linking itself adds); maxRSS-MB, the process's high-water resident
// set so far (VmHWM, Linux only; it covers earlier sub-benchmarks too);
// cpu-s/op, the process's user+system CPU time per op, which other load
// on a shared machine inflates less than wall time (GC on the second core
// counts in it).
func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"100k", 100_000}, {"300k", 300_000}, {"1M", 1_000_000}} {
		b.Run(size.name, func(b *testing.B) {
			w := generateWorld(size.n, 1)
			apps := len(w.ds.Applications)
			runtime.GC()
			before := heapObjectBytes()
			peak := startHeapPeak()
			cpu0 := processCPU()
			var subjects, links, clusters int
			b.ResetTimer()
			for b.Loop() {
				g := Build(w.ds)
				cs, _ := g.Clusters()
				subjects, links, clusters = len(g.Subjects), len(g.Links), len(cs)
			}
			b.StopTimer()
			cpu := processCPU() - cpu0
			top := peak.stop()
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(apps)*float64(b.N)/b.Elapsed().Seconds(), "apps/s")
			b.ReportMetric(float64(top)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(top-min(top, before))/(1<<20), "build-MB")
			if rss, ok := maxRSS(); ok {
				b.ReportMetric(float64(rss)/(1<<20), "maxRSS-MB")
			}
			b.ReportMetric(float64(subjects), "subjects")
			b.ReportMetric(float64(links), "links")
			b.ReportMetric(float64(clusters), "clusters")
		})
	}
}

// TestLinkingAtScale checks the planted scenarios of a 20k-application
// world: repeat applicants merge and only they do; every ring is exactly
// one cluster; households, agency contractors, building neighbours and
// namesakes are never clustered.
func TestLinkingAtScale(t *testing.T) {
	checkWorld(t, generateWorld(20_000, 7))
}

func checkWorld(t *testing.T, w *world) {
	t.Helper()
	g := Build(w.ds)
	clusters, of := g.Clusters()

	personOf := map[int]int{} // subject -> person
	for pi, apps := range w.persons {
		si := g.AppSubject[apps[0]]
		for _, ai := range apps[1:] {
			if g.AppSubject[ai] != si {
				t.Fatalf("person %d: applications %s and %s are not merged", pi,
					w.ds.Applications[apps[0]].ID, w.ds.Applications[ai].ID)
			}
		}
		if other, ok := personOf[si]; ok {
			t.Fatalf("persons %d and %d merged into %s: %v", other, pi, g.Subjects[si].Key, g.Subjects[si].MergeReasons())
		}
		personOf[si] = pi
	}
	subjectOf := func(person int) int { return g.AppSubject[w.persons[person][0]] }

	honest := map[int]string{} // subject -> scenario that must stay out of clusters
	for name, groups := range map[string][][]int{"household": w.households, "agency": w.agencies,
		"building": w.buildings, "namesake": w.namesakes} {
		for _, grp := range groups {
			for _, p := range grp {
				si := subjectOf(p)
				honest[si] = name
				if of[si] >= 0 {
					t.Errorf("%s member %s is in cluster %s", name, g.Subjects[si].Key, clusters[of[si]].Key)
				}
			}
		}
	}
	for _, grp := range w.agencies {
		members := map[int]bool{}
		for _, p := range grp {
			members[subjectOf(p)] = true
		}
		for _, e := range g.Links {
			if e.Kind == "phone" && members[e.A] && members[e.B] {
				t.Fatalf("agency switchboard linked its contractors: %s", e.Explanation)
			}
		}
	}

	if len(w.rings) == 0 {
		t.Fatal("the generator planted no ring")
	}
	for ri, ring := range w.rings {
		ci := of[subjectOf(ring[0])]
		if ci < 0 {
			t.Errorf("ring %d (%d personas) is not clustered", ri, len(ring))
			continue
		}
		want := map[int]bool{}
		for _, p := range ring {
			want[subjectOf(p)] = true
		}
		for _, m := range clusters[ci].Members {
			if !want[m] {
				t.Errorf("ring %d: cluster %s holds outsider %s (%s)", ri, clusters[ci].Key, g.Subjects[m].Key, honest[m])
			}
			delete(want, m)
		}
		for m := range want {
			t.Errorf("ring %d: persona %s is outside its cluster %s", ri, g.Subjects[m].Key, clusters[ci].Key)
		}
	}
	if len(clusters) != len(w.rings) {
		t.Errorf("%d clusters for %d planted rings", len(clusters), len(w.rings))
	}
	t.Logf("%d applications, %d persons, %d subjects, %d links, %d clusters, %d rings, %d households, %d agencies, %d buildings, %d namesake groups, %d employees",
		len(w.ds.Applications), len(w.persons), len(g.Subjects), len(g.Links), len(clusters), len(w.rings),
		len(w.households), len(w.agencies), len(w.buildings), len(w.namesakes), len(w.ds.Employees))
}

// TestGeneratorIsDeterministic guards the benchmark's comparability.
func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := generateWorld(3000, 3), generateWorld(3000, 3)
	if fmt.Sprint(a.ds.Applications[:50], a.ds.Employees) != fmt.Sprint(b.ds.Applications[:50], b.ds.Employees) {
		t.Fatal("same seed, different worlds")
	}
}

const heapObjectsMetric = "/memory/classes/heap/objects:bytes"

func heapObjectBytes() uint64 {
	s := []metrics.Sample{{Name: heapObjectsMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapPeak samples the heap every few milliseconds; runtime/metrics reads
// do not stop the world, so sampling barely disturbs the timing.
type heapPeak struct {
	quit chan struct{}
	done chan uint64
}

func startHeapPeak() *heapPeak {
	h := &heapPeak{quit: make(chan struct{}), done: make(chan uint64)}
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var peak uint64
		for {
			peak = max(peak, heapObjectBytes())
			select {
			case <-h.quit:
				h.done <- max(peak, heapObjectBytes())
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) stop() uint64 {
	close(h.quit)
	return <-h.done
}

// maxRSS reads the process's resident high-water mark (VmHWM) on Linux.
func maxRSS() (uint64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
