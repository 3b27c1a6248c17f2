ALTER TABLE cases DROP COLUMN content_erased_at;
ALTER TABLE cases DROP COLUMN retention_warned_at;
