package migrations_test

import (
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic/migrations"
)

func TestInsertSQL(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"sqlite upsert", migrations.Photos.InsertSQL(migrations.SQLite, 2, true),
			"INSERT INTO photos (application_id, path, origin_file, origin_line, fingerprint_json) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)" +
				" ON CONFLICT (application_id, path) DO UPDATE SET origin_file = excluded.origin_file, origin_line = excluded.origin_line, fingerprint_json = excluded.fingerprint_json" +
				" WHERE photos.origin_file <> excluded.origin_file OR photos.origin_line <> excluded.origin_line OR photos.fingerprint_json <> excluded.fingerprint_json"},
		{"postgres plain", migrations.Clusters.InsertSQL(migrations.Postgres, 2, false),
			"INSERT INTO clusters (id, subject_ids_json) VALUES ($1, $2), ($3, $4)"},
		{"select", migrations.Signals.SelectSQL(migrations.Postgres),
			`SELECT subject_id, ordinal, rule_id, signal_key, title, silo, at, weight, share, explanation, evidence_json FROM signals ORDER BY subject_id COLLATE "C", ordinal`},
		{"select sqlite", migrations.Jobs.SelectSQL(migrations.SQLite),
			"SELECT job_id, title, posted_at, remote, location, origin_file, origin_line FROM jobs ORDER BY job_id"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got  %s\n want %s", tt.name, tt.got, tt.want)
		}
	}
	up := migrations.Jobs.UpsertFromSQL("tmp")
	if !strings.HasPrefix(up, "INSERT INTO jobs (job_id, ") || !strings.Contains(up, ` FROM tmp ORDER BY job_id COLLATE "C" ON CONFLICT (job_id) DO UPDATE`) {
		t.Errorf("UpsertFromSQL = %s", up)
	}
}
