DROP TABLE mail_outbox;
ALTER TABLE people DROP COLUMN mail_choice_at;
ALTER TABLE people DROP COLUMN mail_choice;
