-- Answers to the prepare flow: one row per person, meeting and question. The body is kept exactly
-- as typed. `version` counts saves; `last_op` is the id the client gave its latest save, so a
-- retried save is applied once.
CREATE TABLE answers (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    question   TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    sharing    TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    last_op    TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (meeting_id, person_id, question)
);

-- When a person sent their preparation for a meeting.
CREATE TABLE preparations (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    sent_at    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
