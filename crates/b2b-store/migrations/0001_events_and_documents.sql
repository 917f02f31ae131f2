-- Version 1: append-only event streams and named documents.

CREATE TABLE streams (
    id      TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 0)
) STRICT;

CREATE TABLE events (
    stream      TEXT NOT NULL REFERENCES streams (id),
    version     INTEGER NOT NULL CHECK (version > 0),
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (stream, version)
) STRICT;

-- Events are facts: the database refuses to change or remove them. (An
-- operator can still drop these triggers; b2b-buying's hash chain is what
-- detects that.)
CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an event cannot be updated');
END;

CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an event cannot be deleted');
END;

CREATE TABLE documents (
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;
