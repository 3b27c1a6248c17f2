-- When the author erased an answer: its text is gone (body ''), and others who had seen it read
-- "Verwijderd door de schrijver". Writing the answer again clears it.
ALTER TABLE answers ADD COLUMN erased_at INTEGER;
