package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic/opstore"
)

// TestIncompleteScanWarned: a scan journaled as stopped part-way shows in
// /api/v1/status (incomplete_scans, with when and why) and as a warning on
// the Sources page, until it is acknowledged.
func TestIncompleteScanWarned(t *testing.T) {
	b := newBench(t)
	ctx := t.Context()
	id, err := b.ops.StartScan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.ops.FinishScan(ctx, id, opstore.ScanIncomplete, "cannot save the records: the database is full"); err != nil {
		t.Fatal(err)
	}
	status := func() []opstore.Scan {
		req, _ := http.NewRequest("GET", b.http.URL+"/api/v1/status", nil)
		req.Header.Set("Authorization", "Bearer "+b.tokens[opstore.RoleViewer])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var st struct {
			Pending         *int64         `json:"pending"`
			IncompleteScans []opstore.Scan `json:"incomplete_scans"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || st.Pending == nil {
			t.Fatalf("status: %v (pending %v)", err, st.Pending)
		}
		return st.IncompleteScans
	}
	sources := func() string {
		c, _ := b.login(t, "admin1")
		resp, err := c.Get(b.http.URL + "/sources")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		page, _ := io.ReadAll(resp.Body)
		return string(page)
	}
	got := status()
	if len(got) != 1 || got[0].ID != id || got[0].Reason != "cannot save the records: the database is full" || got[0].StartedAt.IsZero() {
		t.Errorf("status incomplete_scans = %+v", got)
	}
	if page := sources(); !strings.Contains(page, "includes an incomplete scan") || !strings.Contains(page, "the database is full") {
		t.Error("the Sources page does not warn about the incomplete scan")
	}
	if _, err := b.ops.AcknowledgeScans(ctx, "admin1"); err != nil {
		t.Fatal(err)
	}
	if got := status(); got == nil || len(got) != 0 {
		t.Errorf("after the acknowledgement: incomplete_scans = %#v, want []", got)
	}
	if strings.Contains(sources(), "includes an incomplete scan") {
		t.Error("the Sources page still warns after the acknowledgement")
	}
}
