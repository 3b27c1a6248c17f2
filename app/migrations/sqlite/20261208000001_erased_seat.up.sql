-- A seat whose data was erased on request (the coordinator's "Alle gegevens wissen"): the
-- person is off the table and nothing of theirs is left there to erase or to withdraw.
ALTER TABLE memberships ADD COLUMN erased_at INTEGER;
