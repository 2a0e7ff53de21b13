// Package opstore keeps what `mosaic serve` needs beside the records:
// accounts and API tokens, sessions, the hash-chained audit log, the alert
// outbox and what has been alerted, connector cursors, the ingest log and
// case work. It is written once over migrations.SQL, so the SQLite and
// PostgreSQL stores share it.
package opstore

import (
	"time"

	"github.com/mosaic-sec/mosaic/migrations"
)

// Store is the operational store over one database.
type Store struct {
	db  migrations.SQL
	now func() time.Time
}

// New returns the operational store over db; now is the clock (nil: time.Now).
func New(db migrations.SQL, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Roles, from least to most trusted. Ingest is a system's token, not a
// person's, and sits apart from the others.
const (
	RoleIngest  = "ingest"
	RoleViewer  = "viewer"
	RoleAnalyst = "analyst"
	RoleAdmin   = "admin"
)

// Roles lists every role.
var Roles = []string{RoleIngest, RoleViewer, RoleAnalyst, RoleAdmin}

// ValidRole reports whether r names a role.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// RoleAtLeast reports whether role grants what min does among viewer <
// analyst < admin; the ingest role grants none of them.
func RoleAtLeast(role, min string) bool {
	rank := map[string]int{RoleViewer: 1, RoleAnalyst: 2, RoleAdmin: 3}
	return rank[role] > 0 && rank[role] >= rank[min]
}

func ts(t time.Time) string { return migrations.FormatTime(t) }

func parseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
