-- What a user needs to recognise their own sessions on the Sessions page
-- (ASVS 3.3.4): when each was last used, the browser's user agent
-- (shortened) and the client address truncated to its network (IPv4 /24,
-- IPv6 /48), never the full address. Same conventions as 00001_schema.sql.

-- +goose Up
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sessions DROP COLUMN client;
ALTER TABLE sessions DROP COLUMN user_agent;
ALTER TABLE sessions DROP COLUMN last_seen_at;
