package natsqueue

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/opstore"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/mosaic-sec/mosaic/service"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// TestServiceOverNATS: a service whose queue is the NATS one ingests a
// small bundle file by file; the snapshot reflects every record, nothing
// is pending, and it reports what a service with the in-process queue
// reports for the same calls. A second service started over the same
// database and stream (the detection process restarted) agrees too.
func TestServiceOverNATS(t *testing.T) {
	srv := startServer(t)
	bundle := filepath.Join("..", "csvbundle", "testdata", "good")
	files := []string{"jobs", "applications", "employees", "shipments", "payroll", "notes"}

	run := func(db string, queue service.Queue, ingest bool) *mosaic.Report {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		store, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		h, err := secret.NewHasher([]byte("0123456789abcdef0123456789abcdef"))
		if err != nil {
			t.Fatal(err)
		}
		svc := service.New(service.Config{Store: store, Ops: opstore.New(store, nil), TempDir: t.TempDir(), Queue: queue,
			Extractors: []mosaic.Extractor{csvbundle.New(h, csvbundle.DefaultMapping(), slog.New(slog.DiscardHandler))}})
		if err := svc.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if ingest {
			for _, kind := range files {
				f, err := os.Open(filepath.Join(bundle, kind+".csv"))
				if err != nil {
					t.Fatal(err)
				}
				res, err := svc.Ingest(ctx, kind, "text/csv", f, "test")
				f.Close()
				if err != nil || res.RowsAccepted == 0 {
					t.Fatalf("%s: %+v %v", kind, res, err)
				}
			}
		}
		wctx, wcancel := context.WithTimeout(ctx, time.Minute)
		defer wcancel()
		if err := svc.WaitReflected(wctx); err != nil {
			t.Fatalf("the snapshot never caught up: %+v", svc.Status())
		}
		if st := svc.Status(); st.Pending != 0 {
			t.Errorf("pending %d", st.Pending)
		}
		return svc.Snapshot().Report
	}

	natsDB := filepath.Join(t.TempDir(), "nats.db")
	overNATS := run(natsDB, openQueue(t, srv.url(), nil), true)
	inProcess := run(filepath.Join(t.TempDir(), "memory.db"), nil, true)
	if len(overNATS.Subjects) == 0 {
		t.Fatal("no subjects: the ingested records never reached detection")
	}
	if got, want := levels(overNATS), levels(inProcess); !reflect.DeepEqual(got, want) {
		t.Errorf("over NATS %v, in process %v", got, want)
	}
	restarted := run(natsDB, openQueue(t, srv.url(), nil), false)
	if got, want := levels(restarted), levels(overNATS); !reflect.DeepEqual(got, want) {
		t.Errorf("restarted %v, first run %v", got, want)
	}
}

// levels is a report's people and their levels.
func levels(rep *mosaic.Report) map[string]mosaic.Level {
	out := map[string]mosaic.Level{}
	for _, s := range rep.Subjects {
		out[s.ID] = s.Level
	}
	return out
}

// TestPhotoFingerprintsArriveInTheMatchersForm: a photo's fingerprint
// travels as JSON and comes out of Drain through DecodeFingerprint.
func TestPhotoFingerprintsArriveInTheMatchersForm(t *testing.T) {
	type fingerprint struct {
		Whole  uint64   `json:"whole"`
		Border []uint64 `json:"border"`
	}
	srv := startServer(t)
	q := openQueue(t, srv.url(), func(c *Config) {
		c.DecodeFingerprint = func(raw json.RawMessage) (any, error) {
			var fp fingerprint
			err := json.Unmarshal(raw, &fp)
			return fp, err
		}
	})
	want := fingerprint{Whole: 1<<63 + 5, Border: []uint64{1, 2, 3}}
	if err := q.Publish(context.Background(), []mosaic.Record{mosaic.Photo{ApplicationID: "A1", Path: "photos/A1.jpg", Fingerprint: want}}); err != nil {
		t.Fatal(err)
	}
	recs, _ := drainUntil(t, q, 1)
	if got := recs[0].(mosaic.Photo).Fingerprint; !reflect.DeepEqual(got, want) {
		t.Errorf("fingerprint %#v, want %#v", got, want)
	}
}
