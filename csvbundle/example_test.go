package csvbundle_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/csvbundle"
)

// keyedHasher is a minimal mosaic.Hasher: HMAC-SHA-256 under a secret key.
type keyedHasher struct{ key []byte }

func (h keyedHasher) Hash(field, value string) string {
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(field + "\x00" + value))
	return hex.EncodeToString(m.Sum(nil))
}

// printer is an Emitter that prints what it gets.
type printer struct{}

func (printer) Accept(r mosaic.Record) error {
	j := r.(mosaic.Job)
	fmt.Printf("line %d: %s %q remote=%v\n", j.Origin.Line, j.ID, j.Title, j.Remote)
	return nil
}
func (p printer) AcceptMany(rs []mosaic.Record) error {
	for _, r := range rs {
		if err := p.Accept(r); err != nil {
			return err
		}
	}
	return nil
}
func (printer) Reject(r mosaic.Reject) error {
	fmt.Printf("line %d rejected: %s\n", r.Line, r.Reason)
	return nil
}

func Example() {
	// A mapping file (or nil for the contract's names) and a hasher.
	m, err := csvbundle.ParseMapping("mapping.yaml", []byte("preset: greenhouse\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	x := csvbundle.New(keyedHasher{key: []byte("secret")}, m, slog.New(slog.DiscardHandler))

	dir := "testdata/good"
	name := m.FileName(mosaic.KindJobs) // jobs.csv
	abs, _ := filepath.Abs(filepath.Join(dir, name))
	if _, err := os.Stat(abs); err != nil {
		fmt.Println(err)
		return
	}
	err = x.Extract(context.Background(), mosaic.File{Path: name, Abs: abs, Kind: mosaic.KindJobs}, printer{})
	fmt.Println("error:", err)
	// Output:
	// line 2: JOB-0001 "Machine Learning Engineer" remote=true
	// line 3: JOB-0002 "Full Stack Developer, Payments" remote=true
	// line 4: JOB-0003 "Site Reliability Engineer" remote=false
	// line 5: JOB-0004 "Data Analyst" remote=false
	// error: <nil>
}
