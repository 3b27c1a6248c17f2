-- Who is responsible for an agreement, among the people at the table (optional; 'who' keeps
-- the words the coach wrote). That person may say how it went, as may the family.
ALTER TABLE agreements ADD COLUMN responsible_id INTEGER REFERENCES people(id);

-- How an agreement went: done, in_progress or failed, with an optional note and who may read
-- the note (table, mediator, me: as for answers). Every report is kept; the newest one is the
-- agreement's status. 'meeting_id' is the meeting being prepared
-- when the report was given ("Hoe ging het met de afspraken van de vorige keer?"), if any.
CREATE TABLE agreement_updates (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    status       TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    sharing      TEXT    NOT NULL DEFAULT 'table',
    meeting_id   INTEGER REFERENCES meetings(id),
    at           INTEGER NOT NULL
);
CREATE INDEX agreement_updates_agreement ON agreement_updates(agreement_id, id);
