package migrations

import (
	"strconv"
	"strings"
)

// ColumnType is the Go-side type of a column: what rows.go puts in it and
// what a digest scans out of it.
type ColumnType int

const (
	Text    ColumnType = iota // string
	Integer                   // int64 (INTEGER and BIGINT)
	Real                      // float64 (DOUBLE PRECISION)
)

// Column is one column of a table.
type Column struct {
	Name string
	Type ColumnType
}

// Table describes one table of the schema as 00001_schema.sql creates it.
type Table struct {
	Name    string
	Columns []Column
	// KeyColumns is how many leading columns form the primary key.
	KeyColumns int
	// Journal marks a table of runs rather than content (the scan
	// journal): the digest leaves it out, since re-scanning a bundle adds
	// a run and changes no content.
	Journal bool
}

// Key returns the primary-key columns.
func (t *Table) Key() []Column { return t.Columns[:t.KeyColumns] }

// ColumnNames returns the column names in order.
func (t *Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// texts, integers and doubles keep the table literals below short.
func texts(names ...string) []Column    { return columns(Text, names) }
func integers(names ...string) []Column { return columns(Integer, names) }
func doubles(names ...string) []Column  { return columns(Real, names) }

func columns(t ColumnType, names []string) []Column {
	cs := make([]Column, len(names))
	for i, n := range names {
		cs[i] = Column{Name: n, Type: t}
	}
	return cs
}

func join(parts ...[]Column) []Column {
	var cs []Column
	for _, p := range parts {
		cs = append(cs, p...)
	}
	return cs
}

var origin = join(texts("origin_file"), integers("origin_line"))

// The tables, in the order they are written and digested. They are
// read-only after package initialisation.
var (
	Jobs = &Table{Name: "jobs", KeyColumns: 1, Columns: join(
		texts("job_id", "title", "posted_at"), integers("remote"), texts("location"), origin)}

	Applications = &Table{Name: "applications", KeyColumns: 1, Columns: join(
		texts("application_id", "candidate_id", "job_id", "submitted_at", "first_name", "last_name",
			"email", "phone", "address_line1", "address_line2", "city", "region", "postal_code",
			"country", "linkedin_url", "github_url", "source", "resume_file", "photo_file",
			"references_json", "submit_ip", "user_agent"), origin)}

	Employees = &Table{Name: "employees", KeyColumns: 1, Columns: join(
		texts("employee_id", "candidate_id", "application_id", "first_name", "last_name",
			"work_email", "personal_email", "phone", "address_line1", "address_line2", "city",
			"region", "postal_code", "country", "timezone", "hire_date", "termination_date",
			"employment_type", "vendor", "title", "ssn_hash", "dob_hash"), origin)}

	Shipments = &Table{Name: "shipments", KeyColumns: 1, Columns: join(
		texts("shipment_id", "employee_id", "asset_tag", "serial_number", "hostname",
			"requested_at", "shipped_at", "delivered_at", "ship_to_name", "ship_to_line1",
			"ship_to_line2", "ship_to_city", "ship_to_region", "ship_to_postal_code",
			"ship_to_country", "address_change_requested_at", "address_change_reason"), origin)}

	Payroll = &Table{Name: "payroll", KeyColumns: 1, Columns: join(
		texts("event_id", "employee_id", "occurred_at", "kind", "bank_name", "bank_country",
			"routing_hash", "account_hash", "account_holder", "payment_provider", "wallet_hash",
			"amount", "currency"), origin)}

	Notes = &Table{Name: "notes", KeyColumns: 1, Columns: join(
		texts("note_id", "subject_type", "subject_id", "occurred_at", "author_role", "kind",
			"outcome", "text"), origin)}

	SignIns = &Table{Name: "signins", KeyColumns: 1, Columns: join(
		texts("uuid", "published", "event_type", "actor", "actor_name", "ip", "user_agent",
			"city", "region", "country"), doubles("lat", "lon"), integers("has_geo", "as_number"),
		texts("as_org", "isp"), integers("is_proxy"),
		texts("outcome", "device_fingerprint", "session_id"), origin,
		texts("target"))} // target (00006) comes after the origin: it was added later

	HostRows = &Table{Name: "host_rows", KeyColumns: 1, Columns: join(
		texts("event_id", "query", "name", "host_identifier", "hostname", "serial", "username",
			"time", "action", "columns_json"), origin)}

	Resumes = &Table{Name: "resumes", KeyColumns: 2, Columns: join(
		texts("application_id", "path", "text"), origin)}

	// fingerprint_json (00003) comes after the origin: it was added later.
	Photos = &Table{Name: "photos", KeyColumns: 2, Columns: join(
		texts("application_id", "path"), origin, texts("fingerprint_json"))}

	Subjects = &Table{Name: "subjects", KeyColumns: 1, Columns: join(
		texts("id", "display_name", "application_ids_json", "candidate_ids_json",
			"employee_ids_json"), doubles("score"),
		texts("level", "first_flagged_at", "cluster_id", "merge_reasons_json"))}

	Signals = &Table{Name: "signals", KeyColumns: 2, Columns: join(
		texts("subject_id"), integers("ordinal"),
		texts("rule_id", "signal_key", "title", "silo", "at"), doubles("weight", "share"),
		texts("explanation", "evidence_json"))}

	Clusters = &Table{Name: "clusters", KeyColumns: 1, Columns: texts("id", "subject_ids_json")}

	Links = &Table{Name: "links", KeyColumns: 2, Columns: join(
		texts("cluster_id"), integers("ordinal"), texts("a", "b", "kind"), doubles("strength"),
		texts("explanation"))}
)

// Feedback tables hold analysts' conclusions (00002_feedback.sql).
var (
	Dispositions = &Table{Name: "dispositions", KeyColumns: 1, Columns: texts("subject_id", "verdict", "note", "set_by", "set_at")}
	Allowances   = &Table{Name: "allowances", KeyColumns: 3, Columns: texts("a", "b", "kind", "note", "set_by", "set_at")}
)

// Service tables hold what `mosaic serve` keeps beside the records
// (00003_service.sql): accounts, tokens, sessions, the audit log, alerts,
// connector cursors, the ingest log and case work.
var (
	Users = &Table{Name: "users", KeyColumns: 1, Columns: join(
		texts("name", "role", "password_hash", "created_at"), integers("disabled"))}
	APITokens = &Table{Name: "api_tokens", KeyColumns: 1, Columns: texts(
		"token_hash", "name", "role", "created_at", "created_by", "revoked_at")}
	Sessions = &Table{Name: "sessions", KeyColumns: 1, Columns: texts(
		"session_hash", "user_name", "csrf", "created_at", "expires_at",
		"last_seen_at", "user_agent", "client")} // the last three: 00009_session_list.sql
	AuditLog = &Table{Name: "audit_log", KeyColumns: 1, Columns: join(integers("seq"), texts(
		"at", "actor", "role", "action", "target", "detail", "remote", "prev_hash", "hash"))}
	AlertState = &Table{Name: "alert_state", KeyColumns: 1, Columns: texts(
		"subject_id", "level", "alert_id", "raised_at")}
	AlertOutbox = &Table{Name: "alert_outbox", KeyColumns: 2, Columns: join(
		texts("alert_id", "destination", "payload"), integers("attempts"),
		texts("next_attempt", "last_error", "delivered_at", "created_at"))}
	SourceCursors = &Table{Name: "source_cursors", KeyColumns: 1, Columns: texts("source", "cursor", "updated_at")}
	IngestLog     = &Table{Name: "ingest_log", KeyColumns: 1, Columns: join(integers("seq"),
		texts("at", "source", "kind"), integers("rows_read", "rows_accepted", "rows_rejected"), texts("rejects_json"))}
	Cases = &Table{Name: "cases", KeyColumns: 1, Columns: texts(
		"subject_id", "status", "assignee", "updated_by", "updated_at")}
	Comments      = &Table{Name: "comments", KeyColumns: 3, Columns: texts("subject_id", "at", "author", "text")}
	RuleOverrides = &Table{Name: "rule_overrides", KeyColumns: 1, Columns: join(texts("rule_id"),
		integers("disabled"), doubles("weight"), texts("updated_by", "updated_at"))}
)

// ServiceTables are the service's tables, in digest order.
var ServiceTables = []*Table{Users, APITokens, Sessions, AuditLog, AlertState, AlertOutbox,
	SourceCursors, IngestLog, Cases, Comments, RuleOverrides}

// Workbench tables remember what each analyst last saw of the queue
// (00004_workbench.sql).
var (
	QueueViews = &Table{Name: "queue_views", KeyColumns: 1, Columns: texts("user_name", "viewed_at")}
	QueueSeen  = &Table{Name: "queue_seen", KeyColumns: 2, Columns: join(texts("user_name", "subject_id", "level"),
		doubles("score"), texts("seen_at"))}
)

// WorkbenchTables are the workbench's tables, in digest order.
var WorkbenchTables = []*Table{QueueViews, QueueSeen}

// KeyCheck holds the fingerprint of the hashing key the database's hashes
// were made with (00005_keycheck.sql; see secret.Open).
var KeyCheck = &Table{Name: "key_check", KeyColumns: 1, Columns: join(integers("id"), texts("fingerprint", "set_at"))}

// KeyTables are the key check's tables, in digest order.
var KeyTables = []*Table{KeyCheck}

// LegalHolds are the subjects that must not be erased (00007_privacy.sql;
// see package privacy).
var LegalHolds = &Table{Name: "legal_holds", KeyColumns: 1, Columns: texts("subject_id", "set_by", "set_at", "reason")}

// PrivacyTables are the privacy tables, in digest order.
var PrivacyTables = []*Table{LegalHolds}

// Scans is the scan journal (00008_scans.sql; see opstore.StartScan).
var Scans = &Table{Name: "scans", KeyColumns: 1, Columns: texts("id", "started_at", "finished_at", "status", "reason",
	"acknowledged_by", "acknowledged_at"), Journal: true}

// JournalTables describe runs, not content, in digest order.
var JournalTables = []*Table{Scans}

// RecordTables hold what scans read; they are upserted by natural key.
var RecordTables = []*Table{Jobs, Applications, Employees, Shipments, Payroll, Notes, SignIns,
	HostRows, Resumes, Photos}

// ResultTables hold what a scan concluded, parents before children; they are
// replaced as a whole.
var ResultTables = []*Table{Subjects, Signals, Clusters, Links}

// FeedbackTables hold what analysts said; scans read them and never change them.
var FeedbackTables = []*Table{Dispositions, Allowances}

// AllTables is every table of the schema, in digest order.
var AllTables = append(append(append(append(append(append(append(append([]*Table{}, RecordTables...), ResultTables...), FeedbackTables...), ServiceTables...), WorkbenchTables...), KeyTables...), PrivacyTables...), JournalTables...)

// Placeholder returns the n-th (1-based) bind parameter of the dialect.
func (d Dialect) Placeholder(n int) string {
	if d == Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// InsertSQL returns an INSERT of rows rows into t. With upsert, a row whose
// key is already stored is updated, and only when some column differs, so
// re-saving identical rows writes nothing (no dead tuples on PostgreSQL, no
// dirty pages on SQLite).
func (t *Table) InsertSQL(d Dialect, rows int, upsert bool) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(t.Name)
	b.WriteString(" (")
	b.WriteString(strings.Join(t.ColumnNames(), ", "))
	b.WriteString(") VALUES ")
	n := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.Columns {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteString(d.Placeholder(n))
		}
		b.WriteByte(')')
	}
	if upsert {
		b.WriteString(t.upsertClause())
	}
	return b.String()
}

// upsertClause is the ON CONFLICT clause shared by both dialects.
func (t *Table) upsertClause() string {
	var b strings.Builder
	b.WriteString(" ON CONFLICT (")
	for i, c := range t.Key() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
	}
	rest := t.Columns[t.KeyColumns:]
	if len(rest) == 0 {
		b.WriteString(") DO NOTHING")
		return b.String()
	}
	b.WriteString(") DO UPDATE SET ")
	for i, c := range rest {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name + " = excluded." + c.Name)
	}
	// Columns are NOT NULL, so <> is an exact "differs" test.
	b.WriteString(" WHERE ")
	for i, c := range rest {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(t.Name + "." + c.Name + " <> excluded." + c.Name)
	}
	return b.String()
}

// UpsertFromSQL returns the PostgreSQL statement that moves every row of
// from (a table of t's columns, such as a temporary table filled by COPY)
// into t with the same upsert rule as InsertSQL, in key order like
// EncodeRecords.
func (t *Table) UpsertFromSQL(from string) string {
	cols := strings.Join(t.ColumnNames(), ", ")
	return "INSERT INTO " + t.Name + " (" + cols + ") SELECT " + cols + " FROM " + from +
		" ORDER BY " + t.orderBy(Postgres) + t.upsertClause()
}

// SelectSQL returns a query of every row of t in key order. Text keys are
// ordered bytewise on both engines (SQLite's BINARY, PostgreSQL's "C"), so
// the order, and therefore the digest, does not depend on the server locale.
func (t *Table) SelectSQL(d Dialect) string {
	return "SELECT " + strings.Join(t.ColumnNames(), ", ") + " FROM " + t.Name + " ORDER BY " + t.orderBy(d)
}

func (t *Table) orderBy(d Dialect) string {
	var b strings.Builder
	for i, c := range t.Key() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
		if c.Type == Text && d == Postgres {
			b.WriteString(` COLLATE "C"`)
		}
	}
	return b.String()
}
