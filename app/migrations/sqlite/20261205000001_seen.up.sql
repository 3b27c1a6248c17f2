-- Whose words each read showed, as ids between commas (",12,15,"), so a family member can see
-- who opened something of theirs. Never a text; '' when a row showed nobody's words.
ALTER TABLE audit_log ADD COLUMN subjects TEXT NOT NULL DEFAULT '';
-- "Wat heb ik geopend": a professional's own reads.
CREATE INDEX audit_log_person ON audit_log(person_id, at);
