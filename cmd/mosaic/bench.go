package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/scan"
	"github.com/mosaic-sec/mosaic/simulate"
	"github.com/spf13/cobra"
)

// scanTimings is what a scan writes with --timings, for mosaic bench.
type scanTimings struct {
	Stages  map[string]time.Duration         `json:"stages_ns"`
	Reading map[mosaic.Kind]*scan.ReadTiming `json:"reading"`
	Rows    int                              `json:"rows"`
}

func writeTimings(path string, res *scan.Result) error {
	data, err := json.MarshalIndent(scanTimings{Stages: res.Timings, Reading: res.Reading, Rows: res.Report.Input.RowsRead}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func (a *app) benchCommand() *cobra.Command {
	var (
		sizes  []string
		seed   int64
		work   string
		noDB   bool
		format string
	)
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure a whole scan (time, throughput, peak memory) on generated companies of several sizes",
		Long: `bench generates a company of each size (once; bundles are kept in --work and reused),
then runs 'mosaic scan' on it in a child process and reports the wall time of each
stage, the reading rate of each source (rows/s and MB/s), and the child's peak
memory (max RSS), so the growth curve is visible. It also decodes the Okta logs
with plain encoding/json on the same run and reports mosaic's reading rate
against it.`,
		Example: "  mosaic bench --sizes tiny,small,medium --work /tmp/mosaic-bench",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runBench(cmd.Context(), sizes, seed, work, noDB, format)
		},
	}
	cmd.Flags().StringSliceVar(&sizes, "sizes", []string{"tiny", "small", "medium"}, "sizes to measure: tiny, small, medium, large, huge")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed of the generated companies")
	cmd.Flags().StringVar(&work, "work", filepath.Join(os.TempDir(), "mosaic-bench"), "folder for generated bundles and databases")
	cmd.Flags().BoolVar(&noDB, "no-store", false, "scan in memory only (leave the database out of the measure)")
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	return cmd
}

type benchRow struct {
	Size      string  `json:"size"`
	Rows      int     `json:"rows"`
	Seconds   float64 `json:"seconds"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// CPUSeconds is the child's user and system CPU time: on a shared
	// machine it varies far less than the wall time.
	CPUSeconds  float64                          `json:"cpu_seconds"`
	Stages      map[string]float64               `json:"stage_seconds"`
	Reading     map[mosaic.Kind]*scan.ReadTiming `json:"reading"`
	OktaRate    float64                          `json:"okta_events_per_s"`
	JSONRate    float64                          `json:"encoding_json_events_per_s"`
	GenerateSec float64                          `json:"generate_seconds,omitempty"`
}

func (a *app) runBench(ctx context.Context, sizes []string, seed int64, work string, noDB bool, format string) error {
	self, err := os.Executable()
	if err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot find the mosaic binary to run scans")
	}
	var rows []benchRow
	for _, size := range sizes {
		cfg, err := simulate.Preset(size)
		if err != nil {
			return err
		}
		cfg.Seed = seed
		dir := filepath.Join(work, fmt.Sprintf("%s-%d", size, seed))
		row := benchRow{Size: size}
		if _, err := os.Stat(filepath.Join(dir, "truth.csv")); err != nil {
			fmt.Fprintf(a.stderr, "generating %s company in %s…\n", size, dir)
			t0 := time.Now()
			if _, err := simulate.Generate(ctx, dir, cfg, nil); err != nil {
				return err
			}
			row.GenerateSec = time.Since(t0).Seconds()
		}
		timings := filepath.Join(work, size+".timings.json")
		db := filepath.Join(work, size+".db")
		for _, p := range []string{db, db + "-wal", db + "-shm"} {
			os.Remove(p)
		}
		args := []string{"scan", dir, "-q", "--format", "csv", "--out", filepath.Join(work, size+".report.csv"),
			"--db", db, "--key", filepath.Join(work, "bench.key"), "--timings", timings}
		if noDB {
			args = append(args, "--no-store")
		}
		fmt.Fprintf(a.stderr, "scanning %s…\n", size)
		c := exec.CommandContext(ctx, self, args...)
		c.Stderr = a.stderr
		t0 := time.Now()
		if err := c.Run(); err != nil {
			return mosaic.WrapError(mosaic.EINTERNAL, err, "the scan of the %s company failed", size)
		}
		row.Seconds = time.Since(t0).Seconds()
		row.CPUSeconds = (c.ProcessState.UserTime() + c.ProcessState.SystemTime()).Seconds()
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			row.PeakRSSMB = float64(ru.Maxrss) / 1024 // Linux reports KiB
		}
		var st scanTimings
		if data, err := os.ReadFile(timings); err == nil {
			_ = json.Unmarshal(data, &st)
		}
		row.Rows = st.Rows
		row.Reading = st.Reading
		row.Stages = map[string]float64{}
		for k, v := range st.Stages {
			row.Stages[k] = v.Seconds()
		}
		if rt := st.Reading[mosaic.KindOkta]; rt != nil && rt.Duration > 0 {
			row.OktaRate = float64(rt.Rows) / rt.Duration.Seconds()
			row.JSONRate = plainJSONRate(filepath.Join(dir, "okta"))
		}
		rows = append(rows, row)
	}
	if format == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	return writeBenchTable(a.stdout, rows)
}

func writeBenchTable(w io.Writer, rows []benchRow) error {
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "size\trows\tscan s\tCPU s\tpeak RSS MB\tread s\tlink s\tsimilar s\tdetect s\tstore wait s\tsave s\tokta ev/s\tencoding/json ev/s\tratio\t")
	for _, r := range rows {
		ratio := 0.0
		if r.JSONRate > 0 {
			ratio = r.OktaRate / r.JSONRate
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.0f\t%.0f\t%.1fx\t\n", r.Size, r.Rows, r.Seconds, r.CPUSeconds, r.PeakRSSMB,
			r.Stages["read"], r.Stages["link"], r.Stages["similarity"], r.Stages["detect"], r.Stages["save_records_wait"], r.Stages["save_results"], r.OktaRate, r.JSONRate, ratio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The store saves records on its own goroutine while reading and the
	// later stages run; "store wait" is what is left of it after detection.
	fmt.Fprintln(w, "\nreading by source (rows/s, MB/s; the store writes overlap reading and the later stages):")
	for _, r := range rows {
		var parts []string
		for _, k := range []mosaic.Kind{mosaic.KindApplications, mosaic.KindEmployees, mosaic.KindOkta, mosaic.KindOsquery, mosaic.KindResume, mosaic.KindPhoto} {
			if rt := r.Reading[k]; rt != nil && rt.Duration > 0 {
				s := rt.Duration.Seconds()
				parts = append(parts, fmt.Sprintf("%s %.0f rows/s %.0f MB/s", k, float64(rt.Rows)/s, float64(rt.Bytes)/s/1e6))
			}
		}
		fmt.Fprintf(w, "  %-7s %s\n", r.Size, strings.Join(parts, "; "))
	}
	return nil
}

// plainJSONRate decodes every Okta line with encoding/json into a struct of
// the fields mosaic reads, as the baseline for the reading rate.
func plainJSONRate(dir string) float64 {
	type event struct {
		UUID      string `json:"uuid"`
		Published string `json:"published"`
		EventType string `json:"eventType"`
		Actor     struct {
			AlternateID string `json:"alternateId"`
			DisplayName string `json:"displayName"`
		} `json:"actor"`
		Client struct {
			IPAddress string `json:"ipAddress"`
			UserAgent struct {
				Raw string `json:"rawUserAgent"`
			} `json:"userAgent"`
			Geo struct {
				City, State, Country string
				Geolocation          struct{ Lat, Lon float64 }
			} `json:"geographicalContext"`
		} `json:"client"`
		SecurityContext struct {
			AsNumber int    `json:"asNumber"`
			AsOrg    string `json:"asOrg"`
			ISP      string `json:"isp"`
			IsProxy  *bool  `json:"isProxy"`
		} `json:"securityContext"`
		Outcome struct {
			Result string `json:"result"`
		} `json:"outcome"`
		Debug struct {
			Data struct {
				DeviceFingerprint string `json:"deviceFingerprint"`
			} `json:"debugData"`
		} `json:"debugContext"`
		Auth struct {
			Session string `json:"externalSessionId"`
		} `json:"authenticationContext"`
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	n := 0
	t0 := time.Now()
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 4<<20)
		for sc.Scan() {
			var e event
			if json.Unmarshal(sc.Bytes(), &e) == nil {
				n++
			}
		}
		f.Close()
	}
	if d := time.Since(t0).Seconds(); d > 0 {
		return float64(n) / d
	}
	return 0
}
