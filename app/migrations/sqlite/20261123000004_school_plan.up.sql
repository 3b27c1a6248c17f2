-- Schools and their offer profile, links from offers to a family's needs, and the plan.

CREATE TABLE schools (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Who works at a school (and so may keep its profile).
CREATE TABLE school_staff (
    school_id INTEGER NOT NULL REFERENCES schools(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (school_id, person_id)
);

-- The school of a case (one at a time).
CREATE TABLE case_school (
    case_id   INTEGER PRIMARY KEY REFERENCES cases(id),
    school_id INTEGER NOT NULL REFERENCES schools(id)
);

-- One entry of a school's offer profile. `kind`: 'basic' (within basic support), 'extra' (extra
-- support: `decides` and `duration` say who decides and how long it takes) or 'cannot' (with
-- `elsewhere`: who else could help).
CREATE TABLE school_offers (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools(id),
    kind        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    explanation TEXT    NOT NULL,
    conditions  TEXT    NOT NULL DEFAULT '',
    decides     TEXT    NOT NULL DEFAULT '',
    duration    TEXT    NOT NULL DEFAULT '',
    elsewhere   TEXT    NOT NULL DEFAULT '',
    removed_at  INTEGER,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX school_offers_school ON school_offers(school_id);

-- An offer linked to a need in a meeting: an answer (author + question) or an agenda item.
CREATE TABLE offer_links (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    offer_id   INTEGER NOT NULL REFERENCES school_offers(id),
    author_id  INTEGER REFERENCES people(id),
    question   TEXT,
    item_id    INTEGER REFERENCES agenda_items(id),
    note       TEXT    NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX offer_links_meeting ON offer_links(meeting_id);

-- Goals of the plan. `plain` comes first; `detail` is the professional wording, one tap away.
-- `expressed_by`: the role code of who expressed it ('young', 'parent', 'school', 'care', ...).
CREATE TABLE goals (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    plain        TEXT    NOT NULL,
    detail       TEXT    NOT NULL DEFAULT '',
    expressed_by TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'active',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX goals_case ON goals(case_id);

-- Progress on a goal over time: a score from 1 to 10 and a short note.
CREATE TABLE goal_progress (
    id         INTEGER PRIMARY KEY,
    goal_id    INTEGER NOT NULL REFERENCES goals(id),
    score      INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES people(id),
    at         INTEGER NOT NULL
);

-- Actions: who does what by when, and whether it is done.
CREATE TABLE plan_actions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    goal_id    INTEGER REFERENCES goals(id),
    what       TEXT    NOT NULL,
    who        TEXT    NOT NULL,
    due        TEXT,
    done_at    INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX plan_actions_case ON plan_actions(case_id);

-- An agreement may serve a goal of the plan.
ALTER TABLE agreements ADD COLUMN goal_id INTEGER REFERENCES goals(id);
