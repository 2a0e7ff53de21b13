package http

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mosaic-sec/mosaic/service"
)

// metrics are the server's Prometheus series, on the registry the caller
// passed (no global registry: two servers in one test stay apart).
type metrics struct {
	rows     *prometheus.CounterVec
	rejects  *prometheus.CounterVec
	requests *prometheus.HistogramVec
}

func newMetrics(cfg Config) *metrics {
	m := &metrics{
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mosaic_ingest_rows_total",
			Help: "Rows accepted through ingest, by kind."}, []string{"kind"}),
		rejects: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mosaic_ingest_rejects_total",
			Help: "Rows rejected at ingest, by kind."}, []string{"kind"}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mosaic_http_request_seconds",
			Help: "HTTP request latency by method and status.", Buckets: prometheus.DefBuckets}, []string{"method", "code"}),
	}
	svc := cfg.Service
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	cfg.Metrics.MustRegister(m.rows, m.rejects, m.requests,
		gauge("mosaic_pending_records", "Records stored but not yet reflected in scores.", func() float64 { return float64(svc.Status().Pending) }),
		gauge("mosaic_detection_lag_seconds", "Seconds since the oldest unreflected ingest (0 when none is pending).", func() float64 {
			st := svc.Status()
			if st.Pending == 0 || st.LastIngestAt == nil {
				return 0
			}
			return time.Since(*st.LastIngestAt).Seconds()
		}),
		gauge("mosaic_detection_duration_seconds", "How long the latest analysis took.", func() float64 {
			return float64(svc.Status().DetectionMillis) / 1000
		}),
		gauge("mosaic_subjects", "People in the latest analysis.", func() float64 { return float64(svc.Status().Subjects) }),
		gauge("mosaic_alert_outbox_depth", "Alert deliveries not yet made.", func() float64 {
			if cfg.OutboxPending == nil {
				return 0
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			n, _ := cfg.OutboxPending(ctx)
			return float64(n)
		}),
	)
	return m
}

func (m *metrics) ingested(kind string, res *service.IngestResult) {
	m.rows.WithLabelValues(kind).Add(float64(res.RowsAccepted))
	m.rejects.WithLabelValues(kind).Add(float64(res.RowsRejected))
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

// instrument times every request by method and status (not by path: paths
// carry subject ids, which would make unbounded series).
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		m.requests.WithLabelValues(r.Method, strconv.Itoa(rec.code)).Observe(time.Since(t0).Seconds())
	})
}
