//! One SQLite database shared by many threads: one writer thread that
//! commits concurrent writes together (group commit), and a pool of
//! read-only connections.
//!
//! Durability is not traded for speed: every write is acknowledged only
//! after the transaction holding it has committed with
//! `synchronous = FULL`. Speed comes from batching: the writer takes every
//! write queued while it was busy, runs each in its own savepoint of one
//! transaction (a write that fails rolls back alone), and commits them with
//! one sync. Under load, one fsync serves hundreds of writes.

use super::ops::Ops;
use super::{BUSY_TIMEOUT, MIGRATIONS, SqliteStore, backend};
use crate::platform::{
    FeedEntry, FeedStore, IdempotentResponse, Organisation, PlatformStore, TokenRecord,
};
use crate::{
    Document, DocumentStore, EventStore, Existing, NewEvent, StoreError, StoredEvent, StreamHead,
};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use serde_json::Value;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use time::OffsetDateTime;

/// Prepared statements kept per connection: every statement the stores
/// run, so none is parsed twice.
const STATEMENTS: usize = 64;

/// How many queued writes one transaction takes at most.
const MAX_BATCH: usize = 512;

/// Why a write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError<E> {
    /// The write itself refused (a conflict, a rule): nothing of it was
    /// written.
    #[error(transparent)]
    Refused(E),
    /// The store failed (the commit, the disk, a shut-down writer):
    /// nothing of the write was committed.
    #[error(transparent)]
    Store(StoreError),
}

/// What a finished job tells the writer: keep its savepoint or roll it
/// back, and how to answer once the transaction's fate is known.
type Finish = (bool, Box<dyn FnOnce(Option<&StoreError>) + Send>);
type Job = Box<dyn FnOnce(&mut SharedStore<'_>) -> Finish + Send>;

/// A SQLite database for a server: writes through one group-committing
/// writer thread, reads on a pool of connections. Cheap to clone; every
/// clone uses the same threads.
///
/// Every method blocks: call them from threads that may block (a
/// `spawn_blocking` task), never from an async executor's own threads.
#[derive(Clone)]
pub struct SharedSqlite {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    jobs: Mutex<Option<Sender<Job>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    readers: Mutex<Vec<Connection>>,
    reader_free: Condvar,
}

impl std::fmt::Debug for SharedSqlite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedSqlite")
            .field("name", &self.inner.name)
            .finish_non_exhaustive()
    }
}

impl SharedSqlite {
    /// Opens (or creates) the database at `path`, brings its schema up to
    /// date, starts the writer thread and opens `readers` read
    /// connections (at least one).
    ///
    /// # Errors
    ///
    /// As [`SqliteStore::open`]: a file that is not a database of this
    /// program, a newer schema, or one that cannot be opened.
    pub fn open(path: &Path, readers: usize) -> Result<SharedSqlite, StoreError> {
        let name = path.display().to_string();
        // Opening through SqliteStore sets WAL and FULL sync and migrates.
        let writer = SqliteStore::open(path)?.into_connection();
        writer.set_prepared_statement_cache_capacity(STATEMENTS);
        let mut pool = Vec::with_capacity(readers.max(1));
        for _ in 0..readers.max(1) {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let connection =
                Connection::open_with_flags(path, flags).map_err(|e| backend(&name, e))?;
            connection
                .busy_timeout(BUSY_TIMEOUT)
                .map_err(|e| backend(&name, e))?;
            connection
                .execute_batch("PRAGMA query_only = ON;")
                .map_err(|e| backend(&name, e))?;
            connection.set_prepared_statement_cache_capacity(STATEMENTS);
            pool.push(connection);
        }
        let (jobs, queue) = channel::<Job>();
        let writer_name = name.clone();
        let handle = std::thread::Builder::new()
            .name("b2b-store-writer".to_owned())
            .spawn(move || run_writer(writer, &writer_name, &queue))
            .map_err(|e| backend(&name, format!("cannot start the writer thread: {e}")))?;
        Ok(SharedSqlite {
            inner: Arc::new(Inner {
                name,
                jobs: Mutex::new(Some(jobs)),
                writer: Mutex::new(Some(handle)),
                readers: Mutex::new(pool),
                reader_free: Condvar::new(),
            }),
        })
    }

    /// Runs `job` on the writer thread, in a savepoint of the next group
    /// commit, and returns its result once that commit is durable.
    ///
    /// If `job` returns `Err`, its savepoint is rolled back: nothing it
    /// wrote remains, and the other writes of the batch are unaffected.
    ///
    /// # Errors
    ///
    /// [`WriteError::Refused`] with the job's own error;
    /// [`WriteError::Store`] when the commit failed or the store is shut
    /// down (then nothing of the job was committed).
    pub fn write<T, E, F>(&self, job: F) -> Result<T, WriteError<E>>
    where
        T: Send + 'static,
        E: Send + 'static,
        F: FnOnce(&mut SharedStore<'_>) -> Result<T, E> + Send + 'static,
    {
        let (reply, answer): (SyncSender<Result<T, WriteError<E>>>, Receiver<_>) = sync_channel(1);
        let job: Job = Box::new(move |store| {
            let result = job(store);
            let keep = result.is_ok();
            let finish = move |commit: Option<&StoreError>| {
                let answer = match (result, commit) {
                    (Err(refused), _) => Err(WriteError::Refused(refused)),
                    (Ok(_), Some(failed)) => Err(WriteError::Store(StoreError::Backend(format!(
                        "the commit failed, nothing was written: {failed}"
                    )))),
                    (Ok(value), None) => Ok(value),
                };
                // The caller may have gone (a dropped request): nothing to tell.
                let _ = reply.send(answer);
            };
            (
                keep,
                Box::new(finish) as Box<dyn FnOnce(Option<&StoreError>) + Send>,
            )
        });
        let sent = {
            let jobs = self
                .inner
                .jobs
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            jobs.as_ref().map(|jobs| jobs.send(job).is_ok())
        };
        if sent != Some(true) {
            return Err(WriteError::Store(self.shut_down()));
        }
        answer.recv().unwrap_or_else(|_| {
            // The writer dropped the answer: the job panicked (its
            // savepoint was rolled back) or the writer stopped.
            Err(WriteError::Store(StoreError::Backend(format!(
                "{}: the write failed inside the store and was rolled back",
                self.inner.name
            ))))
        })
    }

    /// Runs `job` on a read connection (waiting for a free one). It sees
    /// the last committed state, never a write in progress.
    ///
    /// # Errors
    ///
    /// None of its own; the job's result is returned as it is.
    pub fn read<T>(&self, job: impl FnOnce(&SharedStore<'_>) -> T) -> T {
        let connection = {
            let mut free = self
                .inner
                .readers
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            loop {
                if let Some(connection) = free.pop() {
                    break connection;
                }
                free = self
                    .inner
                    .reader_free
                    .wait(free)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        // Given back to the pool even if the job panics.
        let result = catch_unwind(AssertUnwindSafe(|| {
            job(&SharedStore {
                connection: &connection,
                name: &self.inner.name,
            })
        }));
        self.inner
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(connection);
        self.inner.reader_free.notify_one();
        result.unwrap_or_else(|panic| resume_unwind(panic))
    }

    /// Stops taking writes, lets the writer commit every write already
    /// queued, and waits for it. Later writes fail with
    /// [`WriteError::Store`].
    pub fn shutdown(&self) {
        drop(
            self.inner
                .jobs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        let writer = self
            .inner
            .writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(writer) = writer {
            let _ = writer.join();
        }
    }

    fn shut_down(&self) -> StoreError {
        StoreError::ShutDown {
            name: self.inner.name.clone(),
        }
    }
}

/// The writer thread: batches queued jobs into one transaction each.
fn run_writer(mut connection: Connection, name: &str, queue: &Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let transaction = match connection.transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(transaction) => transaction,
            Err(error) => {
                let error = backend(name, error);
                // Each job's answer is dropped unsent: the callers learn
                // that nothing was written.
                drop(batch);
                report_begin_failure(&error);
                continue;
            }
        };
        let mut answers = Vec::with_capacity(batch.len());
        for job in batch {
            // Without a savepoint the job cannot run apart from the others:
            // its answer is dropped unsent, so its caller learns it failed.
            let Ok(mut savepoint) = Savepoint::begin(&transaction) else {
                continue;
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                job(&mut SharedStore {
                    connection: savepoint.connection,
                    name,
                })
            }));
            match outcome {
                Ok((true, answer)) => match savepoint.release() {
                    Ok(()) => answers.push(answer),
                    Err(_) => drop(answer),
                },
                Ok((false, answer)) => {
                    let _ = savepoint.rollback();
                    answers.push(answer);
                }
                // The answer went with the panic: its caller is told the
                // write failed. The savepoint rolls back when dropped.
                Err(_) => {
                    let _ = savepoint.rollback();
                }
            }
        }
        let committed = transaction.commit().err().map(|e| backend(name, e));
        for answer in answers {
            answer(committed.as_ref());
        }
    }
}

/// The store has no logger of its own; a failed BEGIN is rare enough
/// (disk full, file removed) that standard error is the place for it.
fn report_begin_failure(error: &StoreError) {
    eprintln!("b2b-store writer: {error}");
}

/// One job's savepoint: rolled back unless released.
struct Savepoint<'c> {
    connection: &'c Connection,
    open: bool,
}

impl<'c> Savepoint<'c> {
    /// rusqlite's own savepoints borrow the transaction mutably; the
    /// writer runs one job at a time, so a shared borrow with an explicit
    /// release or rollback is enough.
    fn begin(connection: &'c Connection) -> rusqlite::Result<Savepoint<'c>> {
        connection.execute_batch("SAVEPOINT job")?;
        Ok(Savepoint {
            connection,
            open: true,
        })
    }

    fn release(&mut self) -> rusqlite::Result<()> {
        self.open = false;
        self.connection.execute_batch("RELEASE job")
    }

    fn rollback(&mut self) -> rusqlite::Result<()> {
        self.open = false;
        self.connection
            .execute_batch("ROLLBACK TO job; RELEASE job")
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.rollback();
        }
    }
}

/// The database as one job sees it: the platform records directly, and
/// one organisation's streams and documents through [`SharedStore::scoped`].
pub struct SharedStore<'c> {
    connection: &'c Connection,
    name: &'c str,
}

impl SharedStore<'_> {
    /// Whether the database answers a trivial query.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] when it does not.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.connection
            .query_row("SELECT 1", [], |_| Ok(()))
            .map_err(|e| backend(self.name, e))
    }

    fn ops<'s>(&'s self, scope: &'s str) -> Ops<'s> {
        Ops {
            connection: self.connection,
            name: self.name,
            scope,
            schema: MIGRATIONS.len(),
        }
    }

    /// The streams, documents and feed of `scope` (an organisation's id);
    /// nothing outside it can be read or written through the handle.
    pub fn scoped<'s>(&'s self, scope: &'s str) -> Scoped<'s> {
        Scoped {
            ops: self.ops(scope),
        }
    }
}

/// One scope's streams, documents and feed, inside a job.
pub struct Scoped<'s> {
    ops: Ops<'s>,
}

impl EventStore for Scoped<'_> {
    fn append(
        &mut self,
        stream: &str,
        expected_version: u64,
        events: &[NewEvent],
    ) -> Result<u64, StoreError> {
        self.ops.append(stream, expected_version, events)
    }

    fn load(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        self.ops.load(stream)
    }

    fn streams(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        self.ops.streams(prefix)
    }

    fn head(&self, stream: &str) -> Result<StreamHead, StoreError> {
        self.ops.head(stream)
    }
}

impl DocumentStore for Scoped<'_> {
    fn put_all(
        &mut self,
        documents: &[Document<'_>],
        existing: Existing,
    ) -> Result<Vec<Option<Value>>, StoreError> {
        // Inside the job's savepoint: a refusal half-way is rolled back
        // with the job (the job returns the error).
        self.ops.put_all(documents, existing)
    }

    fn get(&self, kind: &str, id: &str) -> Result<Option<Value>, StoreError> {
        self.ops.get(kind, id)
    }

    fn list(&self, kind: &str) -> Result<Vec<String>, StoreError> {
        self.ops.list(kind)
    }

    fn get_text(&self, kind: &str, id: &str) -> Result<Option<String>, StoreError> {
        self.ops.get_text(kind, id)
    }
}

impl FeedStore for Scoped<'_> {
    fn feed(&self, after: u64, limit: usize) -> Result<Vec<FeedEntry>, StoreError> {
        self.ops.feed(after, limit)
    }
}

impl PlatformStore for SharedStore<'_> {
    fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), StoreError> {
        self.ops("").insert_organisation(organisation)
    }

    fn organisation(&self, id: &str) -> Result<Option<Organisation>, StoreError> {
        self.ops("").organisation(id)
    }

    fn organisations(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Organisation>, StoreError> {
        self.ops("").organisations(after, limit)
    }

    fn insert_token(&mut self, token: &TokenRecord) -> Result<(), StoreError> {
        self.ops("").insert_token(token)
    }

    fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError> {
        self.ops("").token(id)
    }

    fn tokens(
        &self,
        organisation: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<TokenRecord>, StoreError> {
        self.ops("").tokens(organisation, after, limit)
    }

    fn revoke_token(&mut self, id: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        self.ops("").revoke_token(id, at)
    }

    fn idempotent(&self, scope: &str, key: &str) -> Result<Option<IdempotentResponse>, StoreError> {
        self.ops("").idempotent(scope, key)
    }

    fn remember(&mut self, scope: &str, response: &IdempotentResponse) -> Result<(), StoreError> {
        self.ops("").remember(scope, response)
    }
}
