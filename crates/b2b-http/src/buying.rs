//! The buying center over HTTP: centers and policies, purchase requests
//! and their actions, for the caller's organisation only.
//!
//! Every route works through the store's scope of the caller's
//! organisation (`SharedStore::scoped`), so another organisation's ids do
//! not exist here: they are 404, never 403. Writes use optimistic
//! concurrency: a request's `ETag` is its version, and an action must name
//! it in `If-Match`; a stale one is 412 and writes nothing.

use crate::auth::{Principal, Scope};
use crate::compute::body::{FileContent, FileText, QueryParams, from_json};
use crate::idempotency::{self, Answer, Idempotency, Outcome};
use crate::page::{List, PageQuery, window};
use crate::state::{AppState, store_error};
use crate::{ApiError, Problem};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use b2b_buying::service::{self, ReadCache, RequestView, Service, ServiceError};
use b2b_buying::{Action, BuyClass, Center, Command, Policy};
use b2b_core::Money;
use b2b_store::{DocumentStore, SharedStore};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The buying routes; each checks `buying:read` or `buying:write` itself.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_centers))
        .routes(routes!(put_center, get_center))
        .routes(routes!(open_request, list_requests))
        .routes(routes!(show_request))
        .routes(routes!(act))
        .routes(routes!(verify_request))
        .routes(routes!(audit_request))
}

/// The caller's organisation, once it is known to hold `scope`.
fn require(caller: &Principal, scope: Scope) -> Result<&str, ApiError> {
    caller.require(scope)?;
    caller.organisation()
}

/// A buying error as the API answers it.
fn service_error(error: ServiceError) -> ApiError {
    match error {
        ServiceError::Rejected(rejection) => ApiError::Unprocessable(rejection.to_string()),
        ServiceError::Conflict { .. } => ApiError::PreconditionFailed(error.to_string()),
        ServiceError::CenterExists { .. } => ApiError::Conflict(error.to_string()),
        ServiceError::NotFound { .. } => ApiError::NotFound(error.to_string()),
        ServiceError::File(_) | ServiceError::Audit { .. } => {
            ApiError::BadRequest(error.to_string())
        }
        ServiceError::Store(error) => store_error(error),
        other => ApiError::Internal(other.to_string()),
    }
}

/// The buying service over the caller's scope, inside a store job, with
/// the organisation's decoded histories.
fn service<'s>(
    db: &'s SharedStore<'_>,
    org: &'s str,
    histories: &Arc<ReadCache>,
) -> Service<b2b_store::Scoped<'s>> {
    Service::with_cache(db.scoped(org), Arc::clone(histories))
}

// ---------------------------------------------------------------------------
// Centers.

/// A buying center with its approval policy, as files: each either the
/// TOML text of `center.toml` / `policy.toml` (a JSON string), or their
/// JSON form (an object).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CenterFiles {
    /// The center: members, roles, limits (docs/formats.md).
    pub center: FileText,
    /// Its approval policy.
    pub policy: FileText,
}

/// A center and its policy as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct CenterView {
    /// The center (members, roles, limits), as JSON.
    #[schema(value_type = Object)]
    pub center: serde_json::Value,
    /// Its policy, as JSON.
    #[schema(value_type = Object)]
    pub policy: serde_json::Value,
}

fn read_center(files: &CenterFiles) -> Result<(Center, Policy), ApiError> {
    let bad = |e: b2b_buying::file::FileError| ApiError::BadRequest(e.to_string());
    let center = match files.center.content("center")? {
        FileContent::Text(text) => Center::parse(&text, "center").map_err(bad)?,
        FileContent::Json(json) => {
            let center: Center = from_json(json.as_bytes())
                .map_err(|e| ApiError::BadRequest(format!("center: {e}")))?;
            center.check().map_err(bad)?;
            center
        }
    };
    let policy = match files.policy.content("policy")? {
        FileContent::Text(text) => Policy::parse(&text, "policy", &center).map_err(bad)?,
        FileContent::Json(json) => {
            let policy: Policy = from_json(json.as_bytes())
                .map_err(|e| ApiError::BadRequest(format!("policy: {e}")))?;
            policy.check(&center).map_err(bad)?;
            policy
        }
    };
    Ok((center, policy))
}

/// The ETag of a stored center and policy: a digest of both.
fn center_etag(center: &serde_json::Value, policy: &serde_json::Value) -> String {
    let digest = crate::digest::sha256_hex(&[
        center.to_string().as_bytes(),
        b"\n",
        policy.to_string().as_bytes(),
    ]);
    // Half the digest (128 bits) is plenty to tell versions apart.
    format!("\"{}\"", &digest[..32])
}

fn stored_center(
    db: &SharedStore<'_>,
    org: &str,
    id: &str,
) -> Result<Option<(serde_json::Value, serde_json::Value)>, ApiError> {
    let scoped = db.scoped(org);
    let center = scoped.get(service::CENTER_KIND, id).map_err(store_error)?;
    let policy = scoped.get(service::POLICY_KIND, id).map_err(store_error)?;
    Ok(center.zip(policy))
}

/// The validators of a conditional request.
fn if_match(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    headers
        .get(header::IF_MATCH)
        .map(|value| {
            value
                .to_str()
                .map(|v| v.trim().to_owned())
                .map_err(|_| ApiError::BadRequest("If-Match: not text".to_owned()))
        })
        .transpose()
}

/// Creates a center with its policy, or replaces it (`If-Match` with its
/// ETag, or `*`). Requests already open keep the rules they were opened
/// under.
#[utoipa::path(put, path = "/v1/buying/centers/{id}", tag = "buying",
    request_body = CenterFiles,
    params(
        ("id" = String, Path, description = "The center's id (the `id` in its file)"),
        ("If-Match" = Option<String>, Header, description = "To replace: the center's ETag, or `*`"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = CenterView, headers(("ETag" = String, description = "The center's version"))),
        (status = 200, description = "Replaced", body = CenterView, headers(("ETag" = String, description = "The center's version"))),
        (status = 400, description = "A file is wrong", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
        (status = 412, description = "If-Match names another version, or a center that does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "The center exists: replacing it needs If-Match", body = Problem, content_type = "application/problem+json"),
    ))]
async fn put_center(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let org = require(&caller, Scope::BuyingWrite)?.to_owned();
    let histories = state.histories(&org);
    let expected = if_match(&headers)?;
    let files: CenterFiles = from_json(&body)?;
    let (center, policy) = read_center(&files)?;
    if center.id != id {
        return Err(ApiError::BadRequest(format!(
            "center.id: {:?} differs from the path's {:?}",
            b2b_core::excerpt(&center.id).to_string(),
            b2b_core::excerpt(&id).to_string()
        )));
    }
    let (status, view, etag) = state
        .write(move |db| {
            let current = stored_center(db, &org, &id)?;
            let status = match (&current, expected.as_deref()) {
                (None, None) => StatusCode::CREATED,
                (None, Some(_)) => {
                    return Err(ApiError::PreconditionFailed(format!(
                        "If-Match: there is no center {id:?} to replace; send no If-Match to create it"
                    )));
                }
                (Some(_), None) => {
                    return Err(ApiError::PreconditionRequired(format!(
                        "center {id:?} exists: replacing it needs If-Match with its ETag (GET it first)"
                    )));
                }
                (Some((c, p)), Some(tag)) if tag == "*" || tag == center_etag(c, p) => {
                    StatusCode::OK
                }
                (Some(_), Some(_)) => {
                    return Err(ApiError::PreconditionFailed(format!(
                        "If-Match: center {id:?} changed since that ETag; GET it again"
                    )));
                }
            };
            let mut buying = service(db, &org, &histories);
            buying
                .replace_center(&center, &policy)
                .map_err(service_error)?;
            let (center, policy) = stored_center(db, &org, &id)?
                .ok_or_else(|| ApiError::Internal("a center just stored is gone".to_owned()))?;
            let etag = center_etag(&center, &policy);
            Ok((status, CenterView { center, policy }, etag))
        })
        .await?;
    Ok(with_etag(status, &view, &etag))
}

fn with_etag<T: Serialize>(status: StatusCode, body: &T, etag: &str) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// A center with its policy.
#[utoipa::path(get, path = "/v1/buying/centers/{id}", tag = "buying",
    params(("id" = String, Path, description = "The center's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The center and its policy", body = CenterView, headers(("ETag" = String, description = "The center's version"))),
        crate::problem::AuthFailures,
        (status = 404, description = "No such center", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_center(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let org = require(&caller, Scope::BuyingRead)?.to_owned();
    let (center, policy) = state
        .read(move |db| {
            stored_center(db, &org, &id)?.ok_or_else(|| {
                ApiError::NotFound(format!(
                    "no center {:?}",
                    b2b_core::excerpt(&id).to_string()
                ))
            })
        })
        .await?;
    let etag = center_etag(&center, &policy);
    Ok(with_etag(
        StatusCode::OK,
        &CenterView { center, policy },
        &etag,
    ))
}

/// The ids of the caller's centers.
#[utoipa::path(get, path = "/v1/buying/centers", tag = "buying",
    params(PageQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of center ids", body = List<String>),
        (status = 400, description = "A bad limit or cursor", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
    ))]
async fn list_centers(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<axum::Json<List<String>>, ApiError> {
    let org = require(&caller, Scope::BuyingRead)?.to_owned();
    let histories = state.histories(&org);
    let page = query.page()?;
    let ids = state
        .read(move |db| {
            service(db, &org, &histories)
                .centers()
                .map_err(service_error)
        })
        .await?;
    Ok(axum::Json(List::of(window(ids, &page), &page, |id| id)))
}

// ---------------------------------------------------------------------------
// Requests.

/// A purchase request to open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenRequest {
    /// The center whose rules apply.
    pub center: String,
    /// The member who opens it (the requester).
    pub actor: String,
    /// When (RFC 3339); default: now.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<OffsetDateTime>,
    /// Its id; default: the next free `R-NNNN`.
    #[serde(default)]
    pub request: Option<String>,
    /// What is to be bought.
    pub title: String,
    /// How much: `{"amount": "1440.00", "currency": "EUR"}`.
    #[schema(value_type = Object)]
    pub amount: Money,
    /// The purchase category.
    pub category: String,
    /// `new-task`, `modified-rebuy` or `straight-rebuy`.
    #[schema(value_type = String)]
    pub buy_class: BuyClass,
    /// The approved supplier (a straight rebuy needs one).
    #[serde(default)]
    pub supplier: Option<String>,
}

/// A request as shown: its state, history and who must act next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestAnswer {
    /// The request's id.
    pub id: String,
    /// The version to name in `If-Match` for the next action.
    pub version: u64,
    /// The last event's hash: keep it as a receipt.
    pub head_hash: String,
    /// The request (facts, status, phases, approvals, deadlines).
    #[schema(value_type = Object)]
    pub request: serde_json::Value,
    /// Every action so far.
    #[schema(value_type = Vec<Object>)]
    pub history: serde_json::Value,
    /// Who must act next, and how.
    #[schema(value_type = Vec<Object>)]
    pub next: serde_json::Value,
}

/// A [`RequestAnswer`] written straight from the view, in one pass.
#[derive(Serialize)]
struct RequestAnswerOf<'v> {
    id: &'v str,
    version: u64,
    head_hash: &'v str,
    request: &'v b2b_buying::state::Request,
    history: &'v [b2b_buying::audit::Action],
    next: &'v [b2b_buying::next::NextStep],
}

impl<'v> RequestAnswerOf<'v> {
    fn of(id: &'v str, view: &'v RequestView) -> RequestAnswerOf<'v> {
        RequestAnswerOf {
            id,
            version: view.version,
            head_hash: &view.head_hash,
            request: &view.request,
            history: &view.history,
            next: &view.next,
        }
    }

    fn answer(&self, status: StatusCode) -> Result<Answer, ApiError> {
        let etag = version_etag(self.version);
        let location = format!("/v1/buying/requests/{}", self.id);
        Ok(Answer::json(status, self)?.etag(etag).location(location))
    }
}

fn version_etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// Opens a purchase request under a center.
#[utoipa::path(post, path = "/v1/buying/requests", tag = "buying",
    request_body = OpenRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry safely: the same key and body give the first answer")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Opened", body = RequestAnswer, headers(("ETag" = String, description = "The request's version"))),
        (status = 400, description = "A field is wrong", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
        (status = 404, description = "No such center", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The key was used for another request", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The request id was taken meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A workflow rule refuses it (the rule id in brackets)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn open_request(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Outcome, ApiError> {
    let org = require(&caller, Scope::BuyingWrite)?.to_owned();
    let histories = state.histories(&org);
    let key = Idempotency::of(&headers, "POST", "/v1/buying/requests", &body)?;
    let open: OpenRequest = from_json(&body)?;
    let at = open.at.unwrap_or_else(OffsetDateTime::now_utc);
    state
        .write(move |db| {
            idempotency::run(db, &org, key.as_ref(), |db| {
                let mut buying = service(db, &org, &histories);
                let request = match open.request {
                    Some(id) => id,
                    None => buying.next_request_id().map_err(service_error)?,
                };
                let command = Command {
                    actor: open.actor,
                    at,
                    action: Action::Open {
                        request,
                        title: open.title,
                        amount: open.amount,
                        category: open.category,
                        buy_class: open.buy_class,
                        supplier: open.supplier,
                    },
                };
                let (id, _) = buying
                    .open_request(&open.center, &command)
                    .map_err(service_error)?;
                let view = buying.show(&id, at).map_err(service_error)?;
                RequestAnswerOf::of(&id, &view).answer(StatusCode::CREATED)
            })
        })
        .await
}

/// An action on a request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActRequest {
    /// The member who acts.
    pub actor: String,
    /// When (RFC 3339); default: now.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<OffsetDateTime>,
    /// What they do: `{"action": "approve"}`, `{"action": "reject",
    /// "reason": "..."}`, `{"action": "advance"}`, `{"action": "close"}`,
    /// ... (docs/http-api.md).
    #[schema(value_type = Object)]
    pub action: Action,
}

/// Acts on a request: approve, reject, veto, advance a phase, delegate,
/// comment, cancel, close, check deadlines. `If-Match` must name the
/// version the caller saw.
#[utoipa::path(post, path = "/v1/buying/requests/{id}/actions", tag = "buying",
    request_body = ActRequest,
    params(
        ("id" = String, Path, description = "The request's id"),
        ("If-Match" = String, Header, description = "The request's ETag as last seen"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry safely: the same key and body give the first answer"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Done; the request as it now stands", body = RequestAnswer, headers(("ETag" = String, description = "The request's new version"))),
        (status = 400, description = "A field is wrong", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The key was used for another request", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The request changed since that version: nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A workflow rule refuses it (the rule id in brackets)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match", body = Problem, content_type = "application/problem+json"),
    ))]
async fn act(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Outcome, ApiError> {
    let org = require(&caller, Scope::BuyingWrite)?.to_owned();
    let histories = state.histories(&org);
    let seen = match if_match(&headers)? {
        None => {
            return Err(ApiError::PreconditionRequired(
                "If-Match: name the request's version as last seen (its ETag), so that a change made meanwhile is not overwritten".to_owned(),
            ));
        }
        Some(tag) => tag.trim_matches('"').parse::<u64>().map_err(|_| {
            ApiError::BadRequest(format!("If-Match: {tag:?} is not a request's ETag"))
        })?,
    };
    let key = Idempotency::of(
        &headers,
        "POST",
        &format!("/v1/buying/requests/{id}/actions"),
        &body,
    )?;
    let act: ActRequest = from_json(&body)?;
    if matches!(act.action, Action::Open { .. }) {
        return Err(ApiError::BadRequest(
            "action: a request is opened with POST /v1/buying/requests".to_owned(),
        ));
    }
    let at = act.at.unwrap_or_else(OffsetDateTime::now_utc);
    state
        .write(move |db| {
            idempotency::run(db, &org, key.as_ref(), |db| {
                let mut buying = service(db, &org, &histories);
                let command = Command {
                    actor: act.actor,
                    at,
                    action: act.action,
                };
                buying.execute(&id, seen, &command).map_err(service_error)?;
                let view = buying.show(&id, at).map_err(service_error)?;
                RequestAnswerOf::of(&id, &view).answer(StatusCode::OK)
            })
        })
        .await
}

/// A request with its history and who must act next.
#[utoipa::path(get, path = "/v1/buying/requests/{id}", tag = "buying",
    params(("id" = String, Path, description = "The request's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The request", body = RequestAnswer, headers(("ETag" = String, description = "The request's version"))),
        crate::problem::AuthFailures,
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
    ))]
async fn show_request(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let org = require(&caller, Scope::BuyingRead)?.to_owned();
    let histories = state.histories(&org);
    let (body, version) = state
        .read(move |db| {
            let view = service(db, &org, &histories)
                .show(&id, OffsetDateTime::now_utc())
                .map_err(service_error)?;
            let body = serde_json::to_vec(&RequestAnswerOf::of(&id, &view))
                .map_err(|e| ApiError::Internal(format!("writing a request: {e}")))?;
            Ok((body, view.version))
        })
        .await?;
    let mut response = crate::compute::body::json_bytes(body);
    if let Ok(etag) = HeaderValue::from_str(&version_etag(version)) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    Ok(response)
}

/// The filters of a request list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// Items per page: 1 to 1000, default 100.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
    /// Only requests whose status is this: `active`, `closed`, `rejected`,
    /// `cancelled`.
    pub status: Option<String>,
    /// Only requests under this center.
    pub center: Option<String>,
}

/// One request in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestSummary {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: u64,
    /// Its center.
    pub center: String,
    /// What is bought.
    pub title: String,
    /// `active`, `closed`, `rejected` or `cancelled`.
    pub status: String,
    /// The phase, while active.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

/// The caller's requests, in id order, with their status.
#[utoipa::path(get, path = "/v1/buying/requests", tag = "buying",
    params(RequestQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of requests", body = List<RequestSummary>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
    ))]
async fn list_requests(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    QueryParams(query): QueryParams<RequestQuery>,
) -> Result<axum::Json<List<RequestSummary>>, ApiError> {
    let org = require(&caller, Scope::BuyingRead)?.to_owned();
    let histories = state.histories(&org);
    let page = PageQuery {
        limit: query.limit,
        after: query.after.clone(),
    }
    .page()?;
    if let Some(status) = &query.status
        && !["active", "closed", "rejected", "cancelled"].contains(&status.as_str())
    {
        return Err(ApiError::BadRequest(format!(
            "status: {:?} is none of active, closed, rejected, cancelled",
            b2b_core::excerpt(status).to_string()
        )));
    }
    let items = state
        .read(move |db| {
            let buying = service(db, &org, &histories);
            let ids = buying.requests().map_err(service_error)?;
            let mut items = Vec::new();
            for id in ids {
                if page
                    .after
                    .as_deref()
                    .is_some_and(|after| id.as_str() <= after)
                {
                    continue;
                }
                let summary = summary(&buying, &id)?;
                let wanted = query.status.as_deref().is_none_or(|s| s == summary.status)
                    && query.center.as_deref().is_none_or(|c| c == summary.center);
                if wanted {
                    items.push(summary);
                    if items.len() > page.limit {
                        break;
                    }
                }
            }
            Ok(List::of(items, &page, |s| &s.id))
        })
        .await?;
    Ok(axum::Json(items))
}

fn summary(buying: &Service<b2b_store::Scoped<'_>>, id: &str) -> Result<RequestSummary, ApiError> {
    let (_, state) = buying.load(id).map_err(service_error)?;
    let request = state
        .request
        .ok_or_else(|| ApiError::Internal(format!("request {id} is listed but has no opening")))?;
    let status =
        serde_json::to_value(request.status).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(RequestSummary {
        id: id.to_owned(),
        version: state.seq,
        center: request.facts.center.clone(),
        title: request.facts.title.clone(),
        status: status["status"].as_str().unwrap_or("unknown").to_owned(),
        phase: status["phase"].as_str().map(str::to_owned),
    })
}

/// Verifies a request's stored history: its hash chain and the store's
/// record of it. A damaged history is reported, not an error.
#[utoipa::path(get, path = "/v1/buying/requests/{id}/verify", tag = "buying",
    params(("id" = String, Path, description = "The request's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The verification (problem: null when intact)", body = Object),
        crate::problem::AuthFailures,
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
    ))]
async fn verify_request(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let org = require(&caller, Scope::BuyingRead)?.to_owned();
    let histories = state.histories(&org);
    state
        .read(move |db| {
            let report = service(db, &org, &histories)
                .verify(&id)
                .map_err(service_error)?;
            serde_json::to_value(report)
                .map(axum::Json)
                .map_err(|e| ApiError::Internal(e.to_string()))
        })
        .await
}

/// The query of an audit.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Measure open phases and waits to this time (RFC 3339); default: when
    /// the request finished, else its last event.
    pub at: Option<String>,
}

/// The audit of a request: every action, time per phase, approvers' waits.
#[utoipa::path(get, path = "/v1/buying/requests/{id}/audit", tag = "buying",
    params(("id" = String, Path, description = "The request's id"), AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The audit report", body = Object),
        (status = 400, description = "A bad time, or one before the last event", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
    ))]
async fn audit_request(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    Path(id): Path<String>,
    QueryParams(query): QueryParams<AuditQuery>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let org = require(&caller, Scope::BuyingRead)?.to_owned();
    let histories = state.histories(&org);
    let at = query
        .at
        .as_deref()
        .map(|text| {
            OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).map_err(
                |_| {
                    ApiError::BadRequest(format!(
                        "at: {:?} is not an RFC 3339 time",
                        b2b_core::excerpt(text).to_string()
                    ))
                },
            )
        })
        .transpose()?;
    state
        .read(move |db| {
            let report = service(db, &org, &histories)
                .audit(&id, at)
                .map_err(service_error)?;
            serde_json::to_value(report)
                .map(axum::Json)
                .map_err(|e| ApiError::Internal(e.to_string()))
        })
        .await
}
