-- Which hashing key the database's hashes were made with: a fingerprint of
-- the key (an HMAC of a fixed string under it, never the key itself), so a
-- scan with a lost-and-replaced or foreign key file is refused instead of
-- writing hashes that never link to the stored ones. At most one row.
-- Same conventions as 00001_schema.sql.

-- +goose Up
CREATE TABLE key_check (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    set_at      TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE key_check;
