-- The worker claims outbox entries with a lease instead of holding a lock during the HTTP call:
-- another worker (another instance) skips a case while one of its entries is claimed, and a
-- crashed worker's claims come free when the lease runs out.
ALTER TABLE sync_outbox ADD COLUMN claimed_until INTEGER;
