ALTER TABLE answers DROP COLUMN erased_at;
