//! API tokens: how they are made, stored, checked and scoped.
//!
//! A token is `b2b_<id>_<secret>`: `id` is 12 hex digits, public (it names
//! the token in lists and logs); `secret` is 64 hex digits (32 random
//! bytes). The store keeps only the SHA-256 of the whole token, so a copy
//! of the database gives no usable token. A token acts for one
//! organisation with the scopes it was issued with, or for the
//! administrator (no organisation, scope `admin`).

use crate::ApiError;
use crate::digest::{hex, sha256_hex};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use b2b_store::{PlatformStore, SharedSqlite, TokenRecord, WriteError};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// Manage organisations and tokens.
    Admin,
    /// The stateless computations.
    Compute,
    /// Read buying centers and requests.
    BuyingRead,
    /// Create and change buying centers and requests (implies reading).
    BuyingWrite,
    /// Read tenders.
    TendersRead,
    /// Create and change tenders (implies reading).
    TendersWrite,
    /// Follow the organisation's change feed.
    FeedRead,
}

impl Scope {
    /// Every scope, in the order they are written.
    pub const ALL: [Scope; 7] = [
        Scope::Admin,
        Scope::Compute,
        Scope::BuyingRead,
        Scope::BuyingWrite,
        Scope::TendersRead,
        Scope::TendersWrite,
        Scope::FeedRead,
    ];

    /// The scope's name (`buying:write`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Scope::Admin => "admin",
            Scope::Compute => "compute",
            Scope::BuyingRead => "buying:read",
            Scope::BuyingWrite => "buying:write",
            Scope::TendersRead => "tenders:read",
            Scope::TendersWrite => "tenders:write",
            Scope::FeedRead => "feed:read",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scope {
    type Err = ApiError;

    fn from_str(text: &str) -> Result<Scope, ApiError> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.name() == text)
            .ok_or_else(|| {
                let known: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
                ApiError::BadRequest(format!(
                    "{:?} is not a scope; the scopes are {}",
                    b2b_core::excerpt(text).to_string(),
                    known.join(", ")
                ))
            })
    }
}

/// Who is calling: the token's id, its organisation and its scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's public id.
    pub token: String,
    /// The organisation the token acts for; `None` for an administrator.
    pub organisation: Option<String>,
    /// What it may do.
    pub scopes: BTreeSet<Scope>,
}

impl Principal {
    /// Whether the caller holds `scope` (a write scope implies its read).
    #[must_use]
    pub fn may(&self, scope: Scope) -> bool {
        let implied = match scope {
            Scope::BuyingRead => Some(Scope::BuyingWrite),
            Scope::TendersRead => Some(Scope::TendersWrite),
            _ => None,
        };
        self.scopes.contains(&scope) || implied.is_some_and(|s| self.scopes.contains(&s))
    }

    /// Refuses a caller without `scope`.
    ///
    /// # Errors
    ///
    /// [`ApiError::Forbidden`] naming the scope.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.may(scope) {
            Ok(())
        } else {
            Err(lacks(scope))
        }
    }

    /// The caller's organisation, for routes that act on one.
    ///
    /// # Errors
    ///
    /// [`ApiError::Forbidden`] for an administrator's token, which acts
    /// for no organisation.
    pub fn organisation(&self) -> Result<&str, ApiError> {
        self.organisation.as_deref().ok_or_else(|| {
            ApiError::Forbidden(
                "an administrator's token acts for no organisation; use one of the organisation's tokens"
                    .to_owned(),
            )
        })
    }
}

/// A newly made token: the whole token (shown once) and what is stored.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// `b2b_<id>_<secret>`: shown to the caller once, never stored.
    pub token: String,
    /// What the store keeps.
    pub record: TokenRecord,
}

/// Makes a token for `organisation` (`None`: an administrator's) with
/// `scopes`.
///
/// # Errors
///
/// [`ApiError::Internal`] if the system's random source fails.
pub fn issue(
    organisation: Option<&str>,
    scopes: &BTreeSet<Scope>,
    label: &str,
) -> Result<IssuedToken, ApiError> {
    let mut bytes = [0u8; 38];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::Internal(format!("no random bytes for a token: {e}")))?;
    let (id, secret) = bytes.split_at(6);
    let token = format!("b2b_{}_{}", hex(id), hex(secret));
    Ok(issued(token, organisation, scopes, label))
}

fn issued(
    token: String,
    organisation: Option<&str>,
    scopes: &BTreeSet<Scope>,
    label: &str,
) -> IssuedToken {
    let id = token_id(&token).unwrap_or_default().to_owned();
    let record = TokenRecord {
        id,
        hash: digest(&token),
        organisation: organisation.map(str::to_owned),
        scopes: scopes
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(" "),
        label: label.to_owned(),
        created_at: OffsetDateTime::now_utc(),
        revoked_at: None,
    };
    IssuedToken { token, record }
}

/// The SHA-256 (hex) of a whole token, as stored.
fn digest(token: &str) -> String {
    sha256_hex(&[token.as_bytes()])
}

/// The public id of a token in the `b2b_<id>_<secret>` form.
fn token_id(token: &str) -> Option<&str> {
    let rest = token.strip_prefix("b2b_")?;
    let (id, secret) = rest.split_once('_')?;
    let is_hex = |s: &str, len: usize| {
        s.len() == len
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    (is_hex(id, 12) && is_hex(secret, 64)).then_some(id)
}

/// Equal hashes, compared in time that does not depend on where they
/// differ.
fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The parsed scopes of a stored token (unknown names are dropped: a
/// scope retired by a newer version grants nothing).
fn scopes_of(record: &TokenRecord) -> BTreeSet<Scope> {
    record
        .scopes
        .split_whitespace()
        .filter_map(|name| name.parse().ok())
        .collect()
}

/// How long a checked token is trusted without reading the store again. A
/// revocation through this server takes effect at once (it clears the
/// entry); one made by another server on the same database within this
/// time.
const TOKEN_CACHE_TTL: Duration = Duration::from_secs(5);

/// Checked tokens by id, so that a request costs no store read for its
/// token.
#[derive(Debug, Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Instant, Option<Checked>)>>,
}

#[derive(Debug, Clone)]
struct Checked {
    hash: String,
    principal: Principal,
}

impl TokenCache {
    fn get(&self, id: &str) -> Option<Option<Checked>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(id)
            .filter(|(at, _)| at.elapsed() < TOKEN_CACHE_TTL)
            .map(|(_, checked)| checked.clone())
    }

    fn put(&self, id: &str, checked: Option<Checked>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > 100_000 {
            entries.retain(|_, (at, _)| at.elapsed() < TOKEN_CACHE_TTL);
        }
        entries.insert(id.to_owned(), (Instant::now(), checked));
    }

    /// Forgets token `id` (it was revoked).
    pub fn forget(&self, id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.remove(id);
    }
}

/// The middleware in front of every `/v1` route: a valid bearer token or
/// 401. The caller becomes a [`Principal`] in the request's extensions.
///
/// # Errors
///
/// [`ApiError::Unauthorized`] for a missing, malformed, unknown or
/// revoked token.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token = bearer(&request)?.to_owned();
    let principal = check(&state, &token).await?;
    request.extensions_mut().insert(principal);
    Ok(next.run(request).await)
}

fn bearer(request: &Request) -> Result<&str, ApiError> {
    let unauthorized = |why: &str| {
        ApiError::Unauthorized(format!(
            "{why}: send `Authorization: Bearer <token>` with a token issued by the administrator"
        ))
    };
    let value = request
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| unauthorized("no Authorization header"))?;
    let value = value
        .to_str()
        .map_err(|_| unauthorized("the Authorization header is not text"))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| unauthorized("the Authorization header is not a bearer token"))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(unauthorized(
            "the Authorization header is not a bearer token",
        ));
    }
    Ok(token.trim())
}

async fn check(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    let invalid =
        || ApiError::Unauthorized("the token is unknown, malformed or revoked".to_owned());
    let id = token_id(token).ok_or_else(invalid)?.to_owned();
    let cached = state.tokens().get(&id);
    let checked = match cached {
        Some(checked) => checked,
        None => {
            let lookup = id.clone();
            let record = state
                .read(move |db| db.token(&lookup).map_err(crate::state::store_error))
                .await?;
            let checked = record
                .filter(|r| r.revoked_at.is_none())
                .map(|record| Checked {
                    principal: Principal {
                        token: record.id.clone(),
                        organisation: record.organisation.clone(),
                        scopes: scopes_of(&record),
                    },
                    hash: record.hash,
                });
            state.tokens().put(&id, checked.clone());
            checked
        }
    };
    let checked = checked.ok_or_else(invalid)?;
    if !same_hash(&checked.hash, &digest(token)) {
        return Err(invalid());
    }
    Ok(checked.principal)
}

/// A layer for a group of routes: the caller must hold `scope`, else 403.
///
/// # Errors
///
/// [`ApiError::Forbidden`] naming the scope.
pub async fn require(scope: Scope, request: Request, next: Next) -> Result<Response, ApiError> {
    let principal = request.extensions().get::<Principal>();
    principal.ok_or_else(|| lacks(scope))?.require(scope)?;
    Ok(next.run(request).await)
}

fn lacks(scope: Scope) -> ApiError {
    ApiError::Forbidden(format!("this route needs a token with the scope {scope}"))
}

/// Checks that `token` has the form of a token (`b2b_<12 hex>_<64 hex>`),
/// for a token given from outside (`B2B_ADMIN_TOKEN`) before anything is
/// opened.
///
/// # Errors
///
/// [`ApiError::BadRequest`] saying the form expected.
pub fn check_form(token: &str) -> Result<(), ApiError> {
    token_id(token).map(drop).ok_or_else(|| {
        ApiError::BadRequest(
            "the given administrator token is not of the form b2b_<12 hex digits>_<64 hex digits>"
                .to_owned(),
        )
    })
}

/// Makes sure the server has an administrator's token. With `given`
/// (`B2B_ADMIN_TOKEN`), that token is stored if it is not; otherwise, on
/// a database with no administrator's token yet, one is made and returned
/// to be shown once. `None` when nothing new needs showing.
///
/// # Errors
///
/// [`ApiError::BadRequest`] for a given token that is not of the
/// `b2b_<12 hex>_<64 hex>` form; [`ApiError::Internal`] for a store
/// failure.
pub fn bootstrap_admin(db: &SharedSqlite, given: Option<&str>) -> Result<Option<String>, ApiError> {
    let admin = BTreeSet::from([Scope::Admin]);
    let token = match given {
        Some(given) => {
            check_form(given)?;
            let id = token_id(given).unwrap_or_default();
            let known = db
                .read(|store| store.token(id))
                .map_err(crate::state::store_error)?;
            if known.is_some() {
                return Ok(None);
            }
            issued(
                given.to_owned(),
                None,
                &admin,
                "administrator (given at start)",
            )
        }
        None => {
            let existing = db
                .read(|store| store.tokens(None, None, 1))
                .map_err(crate::state::store_error)?;
            if !existing.is_empty() {
                return Ok(None);
            }
            issue(None, &admin, "administrator (made at first start)")?
        }
    };
    let record = token.record.clone();
    db.write(move |store| store.insert_token(&record))
        .map_err(|error| match error {
            WriteError::Refused(error) | WriteError::Store(error) => {
                crate::state::store_error(error)
            }
        })?;
    Ok(given.is_none().then_some(token.token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_the_documented_form_and_hash() {
        let scopes = BTreeSet::from([Scope::BuyingWrite, Scope::Compute]);
        let issued = issue(Some("acme"), &scopes, "ci").expect("random bytes");
        assert_eq!(issued.token.len(), 4 + 12 + 1 + 64);
        assert_eq!(token_id(&issued.token), Some(issued.record.id.as_str()));
        assert_eq!(issued.record.hash, digest(&issued.token));
        assert_ne!(issued.record.hash, issued.token);
        assert_eq!(issued.record.scopes, "compute buying:write");
        assert_eq!(scopes_of(&issued.record), scopes);
        let other = issue(Some("acme"), &scopes, "ci").expect("random bytes");
        assert_ne!(issued.token, other.token);
    }

    #[test]
    fn malformed_tokens_have_no_id() {
        for token in [
            "",
            "b2b_",
            "b2b_0123456789ab",
            "b2b_0123456789ab_",
            "b2b_0123456789AB_0000000000000000000000000000000000000000000000000000000000000000",
            "xyz_0123456789ab_0000000000000000000000000000000000000000000000000000000000000000",
            "b2b_0123456789ab_00000000000000000000000000000000000000000000000000000000000000000",
        ] {
            assert_eq!(token_id(token), None, "{token}");
        }
    }

    #[test]
    fn a_write_scope_implies_its_read() {
        let principal = Principal {
            token: "t".to_owned(),
            organisation: Some("acme".to_owned()),
            scopes: BTreeSet::from([Scope::BuyingWrite]),
        };
        assert!(principal.may(Scope::BuyingRead));
        assert!(principal.may(Scope::BuyingWrite));
        assert!(!principal.may(Scope::TendersRead));
        assert!(!principal.may(Scope::Admin));
        assert!("buying:write".parse::<Scope>().is_ok());
        assert!("buying".parse::<Scope>().is_err());
    }

    #[test]
    fn hashes_compare_whole() {
        assert!(same_hash("abc", "abc"));
        assert!(!same_hash("abc", "abd"));
        assert!(!same_hash("abc", "abcd"));
    }
}
