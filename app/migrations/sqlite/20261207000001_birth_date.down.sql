UPDATE cases SET age_band = '16+' WHERE age_band = '18+';
ALTER TABLE memberships DROP COLUMN band_told;
ALTER TABLE cases DROP COLUMN birth_date;
