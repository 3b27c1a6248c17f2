DROP INDEX memberships_brought_by;
ALTER TABLE memberships DROP COLUMN interpreter;
ALTER TABLE memberships DROP COLUMN support_kind;
ALTER TABLE memberships DROP COLUMN brought_by;
