package crashtest

import (
	"bytes"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWatchKilled: scenario (d). A writer grows applications.csv and the
// Okta log in the watched folder (now and then leaving a line half-written
// for a moment) while serve is killed at random points. In the end every
// row is stored once, each file's cursor is at its end, and the ingest log
// counts every row exactly once (a kill between storing a chunk and saving
// its cursor reads that chunk again: the natural keys keep the records from
// counting twice, and the cursor commits with the chunk's ingest-log entry,
// so the log does not either).
func TestWatchKilled(t *testing.T) {
	needBinary(t)
	bundle := newBundle(t, 14)
	apps, err := os.ReadFile(filepath.Join(bundle, "applications.csv"))
	if err != nil {
		t.Fatal(err)
	}
	okta, err := os.ReadFile(filepath.Join(bundle, "okta", "system_log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// Every line ends with its newline: a last line without one is a
	// writer half-way through it, which the watcher leaves for later.
	appLines := bytes.SplitAfter(append(bytes.TrimSpace(apps), '\n'), []byte("\n"))
	appLines = appLines[:len(appLines)-1]
	oktaLines := bytes.SplitAfter(append(bytes.TrimSpace(okta), '\n'), []byte("\n"))
	oktaLines = oktaLines[:len(oktaLines)-1]
	if bytes.Count(apps, []byte(`"`))%2 != 0 {
		t.Fatal("applications.csv has quoted line breaks; the writer cuts by line")
	}

	d := sqliteDB(t)
	watch := filepath.Join(d.dir, "drop")
	if err := os.MkdirAll(filepath.Join(watch, "okta"), 0o755); err != nil {
		t.Fatal(err)
	}
	appPath, oktaPath := filepath.Join(watch, "applications.csv"), filepath.Join(watch, "okta", "system_log.jsonl")
	// The header and a first row before serve starts.
	if err := os.WriteFile(appPath, bytes.Join(appLines[:2], nil), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(oktaPath, oktaLines[0], 0o644); err != nil {
		t.Fatal(err)
	}
	viewTok := token(t, d, "viewer")
	srv := newServer(t, d, "--watch", watch, "--watch-every", "100ms")
	srv.startReady()

	var wg sync.WaitGroup
	wg.Add(1)
	writerDone := make(chan struct{})
	go func() {
		defer wg.Done()
		defer close(writerDone)
		grow := func(path string, lines [][]byte, i int) int {
			n := 1 + mrand.IntN(25)
			j := min(len(lines), i+n)
			part := bytes.Join(lines[i:j], nil)
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				return len(lines)
			}
			defer f.Close()
			if mrand.IntN(4) == 0 && len(part) > 10 {
				// Half a line first, as a writer caught mid-write.
				cut := len(part) - 5
				_, _ = f.Write(part[:cut])
				_ = f.Sync()
				time.Sleep(120 * time.Millisecond)
				part = part[cut:]
			}
			_, _ = f.Write(part)
			return j
		}
		ai, oi := 2, 1
		for ai < len(appLines) || oi < len(oktaLines) {
			if ai < len(appLines) {
				ai = grow(appPath, appLines, ai)
			}
			if oi < len(oktaLines) {
				oi = grow(oktaPath, oktaLines, oi)
				if oi < len(oktaLines) {
					oi = grow(oktaPath, oktaLines, oi) // the log grows faster
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	kills := 0
	for i := 0; i < rounds() || !closed(writerDone); i++ {
		time.Sleep(randomDelay(150*time.Millisecond, 1200*time.Millisecond))
		srv.kill()
		kills++
		d.check(t)
		srv.startReady()
	}
	wg.Wait()
	wantApps, wantOkta := len(appLines)-1, len(oktaLines)
	deadline := time.Now().Add(90 * time.Second)
	for {
		c := d.counts(t)
		if c["applications"] == wantApps && c["signins"] == wantOkta {
			break
		}
		if c["applications"] > wantApps || c["signins"] > wantOkta {
			t.Fatalf("more rows stored than written: %d applications of %d, %d sign-ins of %d", c["applications"], wantApps, c["signins"], wantOkta)
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s: %d applications of %d, %d sign-ins of %d stored: %s", c["applications"], wantApps, c["signins"], wantOkta, srv.logTail())
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitCaughtUp(t, srv, viewTok)
	// The cursors reach the ends of the files (one more tick after the
	// rows are stored).
	sizes := map[string]int64{"watch:applications.csv": fileSize(t, appPath), "watch:okta/system_log.jsonl": fileSize(t, oktaPath)}
	s := d.open(t)
	defer s.Close()
	for key, size := range sizes {
		var cur string
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			_ = s.QueryRow(`SELECT cursor FROM source_cursors WHERE source = ?`, key).Scan(&cur)
			if f := strings.Fields(cur); len(f) == 2 && f[0] == strconv.FormatInt(size, 10) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("cursor %s is %q; the file has %d bytes", key, cur, size)
			}
		}
	}
	srv.stop()
	d.check(t)
	read := map[string]int{}
	rows, err := s.Query(`SELECT kind, SUM(rows_accepted), SUM(rows_rejected) FROM ingest_log WHERE source = 'watch' GROUP BY kind`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var kind string
		var acc, rej int
		_ = rows.Scan(&kind, &acc, &rej)
		read[kind] = acc
		if rej > 0 {
			t.Errorf("%s: %d rows rejected (a half-written line read as a row?)", kind, rej)
		}
	}
	rows.Close()
	if read["applications"] != wantApps || read["okta"] != wantOkta {
		t.Errorf("ingest log: %d applications, %d sign-ins accepted; written %d and %d (each exactly once)", read["applications"], read["okta"], wantApps, wantOkta)
	}
	t.Logf("%d kills; rows written %d + %d, logged %d + %d", kills, wantApps, wantOkta, read["applications"], read["okta"])
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
