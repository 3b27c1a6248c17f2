DROP INDEX audit_log_person;
ALTER TABLE audit_log DROP COLUMN subjects;
