-- The scan journal: one row per `mosaic scan` that stores into the
-- database, written before its first record and finished when the scan has
-- stored everything. A scan stopped by a store failure or a signal leaves
-- status 'incomplete' with its reason; one killed outright leaves
-- 'running'. Either means the stored data holds part of a bundle, and
-- report, scan and serve say so until a later complete scan or an
-- acknowledgement. The journal describes runs, not content, so the store
-- digest leaves it out. Same conventions as 00001_schema.sql.

-- +goose Up
CREATE TABLE scans (
    id              TEXT NOT NULL PRIMARY KEY,
    started_at      TEXT NOT NULL DEFAULT '',
    finished_at     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    acknowledged_by TEXT NOT NULL DEFAULT '',
    acknowledged_at TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE scans;
