//! What every handler shares: the store, the limits, the metrics.

use crate::ApiError;
use crate::auth::TokenCache;
use crate::observe::Metrics;
use b2b_buying::service::ReadCache;
use b2b_store::{SharedSqlite, SharedStore, StoreError, WriteError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The limits and settings of one server.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The largest request body read, in bytes.
    pub body_limit: usize,
    /// How long a request may take before it is answered 503.
    pub request_timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            body_limit: 16 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
        }
    }
}

impl Config {
    /// These limits.
    #[must_use]
    pub fn new(body_limit: usize, request_timeout: Duration) -> Config {
        Config {
            body_limit,
            request_timeout,
        }
    }
}

/// The state behind every route. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    db: SharedSqlite,
    config: Arc<Config>,
    metrics: Arc<Metrics>,
    tokens: Arc<TokenCache>,
    histories: Arc<Mutex<HashMap<String, Arc<ReadCache>>>>,
}

impl AppState {
    /// A server's state over `db`.
    #[must_use]
    pub fn new(db: SharedSqlite, config: Config) -> AppState {
        AppState {
            db,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::new()),
            tokens: Arc::new(TokenCache::default()),
            histories: Arc::default(),
        }
    }

    /// The limits.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The metrics.
    #[must_use]
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The checked tokens.
    #[must_use]
    pub fn tokens(&self) -> &TokenCache {
        &self.tokens
    }

    /// The decoded request histories of `organisation` (every handler of
    /// one organisation shares them).
    #[must_use]
    pub fn histories(&self, organisation: &str) -> Arc<ReadCache> {
        let mut all = self
            .histories
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(all.entry(organisation.to_owned()).or_default())
    }

    /// The store, for the server's start and end (bootstrap, shutdown).
    #[must_use]
    pub fn db(&self) -> &SharedSqlite {
        &self.db
    }

    /// Runs `job` in the next group commit, off the async runtime; its
    /// answer comes once the commit is durable. A job's own error is
    /// returned as it is; a store failure is a 500.
    ///
    /// # Errors
    ///
    /// The job's [`ApiError`], or [`ApiError::Internal`] when the store
    /// failed (nothing of the job was written).
    pub async fn write<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SharedStore<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.db.clone();
        let started = Instant::now();
        let answer = tokio::task::spawn_blocking(move || db.write(job))
            .await
            .map_err(|e| ApiError::Internal(format!("a write task failed: {e}")))?;
        self.metrics.record_write(started.elapsed());
        answer.map_err(|error| match error {
            WriteError::Refused(error) => error,
            WriteError::Store(error) => store_error(error),
        })
    }

    /// Runs `job` on a read connection, off the async runtime.
    ///
    /// # Errors
    ///
    /// The job's [`ApiError`], or [`ApiError::Internal`] if the task died.
    pub async fn read<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SharedStore<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.read(job))
            .await
            .map_err(|e| ApiError::Internal(format!("a read task failed: {e}")))?
    }
}

/// A store failure that no client caused: logged, answered 500 (or 503
/// while shutting down).
pub(crate) fn store_error(error: StoreError) -> ApiError {
    match error {
        StoreError::ShutDown { .. } => {
            ApiError::Unavailable("the server is shutting down".to_owned())
        }
        other => ApiError::Internal(other.to_string()),
    }
}
