//! The stores in a SQLite database file.
//!
//! Durability: WAL journal with `synchronous = FULL`, so a transaction is
//! on disk (its WAL frames synced) before `COMMIT` returns, and an append is
//! acknowledged only after its commit. With `NORMAL`, WAL commits are synced
//! only at checkpoints: a power loss could drop acknowledged events.

mod ops;
mod shared;

pub use shared::{Scoped, SharedSqlite, SharedStore, WriteError};

use crate::platform::{FeedEntry, FeedStore};
use crate::{
    Document, DocumentStore, EventStore, Existing, NewEvent, StoreError, StoredEvent, StreamHead,
};
use ops::Ops;
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

/// A schema migration: a script, then (in the same transaction) a step in
/// code for what SQL cannot compute.
struct Migration {
    sql: &'static str,
    then: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

/// The schema migrations, in order: migration `i` brings the database from
/// version `i` to `i + 1`.
const MIGRATIONS: [Migration; 3] = [
    Migration {
        sql: include_str!("../../migrations/0001_events_and_documents.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0002_stream_heads.sql"),
        then: Some(backfill_heads),
    },
    Migration {
        sql: include_str!("../../migrations/0003_feed_and_platform.sql"),
        then: None,
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

impl SqliteStore {
    /// Runs `write` in one `BEGIN IMMEDIATE` transaction, committed when it
    /// succeeds (and rolled back, when dropped, when it fails). IMMEDIATE
    /// takes the write lock before anything is read, so no other writer
    /// can slip in between a check and the write it guards.
    fn in_transaction<T>(
        &mut self,
        write: impl FnOnce(Ops<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let SqliteStore {
            connection,
            name,
            schema,
        } = self;
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| backend(name, e))?;
        let value = write(Ops {
            connection: &transaction,
            name,
            scope: "",
            schema: *schema,
        })?;
        transaction.commit().map_err(|e| backend(name, e))?;
        Ok(value)
    }

    /// The connection, for [`SharedSqlite`]'s writer.
    fn into_connection(self) -> Connection {
        self.connection
    }

    fn ops(&self) -> Ops<'_> {
        Ops {
            connection: &self.connection,
            name: &self.name,
            scope: "",
            schema: self.schema,
        }
    }
}

impl EventStore for SqliteStore {
    fn append(
        &mut self,
        stream: &str,
        expected_version: u64,
        events: &[NewEvent],
    ) -> Result<u64, StoreError> {
        self.in_transaction(|ops| ops.append(stream, expected_version, events))
    }

    fn load(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        self.ops().load(stream)
    }

    fn streams(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        self.ops().streams(prefix)
    }

    fn head(&self, stream: &str) -> Result<StreamHead, StoreError> {
        self.ops().head(stream)
    }
}

impl DocumentStore for SqliteStore {
    fn put_all(
        &mut self,
        documents: &[Document<'_>],
        existing: Existing,
    ) -> Result<Vec<Option<Value>>, StoreError> {
        self.in_transaction(|ops| ops.put_all(documents, existing))
    }

    fn get(&self, kind: &str, id: &str) -> Result<Option<Value>, StoreError> {
        self.ops().get(kind, id)
    }

    fn list(&self, kind: &str) -> Result<Vec<String>, StoreError> {
        self.ops().list(kind)
    }

    fn get_text(&self, kind: &str, id: &str) -> Result<Option<String>, StoreError> {
        self.ops().get_text(kind, id)
    }
}

impl FeedStore for SqliteStore {
    fn feed(&self, after: u64, limit: usize) -> Result<Vec<FeedEntry>, StoreError> {
        self.ops().feed(after, limit)
    }
}
