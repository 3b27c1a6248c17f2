ALTER TABLE memberships DROP COLUMN coach_asked;
ALTER TABLE agreement_updates DROP COLUMN coach_id;
ALTER TABLE profile_versions DROP COLUMN coach_id;
ALTER TABLE answers DROP COLUMN coach_id;
