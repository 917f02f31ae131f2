//! The change feed: every event stored for the caller's organisation, in
//! commit order, with a cursor to resume from.
//!
//! Positions are handed out in commit order by the store (docs/storage.md,
//! "The change feed"), so a client that follows `next` sees every event
//! once: none is skipped because a slower writer committed it later, none
//! is repeated.

use crate::auth::Principal;
use crate::compute::body::QueryParams;
use crate::state::{AppState, store_error};
use crate::{ApiError, Problem};
use axum::Extension;
use axum::extract::State;
use b2b_store::FeedStore;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feed route (the `feed:read` scope is checked by the app).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(feed))
}

/// Where to resume.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next` of the previous answer; none to start from the first
    /// event.
    pub after: Option<String>,
    /// Events per answer: 1 to 1000, default 100.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

/// One stored event.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedEvent {
    /// Its place in commit order.
    pub position: u64,
    /// The stream it belongs to (`request/R-0001`).
    pub stream: String,
    /// Its version in the stream.
    pub version: u64,
    /// What happened (`approved`).
    pub kind: String,
    /// The event as stored.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// When it was stored.
    #[serde(serialize_with = "b2b_core::wire::timestamp::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedPage {
    /// The events after the cursor, in commit order.
    pub items: Vec<FeedEvent>,
    /// The cursor to ask with next: after the last event here, or the same
    /// as asked with when there is nothing new (poll again later).
    pub next: String,
}

/// The organisation's events in commit order.
#[utoipa::path(get, path = "/v1/feed", tag = "feed",
    params(FeedQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The events after the cursor", body = FeedPage),
        (status = 400, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
    ))]
async fn feed(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    QueryParams(query): QueryParams<FeedQuery>,
) -> Result<axum::Json<FeedPage>, ApiError> {
    let org = caller.organisation()?.to_owned();
    let after = match query.after.as_deref() {
        None => 0,
        Some(text) => text.parse::<u64>().map_err(|_| {
            ApiError::BadRequest(format!(
                "after: {:?} is not a cursor this feed gave",
                b2b_core::excerpt(text).to_string()
            ))
        })?,
    };
    let limit = crate::page::limit(query.limit)?;
    let entries = state
        .read(move |db| db.scoped(&org).feed(after, limit).map_err(store_error))
        .await?;
    let next = entries.last().map_or(after, |entry| entry.position);
    let items = entries
        .into_iter()
        .map(|entry| FeedEvent {
            position: entry.position,
            stream: entry.stream,
            version: entry.version,
            kind: entry.kind,
            payload: entry.payload,
            recorded_at: entry.recorded_at,
        })
        .collect();
    Ok(axum::Json(FeedPage {
        items,
        next: next.to_string(),
    }))
}
