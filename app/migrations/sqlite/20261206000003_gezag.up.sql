-- Parental authority (gezag): whether a parent at the table may decide for the child where the
-- law asks a parent's consent. A guardian (voogd) can hold it too. Set by the coordinator; a
-- parent has it until the coordinator says otherwise. Meaningless for other roles.
ALTER TABLE memberships ADD COLUMN gezag INTEGER NOT NULL DEFAULT 1;
