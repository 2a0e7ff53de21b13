package simulate

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/mosaic-sec/mosaic"
)

// Generate writes a bundle for cfg into dir (created if missing; files of
// the same names are overwritten). progress may be nil.
func Generate(ctx context.Context, dir string, cfg Config, progress Progress) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, mosaic.Errorf(mosaic.EINVALID, "no output folder given")
	}
	for _, sub := range []string{"okta", "osquery", "attachments/resumes", "attachments/photos"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot create the output folder %s", dir)
		}
	}
	report := func(stage string, done, total int64) {
		if progress != nil {
			progress(stage, done, total)
		}
	}
	report("world", 0, 1)
	w := build(cfg)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	report("world", 1, 1)
	slog.Debug("simulated company", "company", w.company, "people", len(w.people), "applications", len(w.apps), "employees", len(w.emps), "rings", len(w.rings))

	res := &Result{Dir: dir, Counts: map[string]int64{}, Rings: len(w.rings)}
	steps := []struct {
		name string
		run  func(string) (int64, error)
	}{
		{"jobs.csv", w.writeJobs},
		{"applications.csv", w.writeApplications},
		{"employees.csv", w.writeEmployees},
		{"shipments.csv", w.writeShipments},
		{"payroll.csv", w.writePayroll},
		{"notes.csv", w.writeNotes},
	}
	for i, s := range steps {
		n, err := s.run(dir)
		if err != nil {
			return nil, err
		}
		res.Counts[s.name] = n
		report("tables", int64(i+1), int64(len(steps)))
	}
	n, err := w.writeResumes(ctx, dir, progress)
	if err != nil {
		return nil, err
	}
	res.Counts["attachments/resumes"] = n
	n, err = w.writePhotos(ctx, dir, progress)
	if err != nil {
		return nil, err
	}
	res.Counts["attachments/photos"] = n
	n, err = w.writeOsquery(ctx, dir, progress)
	if err != nil {
		return nil, err
	}
	res.Counts["osquery/osqueryd.results.log"] = n
	n, err = w.writeOkta(ctx, dir, progress)
	if err != nil {
		return nil, err
	}
	res.Counts["okta/system_log.jsonl"] = n
	people, fraud, err := w.writeTruth(dir)
	if err != nil {
		return nil, err
	}
	res.Counts["truth.csv"] = people
	res.People, res.Fraud = int(people), int(fraud)
	report("done", 1, 1)
	return res, nil
}
