-- Passkeys of professionals. Once someone has one, a password alone no longer signs them in.
-- `data` is the passkey as the passkey library keeps it (public key, counter); no secret.
CREATE TABLE passkeys (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    cred_id      TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    data         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX passkeys_person ON passkeys(person_id);
