//! What the compute tests share: the repository's files, and requests
//! sent to a router in-process.

// Each test file uses only some of these.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the repository as text.
pub fn file(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The compute routes alone.
pub fn app() -> Router {
    b2b_http::compute::router::<()>().split_for_parts().0
}

/// A response, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The problem's detail, after checking that this is one with `status`.
    pub fn problem(&self, status: StatusCode) -> String {
        assert_eq!(
            (self.status, self.content_type.as_str()),
            (status, "application/problem+json"),
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let problem = self.json();
        assert_eq!(problem["status"], status.as_u16());
        problem["detail"].as_str().unwrap_or_default().to_owned()
    }
}

/// Sends a request to `router` and reads the whole answer.
pub async fn send(
    router: Router,
    method: Method,
    uri: &str,
    content_type: Option<&str>,
    body: Body,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(media) = content_type {
        request = request.header(header::CONTENT_TYPE, media);
    }
    let request = request.body(body).expect("a request");
    let response = router.oneshot(request).await.expect("an answer");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response
        .into_body()
        .collect()
        .await
        .map(|body| body.to_bytes().to_vec())
        .unwrap_or_default();
    Answer {
        status,
        content_type,
        body,
    }
}

/// Sends a request to the compute routes.
pub async fn call(method: Method, uri: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
    send(app(), method, uri, content_type, Body::from(body)).await
}
