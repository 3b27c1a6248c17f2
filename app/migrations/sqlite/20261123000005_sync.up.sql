-- Keeping the plan in step with the care-plan store (see app/src/sync/MAPPING.md).

-- Every change that may have to reach the store, written in the same transaction as the change.
-- Only a key is kept ("goal:3", "input:2:5"): the worker builds what it sends from the current
-- data, so nothing leaves that its author has since taken back.
CREATE TABLE sync_outbox (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    item_key    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    -- waiting, sent, conflict or failed.
    state       TEXT    NOT NULL DEFAULT 'waiting',
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at INTEGER NOT NULL,
    -- A short code for the last failure (never a text someone typed).
    last_error  TEXT    NOT NULL DEFAULT '',
    done_at     INTEGER
);
CREATE INDEX sync_outbox_due ON sync_outbox(state, next_try_at);
CREATE INDEX sync_outbox_case ON sync_outbox(case_id, state);

-- Which resource in the store belongs to which item here, the version last seen, the whole
-- resource as last seen (so fields the store adds are kept) and the mapped fields both sides
-- last agreed on (the base of a three-way merge).
CREATE TABLE sync_links (
    item_key      TEXT    PRIMARY KEY,
    case_id       INTEGER NOT NULL,
    resource_type TEXT    NOT NULL,
    remote_id     TEXT    NOT NULL,
    version_id    TEXT    NOT NULL,
    resource      TEXT    NOT NULL,
    base          TEXT    NOT NULL,
    synced_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX sync_links_remote ON sync_links(resource_type, remote_id);

-- A field changed here and in the store in different ways: the mediator decides.
CREATE TABLE sync_conflicts (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    item_key       TEXT    NOT NULL,
    field          TEXT    NOT NULL,
    ours           TEXT,
    theirs         TEXT,
    remote_version TEXT    NOT NULL,
    found_at       INTEGER NOT NULL,
    resolved_at    INTEGER,
    resolved_by    INTEGER REFERENCES people(id),
    -- ours or theirs.
    resolution     TEXT
);
CREATE INDEX sync_conflicts_case ON sync_conflicts(case_id, resolved_at);

-- Small facts of the worker: pull cursors, the last good run.
CREATE TABLE sync_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A parent's or young person's yes to sending what they shared with the table to the care plan.
CREATE TABLE sync_consent (
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    given_at  INTEGER NOT NULL,
    PRIMARY KEY (case_id, person_id)
);
