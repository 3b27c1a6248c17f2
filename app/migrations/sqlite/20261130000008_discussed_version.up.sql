-- "What was discussed" is saved with a version, so two tabs never silently overwrite each other.
ALTER TABLE agenda_items ADD COLUMN discussed_version INTEGER NOT NULL DEFAULT 0;
