//! The stores' reads and writes on one SQLite connection, inside a
//! transaction the caller owns: [`super::SqliteStore`] wraps each call in
//! its own transaction, [`super::SharedSqlite`]'s writer runs many callers
//! in one (group commit), each in a savepoint.

use super::{HEADS_SINCE, backend, decode_document, head_of};
use crate::platform::{FeedEntry, IdempotentResponse, Organisation, TokenRecord};
use crate::{Document, Existing, NewEvent, StoreError, StoredEvent, StreamHead};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One connection seen through one scope.
///
/// A scope keeps one organisation's streams and documents apart from every
/// other's: they are stored under `@<scope>/<id>`, and every read and write
/// goes through that prefix, so no id a caller can pass reaches another
/// scope. The empty scope (the CLI's) stores ids as they are.
#[derive(Clone, Copy)]
pub(crate) struct Ops<'c> {
    pub(crate) connection: &'c Connection,
    pub(crate) name: &'c str,
    pub(crate) scope: &'c str,
    /// The schema version of the database (what `load` may check).
    pub(crate) schema: usize,
}

pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_else(|_| "unknown".to_owned())
}

fn parse_timestamp(name: &str, text: &str) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|e| backend(name, format!("stored time {text:?} is not RFC 3339: {e}")))
}

/// Converts a count or version for SQL.
fn sql_int(name: &str, value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| backend(name, "a number out of SQLite's range"))
}

impl Ops<'_> {
    /// One row of a statement prepared once per connection.
    fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.connection.prepare_cached(sql)?.query_row(params, read)
    }

    /// A statement prepared once per connection, run.
    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.connection.prepare_cached(sql)?.execute(params)
    }

    fn fail(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |e| backend(self.name, e)
    }

    /// The id under which `id` is stored in this scope.
    fn key(&self, id: &str) -> String {
        if self.scope.is_empty() {
            id.to_owned()
        } else {
            format!("@{}/{id}", self.scope)
        }
    }

    /// The prefix of every id stored in this scope.
    fn prefix(&self) -> String {
        self.key("")
    }

    /// `key` without this scope's prefix.
    fn unkey<'k>(&self, key: &'k str) -> &'k str {
        if self.scope.is_empty() {
            key
        } else {
            key.strip_prefix(&self.prefix()).unwrap_or(key)
        }
    }

    pub(crate) fn append(
        &self,
        stream: &str,
        expected_version: u64,
        events: &[NewEvent],
    ) -> Result<u64, StoreError> {
        let fail = self.fail();
        let key = self.key(stream);
        let actual: i64 = self
            .row(
                "SELECT version FROM streams WHERE id = ?1",
                params![key],
                |row| row.get(0),
            )
            .optional()
            .map_err(&fail)?
            .unwrap_or(0);
        let actual = u64::try_from(actual).unwrap_or(0);
        if actual != expected_version {
            return Err(StoreError::Conflict {
                stream: stream.to_owned(),
                expected: expected_version,
                actual,
            });
        }
        let new_version = actual + events.len() as u64;
        let recorded_at = timestamp(now());
        let mut head = None;
        // The stream's row must exist before its events (foreign key).
        self.exec(
            "INSERT INTO streams (id, version) VALUES (?1, 0) ON CONFLICT (id) DO NOTHING",
            params![key],
        )
        .map_err(&fail)?;
        let mut insert = self
            .connection
            .prepare_cached(
                "INSERT INTO events (stream, version, kind, payload, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(&fail)?;
        let mut feed = self
            .connection
            .prepare_cached("INSERT INTO feed (scope, stream, version) VALUES (?1, ?2, ?3)")
            .map_err(&fail)?;
        for (offset, event) in events.iter().enumerate() {
            let payload =
                serde_json::to_string(&event.payload).map_err(|e| backend(self.name, e))?;
            let version = sql_int(self.name, actual + offset as u64 + 1)?;
            insert
                .execute(params![key, version, event.kind, payload, recorded_at])
                .map_err(&fail)?;
            feed.execute(params![self.scope, key, version])
                .map_err(&fail)?;
            head = Some(payload);
        }
        // An empty append keeps the head it had.
        self.exec(
            "UPDATE streams SET version = ?2, head = coalesce(?3, head) WHERE id = ?1",
            params![
                key,
                sql_int(self.name, new_version)?,
                head.as_deref().map(head_of)
            ],
        )
        .map_err(&fail)?;
        Ok(new_version)
    }

    pub(crate) fn head(&self, stream: &str) -> Result<StreamHead, StoreError> {
        let head: Option<(i64, Option<String>)> = self
            .row(
                if self.schema >= HEADS_SINCE {
                    "SELECT version, head FROM streams WHERE id = ?1"
                } else {
                    "SELECT version, NULL FROM streams WHERE id = ?1"
                },
                params![self.key(stream)],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(self.fail())?;
        let (version, digest) = head.unwrap_or((0, None));
        Ok(StreamHead {
            version: u64::try_from(version).unwrap_or(0),
            digest,
        })
    }

    pub(crate) fn load(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        let fail = self.fail();
        let key = self.key(stream);
        // A schema before version 2 records no head; its version still counts.
        let recorded: Option<(i64, Option<String>)> = self
            .row(
                if self.schema >= HEADS_SINCE {
                    "SELECT version, head FROM streams WHERE id = ?1"
                } else {
                    "SELECT version, NULL FROM streams WHERE id = ?1"
                },
                params![key],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(&fail)?;
        let (recorded, head) = recorded.unwrap_or((0, None));
        let recorded = u64::try_from(recorded).unwrap_or(0);
        let mut last_payload = None;
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT version, kind, payload FROM events WHERE stream = ?1 ORDER BY version",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map(params![key], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .map_err(&fail)?;
        let mut events = Vec::new();
        for row in rows {
            let (version, kind, text) = row.map_err(&fail)?;
            let payload: Value = serde_json::from_str(&text).map_err(|e| {
                StoreError::Backend(format!(
                    "{}: event {version} of stream {stream:?} has a payload that is not JSON: {e}",
                    self.name
                ))
            })?;
            events.push(StoredEvent {
                stream: stream.to_owned(),
                version: u64::try_from(version).unwrap_or(0),
                kind,
                payload,
            });
            last_payload = Some(text);
        }
        let last = events.last().map_or(0, |event| event.version);
        if events.len() as u64 != recorded || last != recorded {
            return Err(StoreError::VersionMismatch {
                stream: stream.to_owned(),
                recorded,
                held: events.len() as u64,
                last,
            });
        }
        // A head of NULL on a stream with events is a mismatch too: every
        // append and the migration that added heads set it.
        if self.schema >= HEADS_SINCE
            && let Some(text) = last_payload
            && head != Some(head_of(&text))
        {
            return Err(StoreError::HeadMismatch {
                stream: stream.to_owned(),
                version: last,
            });
        }
        Ok(events)
    }

    pub(crate) fn streams(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let fail = self.fail();
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM streams WHERE version > 0 AND substr(id, 1, length(?1)) = ?1 ORDER BY id")
            .map_err(&fail)?;
        let ids = statement
            .query_map(params![self.key(prefix)], |row| row.get::<_, String>(0))
            .map_err(&fail)?
            .map(|id| id.map(|id| self.unkey(&id).to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(&fail)?;
        Ok(ids)
    }

    pub(crate) fn put_all(
        &self,
        documents: &[Document<'_>],
        existing: Existing,
    ) -> Result<Vec<Option<Value>>, StoreError> {
        let fail = self.fail();
        let updated_at = timestamp(now());
        let mut replaced = Vec::with_capacity(documents.len());
        for document in documents {
            let key = self.key(document.id);
            let previous: Option<String> = self
                .row(
                    "SELECT body FROM documents WHERE kind = ?1 AND id = ?2",
                    params![document.kind, key],
                    |row| row.get(0),
                )
                .optional()
                .map_err(&fail)?;
            if previous.is_some() && existing == Existing::Refuse {
                return Err(StoreError::Exists {
                    kind: document.kind.to_owned(),
                    id: document.id.to_owned(),
                });
            }
            let body = serde_json::to_string(document.body).map_err(|e| backend(self.name, e))?;
            self.exec(
                    "INSERT INTO documents (kind, id, body, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                    params![document.kind, key, body, updated_at],
                )
                .map_err(&fail)?;
            replaced.push(
                previous
                    .map(|text| decode_document(self.name, document.kind, document.id, &text))
                    .transpose()?,
            );
        }
        Ok(replaced)
    }

    pub(crate) fn get(&self, kind: &str, id: &str) -> Result<Option<Value>, StoreError> {
        self.get_text(kind, id)?
            .map(|body| decode_document(self.name, kind, id, &body))
            .transpose()
    }

    pub(crate) fn get_text(&self, kind: &str, id: &str) -> Result<Option<String>, StoreError> {
        self.row(
            "SELECT body FROM documents WHERE kind = ?1 AND id = ?2",
            params![kind, self.key(id)],
            |row| row.get(0),
        )
        .optional()
        .map_err(self.fail())
    }

    pub(crate) fn list(&self, kind: &str) -> Result<Vec<String>, StoreError> {
        let fail = self.fail();
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT id FROM documents WHERE kind = ?1 AND substr(id, 1, length(?2)) = ?2 ORDER BY id",
            )
            .map_err(&fail)?;
        let ids = statement
            .query_map(params![kind, self.prefix()], |row| row.get::<_, String>(0))
            .map_err(&fail)?
            .map(|id| id.map(|id| self.unkey(&id).to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(&fail)?;
        Ok(ids)
    }

    pub(crate) fn feed(&self, after: u64, limit: usize) -> Result<Vec<FeedEntry>, StoreError> {
        let fail = self.fail();
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT f.position, f.stream, f.version, e.kind, e.payload, e.recorded_at
                 FROM feed f JOIN events e ON e.stream = f.stream AND e.version = f.version
                 WHERE f.scope = ?1 AND f.position > ?2
                 ORDER BY f.position LIMIT ?3",
            )
            .map_err(&fail)?;
        let limit = sql_int(self.name, limit as u64)?;
        let rows = statement
            .query_map(
                params![self.scope, sql_int(self.name, after)?, limit],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                    ))
                },
            )
            .map_err(&fail)?;
        let mut entries = Vec::new();
        for row in rows {
            let (position, stream, version, kind, payload, recorded_at) = row.map_err(&fail)?;
            let payload = serde_json::from_str(&payload).map_err(|e| {
                backend(
                    self.name,
                    format!("event {version} of stream {stream:?} is not JSON: {e}"),
                )
            })?;
            entries.push(FeedEntry {
                position: u64::try_from(position).unwrap_or(0),
                stream: self.unkey(&stream).to_owned(),
                version: u64::try_from(version).unwrap_or(0),
                kind,
                payload,
                recorded_at: parse_timestamp(self.name, &recorded_at)?,
            });
        }
        Ok(entries)
    }

    // --- Platform records: global, not scoped (an organisation is what a
    // scope is made of).

    pub(crate) fn insert_organisation(
        &self,
        organisation: &Organisation,
    ) -> Result<(), StoreError> {
        let inserted = self
            .exec(
                "INSERT INTO organisations (id, name, roles, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO NOTHING",
                params![
                    organisation.id,
                    organisation.name,
                    organisation.roles,
                    timestamp(organisation.created_at)
                ],
            )
            .map_err(self.fail())?;
        if inserted == 0 {
            return Err(StoreError::Exists {
                kind: "organisation".to_owned(),
                id: organisation.id.clone(),
            });
        }
        Ok(())
    }

    fn organisation_row(
        &self,
        row: &Row<'_>,
    ) -> rusqlite::Result<(String, String, String, String)> {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
    }

    fn organisation_record(
        &self,
        (id, name, roles, created_at): (String, String, String, String),
    ) -> Result<Organisation, StoreError> {
        Ok(Organisation {
            id,
            name,
            roles,
            created_at: parse_timestamp(self.name, &created_at)?,
        })
    }

    pub(crate) fn organisation(&self, id: &str) -> Result<Option<Organisation>, StoreError> {
        self.row(
            "SELECT id, name, roles, created_at FROM organisations WHERE id = ?1",
            params![id],
            |row| self.organisation_row(row),
        )
        .optional()
        .map_err(self.fail())?
        .map(|row| self.organisation_record(row))
        .transpose()
    }

    pub(crate) fn organisations(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Organisation>, StoreError> {
        let fail = self.fail();
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT id, name, roles, created_at FROM organisations
                 WHERE id > ?1 ORDER BY id LIMIT ?2",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map(
                params![after.unwrap_or(""), sql_int(self.name, limit as u64)?],
                |row| self.organisation_row(row),
            )
            .map_err(&fail)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&fail)?;
        rows.into_iter()
            .map(|row| self.organisation_record(row))
            .collect()
    }

    pub(crate) fn insert_token(&self, token: &TokenRecord) -> Result<(), StoreError> {
        let inserted = self
            .exec(
                "INSERT INTO tokens (id, hash, organisation, scopes, label, created_at, revoked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
                params![
                    token.id,
                    token.hash,
                    token.organisation,
                    token.scopes,
                    token.label,
                    timestamp(token.created_at),
                    token.revoked_at.map(timestamp)
                ],
            )
            .map_err(self.fail())?;
        if inserted == 0 {
            return Err(StoreError::Exists {
                kind: "token".to_owned(),
                id: token.id.clone(),
            });
        }
        Ok(())
    }

    fn token_from(&self, row: &Row<'_>) -> rusqlite::Result<TokenRow> {
        Ok(TokenRow {
            id: row.get(0)?,
            hash: row.get(1)?,
            organisation: row.get(2)?,
            scopes: row.get(3)?,
            label: row.get(4)?,
            created_at: row.get(5)?,
            revoked_at: row.get(6)?,
        })
    }

    fn token_record(&self, row: TokenRow) -> Result<TokenRecord, StoreError> {
        Ok(TokenRecord {
            id: row.id,
            hash: row.hash,
            organisation: row.organisation,
            scopes: row.scopes,
            label: row.label,
            created_at: parse_timestamp(self.name, &row.created_at)?,
            revoked_at: row
                .revoked_at
                .map(|at| parse_timestamp(self.name, &at))
                .transpose()?,
        })
    }

    pub(crate) fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError> {
        self.row(
            "SELECT id, hash, organisation, scopes, label, created_at, revoked_at
                 FROM tokens WHERE id = ?1",
            params![id],
            |row| self.token_from(row),
        )
        .optional()
        .map_err(self.fail())?
        .map(|row| self.token_record(row))
        .transpose()
    }

    pub(crate) fn tokens(
        &self,
        organisation: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<TokenRecord>, StoreError> {
        let fail = self.fail();
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT id, hash, organisation, scopes, label, created_at, revoked_at FROM tokens
                 WHERE organisation IS ?1 AND id > ?2 ORDER BY id LIMIT ?3",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map(
                params![
                    organisation,
                    after.unwrap_or(""),
                    sql_int(self.name, limit as u64)?
                ],
                |row| self.token_from(row),
            )
            .map_err(&fail)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&fail)?;
        rows.into_iter().map(|row| self.token_record(row)).collect()
    }

    pub(crate) fn revoke_token(&self, id: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        let changed = self
            .exec(
                "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, timestamp(at)],
            )
            .map_err(self.fail())?;
        Ok(changed > 0)
    }

    pub(crate) fn idempotent(
        &self,
        scope: &str,
        key: &str,
    ) -> Result<Option<IdempotentResponse>, StoreError> {
        self.row(
            "SELECT key, fingerprint, status, response FROM idempotency
                 WHERE scope = ?1 AND key = ?2",
            params![scope, key],
            |row| {
                Ok(IdempotentResponse {
                    key: row.get(0)?,
                    fingerprint: row.get(1)?,
                    status: row.get(2)?,
                    response: row.get(3)?,
                })
            },
        )
        .optional()
        .map_err(self.fail())
    }

    pub(crate) fn remember(
        &self,
        scope: &str,
        response: &IdempotentResponse,
    ) -> Result<(), StoreError> {
        let inserted = self
            .exec(
                "INSERT INTO idempotency (scope, key, fingerprint, status, response, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (scope, key) DO NOTHING",
                params![
                    scope,
                    response.key,
                    response.fingerprint,
                    response.status,
                    response.response,
                    timestamp(now())
                ],
            )
            .map_err(self.fail())?;
        if inserted == 0 {
            return Err(StoreError::Exists {
                kind: "idempotency key".to_owned(),
                id: response.key.clone(),
            });
        }
        Ok(())
    }
}

struct TokenRow {
    id: String,
    hash: String,
    organisation: Option<String>,
    scopes: String,
    label: String,
    created_at: String,
    revoked_at: Option<String>,
}
