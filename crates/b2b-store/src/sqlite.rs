//! The stores in a SQLite database file.
//!
//! Durability: WAL journal with `synchronous = FULL`, so a transaction is
//! on disk (its WAL frames synced) before `COMMIT` returns, and an append is
//! acknowledged only after its commit. With `NORMAL`, WAL commits are synced
//! only at checkpoints: a power loss could drop acknowledged events.

use crate::{Document, DocumentStore, EventStore, Existing, NewEvent, StoreError, StoredEvent};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A schema migration: a script, then (in the same transaction) a step in
/// code for what SQL cannot compute.
struct Migration {
    sql: &'static str,
    then: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

/// The schema migrations, in order: migration `i` brings the database from
/// version `i` to `i + 1`.
const MIGRATIONS: [Migration; 2] = [
    Migration {
        sql: include_str!("../migrations/0001_events_and_documents.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0002_stream_heads.sql"),
        then: Some(backfill_heads),
    },
];

/// The first schema version whose streams record their head.
const HEADS_SINCE: usize = 2;

/// The head of a stream: the SHA-256 (lowercase hex) of its last event's
/// payload text as stored.
fn head_of(payload: &str) -> String {
    let digest = Sha256::digest(payload.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Records the head of every stream from its last event (migration 2).
fn backfill_heads(connection: &Connection) -> rusqlite::Result<()> {
    let heads = {
        let mut statement = connection.prepare(
            "SELECT s.id, e.payload FROM streams s
             JOIN events e ON e.stream = s.id AND e.version = s.version",
        )?;
        statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut update = connection.prepare("UPDATE streams SET head = ?2 WHERE id = ?1")?;
    for (stream, payload) in heads {
        update.execute(params![stream, head_of(&payload)])?;
    }
    Ok(())
}

/// How long a writer waits for another connection's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// [`EventStore`] and [`DocumentStore`] in a SQLite database.
///
/// ```
/// use b2b_store::{EventStore, NewEvent, SqliteStore};
///
/// let mut store = SqliteStore::open_in_memory()?;
/// let opened = NewEvent { kind: "opened".into(), payload: serde_json::json!({ "title": "Laptops" }) };
/// assert_eq!(store.append("request/1", 0, &[opened])?, 1);
/// assert_eq!(store.load("request/1")?[0].kind, "opened");
/// # Ok::<(), b2b_store::StoreError>(())
/// ```
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
    name: String,
    /// The schema version of the open database (what `load` may read).
    schema: usize,
}

impl SqliteStore {
    /// Opens (or creates) the database at `path` and brings its schema up
    /// to date.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] when the file cannot be opened, is not a
    /// SQLite database, or has a schema newer than this program knows.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let name = path.display().to_string();
        let connection = Connection::open(path).map_err(|e| backend(&name, e))?;
        SqliteStore::prepare(connection, name, true)
    }

    /// Opens the database at `path` for writing like [`SqliteStore::open`],
    /// but never creates it: a missing file (a mistyped path) is
    /// [`StoreError::NoDatabase`], not a new empty database.
    ///
    /// # Errors
    ///
    /// As [`SqliteStore::open`], and [`StoreError::NoDatabase`].
    pub fn open_existing(path: &Path) -> Result<SqliteStore, StoreError> {
        let name = path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = open_file(path, &name, flags)?;
        SqliteStore::prepare(connection, name, true)
    }

    /// Opens the database at `path` read-only (SQLite's read-only open
    /// flag, and `query_only`): nothing is migrated or written, so a
    /// read-only file, or one shared with a reader who may not change it,
    /// can be read. A schema older than this program's is read as it is
    /// (a version 1 database has no stream heads to check; its versions
    /// are still checked); a newer one is refused.
    ///
    /// # Errors
    ///
    /// [`StoreError::NoDatabase`] for a missing file;
    /// [`StoreError::Backend`] for a file that is not a database of this
    /// program, or a newer schema.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore, StoreError> {
        let name = path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = open_file(path, &name, flags)?;
        connection
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| backend(&name, e))?;
        connection
            .execute_batch("PRAGMA query_only = ON;")
            .map_err(|e| backend(&name, e))?;
        let schema = read_version(&connection).map_err(|e| {
            StoreError::Backend(format!(
                "{name}: not a b2b database (it has no schema version: {e})"
            ))
        })?;
        if schema > MIGRATIONS.len() {
            return Err(newer_schema(&name, schema));
        }
        Ok(SqliteStore {
            connection,
            name,
            schema,
        })
    }

    /// A fresh database in memory, for tests.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] if SQLite cannot create it.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let name = "(memory)".to_owned();
        let connection = Connection::open_in_memory().map_err(|e| backend(&name, e))?;
        SqliteStore::prepare(connection, name, false)
    }

    /// The schema version of the open database.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] if it cannot be read.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        read_version(&self.connection).map_err(|e| backend(&self.name, e))
    }

    /// The schema version this program writes.
    pub const fn current_schema_version() -> usize {
        MIGRATIONS.len()
    }

    fn prepare(
        mut connection: Connection,
        name: String,
        wal: bool,
    ) -> Result<SqliteStore, StoreError> {
        connection
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| backend(&name, e))?;
        if wal {
            // The first statement that reads the file: a file that is not a
            // database fails here.
            let mode: String = connection
                .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
                .map_err(|e| backend(&name, e))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Backend(format!(
                    "{name}: the database cannot use the WAL journal (it is in {mode} mode)"
                )));
            }
        }
        connection
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(|e| backend(&name, e))?;
        migrate(&mut connection, &name)?;
        Ok(SqliteStore {
            connection,
            name,
            schema: MIGRATIONS.len(),
        })
    }
}

fn newer_schema(name: &str, found: usize) -> StoreError {
    StoreError::Backend(format!(
        "{name}: the database has schema version {found}, newer than the {} this program knows; use a newer b2b",
        MIGRATIONS.len()
    ))
}

/// Opens an existing file with `flags` (which do not create it).
fn open_file(path: &Path, name: &str, flags: OpenFlags) -> Result<Connection, StoreError> {
    Connection::open_with_flags(path, flags).map_err(|e| {
        if path.exists() {
            backend(name, e)
        } else {
            StoreError::NoDatabase {
                path: name.to_owned(),
            }
        }
    })
}

fn backend(name: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("{name}: {error}"))
}

fn read_version(connection: &Connection) -> rusqlite::Result<usize> {
    let version: i64 =
        connection.query_row("SELECT version FROM schema_version", [], |row| row.get(0))?;
    Ok(usize::try_from(version).unwrap_or(usize::MAX))
}

/// Applies the migrations the database lacks, all in one transaction.
fn migrate(connection: &mut Connection, name: &str) -> Result<(), StoreError> {
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| backend(name, e))?;
    transaction
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT;
             INSERT INTO schema_version (version)
                 SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);",
        )
        .map_err(|e| backend(name, e))?;
    let found = read_version(&transaction).map_err(|e| backend(name, e))?;
    if found > MIGRATIONS.len() {
        return Err(newer_schema(name, found));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(found) {
        let failed = |e: rusqlite::Error| backend(name, format!("migration {}: {e}", index + 1));
        transaction.execute_batch(migration.sql).map_err(failed)?;
        if let Some(then) = migration.then {
            then(&transaction).map_err(failed)?;
        }
    }
    transaction
        .execute(
            "UPDATE schema_version SET version = ?1",
            params![MIGRATIONS.len() as i64],
        )
        .map_err(|e| backend(name, e))?;
    transaction.commit().map_err(|e| backend(name, e))
}

fn decode_document(name: &str, kind: &str, id: &str, body: &str) -> Result<Value, StoreError> {
    serde_json::from_str(body)
        .map_err(|e| StoreError::Backend(format!("{name}: document {kind}/{id} is not JSON: {e}")))
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "unknown".to_owned())
}

impl EventStore for SqliteStore {
    fn append(
        &mut self,
        stream: &str,
        expected_version: u64,
        events: &[NewEvent],
    ) -> Result<u64, StoreError> {
        let SqliteStore {
            connection, name, ..
        } = self;
        let name: &str = name;
        let fail = |e: rusqlite::Error| backend(name, e);
        // IMMEDIATE takes the write lock before reading the version, so no
        // other writer can slip in between the check and the insert.
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let actual: i64 = transaction
            .query_row(
                "SELECT version FROM streams WHERE id = ?1",
                params![stream],
                |row| row.get(0),
            )
            .optional()
            .map_err(fail)?
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
        let as_sql = |version: u64| {
            i64::try_from(version).map_err(|_| backend(name, "version out of range"))
        };
        let recorded_at = now();
        let mut head = None;
        {
            let mut insert = transaction
                .prepare_cached(
                    "INSERT INTO events (stream, version, kind, payload, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(fail)?;
            // The stream's row must exist before its events (foreign key).
            transaction
                .execute(
                    "INSERT INTO streams (id, version) VALUES (?1, 0) ON CONFLICT (id) DO NOTHING",
                    params![stream],
                )
                .map_err(fail)?;
            for (offset, event) in events.iter().enumerate() {
                let payload =
                    serde_json::to_string(&event.payload).map_err(|e| backend(name, e))?;
                insert
                    .execute(params![
                        stream,
                        as_sql(actual + offset as u64 + 1)?,
                        event.kind,
                        payload,
                        recorded_at
                    ])
                    .map_err(fail)?;
                head = Some(payload);
            }
        }
        // An empty append keeps the head it had.
        transaction
            .execute(
                "UPDATE streams SET version = ?2, head = coalesce(?3, head) WHERE id = ?1",
                params![stream, as_sql(new_version)?, head.as_deref().map(head_of)],
            )
            .map_err(fail)?;
        transaction.commit().map_err(fail)?;
        Ok(new_version)
    }

    fn load(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        let fail = |e: rusqlite::Error| backend(&self.name, e);
        // A schema before version 2 records no head; its version still counts.
        let recorded: Option<(i64, Option<String>)> = self
            .connection
            .query_row(
                if self.schema >= HEADS_SINCE {
                    "SELECT version, head FROM streams WHERE id = ?1"
                } else {
                    "SELECT version, NULL FROM streams WHERE id = ?1"
                },
                params![stream],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(fail)?;
        let (recorded, head) = recorded.unwrap_or((0, None));
        let recorded = u64::try_from(recorded).unwrap_or(0);
        let mut last_payload = None;
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT version, kind, payload FROM events WHERE stream = ?1 ORDER BY version",
            )
            .map_err(fail)?;
        let rows = statement
            .query_map(params![stream], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .map_err(fail)?;
        let mut events = Vec::new();
        for row in rows {
            let (version, kind, text) = row.map_err(fail)?;
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

    fn streams(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let fail = |e: rusqlite::Error| backend(&self.name, e);
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM streams WHERE version > 0 AND substr(id, 1, length(?1)) = ?1 ORDER BY id")
            .map_err(fail)?;
        let ids = statement
            .query_map(params![prefix], |row| row.get::<_, String>(0))
            .map_err(fail)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        Ok(ids)
    }
}

impl DocumentStore for SqliteStore {
    fn put(&mut self, kind: &str, id: &str, document: &Value) -> Result<(), StoreError> {
        self.put_all(
            &[Document {
                kind,
                id,
                body: document,
            }],
            Existing::Replace,
        )
        .map(drop)
    }

    fn put_all(
        &mut self,
        documents: &[Document<'_>],
        existing: Existing,
    ) -> Result<Vec<Option<Value>>, StoreError> {
        let SqliteStore {
            connection, name, ..
        } = self;
        let name: &str = name;
        let fail = |e: rusqlite::Error| backend(name, e);
        // IMMEDIATE: the existence checks and the writes see one state, and
        // the whole batch commits or (dropped on an early return) rolls back.
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let updated_at = now();
        let mut replaced = Vec::with_capacity(documents.len());
        for document in documents {
            let previous: Option<String> = transaction
                .query_row(
                    "SELECT body FROM documents WHERE kind = ?1 AND id = ?2",
                    params![document.kind, document.id],
                    |row| row.get(0),
                )
                .optional()
                .map_err(fail)?;
            if previous.is_some() && existing == Existing::Refuse {
                return Err(StoreError::Exists {
                    kind: document.kind.to_owned(),
                    id: document.id.to_owned(),
                });
            }
            let body = serde_json::to_string(document.body).map_err(|e| backend(name, e))?;
            transaction
                .execute(
                    "INSERT INTO documents (kind, id, body, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                    params![document.kind, document.id, body, updated_at],
                )
                .map_err(fail)?;
            replaced.push(
                previous
                    .map(|text| decode_document(name, document.kind, document.id, &text))
                    .transpose()?,
            );
        }
        transaction.commit().map_err(fail)?;
        Ok(replaced)
    }

    fn get(&self, kind: &str, id: &str) -> Result<Option<Value>, StoreError> {
        let body: Option<String> = self
            .connection
            .query_row(
                "SELECT body FROM documents WHERE kind = ?1 AND id = ?2",
                params![kind, id],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| backend(&self.name, e))?;
        body.map(|body| decode_document(&self.name, kind, id, &body))
            .transpose()
    }

    fn list(&self, kind: &str) -> Result<Vec<String>, StoreError> {
        let fail = |e: rusqlite::Error| backend(&self.name, e);
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM documents WHERE kind = ?1 ORDER BY id")
            .map_err(fail)?;
        let ids = statement
            .query_map(params![kind], |row| row.get::<_, String>(0))
            .map_err(fail)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        Ok(ids)
    }
}
