//! Metrics in the Prometheus text format: requests and their latency per
//! route, and how long the store takes to commit a write.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::{Duration, Instant};

/// The media type of [`Metrics::render`]'s text.
pub const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Answered {
    method: String,
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    method: String,
    route: String,
}

/// The server's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<Answered, Counter>,
    latency: Family<Route, Histogram>,
    writes: Histogram,
}

/// Latency buckets from 50 µs to about 1.6 s, doubling.
fn buckets() -> impl Iterator<Item = f64> {
    exponential_buckets(0.000_05, 2.0, 16)
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    /// Empty metrics, registered under the `b2b` prefix.
    #[must_use]
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("b2b");
        let requests = Family::<Answered, Counter>::default();
        let latency =
            Family::<Route, Histogram>::new_with_constructor(|| Histogram::new(buckets()));
        let writes = Histogram::new(buckets());
        registry.register(
            "http_requests",
            "Requests answered, by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by method and route",
            latency.clone(),
        );
        registry.register(
            "store_write_duration_seconds",
            "Time from queueing a write to its durable commit (group commit included)",
            writes.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            writes,
        }
    }

    /// Records a write that took `elapsed` until its commit.
    pub fn record_write(&self, elapsed: Duration) {
        self.writes.observe(elapsed.as_secs_f64());
    }

    fn record_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&Answered {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&Route {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// The metrics in the OpenMetrics text format Prometheus reads.
    #[must_use]
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The middleware that counts and times every request by its route
/// template (`/v1/buying/requests/{id}`, never the id itself, so the
/// number of series stays bounded).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    state.metrics().record_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_writes_are_rendered() {
        let metrics = Metrics::new();
        metrics.record_request(
            "GET",
            "/v1/buying/requests/{id}",
            200,
            Duration::from_millis(2),
        );
        metrics.record_write(Duration::from_millis(3));
        let text = metrics.render();
        assert!(
            text.contains(
                r#"b2b_http_requests_total{method="GET",route="/v1/buying/requests/{id}",status="200"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains("b2b_http_request_duration_seconds_bucket"),
            "{text}"
        );
        assert!(
            text.contains("b2b_store_write_duration_seconds_count 1"),
            "{text}"
        );
    }
}
