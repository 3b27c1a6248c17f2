DROP TABLE agreement_updates;
ALTER TABLE agreements DROP COLUMN responsible_id;
