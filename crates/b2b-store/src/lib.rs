//! Durable storage for b2b, behind backend-neutral traits.
//!
//! - [`EventStore`]: append-only streams of events (one stream per
//!   aggregate, such as a purchase request), with optimistic concurrency: an
//!   append names the version it saw, and a stale one is rejected, never
//!   merged.
//! - [`DocumentStore`]: named JSON documents (a buying center, a policy).
//!
//! Payloads are JSON values: the store knows nothing of what an event
//! means, so the same store serves every domain, and a future PostgreSQL
//! backend implements the same traits.
//!
//! [`MemoryStore`] implements both in memory (for simulations and tests),
//! [`SqliteStore`] in a SQLite database file (WAL, migrations on open,
//! append-only enforced by triggers). See docs/storage.md.

mod memory;
pub mod platform;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use memory::MemoryStore;
pub use platform::{
    FeedEntry, FeedStore, IdempotentResponse, Organisation, PlatformStore, TokenRecord,
};
#[cfg(feature = "sqlite")]
pub use sqlite::{Scoped, SharedSqlite, SharedStore, SqliteStore, WriteError};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An event to append: its kind and its payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    /// What happened, such as `"approved"`.
    pub kind: String,
    /// The event's data.
    pub payload: Value,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// The stream it belongs to.
    pub stream: String,
    /// Its position in the stream: 1 for the first event.
    pub version: u64,
    /// What happened.
    pub kind: String,
    /// The event's data.
    pub payload: Value,
}

/// What can go wrong with a store.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The stream changed since the caller read it.
    #[error(
        "stream {stream:?} is at version {actual}, not {expected}: it changed since it was read; read it again and retry"
    )]
    Conflict {
        /// The stream.
        stream: String,
        /// The version the caller saw.
        expected: u64,
        /// The version the stream is at.
        actual: u64,
    },
    /// A document or stream that does not exist.
    #[error("no {kind} {id:?} in the store")]
    NotFound {
        /// What was looked for (`"stream"`, `"center"`, ...).
        kind: String,
        /// Its id.
        id: String,
    },
    /// A stream's recorded version disagrees with the events it holds:
    /// events were removed or added behind the store's back.
    #[error(
        "stream {stream} records version {recorded} but holds {held} events (the last numbered {last}): events were removed or added behind the store's back"
    )]
    VersionMismatch {
        /// The stream.
        stream: String,
        /// The version recorded at the last append.
        recorded: u64,
        /// The number of events it holds.
        held: u64,
        /// The version of the last event it holds (0 for none).
        last: u64,
    },
    /// A stream's last event is not the one appended under its version: it
    /// was rewritten behind the store's back.
    #[error(
        "stream {stream}: event {version}, its last, differs from the event appended as {version}: it was rewritten behind the store's back"
    )]
    HeadMismatch {
        /// The stream.
        stream: String,
        /// The last event's version.
        version: u64,
    },
    /// A database file to open (not create) is not there.
    #[error("no database at {path}")]
    NoDatabase {
        /// The path given.
        path: String,
    },
    /// The store has been shut down and takes no more writes.
    #[error("{name}: the store is shutting down and takes no more writes")]
    ShutDown {
        /// The database.
        name: String,
    },
    /// A document that a write was told not to replace exists.
    #[error("{kind} {id:?} exists in the store already")]
    Exists {
        /// Its kind.
        kind: String,
        /// Its id.
        id: String,
    },
    /// The backend failed (I/O, corruption, a schema from a newer version).
    #[error("storage failed: {0}")]
    Backend(String),
}

/// Append-only event streams with optimistic concurrency.
pub trait EventStore {
    /// Appends `events` to `stream` if it is at `expected_version` (0 for a
    /// new stream), atomically: all or none. Returns the new version. The
    /// events are durable when this returns `Ok`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] when the stream is not at
    /// `expected_version`, and nothing is written; [`StoreError::Backend`]
    /// for a failure of the backend.
    fn append(
        &mut self,
        stream: &str,
        expected_version: u64,
        events: &[NewEvent],
    ) -> Result<u64, StoreError>;

    /// Every event of `stream` in order; empty for a stream never written.
    ///
    /// # Errors
    ///
    /// [`StoreError::VersionMismatch`] or [`StoreError::HeadMismatch`] when
    /// a backend that checks its streams finds events removed, added or
    /// rewritten behind its back; [`StoreError::Backend`] for a failure of
    /// the backend or a stored payload that is not JSON.
    fn load(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError>;

    /// The ids of the streams whose id starts with `prefix`, sorted.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] for a failure of the backend.
    fn streams(&self, prefix: &str) -> Result<Vec<String>, StoreError>;

    /// The stream's version and, where the backend records one, the digest
    /// of its last event: cheap to read, and different after every append,
    /// so a reader can tell whether a history it decoded before is still
    /// the stream's. The default loads the stream and has no digest.
    ///
    /// # Errors
    ///
    /// As [`EventStore::load`].
    fn head(&self, stream: &str) -> Result<StreamHead, StoreError> {
        Ok(StreamHead {
            version: self.load(stream)?.len() as u64,
            digest: None,
        })
    }
}

/// Where a stream stands: see [`EventStore::head`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamHead {
    /// Its version (0 for a stream never written).
    pub version: u64,
    /// The digest of its last event as stored, where the backend keeps one.
    pub digest: Option<String>,
}

/// A document to store with [`DocumentStore::put_all`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Document<'a> {
    /// Its kind (`buying-center`).
    pub kind: &'a str,
    /// Its id.
    pub id: &'a str,
    /// Its body.
    pub body: &'a Value,
}

/// What [`DocumentStore::put_all`] does when a document exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Existing {
    /// Write nothing and fail with [`StoreError::Exists`].
    Refuse,
    /// Replace it.
    Replace,
}

/// Named JSON documents, grouped by kind.
pub trait DocumentStore {
    /// Stores `document` as `kind`/`id`, replacing any earlier one: a
    /// batch of one for [`DocumentStore::put_all`].
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] for a failure of the backend.
    fn put(&mut self, kind: &str, id: &str, document: &Value) -> Result<(), StoreError> {
        let document = Document {
            kind,
            id,
            body: document,
        };
        self.put_all(&[document], Existing::Replace).map(drop)
    }

    /// Stores `documents` in order, atomically: all or none (documents
    /// that belong together, such as a center and its policy, are never
    /// seen half-written, even after a crash). Gives the bodies they
    /// replaced, `None` for new ones, in the same order. With
    /// [`Existing::Refuse`], a document that exists (or appears earlier in
    /// the batch) fails the whole batch with [`StoreError::Exists`].
    ///
    /// # Errors
    ///
    /// [`StoreError::Exists`] as above, and nothing is written;
    /// [`StoreError::Backend`] for a failure of the backend or a replaced
    /// body that is not JSON.
    fn put_all(
        &mut self,
        documents: &[Document<'_>],
        existing: Existing,
    ) -> Result<Vec<Option<Value>>, StoreError>;

    /// The document `kind`/`id`, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] for a failure of the backend or a stored body
    /// that is not JSON.
    fn get(&self, kind: &str, id: &str) -> Result<Option<Value>, StoreError>;

    /// The ids of the documents of `kind`, sorted.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] for a failure of the backend.
    fn list(&self, kind: &str) -> Result<Vec<String>, StoreError>;

    /// The document `kind`/`id` as the JSON text stored, or `None`: for a
    /// reader that keeps what it decoded and needs only to tell whether the
    /// document changed. The default writes out [`DocumentStore::get`].
    ///
    /// # Errors
    ///
    /// As [`DocumentStore::get`].
    fn get_text(&self, kind: &str, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self.get(kind, id)?.map(|body| body.to_string()))
    }
}
