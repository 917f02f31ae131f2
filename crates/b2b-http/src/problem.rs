//! Errors as RFC 9457 problem details (`application/problem+json`).
//!
//! Every failure a handler can meet becomes one [`ApiError`]; its variant
//! decides the status code and the problem `type`, its message the
//! `detail`. Bad input is always a 4xx: a 5xx means the server itself
//! failed (the store, a panic caught by the last layer).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The body or a parameter is malformed or breaks a domain rule.
    #[error("{0}")]
    BadRequest(String),
    /// No bearer token, or one that is unknown or revoked.
    #[error("{0}")]
    Unauthorized(String),
    /// The token is valid but lacks the scope the route needs.
    #[error("{0}")]
    Forbidden(String),
    /// Nothing with that id exists for the caller's organisation.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not for this method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The write conflicts with the current state (a duplicate id, an
    /// idempotency key reused with another body).
    #[error("{0}")]
    Conflict(String),
    /// The request is well-formed but a domain rule refuses it (a buying
    /// rule, with its id in brackets).
    #[error("{0}")]
    Unprocessable(String),
    /// `If-Match` names a version that is no longer current.
    #[error("{0}")]
    PreconditionFailed(String),
    /// A replacing write came without `If-Match`.
    #[error("{0}")]
    PreconditionRequired(String),
    /// The body is larger than the configured limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body's `Content-Type` is not one the route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The server could not do its part (the store failed, a task died).
    /// The detail is logged; the client sees a generic message.
    #[error("{0}")]
    Internal(String),
    /// The server is shutting down or not ready.
    #[error("{0}")]
    Unavailable(String),
}

impl ApiError {
    /// The HTTP status of this error.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The problem type's short name, the last part of its `type` URI.
    #[must_use]
    pub fn slug(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::MethodNotAllowed(_) => "method-not-allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::Unprocessable(_) => "unprocessable",
            ApiError::PreconditionFailed(_) => "precondition-failed",
            ApiError::PreconditionRequired(_) => "precondition-required",
            ApiError::PayloadTooLarge(_) => "payload-too-large",
            ApiError::UnsupportedMediaType(_) => "unsupported-media-type",
            ApiError::Internal(_) => "internal",
            ApiError::Unavailable(_) => "unavailable",
        }
    }

    /// The body sent to the client.
    #[must_use]
    pub fn problem(&self) -> Problem {
        let status = self.status();
        let detail = match self {
            // The cause is in the server's log, not in the response: it may
            // name files or internals a client has no business seeing.
            ApiError::Internal(_) => "the server failed to complete the request".to_owned(),
            other => other.to_string(),
        };
        Problem {
            r#type: format!("urn:b2b:problem:{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
        }
    }
}

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq, Eq)]
pub struct Problem {
    /// `urn:b2b:problem:<name>`, one per kind of failure (docs/http-api.md).
    pub r#type: String,
    /// The HTTP reason phrase of `status`.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What was wrong, naming the field, line or value.
    pub detail: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed inside the server");
        }
        let problem = self.problem();
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status(), body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

/// The failures of authentication every protected route may answer with,
/// for its OpenAPI `responses`.
#[derive(utoipa::IntoResponses)]
pub enum AuthFailures {
    /// No valid bearer token: missing, malformed, unknown or revoked.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token lacks the route's scope, or is an administrator's on a
    /// route that acts for an organisation.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}
