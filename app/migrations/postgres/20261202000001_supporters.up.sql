-- A supporter at the table (role 'supporter'): the parent or young person who brought them, and
-- the kind of support (relative, friend, interpreter, peer, confidant). Empty for everyone else.
ALTER TABLE memberships ADD COLUMN brought_by BIGINT REFERENCES people(id);
ALTER TABLE memberships ADD COLUMN support_kind TEXT;
-- "Tolk nodig": the language a family member needs an interpreter for at the meetings.
ALTER TABLE memberships ADD COLUMN interpreter TEXT;
CREATE INDEX memberships_brought_by ON memberships(case_id, brought_by);
