ALTER TABLE sync_outbox DROP COLUMN claimed_until;
