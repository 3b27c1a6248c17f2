ALTER TABLE memberships DROP COLUMN erased_at;
