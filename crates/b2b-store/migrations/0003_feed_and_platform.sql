-- Version 3: the change feed, and the server's organisations, tokens and
-- idempotency keys.
--
-- The feed numbers every appended event in commit order. SQLite has one
-- writer at a time, and a position is taken inside the appending
-- transaction, so positions are handed out in the order transactions
-- commit: a reader that has seen position N has seen every event committed
-- before it, and a later commit always gets a larger position. (A backend
-- with concurrent writers must not hand out positions before commit; see
-- docs/storage.md.) AUTOINCREMENT: a position is never reused.
CREATE TABLE feed (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    scope    TEXT NOT NULL,
    stream   TEXT NOT NULL,
    version  INTEGER NOT NULL CHECK (version > 0)
) STRICT;

CREATE INDEX feed_by_scope ON feed (scope, position);

CREATE TRIGGER feed_is_never_updated BEFORE UPDATE ON feed
BEGIN
    SELECT RAISE(ABORT, 'the feed is append-only: a position cannot be updated');
END;

CREATE TRIGGER feed_is_never_deleted BEFORE DELETE ON feed
BEGIN
    SELECT RAISE(ABORT, 'the feed is append-only: a position cannot be deleted');
END;

-- Events written before version 3 (by the CLI, which has no scopes) enter
-- the feed in the order they were stored.
INSERT INTO feed (scope, stream, version)
    SELECT '', stream, version FROM events ORDER BY rowid;

CREATE TABLE organisations (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    roles      TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- A token's secret is never stored: only the SHA-256 of the whole token.
-- `id` is the token's public prefix, shown in lists.
CREATE TABLE tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    hash         TEXT NOT NULL,
    organisation TEXT REFERENCES organisations (id),
    scopes       TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;

CREATE INDEX tokens_by_organisation ON tokens (organisation, id);

-- The first answer to a request sent with an Idempotency-Key, kept so that
-- a retry gets the same answer and writes nothing.
CREATE TABLE idempotency (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, key)
) STRICT;
