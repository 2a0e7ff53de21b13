package http_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/csvbundle"
	mhttp "github.com/mosaic-sec/mosaic/http"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// failingStore is a real store whose SaveRecords fails with err.
type failingStore struct {
	*sqlite.DB
	err error
}

func (f failingStore) SaveRecords(context.Context, []mosaic.Record) error { return f.err }

// TestIngestStoreFailures (ASVS 7.4.1, contract: 503 for an unreachable
// store): a store that is full, locked or unreachable answers an ingest
// call 503; any other store failure 500, never 400 (the caller's body was
// fine); the answer names no file or server, which the log keeps.
func TestIngestStoreFailures(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "mosaic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	set, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ops := opstore.New(db, nil)
	tok, err := ops.CreateToken(ctx, "ats", opstore.RoleIngest, "test")
	if err != nil {
		t.Fatal(err)
	}
	h, err := secret.NewHasher(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	where := "/var/lib/secret-place/mosaic.db"
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"disk full", mosaic.WrapError(mosaic.EUNAVAILABLE, errors.New("SQLITE_FULL"), "cannot save records to database %s: the disk is full", where), http.StatusServiceUnavailable},
		{"server gone", mosaic.WrapError(mosaic.EINTERNAL, mosaic.WrapError(mosaic.EUNAVAILABLE, errors.New("EOF"), "cannot save in PostgreSQL at db.internal: the connection to the server was lost"), "saving"), http.StatusServiceUnavailable},
		{"raw ENOSPC", fmt.Errorf("write %s: %w", where, syscall.ENOSPC), http.StatusServiceUnavailable},
		{"read-only", mosaic.WrapError(mosaic.EINVALID, errors.New("SQLITE_READONLY"), "cannot save records to database %s: the file is read-only", where), http.StatusInternalServerError},
		{"refused password", mosaic.WrapError(mosaic.EUNAUTHORIZED, errors.New("28P01"), "cannot save in PostgreSQL at db.internal: the server refused the user or password"), http.StatusInternalServerError},
		{"bug", fmt.Errorf("sql: statement at %s is wrong", where), http.StatusInternalServerError},
	} {
		svc := service.New(service.Config{Store: failingStore{db, c.err}, Ops: ops,
			Extractors: []mosaic.Extractor{csvbundle.New(h, csvbundle.DefaultMapping(), nil)}, Analysis: scan.Config{Rules: set}})
		srv := httptest.NewServer(mhttp.New(mhttp.Config{Service: svc, Ops: ops, Rules: set}))
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/ingest/jobs", strings.NewReader("job_id,title,posted_at\nJ1,Engineer,2026-03-01T00:00:00Z\n"))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, resp.StatusCode, body, c.want)
		}
		if strings.Contains(string(body), "secret-place") || strings.Contains(string(body), "db.internal") || strings.Contains(string(body), "SQLITE") {
			t.Errorf("%s: the answer tells where the store is: %s", c.name, body)
		}
	}
}
