-- Legal holds: a subject under hold is never erased, neither by
-- `mosaic erase` (unless forced) nor by the retention policy, because
-- litigation or an investigation needs the records kept. One row per
-- subject; releasing the hold deletes the row. Same conventions as
-- 00001_schema.sql.

-- +goose Up
CREATE TABLE legal_holds (
    subject_id TEXT NOT NULL PRIMARY KEY,
    set_by     TEXT NOT NULL DEFAULT '',
    set_at     TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE legal_holds;
