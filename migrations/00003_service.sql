-- What `mosaic serve` keeps beside the records: photo fingerprints (so the
-- store alone can rebuild every result), accounts, API tokens, sessions,
-- the hash-chained audit log, the alert outbox and what was alerted,
-- connector cursors, and case work (status, assignee, comments). Same
-- conventions as 00001_schema.sql: every column NOT NULL, times as
-- fixed-width RFC 3339 text, lists as JSON text.

-- +goose Up
ALTER TABLE photos ADD COLUMN fingerprint_json TEXT NOT NULL DEFAULT '';

CREATE TABLE users (
    name          TEXT NOT NULL PRIMARY KEY,
    role          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0
);

-- token_hash is SHA-256 of the token: the token itself is shown once.
CREATE TABLE api_tokens (
    token_hash  TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',
    revoked_at  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sessions (
    session_hash TEXT NOT NULL PRIMARY KEY,
    user_name    TEXT NOT NULL DEFAULT '',
    csrf         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL DEFAULT '',
    expires_at   TEXT NOT NULL DEFAULT ''
);

-- Append-only; each entry's hash covers its content and the previous hash.
CREATE TABLE audit_log (
    seq       BIGINT NOT NULL PRIMARY KEY,
    at        TEXT   NOT NULL DEFAULT '',
    actor     TEXT   NOT NULL DEFAULT '',
    role      TEXT   NOT NULL DEFAULT '',
    action    TEXT   NOT NULL DEFAULT '',
    target    TEXT   NOT NULL DEFAULT '',
    detail    TEXT   NOT NULL DEFAULT '',
    remote    TEXT   NOT NULL DEFAULT '',
    prev_hash TEXT   NOT NULL DEFAULT '',
    hash      TEXT   NOT NULL DEFAULT ''
);

-- One row per subject: the highest level an alert was raised for.
CREATE TABLE alert_state (
    subject_id TEXT NOT NULL PRIMARY KEY,
    level      TEXT NOT NULL DEFAULT '',
    alert_id   TEXT NOT NULL DEFAULT '',
    raised_at  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE alert_outbox (
    alert_id     TEXT   NOT NULL,
    destination  TEXT   NOT NULL,
    payload      TEXT   NOT NULL DEFAULT '',
    attempts     BIGINT NOT NULL DEFAULT 0,
    next_attempt TEXT   NOT NULL DEFAULT '',
    last_error   TEXT   NOT NULL DEFAULT '',
    delivered_at TEXT   NOT NULL DEFAULT '',
    created_at   TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (alert_id, destination)
);
CREATE INDEX alert_outbox_due_idx ON alert_outbox (delivered_at, next_attempt);

CREATE TABLE source_cursors (
    source     TEXT NOT NULL PRIMARY KEY,
    cursor     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);

-- Every ingest call, for the sources page and status.
CREATE TABLE ingest_log (
    seq           BIGINT NOT NULL PRIMARY KEY,
    at            TEXT   NOT NULL DEFAULT '',
    source        TEXT   NOT NULL DEFAULT '',
    kind          TEXT   NOT NULL DEFAULT '',
    rows_read     BIGINT NOT NULL DEFAULT 0,
    rows_accepted BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    rejects_json  TEXT   NOT NULL DEFAULT '[]'
);

CREATE TABLE cases (
    subject_id TEXT NOT NULL PRIMARY KEY,
    status     TEXT NOT NULL DEFAULT 'open',
    assignee   TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE comments (
    subject_id TEXT NOT NULL,
    at         TEXT NOT NULL,
    author     TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (subject_id, at, author)
);

CREATE TABLE rule_overrides (
    rule_id    TEXT NOT NULL PRIMARY KEY,
    disabled   INTEGER NOT NULL DEFAULT 0,
    weight     DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE rule_overrides;
DROP TABLE comments;
DROP TABLE cases;
DROP TABLE ingest_log;
DROP TABLE source_cursors;
DROP INDEX alert_outbox_due_idx;
DROP TABLE alert_outbox;
DROP TABLE alert_state;
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE users;
ALTER TABLE photos DROP COLUMN fingerprint_json;
