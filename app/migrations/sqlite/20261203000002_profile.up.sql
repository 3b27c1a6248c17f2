-- "Dit is …": the profile a family keeps per child. Each part (good_at, helps, must_know,
-- people, helped_before) of each author (a parent, the young person) is kept in versions; the
-- newest version is the part as it stands. 'sharing' as for answers: table, mediator or me.
CREATE TABLE profile_versions (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    author_id INTEGER NOT NULL REFERENCES people(id),
    part      TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    sharing   TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    UNIQUE (case_id, author_id, part, version)
);
