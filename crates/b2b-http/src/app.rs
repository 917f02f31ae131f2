//! The whole API as one axum `Router`: the routes, who may call them, and
//! the layers around every request (limits, timeouts, request ids,
//! compression, tracing, metrics, the last-resort panic handler).

use crate::auth::{self, Scope};
use crate::observe::{self, OPENMETRICS};
use crate::problem::{ApiError, PROBLEM_JSON};
use crate::state::AppState;
use crate::{admin, buying, compute, docs_page, feed, openapi};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::any::Any;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The request-id header, set on every request and echoed on its answer.
pub const REQUEST_ID: &str = "x-request-id";

/// The API over `state`: every route, its scope, the OpenAPI document at
/// `/openapi.json` and its page at `/docs`.
pub fn app(state: AppState) -> Router {
    let scoped = |router: OpenApiRouter<AppState>, scope: Scope| {
        router.route_layer(middleware::from_fn(move |request, next| {
            auth::require(scope, request, next)
        }))
    };
    let (protected, document) = openapi::document([
        scoped(compute::router(), Scope::Compute),
        scoped(admin::router(), Scope::Admin),
        scoped(metrics_router(), Scope::Admin),
        buying::router(),
        scoped(feed::router(), Scope::FeedRead),
    ]);
    let protected = protected.route_layer(middleware::from_fn_with_state(
        state.clone(),
        auth::authenticate,
    ));
    let (public, health_doc) = OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .split_for_parts();
    let mut document = document;
    document.merge(health_doc);
    let request_id = HeaderName::from_static(REQUEST_ID);
    let config = state.config().clone();
    Router::new()
        .merge(protected)
        .merge(public)
        .merge(docs_page::public_router(&document))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http())
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(CatchPanicLayer::custom(panicked))
                .layer(middleware::from_fn(problem_bodies))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    observe::track,
                ))
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    config.request_timeout,
                ))
                .layer(RequestBodyLimitLayer::new(config.body_limit))
                .layer(DefaultBodyLimit::max(config.body_limit)),
        )
        .with_state(state)
}

fn metrics_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// The answer of `/healthz` and `/readyz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "server",
    responses((status = 200, description = "The server answers", body = Health)))]
async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// The server can serve requests: its store answers a read.
#[utoipa::path(get, path = "/readyz", tag = "server",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The store does not answer, or the server is shutting down", body = crate::Problem, content_type = "application/problem+json"),
    ))]
async fn readyz(State(state): State<AppState>) -> Result<axum::Json<Health>, ApiError> {
    state
        .read(|db| {
            db.ping()
                .map_err(|e| ApiError::Unavailable(format!("the store does not answer: {e}")))
        })
        .await?;
    Ok(axum::Json(Health { status: "ok" }))
}

/// Request counts and latencies per route, and store commit latency, in
/// the OpenMetrics text format (Prometheus reads it).
#[utoipa::path(get, path = "/metrics", tag = "server",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The metrics", body = String, content_type = "application/openmetrics-text"),
        crate::problem::AuthFailures,
    ))]
async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, OPENMETRICS)],
        state.metrics().render(),
    )
        .into_response()
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route; the routes are listed at /docs".to_owned())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed("this route does not take that method; see /docs".to_owned())
}

/// Every error answer is problem+json, also those made by layers that
/// know nothing of problems (a body over the limit, a timeout).
async fn problem_bodies(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|media| media.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !status.is_client_error() && !status.is_server_error() || is_problem {
        return response;
    }
    let error = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::PayloadTooLarge("the body is larger than the server accepts".to_owned())
        }
        StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable(
            "the request took longer than the server allows, or the server is shutting down"
                .to_owned(),
        ),
        StatusCode::NOT_FOUND => ApiError::NotFound("no such route".to_owned()),
        StatusCode::METHOD_NOT_ALLOWED => {
            ApiError::MethodNotAllowed("this route does not take that method".to_owned())
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType(
            "the body's media type is not one this route reads".to_owned(),
        ),
        other if other.is_server_error() => ApiError::Internal(format!("status {other}")),
        other => ApiError::BadRequest(format!(
            "the request was refused ({})",
            other.canonical_reason().unwrap_or("client error")
        )),
    };
    let mut answer = error.into_response();
    // Keep what the layer said beyond the status (Allow, Retry-After).
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

/// The last line of defence: a panic in a handler is a logged 500 problem,
/// never a dropped connection.
fn panicked(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic with no message");
    let mut response = ApiError::Internal(format!("a handler panicked: {message}")).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
