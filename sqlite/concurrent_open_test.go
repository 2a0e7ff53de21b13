package sqlite_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mosaic-sec/mosaic/sqlite"
)

// TestConcurrentOpenOfANewFile: several stores (each its own *sql.DB, as
// separate processes have) opening one new file at once all succeed, and
// the schema is migrated once.
func TestConcurrentOpenOfANewFile(t *testing.T) {
	for round := range 5 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("new-%d.db", round))
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := sqlite.Open(t.Context(), path)
				if err == nil {
					err = db.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, opener %d: %v", round, i, err)
			}
		}
	}
}

// TestConcurrentOpenFromTwoProcesses runs this test binary twice at once
// on one new file: both opens succeed.
func TestConcurrentOpenFromTwoProcesses(t *testing.T) {
	if path := os.Getenv("MOSAIC_TEST_OPEN_PATH"); path != "" {
		db, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		db.Close()
		return
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	for round := range 3 {
		path := filepath.Join(t.TempDir(), "new.db")
		var cmds []*exec.Cmd
		for range 2 {
			cmd := exec.Command(os.Args[0], "-test.run", "^TestConcurrentOpenFromTwoProcesses$")
			cmd.Env = append(os.Environ(), "MOSAIC_TEST_OPEN_PATH="+path)
			cmds = append(cmds, cmd)
		}
		outs := make([][]byte, len(cmds))
		errs := make([]error, len(cmds))
		var wg sync.WaitGroup
		for i, cmd := range cmds {
			wg.Add(1)
			go func() { defer wg.Done(); outs[i], errs[i] = cmd.CombinedOutput() }()
		}
		wg.Wait()
		for i := range cmds {
			if errs[i] != nil {
				t.Errorf("round %d, process %d: %v\n%s", round, i, errs[i], outs[i])
			}
		}
	}
}
