ALTER TABLE memberships DROP COLUMN band_told;
ALTER TABLE cases DROP COLUMN birth_date;
