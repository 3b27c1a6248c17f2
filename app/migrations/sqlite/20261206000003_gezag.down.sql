ALTER TABLE memberships DROP COLUMN gezag;
