-- What an identity event is about besides its actor (a factor phone, a
-- device, the user a help desk reset): SignIn.Target, so identity facts
-- survive a reload from the store. After the origin, like every column
-- added later.

-- +goose Up
ALTER TABLE signins ADD COLUMN target TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE signins DROP COLUMN target;
