//! What the server keeps beside the domain's events and documents: the
//! change feed, organisations, API tokens and idempotent responses.
//!
//! The store holds these as plain records; what a role or a scope means,
//! how a token is made and checked, is the HTTP layer's business.

use crate::StoreError;
use serde_json::Value;
use time::OffsetDateTime;

/// One event in the change feed, with its place in commit order.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    /// Its position: larger for every later commit, never reused.
    pub position: u64,
    /// The stream, as the scope's handle names it (without the scope).
    pub stream: String,
    /// Its version in the stream.
    pub version: u64,
    /// What happened.
    pub kind: String,
    /// The event's data.
    pub payload: Value,
    /// When it was stored.
    pub recorded_at: OffsetDateTime,
}

/// The events of one scope in commit order.
pub trait FeedStore {
    /// Up to `limit` events with a position after `after` (0 for the
    /// first), in position order. An event appears once its transaction
    /// has committed, and never before one committed earlier.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] for a failure of the backend or a stored
    /// payload that is not JSON.
    fn feed(&self, after: u64, limit: usize) -> Result<Vec<FeedEntry>, StoreError>;
}

/// An organisation that uses the server: a buyer, a supplier or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its id (`acme`), which scopes everything it stores.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its roles as the HTTP layer writes them (`buyer`, `supplier`,
    /// `buyer supplier`).
    pub roles: String,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

/// An API token as stored: never its secret, only a hash of the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Its public id (the token's prefix), shown in lists.
    pub id: String,
    /// The SHA-256 (hex) of the whole token.
    pub hash: String,
    /// The organisation it acts for; `None` for an administrator's token.
    pub organisation: Option<String>,
    /// Its scopes, separated by spaces (`buying:write tenders:read`).
    pub scopes: String,
    /// A name given when it was issued.
    pub label: String,
    /// When it was issued.
    pub created_at: OffsetDateTime,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

/// The first response to a request with an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentResponse {
    /// The client's key.
    pub key: String,
    /// A digest of what the request asked (method, path, body), so that
    /// the same key with another request can be refused.
    pub fingerprint: String,
    /// The HTTP status sent.
    pub status: u16,
    /// The body sent.
    pub response: String,
}

/// Organisations, tokens and idempotent responses.
pub trait PlatformStore {
    /// Stores a new organisation.
    ///
    /// # Errors
    ///
    /// [`StoreError::Exists`] if its id is taken; [`StoreError::Backend`].
    fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), StoreError>;

    /// The organisation `id`, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`].
    fn organisation(&self, id: &str) -> Result<Option<Organisation>, StoreError>;

    /// Up to `limit` organisations with ids after `after`, in id order.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`].
    fn organisations(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Organisation>, StoreError>;

    /// Stores a new token.
    ///
    /// # Errors
    ///
    /// [`StoreError::Exists`] if its id is taken; [`StoreError::Backend`]
    /// (also for an organisation that does not exist).
    fn insert_token(&mut self, token: &TokenRecord) -> Result<(), StoreError>;

    /// The token with public id `id`, revoked or not, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`].
    fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError>;

    /// Up to `limit` tokens with ids after `after`, in id order: those of
    /// `organisation`, or the administrators' for `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`].
    fn tokens(
        &self,
        organisation: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<TokenRecord>, StoreError>;

    /// Marks the token revoked at `at`; `false` if there is no such token
    /// or it was revoked already (its first revocation time is kept).
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`].
    fn revoke_token(&mut self, id: &str, at: OffsetDateTime) -> Result<bool, StoreError>;

    /// The response kept under `key` in `scope`, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`].
    fn idempotent(&self, scope: &str, key: &str) -> Result<Option<IdempotentResponse>, StoreError>;

    /// Keeps `response` under its key in `scope`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Exists`] if the key is taken; [`StoreError::Backend`].
    fn remember(&mut self, scope: &str, response: &IdempotentResponse) -> Result<(), StoreError>;
}
