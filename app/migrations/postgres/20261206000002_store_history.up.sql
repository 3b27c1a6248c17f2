-- What the care-plan store's old versions of an item hold. '' nothing to do; 'purge': an answer
-- in it was erased here, so the store is asked to purge older versions ($expunge); 'kept': the
-- store cannot purge them, so the coordinator is shown that it still holds them.
ALTER TABLE sync_links ADD COLUMN history TEXT NOT NULL DEFAULT '';
