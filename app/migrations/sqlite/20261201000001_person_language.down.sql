ALTER TABLE people DROP COLUMN language;
