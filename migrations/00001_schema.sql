-- The schema of a mosaic store. This file runs unchanged on SQLite and
-- PostgreSQL, so it sticks to the types and syntax both understand: TEXT,
-- BIGINT, INTEGER, DOUBLE PRECISION, composite primary keys and plain indexes.
--
-- Conventions (mirrored by tables.go, which a test holds to this file):
--   * Every column is NOT NULL. Absent text is '', absent numbers are 0, so
--     "missing" has one spelling and digests never meet NULL.
--   * Times are TEXT, RFC 3339 in UTC with exactly nine fractional digits
--     ('2026-04-18T14:39:00.000000000Z'), '' for the zero time. Fixed width
--     makes text order chronological order on both engines, keeps nanosecond
--     precision (PostgreSQL timestamps stop at microseconds) and has no
--     1677..2262 range limit as BIGINT unix nanoseconds would.
--   * Lists and maps are JSON text.
--   * Record tables are keyed by the natural key of their source row, so a
--     re-scan upserts in place, and keep origin_file and origin_line.
--   * Sensitive values exist here only as keyed hashes.

-- +goose Up
CREATE TABLE jobs (
    job_id      TEXT    NOT NULL PRIMARY KEY,
    title       TEXT    NOT NULL DEFAULT '',
    posted_at   TEXT    NOT NULL DEFAULT '',
    remote      INTEGER NOT NULL DEFAULT 0,
    location    TEXT    NOT NULL DEFAULT '',
    origin_file TEXT    NOT NULL DEFAULT '',
    origin_line BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE applications (
    application_id  TEXT   NOT NULL PRIMARY KEY,
    candidate_id    TEXT   NOT NULL DEFAULT '',
    job_id          TEXT   NOT NULL DEFAULT '',
    submitted_at    TEXT   NOT NULL DEFAULT '',
    first_name      TEXT   NOT NULL DEFAULT '',
    last_name       TEXT   NOT NULL DEFAULT '',
    email           TEXT   NOT NULL DEFAULT '',
    phone           TEXT   NOT NULL DEFAULT '',
    address_line1   TEXT   NOT NULL DEFAULT '',
    address_line2   TEXT   NOT NULL DEFAULT '',
    city            TEXT   NOT NULL DEFAULT '',
    region          TEXT   NOT NULL DEFAULT '',
    postal_code     TEXT   NOT NULL DEFAULT '',
    country         TEXT   NOT NULL DEFAULT '',
    linkedin_url    TEXT   NOT NULL DEFAULT '',
    github_url      TEXT   NOT NULL DEFAULT '',
    source          TEXT   NOT NULL DEFAULT '',
    resume_file     TEXT   NOT NULL DEFAULT '',
    photo_file      TEXT   NOT NULL DEFAULT '',
    references_json TEXT   NOT NULL DEFAULT '[]',
    submit_ip       TEXT   NOT NULL DEFAULT '',
    user_agent      TEXT   NOT NULL DEFAULT '',
    origin_file     TEXT   NOT NULL DEFAULT '',
    origin_line     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX applications_candidate_id_idx ON applications (candidate_id);
CREATE INDEX applications_email_idx ON applications (email);
CREATE INDEX applications_phone_idx ON applications (phone);

CREATE TABLE employees (
    employee_id      TEXT   NOT NULL PRIMARY KEY,
    candidate_id     TEXT   NOT NULL DEFAULT '',
    application_id   TEXT   NOT NULL DEFAULT '',
    first_name       TEXT   NOT NULL DEFAULT '',
    last_name        TEXT   NOT NULL DEFAULT '',
    work_email       TEXT   NOT NULL DEFAULT '',
    personal_email   TEXT   NOT NULL DEFAULT '',
    phone            TEXT   NOT NULL DEFAULT '',
    address_line1    TEXT   NOT NULL DEFAULT '',
    address_line2    TEXT   NOT NULL DEFAULT '',
    city             TEXT   NOT NULL DEFAULT '',
    region           TEXT   NOT NULL DEFAULT '',
    postal_code      TEXT   NOT NULL DEFAULT '',
    country          TEXT   NOT NULL DEFAULT '',
    timezone         TEXT   NOT NULL DEFAULT '',
    hire_date        TEXT   NOT NULL DEFAULT '',
    termination_date TEXT   NOT NULL DEFAULT '',
    employment_type  TEXT   NOT NULL DEFAULT '',
    vendor           TEXT   NOT NULL DEFAULT '',
    title            TEXT   NOT NULL DEFAULT '',
    ssn_hash         TEXT   NOT NULL DEFAULT '',
    dob_hash         TEXT   NOT NULL DEFAULT '',
    origin_file      TEXT   NOT NULL DEFAULT '',
    origin_line      BIGINT NOT NULL DEFAULT 0
);
-- work_email is the identity-provider login that sign-ins join on.
CREATE INDEX employees_work_email_idx ON employees (work_email);

CREATE TABLE shipments (
    shipment_id                 TEXT   NOT NULL PRIMARY KEY,
    employee_id                 TEXT   NOT NULL DEFAULT '',
    asset_tag                   TEXT   NOT NULL DEFAULT '',
    serial_number               TEXT   NOT NULL DEFAULT '',
    hostname                    TEXT   NOT NULL DEFAULT '',
    requested_at                TEXT   NOT NULL DEFAULT '',
    shipped_at                  TEXT   NOT NULL DEFAULT '',
    delivered_at                TEXT   NOT NULL DEFAULT '',
    ship_to_name                TEXT   NOT NULL DEFAULT '',
    ship_to_line1               TEXT   NOT NULL DEFAULT '',
    ship_to_line2               TEXT   NOT NULL DEFAULT '',
    ship_to_city                TEXT   NOT NULL DEFAULT '',
    ship_to_region              TEXT   NOT NULL DEFAULT '',
    ship_to_postal_code         TEXT   NOT NULL DEFAULT '',
    ship_to_country             TEXT   NOT NULL DEFAULT '',
    address_change_requested_at TEXT   NOT NULL DEFAULT '',
    address_change_reason       TEXT   NOT NULL DEFAULT '',
    origin_file                 TEXT   NOT NULL DEFAULT '',
    origin_line                 BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX shipments_employee_id_idx ON shipments (employee_id);
CREATE INDEX shipments_hostname_idx ON shipments (hostname);
CREATE INDEX shipments_serial_number_idx ON shipments (serial_number);

CREATE TABLE payroll (
    event_id         TEXT   NOT NULL PRIMARY KEY,
    employee_id      TEXT   NOT NULL DEFAULT '',
    occurred_at      TEXT   NOT NULL DEFAULT '',
    kind             TEXT   NOT NULL DEFAULT '',
    bank_name        TEXT   NOT NULL DEFAULT '',
    bank_country     TEXT   NOT NULL DEFAULT '',
    routing_hash     TEXT   NOT NULL DEFAULT '',
    account_hash     TEXT   NOT NULL DEFAULT '',
    account_holder   TEXT   NOT NULL DEFAULT '',
    payment_provider TEXT   NOT NULL DEFAULT '',
    wallet_hash      TEXT   NOT NULL DEFAULT '',
    amount           TEXT   NOT NULL DEFAULT '',
    currency         TEXT   NOT NULL DEFAULT '',
    origin_file      TEXT   NOT NULL DEFAULT '',
    origin_line      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX payroll_employee_id_idx ON payroll (employee_id);
CREATE INDEX payroll_account_hash_idx ON payroll (account_hash);

CREATE TABLE notes (
    note_id      TEXT   NOT NULL PRIMARY KEY,
    subject_type TEXT   NOT NULL DEFAULT '',
    subject_id   TEXT   NOT NULL DEFAULT '',
    occurred_at  TEXT   NOT NULL DEFAULT '',
    author_role  TEXT   NOT NULL DEFAULT '',
    kind         TEXT   NOT NULL DEFAULT '',
    outcome      TEXT   NOT NULL DEFAULT '',
    text         TEXT   NOT NULL DEFAULT '',
    origin_file  TEXT   NOT NULL DEFAULT '',
    origin_line  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX notes_subject_idx ON notes (subject_type, subject_id);

-- is_proxy holds mosaic.Tristate: 0 unknown, 1 false, 2 true.
CREATE TABLE signins (
    uuid               TEXT             NOT NULL PRIMARY KEY,
    published          TEXT             NOT NULL DEFAULT '',
    event_type         TEXT             NOT NULL DEFAULT '',
    actor              TEXT             NOT NULL DEFAULT '',
    actor_name         TEXT             NOT NULL DEFAULT '',
    ip                 TEXT             NOT NULL DEFAULT '',
    user_agent         TEXT             NOT NULL DEFAULT '',
    city               TEXT             NOT NULL DEFAULT '',
    region             TEXT             NOT NULL DEFAULT '',
    country            TEXT             NOT NULL DEFAULT '',
    lat                DOUBLE PRECISION NOT NULL DEFAULT 0,
    lon                DOUBLE PRECISION NOT NULL DEFAULT 0,
    has_geo            INTEGER          NOT NULL DEFAULT 0,
    as_number          BIGINT           NOT NULL DEFAULT 0,
    as_org             TEXT             NOT NULL DEFAULT '',
    isp                TEXT             NOT NULL DEFAULT '',
    is_proxy           INTEGER          NOT NULL DEFAULT 0,
    outcome            TEXT             NOT NULL DEFAULT '',
    device_fingerprint TEXT             NOT NULL DEFAULT '',
    session_id         TEXT             NOT NULL DEFAULT '',
    origin_file        TEXT             NOT NULL DEFAULT '',
    origin_line        BIGINT           NOT NULL DEFAULT 0
);
CREATE INDEX signins_actor_idx ON signins (actor);
CREATE INDEX signins_ip_idx ON signins (ip);

-- event_id is the reader's stable hash of the osquery row, so re-reading a
-- log upserts in place.
CREATE TABLE host_rows (
    event_id        TEXT   NOT NULL PRIMARY KEY,
    query           TEXT   NOT NULL DEFAULT '',
    name            TEXT   NOT NULL DEFAULT '',
    host_identifier TEXT   NOT NULL DEFAULT '',
    hostname        TEXT   NOT NULL DEFAULT '',
    serial          TEXT   NOT NULL DEFAULT '',
    username        TEXT   NOT NULL DEFAULT '',
    time            TEXT   NOT NULL DEFAULT '',
    action          TEXT   NOT NULL DEFAULT '',
    columns_json    TEXT   NOT NULL DEFAULT '{}',
    origin_file     TEXT   NOT NULL DEFAULT '',
    origin_line     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX host_rows_hostname_idx ON host_rows (hostname);
CREATE INDEX host_rows_serial_idx ON host_rows (serial);

CREATE TABLE resumes (
    application_id TEXT   NOT NULL,
    path           TEXT   NOT NULL,
    text           TEXT   NOT NULL DEFAULT '',
    origin_file    TEXT   NOT NULL DEFAULT '',
    origin_line    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (application_id, path)
);

CREATE TABLE photos (
    application_id TEXT   NOT NULL,
    path           TEXT   NOT NULL,
    origin_file    TEXT   NOT NULL DEFAULT '',
    origin_line    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (application_id, path)
);

-- Results: replaced as a whole by every SaveResults. The report's
-- generated_at is deliberately not stored, so saving the same report twice
-- leaves the same content.
CREATE TABLE subjects (
    id                   TEXT             NOT NULL PRIMARY KEY,
    display_name         TEXT             NOT NULL DEFAULT '',
    application_ids_json TEXT             NOT NULL DEFAULT '[]',
    candidate_ids_json   TEXT             NOT NULL DEFAULT '[]',
    employee_ids_json    TEXT             NOT NULL DEFAULT '[]',
    score                DOUBLE PRECISION NOT NULL DEFAULT 0,
    level                TEXT             NOT NULL DEFAULT '',
    first_flagged_at     TEXT             NOT NULL DEFAULT '',
    cluster_id           TEXT             NOT NULL DEFAULT '',
    merge_reasons_json   TEXT             NOT NULL DEFAULT '[]'
);
CREATE INDEX subjects_cluster_id_idx ON subjects (cluster_id);

-- ordinal is the signal's position under its subject: signal keys are only
-- unique per rule, and a report may legitimately repeat a rule.
CREATE TABLE signals (
    subject_id    TEXT             NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    ordinal       BIGINT           NOT NULL,
    rule_id       TEXT             NOT NULL DEFAULT '',
    signal_key    TEXT             NOT NULL DEFAULT '',
    title         TEXT             NOT NULL DEFAULT '',
    silo          TEXT             NOT NULL DEFAULT '',
    at            TEXT             NOT NULL DEFAULT '',
    weight        DOUBLE PRECISION NOT NULL DEFAULT 0,
    share         DOUBLE PRECISION NOT NULL DEFAULT 0,
    explanation   TEXT             NOT NULL DEFAULT '',
    evidence_json TEXT             NOT NULL DEFAULT '[]',
    PRIMARY KEY (subject_id, ordinal)
);
CREATE INDEX signals_rule_id_idx ON signals (rule_id);

CREATE TABLE clusters (
    id               TEXT NOT NULL PRIMARY KEY,
    subject_ids_json TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE links (
    cluster_id  TEXT             NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    ordinal     BIGINT           NOT NULL,
    a           TEXT             NOT NULL DEFAULT '',
    b           TEXT             NOT NULL DEFAULT '',
    kind        TEXT             NOT NULL DEFAULT '',
    strength    DOUBLE PRECISION NOT NULL DEFAULT 0,
    explanation TEXT             NOT NULL DEFAULT '',
    PRIMARY KEY (cluster_id, ordinal)
);

-- +goose Down
DROP TABLE links;
DROP TABLE clusters;
DROP TABLE signals;
DROP TABLE subjects;
DROP TABLE photos;
DROP TABLE resumes;
DROP TABLE host_rows;
DROP TABLE signins;
DROP TABLE notes;
DROP TABLE payroll;
DROP TABLE shipments;
DROP TABLE employees;
DROP TABLE applications;
DROP TABLE jobs;
