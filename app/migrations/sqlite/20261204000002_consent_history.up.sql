-- Every yes and no to sending one's input to the care-plan store, kept: who, at which table,
-- yes or no, when, and which version of the consent text they were shown. 'sync_consent' keeps
-- only the yes that holds now; a no no longer erases that a yes was ever given.
CREATE TABLE consent_events (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    person_id    INTEGER NOT NULL REFERENCES people(id),
    given        INTEGER NOT NULL CHECK (given IN (0, 1)),
    text_version TEXT    NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX consent_events_person ON consent_events(case_id, person_id, id);

-- The yeses given before the history began, as far as they are known.
INSERT INTO consent_events (case_id, person_id, given, text_version, at)
SELECT case_id, person_id, 1, 'before-history', given_at FROM sync_consent;
