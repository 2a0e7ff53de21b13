-- What the analysts' workbench remembers per user: when each last looked at
-- the queue, and the level and score each subject had when they last saw it,
-- so the queue can mark who is new or has risen since. Same conventions as
-- 00001_schema.sql.

-- +goose Up
CREATE TABLE queue_views (
    user_name TEXT NOT NULL PRIMARY KEY,
    viewed_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE queue_seen (
    user_name  TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    level      TEXT NOT NULL DEFAULT '',
    score      DOUBLE PRECISION NOT NULL DEFAULT 0,
    seen_at    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_name, subject_id)
);

-- +goose Down
DROP TABLE queue_seen;
DROP TABLE queue_views;
