//! `Idempotency-Key`: a retried POST gets the first answer and writes
//! nothing new.
//!
//! The key is looked up and the answer kept in the same transaction as the
//! write itself (one job on the store's writer), so two copies of a request
//! racing each other cannot both write: the second waits for the first's
//! commit and then finds its answer. A key is kept per organisation (or
//! for the administrator) with a digest of the request (method, path,
//! body); the same key with another request is refused with 409 Conflict,
//! naming the key. Only successful answers are kept: a refused request
//! wrote nothing, and its retry is judged afresh.

use crate::ApiError;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use b2b_store::{IdempotentResponse, PlatformStore, SharedStore};
use serde::{Deserialize, Serialize};

/// The request header.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Set on an answer replayed from an earlier request.
pub const REPLAYED: &str = "idempotent-replayed";

/// A request's idempotency key with the digest of what it asks.
#[derive(Debug, Clone)]
pub struct Idempotency {
    key: String,
    fingerprint: String,
}

impl Idempotency {
    /// The key of a request, if it has one, with the digest of `method`,
    /// `path` and `body`.
    ///
    /// # Errors
    ///
    /// [`ApiError::BadRequest`] for a key that is empty, longer than 255
    /// characters or not printable ASCII.
    pub fn of(
        headers: &HeaderMap,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> Result<Option<Idempotency>, ApiError> {
        let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .filter(|key| !key.is_empty() && key.len() <= 255)
            .filter(|key| key.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| {
                ApiError::BadRequest(
                    "Idempotency-Key: 1 to 255 printable ASCII characters (a UUID is usual)"
                        .to_owned(),
                )
            })?;
        let fingerprint =
            crate::digest::sha256_hex(&[method.as_bytes(), b"\n", path.as_bytes(), b"\n", body]);
        Ok(Some(Idempotency {
            key: key.to_owned(),
            fingerprint,
        }))
    }
}

/// An answer that can be kept and replayed: status, the headers that
/// matter (ETag, Location) and the JSON body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The status.
    pub status: u16,
    /// `ETag`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Location`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The body.
    pub body: serde_json::Value,
}

impl Answer {
    /// A JSON answer with `status`.
    ///
    /// # Errors
    ///
    /// [`ApiError::Internal`] if `body` cannot be written as JSON.
    pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Result<Answer, ApiError> {
        Ok(Answer {
            status: status.as_u16(),
            etag: None,
            location: None,
            body: serde_json::to_value(body)
                .map_err(|e| ApiError::Internal(format!("writing an answer: {e}")))?,
        })
    }

    /// With an `ETag`.
    #[must_use]
    pub fn etag(mut self, etag: String) -> Answer {
        self.etag = Some(etag);
        self
    }

    /// With a `Location`.
    #[must_use]
    pub fn location(mut self, location: String) -> Answer {
        self.location = Some(location);
        self
    }

    fn into_response_replayed(self, replayed: bool) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut response = (status, axum::Json(self.body)).into_response();
        let headers = response.headers_mut();
        for (name, value) in [(header::ETAG, self.etag), (header::LOCATION, self.location)] {
            if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
                headers.insert(name, value);
            }
        }
        if replayed {
            headers.insert(
                HeaderName::from_static(REPLAYED),
                HeaderValue::from_static("true"),
            );
        }
        response
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        self.into_response_replayed(false)
    }
}

/// What [`run`] gives: a fresh answer, or the one kept for the key.
#[derive(Debug)]
pub struct Outcome {
    answer: Answer,
    replayed: bool,
}

impl IntoResponse for Outcome {
    fn into_response(self) -> Response {
        self.answer.into_response_replayed(self.replayed)
    }
}

/// Runs `write` inside a store job, unless `key` was seen: then its kept
/// answer is returned and nothing is written. A fresh answer is kept under
/// the key in the same transaction.
///
/// # Errors
///
/// [`ApiError::Conflict`] for a key used before with another request;
/// `write`'s own error (nothing kept); [`ApiError::Internal`] for a store
/// failure.
pub fn run(
    db: &mut SharedStore<'_>,
    scope: &str,
    key: Option<&Idempotency>,
    write: impl FnOnce(&mut SharedStore<'_>) -> Result<Answer, ApiError>,
) -> Result<Outcome, ApiError> {
    let internal = |e: b2b_store::StoreError| ApiError::Internal(e.to_string());
    if let Some(key) = key
        && let Some(kept) = db.idempotent(scope, &key.key).map_err(internal)?
    {
        if kept.fingerprint != key.fingerprint {
            return Err(ApiError::Conflict(format!(
                "Idempotency-Key {:?} was used for another request (method, path or body differ); use a new key",
                b2b_core::excerpt(&key.key).to_string()
            )));
        }
        let answer: Answer = serde_json::from_str(&kept.response)
            .map_err(|e| ApiError::Internal(format!("a kept answer does not decode: {e}")))?;
        return Ok(Outcome {
            answer,
            replayed: true,
        });
    }
    let answer = write(db)?;
    if let Some(key) = key {
        let response = serde_json::to_string(&answer)
            .map_err(|e| ApiError::Internal(format!("keeping an answer: {e}")))?;
        db.remember(
            scope,
            &IdempotentResponse {
                key: key.key.clone(),
                fingerprint: key.fingerprint.clone(),
                status: answer.status,
                response,
            },
        )
        .map_err(internal)?;
    }
    Ok(Outcome {
        answer,
        replayed: false,
    })
}
