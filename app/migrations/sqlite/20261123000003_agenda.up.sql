-- Review, the shared agenda, and the meeting record with its agreements.

-- When the mediator published the agenda (NULL: not yet). Changes after that are marked.
CREATE TABLE agenda_state (
    meeting_id   INTEGER PRIMARY KEY REFERENCES meetings(id),
    published_at INTEGER NOT NULL
);

-- The mediator's review of one answer: read, a question back (and the author's reply), and a
-- short summary for the table in the mediator's own words. The author's answer is never changed.
CREATE TABLE answer_reviews (
    meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    question      TEXT    NOT NULL,
    read_at       INTEGER,
    question_back TEXT    NOT NULL DEFAULT '',
    reply         TEXT    NOT NULL DEFAULT '',
    summary       TEXT    NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id, question)
);

-- Agenda items. `position` orders them; `merged_into` points to the item that absorbed this one
-- (its proposer is still shown there). `published` says the item is on the published agenda;
-- `changed` says it changed after publishing.
CREATE TABLE agenda_items (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings(id),
    proposed_by    INTEGER NOT NULL REFERENCES people(id),
    title          TEXT    NOT NULL,
    explanation    TEXT    NOT NULL DEFAULT '',
    why            TEXT    NOT NULL DEFAULT '',
    linked_question TEXT   NOT NULL DEFAULT '',
    via_mediator   INTEGER NOT NULL DEFAULT 0,
    position       INTEGER NOT NULL,
    minutes        INTEGER,
    merged_into    INTEGER REFERENCES agenda_items(id),
    published      INTEGER NOT NULL DEFAULT 0,
    changed        INTEGER NOT NULL DEFAULT 0,
    discussed      TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id);

-- Agreements made in the meeting: who does what by when.
CREATE TABLE agreements (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    item_id    INTEGER REFERENCES agenda_items(id),
    what       TEXT    NOT NULL,
    who        TEXT    NOT NULL,
    due        TEXT,
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX agreements_meeting ON agreements(meeting_id);

-- Whether the agreements match what a parent or young person heard.
CREATE TABLE agreement_feedback (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    matches    INTEGER NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
