//! The stateless compute endpoints: every capability of the CLI over
//! HTTP, under `/v1/compute/`, answering with the same JSON reports as
//! the CLI's `--format json` (shapes in docs/wire-format.md, requests in
//! docs/http-api.md).
//!
//! Handlers read the wire types ([`body`]), call the domain crates and map
//! every domain error to a 4xx [`ApiError`] with the library's message,
//! prefixed by the request field it is about. No domain rule lives here.

pub mod body;
pub mod classify;
pub mod contract;
pub mod ident;
pub mod schemas;
pub mod tender;
pub mod terms;

use crate::problem::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The compute routes with their OpenAPI description. Every route needs
/// the `compute` scope (the auth layer is added where the API is put
/// together); none keeps state.
pub fn router<S: Clone + Send + Sync + 'static>() -> OpenApiRouter<S> {
    OpenApiRouter::new()
        .routes(routes!(tender::evaluate))
        .routes(routes!(tender::check))
        .routes(routes!(terms::due))
        .routes(routes!(terms::interest))
        .routes(routes!(terms::incoterms))
        .routes(routes!(terms::incoterm))
        .routes(routes!(terms::incoterm_costs))
        .routes(routes!(terms::penalty))
        .routes(routes!(contract::schedule))
        .routes(routes!(contract::price))
        .routes(routes!(contract::penalty))
        .routes(routes!(contract::sla))
        .routes(routes!(classify::classify))
        .routes(routes!(ident::check))
}

/// The failures every compute route may answer with, as problem details.
#[derive(utoipa::IntoResponses)]
pub enum Failures {
    /// The body or a parameter is malformed or breaks a domain rule; the
    /// detail names the field, line and column.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No valid bearer token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token lacks the `compute` scope.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// The body is larger than the server accepts.
    #[response(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Problem),
    /// The body's media type is not one the route reads.
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
}

/// Bad input, with the library's message.
pub(crate) fn bad(error: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(error.to_string())
}

/// Maps an error about request field `name` to a 400 naming it.
pub(crate) fn field<E: std::fmt::Display>(name: &'static str) -> impl Fn(E) -> ApiError {
    move |error| ApiError::BadRequest(format!("{name}: {error}"))
}

/// Runs CPU-heavy work (a large tender) off the async runtime.
///
/// # Errors
///
/// What `work` returns; [`ApiError::Internal`] if it panicked.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| ApiError::Internal(format!("a computation failed: {error}")))?
}
