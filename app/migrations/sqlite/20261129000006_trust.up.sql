-- Trust: disabled accounts, who left a table and why roles changed, sessions that end when idle,
-- short-lived flash messages (form errors and new links never travel in a URL), throttles shared
-- by every instance, notices shown at the next sign-in, and a few portal-wide values.

ALTER TABLE people ADD COLUMN disabled_at INTEGER;

-- A person taken off a table keeps the row (their data rights stay), but loses access.
ALTER TABLE memberships ADD COLUMN removed_at INTEGER;

-- Role changes and removals at a table, with the coordinator's reason. Shown on the case page.
CREATE TABLE membership_events (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    kind      TEXT    NOT NULL,          -- 'role' | 'removed'
    old_role  TEXT    NOT NULL,
    new_role  TEXT    NOT NULL DEFAULT '',
    reason    TEXT    NOT NULL DEFAULT '',
    by_id     INTEGER NOT NULL REFERENCES people(id),
    at        INTEGER NOT NULL
);
CREATE INDEX membership_events_case ON membership_events(case_id, at);

-- 'own' sessions last long; 'shared' ones (a borrowed phone) end with the browser and after a day.
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'own';
CREATE INDEX sessions_person ON sessions(person_id);

-- A message for the next page view of one browser: an error with what was typed, or a new link.
CREATE TABLE flashes (
    id_hash    BLOB    PRIMARY KEY,
    kind       TEXT    NOT NULL,
    path       TEXT    NOT NULL DEFAULT '',
    payload    TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Failed sign-ins and link openings: scope 'account' (key: HMAC of the email) or 'client'
-- (key: HMAC of the client address) or 'link' (per client). Never a plain address.
ALTER TABLE sign_in_failures ADD COLUMN scope TEXT NOT NULL DEFAULT 'account';
CREATE INDEX sign_in_failures_scope ON sign_in_failures(scope, email_key, at);

-- Shown once at the person's next sign-in: "Joyce made a new sign-in link for you on 3 December".
CREATE TABLE account_notices (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    kind      TEXT    NOT NULL,          -- 'new_link' | 'password_set' | 'role' | 'removed'
    by_id     INTEGER REFERENCES people(id),
    case_id   INTEGER REFERENCES cases(id),
    at        INTEGER NOT NULL,
    shown_at  INTEGER
);
CREATE INDEX account_notices_person ON account_notices(person_id, shown_at);

-- Portal-wide values: the secret for HMACs (shared by every instance), the demo mark.
CREATE TABLE portal_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
