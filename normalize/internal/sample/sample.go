// Package sample gives the normalisers' tests the rows of the shared sample
// bundle. The bundle is not shipped with mosaic: when it is absent the
// calling test is skipped with a message.
package sample

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the sample bundle's folder, found beside the checkout
// (../../../shared from a normaliser) or inside it (../../shared), or skips
// the test.
func Dir(t testing.TB) string {
	t.Helper()
	for _, root := range []string{filepath.Join("..", "..", ".."), filepath.Join("..", "..")} {
		dir := filepath.Join(root, "shared", "contract", "sample")
		if _, err := os.Stat(filepath.Join(dir, "applications.csv")); err == nil {
			return dir
		}
	}
	t.Skip("sample bundle (shared/contract/sample) not present; skipping")
	return ""
}

// Rows reads one CSV file of the sample bundle: every row, the header
// first, and the index of each column by name.
func Rows(t testing.TB, file string) ([][]string, map[string]int) {
	t.Helper()
	f, err := os.Open(filepath.Join(Dir(t), file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s is empty", file)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	return rows, col
}
