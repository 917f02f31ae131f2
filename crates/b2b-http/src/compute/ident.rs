//! `POST /v1/compute/ident/check`: business identifiers checked with their
//! country's format and check digits, as `b2b ident check --format json`.

use super::body::{JsonBody, json_response};
use super::schemas::IdentAnswer;
use super::{Failures, bad};
use crate::problem::ApiError;
use axum::response::Response;
use b2b_ident::Identification;
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

/// The most identifiers one request may check.
pub const MAX_IDS: usize = 10_000;

/// Identifiers to check: `id` for one, `ids` for many.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentRequest {
    /// One identifier, such as "SE 556043-6064 01": the answer is one
    /// object.
    #[serde(default)]
    #[schema(example = "SE556043606401")]
    pub id: Option<String>,
    /// Several identifiers: the answer is an array in the same order (the
    /// CLI's JSON).
    #[serde(default)]
    pub ids: Option<Vec<String>>,
    /// Country for identifiers written without a prefix: SE, NO or any
    /// VAT prefix.
    #[serde(default)]
    #[schema(example = "SE")]
    pub country: Option<String>,
    /// The day that decides the century of a 10-digit Swedish personal
    /// number [default: today, UTC].
    #[serde(default, deserialize_with = "b2b_core::deserialize_optional_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub today: Option<Date>,
}

/// Validate VAT numbers, Swedish organisation, personal and coordination
/// numbers and Norwegian organisation numbers.
///
/// An invalid identifier is an answer (`"valid": false` and the rule that
/// failed), not an error.
#[utoipa::path(
    post,
    path = "/v1/compute/ident/check",
    tag = "compute",
    request_body(content = IdentRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Each identifier's check (docs/identifiers.md)", body = IdentAnswer),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn check(JsonBody(request): JsonBody<IdentRequest>) -> Result<Response, ApiError> {
    if let Some(country) = &request.country {
        b2b_ident::check_country(country).map_err(|error| bad(format!("country: {error}")))?;
    }
    // The library reads no clock: the edge says which day it is.
    let today = request
        .today
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let one = |id: &str| b2b_ident::check(id, request.country.as_deref(), today);
    match (&request.id, &request.ids) {
        (Some(id), None) => json_response(&one(id)),
        (None, Some(ids)) if ids.is_empty() => Err(bad("ids: give at least one identifier")),
        (None, Some(ids)) if ids.len() > MAX_IDS => Err(bad(format!(
            "ids: {} identifiers; at most {MAX_IDS} in one request",
            ids.len()
        ))),
        (None, Some(ids)) => {
            let results: Vec<Identification> = ids.iter().map(|id| one(id)).collect();
            json_response(&results)
        }
        (Some(_), Some(_)) => Err(bad("id: give either id or ids, not both")),
        (None, None) => Err(bad("ids: give id (one identifier) or ids (several)")),
    }
}
