package http_test

import (
	"context"
	"crypto/rand"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/csvbundle"
	mhttp "github.com/mosaic-sec/mosaic/http"
	"github.com/mosaic-sec/mosaic/okta"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/osquery"
	"github.com/mosaic-sec/mosaic/rules"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// sampleDir is the contract's sample bundle, when this machine has it.
const sampleDir = "/work/shared/contract/sample"

// bench is a running workbench over a real SQLite store.
type bench struct {
	srv    *mhttp.Server
	http   *httptest.Server
	svc    *service.Service
	ops    *opstore.Store
	db     *sqlite.DB
	tokens map[string]string // role -> API token
}

const benchPassword = "correct horse battery"

// newBench scans the sample bundle (or ingests a few synthetic records)
// into a store in t.TempDir(), starts the service and the server, and
// makes one user and one API token per role.
func newBench(t testing.TB) *bench {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "mosaic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	h, err := secret.NewHasher(key)
	if err != nil {
		t.Fatal(err)
	}
	xs := []mosaic.Extractor{csvbundle.New(h, csvbundle.DefaultMapping(), nil), okta.New(nil), osquery.New(nil)}
	set, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(sampleDir); err == nil && st.IsDir() {
		layout := bundle.DefaultLayout()
		for _, x := range xs {
			layout.ReadKinds(x.Kinds()...)
		}
		if _, err := scan.Run(ctx, scan.Config{Dir: sampleDir, Layout: layout, Extractors: xs, Store: db, Rules: set}); err != nil {
			t.Fatalf("scanning the sample: %v", err)
		}
	}
	ops := opstore.New(db, nil)
	svc := service.New(service.Config{Store: db, Ops: ops, Extractors: xs, Analysis: scan.Config{Rules: set},
		Hash: h.Hash, RuleOverrides: ops.AppliedRuleOverrides})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if svc.Snapshot() == nil || len(svc.Snapshot().Report.Subjects) == 0 {
		ingestSynthetic(t, ctx, svc)
	}
	srv := mhttp.New(mhttp.Config{Service: svc, Ops: ops, Rules: set, Version: "test",
		Ready: func(ctx context.Context) error { _, err := ops.Pending(ctx); return err }})
	b := &bench{srv: srv, svc: svc, ops: ops, db: db, tokens: map[string]string{}}
	for _, role := range opstore.Roles {
		if role != opstore.RoleIngest {
			if err := ops.AddUser(ctx, role+"1", role, benchPassword); err != nil {
				t.Fatal(err)
			}
		}
		tok, err := ops.CreateToken(ctx, role+"-token", role, "test")
		if err != nil {
			t.Fatal(err)
		}
		b.tokens[role] = tok
	}
	b.http = httptest.NewServer(srv)
	t.Cleanup(b.http.Close)
	return b
}

// ingestSynthetic feeds a small ring (three applicants sharing a phone)
// when the sample bundle is not on this machine.
func ingestSynthetic(t testing.TB, ctx context.Context, svc *service.Service) {
	t.Helper()
	body := "application_id,candidate_id,job_id,submitted_at,first_name,last_name,email,phone\n" +
		"A1,C1,J1,2026-03-01T10:00:00Z,Ann,Lee,ann@example.com,+1 602 555 0143\n" +
		"A2,C2,J1,2026-03-01T10:05:00Z,Bo,Kim,bo@example.com,+1 602 555 0143\n" +
		"A3,C3,J1,2026-03-01T10:09:00Z,Cy,Park,cy@example.com,(602) 555-0143\n"
	if _, err := svc.Ingest(ctx, "applications", "text/csv", strings.NewReader(body), "test"); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := svc.WaitReflected(wctx); err != nil {
		t.Fatal(err)
	}
}

// ids returns a subject and a cluster to put in route patterns.
func (b *bench) ids(t testing.TB) (subject, cluster string) {
	t.Helper()
	rep := b.svc.Snapshot().Report
	if len(rep.Subjects) == 0 {
		t.Fatal("no subjects")
	}
	subject = rep.Subjects[0].ID
	for _, s := range rep.Subjects {
		if s.ClusterID != nil {
			return s.ID, *s.ClusterID
		}
	}
	return subject, "K-none"
}
