-- Mail. 'mail_choice' is what a person said about mail from the portal: empty (not asked:
-- only an invitation to a table reaches them), 'yes' (reminders and news about their table as
-- well) or 'stop' (nothing at all, also no invitation).
ALTER TABLE people ADD COLUMN mail_choice TEXT;
ALTER TABLE people ADD COLUMN mail_choice_at INTEGER;

-- The mail outbox: one row per mail, delivered at least once. 'mail_key' (kind:object:person)
-- makes the same mail impossible to queue twice; 'message_id' stays the same on every try, so
-- a mail sent again after a crash is recognisably the same mail. 'with_link': the mail carries
-- a sign-in link, made fresh at each try (only its hash is kept, as for every link); no token,
-- nor anything a token could be made from, is stored here. No text of the mail is stored: it
-- is written when it is sent, in the person's language of that moment.
CREATE TABLE mail_outbox (
    id            INTEGER PRIMARY KEY,
    mail_key      TEXT    NOT NULL UNIQUE,
    person_id     INTEGER NOT NULL REFERENCES people(id),
    case_id       INTEGER REFERENCES cases(id),
    message_id    TEXT    NOT NULL UNIQUE,
    with_link     INTEGER NOT NULL DEFAULT 0 CHECK (with_link IN (0, 1)),
    state         TEXT    NOT NULL DEFAULT 'waiting',
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_try_at   INTEGER NOT NULL,
    claimed_until INTEGER,
    last_error    TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_try_at);
CREATE INDEX mail_outbox_case ON mail_outbox(case_id, id);
