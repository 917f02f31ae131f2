-- Version 2: each stream records the SHA-256 (lowercase hex) of its last
-- event's payload as stored, beside its version, both updated in the
-- transaction of each append. Loading a stream compares both with its
-- events, so an event deleted or rewritten at the end behind the store's
-- back (triggers dropped) is found even when the history before it is
-- intact. Existing streams are backfilled from their events by the program
-- right after this script, in the same transaction (SQLite has no SHA-256).
ALTER TABLE streams ADD COLUMN head TEXT;
