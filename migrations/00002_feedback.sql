-- Analyst feedback: what analysts concluded about people, and links they
-- explained away. Unlike results, feedback is never replaced by a scan.

-- +goose Up
CREATE TABLE dispositions (
    subject_id TEXT NOT NULL PRIMARY KEY,
    verdict    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    set_by     TEXT NOT NULL DEFAULT '',
    set_at     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE allowances (
    a      TEXT NOT NULL,
    b      TEXT NOT NULL,
    kind   TEXT NOT NULL,
    note   TEXT NOT NULL DEFAULT '',
    set_by TEXT NOT NULL DEFAULT '',
    set_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (a, b, kind)
);

-- +goose Down
DROP TABLE allowances;
DROP TABLE dispositions;
