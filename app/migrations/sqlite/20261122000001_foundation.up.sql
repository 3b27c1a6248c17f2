-- People, cases, the table (memberships), meetings, invitations, sessions, sign-in failures and
-- the audit log. Times are Unix seconds (UTC), except meeting times, which are wall-clock times
-- in the Netherlands ('YYYY-MM-DDTHH:MM').

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    display_name  TEXT    NOT NULL,
    email         TEXT    UNIQUE,
    password_hash TEXT,
    -- The kind of account: a professional role code, or 'parent' / 'young'.
    account_role  TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    child_first_name TEXT    NOT NULL,
    age_band         TEXT    NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES people(id),
    created_at       INTEGER NOT NULL,
    closed_at        INTEGER
);

CREATE TABLE memberships (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    role       TEXT    NOT NULL,
    -- How this person relates to the young person, in their own words ("moeder", "mentor").
    relation   TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, person_id)
);
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    title            TEXT    NOT NULL,
    starts_at        TEXT    NOT NULL,
    duration_minutes INTEGER NOT NULL,
    place            TEXT    NOT NULL DEFAULT '',
    online_url       TEXT    NOT NULL DEFAULT '',
    purpose          TEXT    NOT NULL,
    prepare_by       TEXT    NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES people(id),
    created_at       INTEGER NOT NULL
);
CREATE INDEX meetings_case ON meetings(case_id);

CREATE TABLE meeting_invitees (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    -- SHA-256 of the random token; the token itself is never stored.
    token_hash BLOB    NOT NULL UNIQUE,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    case_id    INTEGER REFERENCES cases(id),
    created_by INTEGER REFERENCES people(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    revoked_at INTEGER
);
CREATE INDEX invitations_case ON invitations(case_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB    NOT NULL UNIQUE,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);

CREATE TABLE sign_in_failures (
    id        INTEGER PRIMARY KEY,
    email_key TEXT    NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(email_key, at);

-- Who read or changed which case data, and when. Never holds answer texts or tokens.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    person_id INTEGER,
    case_id   INTEGER,
    action    TEXT    NOT NULL,
    target    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_case ON audit_log(case_id, at);
