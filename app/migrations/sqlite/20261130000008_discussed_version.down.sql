ALTER TABLE agenda_items DROP COLUMN discussed_version;
