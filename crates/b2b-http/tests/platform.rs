//! The stateful API in-process: organisations and tokens, the buying
//! center of one organisation unseen by another, optimistic concurrency,
//! idempotent retries, the change feed.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use b2b_http::app::app;
use b2b_http::{AppState, Config};
use b2b_store::SharedSqlite;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::path::PathBuf;
use tower::ServiceExt;

struct Answer {
    status: StatusCode,
    etag: Option<String>,
    replayed: bool,
    content_type: String,
    body: Value,
}

struct Server {
    app: Router,
    admin: String,
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b2b-http-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join("server.sqlite")
}

fn server(name: &str) -> Server {
    let db = SharedSqlite::open(&scratch(name), 2).expect("opens");
    let admin = b2b_http::auth::bootstrap_admin(&db, None)
        .expect("bootstrap")
        .expect("a new admin token");
    Server {
        app: app(AppState::new(db, Config::default())),
        admin,
    }
}

impl Server {
    async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<&Value>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("a request");
        let response = self.app.clone().oneshot(request).await.expect("an answer");
        let status = response.status();
        let (etag, replayed, content_type) = {
            let header = |name| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            (
                header(header::ETAG),
                header(header::HeaderName::from_static("idempotent-replayed")).is_some(),
                header(header::CONTENT_TYPE).unwrap_or_default(),
            )
        };
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            etag,
            replayed,
            content_type,
            body,
        }
    }

    async fn post(&self, uri: &str, token: &str, body: &Value) -> Answer {
        self.call(Method::POST, uri, Some(token), Some(body), &[])
            .await
    }

    async fn get(&self, uri: &str, token: &str) -> Answer {
        self.call(Method::GET, uri, Some(token), None, &[]).await
    }

    /// Creates an organisation and a token for it with `scopes`.
    async fn organisation(&self, id: &str, scopes: &[&str]) -> String {
        let created = self
            .post(
                "/v1/organisations",
                &self.admin,
                &json!({"id": id, "name": format!("{id} AB"), "roles": ["buyer"]}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let token = self
            .post(
                &format!("/v1/organisations/{id}/tokens"),
                &self.admin,
                &json!({"label": "tests", "scopes": scopes}),
            )
            .await;
        assert_eq!(token.status, StatusCode::CREATED, "{}", token.body);
        token.body["token"].as_str().expect("the token").to_owned()
    }
}

fn example(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/buying/");
    std::fs::read_to_string(format!("{path}{name}")).expect("an example file")
}

fn center_files() -> Value {
    json!({"center": example("center.toml"), "policy": example("policy.toml")})
}

const ALL: [&str; 4] = ["buying:write", "feed:read", "compute", "tenders:read"];

fn problem(answer: &Answer, status: StatusCode) -> String {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert!(
        answer.content_type.starts_with("application/problem+json"),
        "{}",
        answer.content_type
    );
    answer.body["detail"].as_str().expect("a detail").to_owned()
}

#[tokio::test]
async fn a_request_runs_from_open_to_order_unseen_by_another_organisation() {
    let server = server("workflow");
    let acme = server.organisation("acme", &ALL).await;
    let globex = server.organisation("globex", &ALL).await;

    let put = server
        .call(
            Method::PUT,
            "/v1/buying/centers/rhein-plant",
            Some(&acme),
            Some(&center_files()),
            &[],
        )
        .await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.body);
    let center_etag = put.etag.clone().expect("an ETag");

    let opened = server
        .post(
            "/v1/buying/requests",
            &acme,
            &json!({
                "center": "rhein-plant", "actor": "anna", "at": "2026-11-02T09:00:00Z",
                "title": "Pallet wrap, 40 rolls", "amount": {"amount": "1200.00", "currency": "EUR"},
                "category": "consumables", "buy_class": "straight-rebuy", "supplier": "Wrapco"
            }),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    assert_eq!(opened.body["id"], "R-0001");
    assert_eq!(opened.etag.as_deref(), Some("\"1\""));

    let act = |version: u64, actor: &str, at: &str, action: Value| {
        let body = json!({"actor": actor, "at": at, "action": action});
        let tag = format!("\"{version}\"");
        let server = &server;
        let acme = acme.clone();
        async move {
            server
                .call(
                    Method::POST,
                    "/v1/buying/requests/R-0001/actions",
                    Some(&acme),
                    Some(&body),
                    &[("if-match", &tag)],
                )
                .await
        }
    };
    let advanced = act(
        1,
        "anna",
        "2026-11-02T10:00:00Z",
        json!({"action": "advance"}),
    )
    .await;
    assert_eq!(advanced.status, StatusCode::OK, "{}", advanced.body);
    let approved = act(
        2,
        "fatima",
        "2026-11-03T09:00:00Z",
        json!({"action": "approve"}),
    )
    .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let ordered = act(
        3,
        "bruno",
        "2026-11-03T10:00:00Z",
        json!({"action": "advance"}),
    )
    .await;
    assert_eq!(ordered.status, StatusCode::OK, "{}", ordered.body);
    assert_eq!(
        ordered.body["request"]["status"]["phase"], "order",
        "{}",
        ordered.body
    );
    assert_eq!(ordered.etag.as_deref(), Some("\"4\""));

    // A stale version is refused and writes nothing.
    let stale = act(
        3,
        "bruno",
        "2026-11-04T10:00:00Z",
        json!({"action": "comment", "text": "late"}),
    )
    .await;
    let detail = problem(&stale, StatusCode::PRECONDITION_FAILED);
    assert!(detail.contains("version 4, not 3"), "{detail}");
    let shown = server.get("/v1/buying/requests/R-0001", &acme).await;
    assert_eq!(shown.body["version"], 4);
    assert_eq!(shown.etag.as_deref(), Some("\"4\""));
    // No If-Match at all: 428.
    let blind = server
        .post(
            "/v1/buying/requests/R-0001/actions",
            &acme,
            &json!({"actor": "bruno", "action": {"action": "comment", "text": "x"}}),
        )
        .await;
    problem(&blind, StatusCode::PRECONDITION_REQUIRED);
    // A rule's refusal names the rule: 422.
    let own = act(
        4,
        "anna",
        "2026-11-04T10:00:00Z",
        json!({"action": "approve"}),
    )
    .await;
    let detail = problem(&own, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail.starts_with('['), "{detail}");

    let verified = server.get("/v1/buying/requests/R-0001/verify", &acme).await;
    assert_eq!(verified.status, StatusCode::OK);
    assert_eq!(verified.body["problem"], Value::Null, "{}", verified.body);
    let audit = server
        .get(
            "/v1/buying/requests/R-0001/audit?at=2026-11-05T00:00:00Z",
            &acme,
        )
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.body);
    let listed = server.get("/v1/buying/requests?status=active", &acme).await;
    assert_eq!(listed.body["items"][0]["id"], "R-0001", "{}", listed.body);
    assert_eq!(listed.body["items"][0]["phase"], "order");

    // The other organisation sees none of it, and cannot act on it.
    for uri in [
        "/v1/buying/requests/R-0001",
        "/v1/buying/requests/R-0001/verify",
        "/v1/buying/requests/R-0001/audit",
        "/v1/buying/centers/rhein-plant",
    ] {
        problem(&server.get(uri, &globex).await, StatusCode::NOT_FOUND);
    }
    let theirs = server.get("/v1/buying/requests", &globex).await;
    assert_eq!(theirs.body["items"], json!([]));
    assert_eq!(
        server.get("/v1/buying/centers", &globex).await.body["items"],
        json!([])
    );
    let foreign = server
        .call(
            Method::POST,
            "/v1/buying/requests/R-0001/actions",
            Some(&globex),
            Some(&json!({"actor": "bruno", "action": {"action": "close"}})),
            &[("if-match", "\"4\"")],
        )
        .await;
    problem(&foreign, StatusCode::NOT_FOUND);
    let replace_foreign = server
        .call(
            Method::PUT,
            "/v1/buying/centers/rhein-plant",
            Some(&globex),
            Some(&center_files()),
            &[("if-match", &center_etag)],
        )
        .await;
    problem(&replace_foreign, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        server.get("/v1/feed", &globex).await.body["items"],
        json!([])
    );

    // The feed holds acme's four events, in order.
    let feed = server.get("/v1/feed", &acme).await;
    let kinds: Vec<&str> = feed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds.len(), 4, "{}", feed.body);
    let next = feed.body["next"].as_str().expect("next").to_owned();
    let after = server.get(&format!("/v1/feed?after={next}"), &acme).await;
    assert_eq!(after.body["items"], json!([]));
    assert_eq!(after.body["next"], next.as_str());
}

#[tokio::test]
async fn centers_are_replaced_only_with_their_current_etag() {
    let server = server("centers");
    let acme = server.organisation("acme", &ALL).await;
    let uri = "/v1/buying/centers/rhein-plant";
    let put = |extra: Vec<(&'static str, String)>| {
        let server = &server;
        let acme = acme.clone();
        async move {
            let extra: Vec<(&str, &str)> = extra.iter().map(|(n, v)| (*n, v.as_str())).collect();
            server
                .call(Method::PUT, uri, Some(&acme), Some(&center_files()), &extra)
                .await
        }
    };
    let created = put(vec![]).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let etag = created.etag.clone().expect("etag");
    problem(&put(vec![]).await, StatusCode::PRECONDITION_REQUIRED);
    problem(
        &put(vec![("if-match", "\"0000\"".to_owned())]).await,
        StatusCode::PRECONDITION_FAILED,
    );
    let replaced = put(vec![("if-match", etag.clone())]).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    let got = server.get(uri, &acme).await;
    assert_eq!(got.etag, replaced.etag);
    assert_eq!(got.body["center"]["id"], "rhein-plant");
    // A center whose id differs from the path's is refused.
    let other = server
        .call(
            Method::PUT,
            "/v1/buying/centers/elsewhere",
            Some(&acme),
            Some(&center_files()),
            &[],
        )
        .await;
    problem(&other, StatusCode::BAD_REQUEST);
    // A bad file names its place.
    let broken = server
        .call(
            Method::PUT,
            "/v1/buying/centers/x",
            Some(&acme),
            Some(&json!({"center": "id = ", "policy": ""})),
            &[],
        )
        .await;
    let detail = problem(&broken, StatusCode::BAD_REQUEST);
    assert!(detail.contains("center"), "{detail}");
}

#[tokio::test]
async fn an_idempotent_retry_answers_the_same_and_writes_nothing() {
    let server = server("idempotent");
    let acme = server.organisation("acme", &ALL).await;
    let put = server
        .call(
            Method::PUT,
            "/v1/buying/centers/rhein-plant",
            Some(&acme),
            Some(&center_files()),
            &[],
        )
        .await;
    assert_eq!(put.status, StatusCode::CREATED);
    // The amount as a JSON number: read exactly, as written.
    let open = json!({
        "center": "rhein-plant", "actor": "anna", "at": "2026-11-02T09:00:00Z",
        "title": "Wrap", "amount": {"amount": 100.125, "currency": "EUR"},
        "category": "consumables", "buy_class": "new-task"
    });
    let send = |body: Value, key: &'static str| {
        let server = &server;
        let acme = acme.clone();
        async move {
            server
                .call(
                    Method::POST,
                    "/v1/buying/requests",
                    Some(&acme),
                    Some(&body),
                    &[("idempotency-key", key)],
                )
                .await
        }
    };
    let first = send(open.clone(), "k-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(
        first.body["request"]["facts"]["amount"]["amount"], "100.125",
        "{}",
        first.body
    );
    let retry = send(open.clone(), "k-1").await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert!(retry.replayed);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.etag, first.etag);
    let mut other = open.clone();
    other["title"] = json!("Something else");
    problem(&send(other, "k-1").await, StatusCode::CONFLICT);
    let listed = server.get("/v1/buying/requests", &acme).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        server.get("/v1/feed", &acme).await.body["items"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // Another key opens another request.
    let second = send(open, "k-2").await;
    assert_eq!(second.body["id"], "R-0002");
}

#[tokio::test]
async fn tokens_are_needed_scoped_and_revocable() {
    let server = server("tokens");
    let acme = server.organisation("acme", &["compute"]).await;
    for (token, status) in [
        (None, StatusCode::UNAUTHORIZED),
        (
            Some(
                "b2b_000000000000_0000000000000000000000000000000000000000000000000000000000000000",
            ),
            StatusCode::UNAUTHORIZED,
        ),
        (Some("nonsense"), StatusCode::UNAUTHORIZED),
        (Some(acme.as_str()), StatusCode::FORBIDDEN),
    ] {
        let answer = server
            .call(Method::GET, "/v1/buying/requests", token, None, &[])
            .await;
        problem(&answer, status);
    }
    // An organisation's token is no administrator's.
    problem(
        &server.get("/v1/organisations", &acme).await,
        StatusCode::FORBIDDEN,
    );
    problem(&server.get("/metrics", &acme).await, StatusCode::FORBIDDEN);
    // The administrator acts for no organisation.
    problem(
        &server.get("/v1/feed", &server.admin).await,
        StatusCode::FORBIDDEN,
    );
    let id = &acme[4..16];
    let listed = server
        .get("/v1/organisations/acme/tokens", &server.admin)
        .await;
    assert_eq!(listed.body["items"][0]["id"], id);
    assert!(listed.body["items"][0].get("token").is_none());
    assert!(
        !listed.body.to_string().contains(&acme[17..]),
        "no secret listed"
    );
    let ident = json!({"id": "SE556043606401"});
    assert_eq!(
        server
            .post("/v1/compute/ident/check", &acme, &ident)
            .await
            .status,
        StatusCode::OK
    );
    let revoked = server
        .call(
            Method::DELETE,
            &format!("/v1/tokens/{id}"),
            Some(&server.admin),
            None,
            &[],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    problem(
        &server.post("/v1/compute/ident/check", &acme, &ident).await,
        StatusCode::UNAUTHORIZED,
    );
    // Scopes and ids are checked.
    let bad_scope = server
        .post(
            "/v1/organisations/acme/tokens",
            &server.admin,
            &json!({"label": "x", "scopes": ["admin"]}),
        )
        .await;
    problem(&bad_scope, StatusCode::BAD_REQUEST);
    let bad_id = server
        .post(
            "/v1/organisations",
            &server.admin,
            &json!({"id": "Acme Inc", "name": "x", "roles": ["buyer"]}),
        )
        .await;
    problem(&bad_id, StatusCode::BAD_REQUEST);
    let twice = server
        .post(
            "/v1/organisations",
            &server.admin,
            &json!({"id": "acme", "name": "x", "roles": ["buyer"]}),
        )
        .await;
    problem(&twice, StatusCode::CONFLICT);
    let metrics = server.get("/metrics", &server.admin).await;
    assert_eq!(metrics.status, StatusCode::OK);
}

#[tokio::test]
async fn public_routes_need_no_token_and_unknown_routes_are_problems() {
    let server = server("public");
    for uri in ["/healthz", "/readyz", "/openapi.json"] {
        let answer = server.call(Method::GET, uri, None, None, &[]).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
    }
    let docs = server.call(Method::GET, "/docs", None, None, &[]).await;
    assert_eq!(docs.status, StatusCode::OK);
    problem(
        &server.call(Method::GET, "/nowhere", None, None, &[]).await,
        StatusCode::NOT_FOUND,
    );
    problem(
        &server
            .call(Method::DELETE, "/healthz", None, None, &[])
            .await,
        StatusCode::METHOD_NOT_ALLOWED,
    );
    // Every route the app serves is in the document.
    let document = server
        .call(Method::GET, "/openapi.json", None, None, &[])
        .await
        .body;
    for path in [
        "/v1/organisations",
        "/v1/organisations/{org}/tokens",
        "/v1/tokens/{id}",
        "/v1/buying/centers/{id}",
        "/v1/buying/requests",
        "/v1/buying/requests/{id}/actions",
        "/v1/feed",
        "/metrics",
        "/healthz",
        "/readyz",
    ] {
        assert!(document["paths"].get(path).is_some(), "{path} missing");
    }
    // Every operation that needs a token documents its 401 and 403.
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            if operation.get("security").is_some() {
                for status in ["401", "403"] {
                    assert!(
                        operation["responses"].get(status).is_some(),
                        "{method} {path} lacks {status}"
                    );
                }
            }
        }
    }
}

/// Writers open requests concurrently while a reader follows the feed:
/// the reader ends up with every event exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_following_the_feed_during_concurrent_writes_misses_nothing() {
    let server = std::sync::Arc::new(server("feed"));
    let acme = server.organisation("acme", &ALL).await;
    let put = server
        .call(
            Method::PUT,
            "/v1/buying/centers/rhein-plant",
            Some(&acme),
            Some(&center_files()),
            &[],
        )
        .await;
    assert_eq!(put.status, StatusCode::CREATED);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (server, acme, done) = (server.clone(), acme.clone(), done.clone());
        tokio::spawn(async move {
            let mut next = String::from("0");
            let mut seen = Vec::new();
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst);
                let page = server
                    .get(&format!("/v1/feed?after={next}&limit=7"), &acme)
                    .await;
                assert_eq!(page.status, StatusCode::OK, "{}", page.body);
                let items = page.body["items"].as_array().cloned().unwrap_or_default();
                for item in &items {
                    seen.push((item["stream"].to_string(), item["version"].to_string()));
                }
                next = page.body["next"].as_str().expect("next").to_owned();
                if finished && items.is_empty() {
                    return seen;
                }
                tokio::task::yield_now().await;
            }
        })
    };
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (server, acme) = (server.clone(), acme.clone());
            tokio::spawn(async move {
                for i in 0..25 {
                    let opened = server
                        .post(
                            "/v1/buying/requests",
                            &acme,
                            &json!({
                                "center": "rhein-plant", "actor": "anna", "request": format!("W{w}-{i}"),
                                "title": "Wrap", "amount": {"amount": "100.00", "currency": "EUR"},
                                "category": "consumables", "buy_class": "new-task"
                            }),
                        )
                        .await;
                    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("a writer");
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let seen = reader.await.expect("the reader");
    assert_eq!(seen.len(), 200);
    let distinct: std::collections::BTreeSet<_> = seen.iter().collect();
    assert_eq!(distinct.len(), 200, "no event twice");
}

/// Every operation of the OpenAPI document, called with another
/// organisation's token (every scope) on the first organisation's ids:
/// nothing of the first organisation's data is ever answered or changed.
/// And every protected operation refuses a revoked token.
#[tokio::test]
async fn every_route_keeps_organisations_apart_and_refuses_a_revoked_token() {
    let server = server("every-route");
    let acme = server.organisation("acme", &ALL).await;
    let globex = server.organisation("globex", &ALL).await;
    let put = server
        .call(
            Method::PUT,
            "/v1/buying/centers/rhein-plant",
            Some(&acme),
            Some(&center_files()),
            &[],
        )
        .await;
    assert_eq!(put.status, StatusCode::CREATED);
    let opened = server
        .post(
            "/v1/buying/requests",
            &acme,
            &json!({
                "center": "rhein-plant", "actor": "anna", "at": "2026-11-02T09:00:00Z",
                "title": "Secret acme purchase", "amount": {"amount": "1200.00", "currency": "EUR"},
                "category": "consumables", "buy_class": "straight-rebuy", "supplier": "Wrapco"
            }),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED);
    let before = server.get("/v1/buying/requests/R-0001", &acme).await.body;

    let document = server
        .call(Method::GET, "/openapi.json", None, None, &[])
        .await
        .body;
    let paths = document["paths"].as_object().expect("paths");
    let bodies = [
        json!({"actor": "bruno", "action": {"action": "cancel", "reason": "sabotage"}}),
        center_files(),
        json!({}),
    ];
    let mut protected = Vec::new();
    for (template, operations) in paths {
        let uri = template
            .replace("{id}", "R-0001")
            .replace("{org}", "acme")
            .replace("{rule}", "CIF");
        let uri = if template.starts_with("/v1/buying/centers/") {
            uri.replace("R-0001", "rhein-plant")
        } else if template.starts_with("/v1/tokens/") {
            uri.replace("R-0001", &acme[4..16])
        } else {
            uri
        };
        for (method, operation) in operations.as_object().expect("operations") {
            let method: Method = method.to_uppercase().parse().expect("a method");
            if operation.get("security").is_some() {
                protected.push((method.clone(), uri.clone()));
            }
            for body in &bodies {
                let body = (method != Method::GET && method != Method::DELETE).then_some(body);
                let answer = server
                    .call(
                        method.clone(),
                        &uri,
                        Some(&globex),
                        body,
                        &[("if-match", "\"1\"")],
                    )
                    .await;
                let text = answer.body.to_string();
                assert!(
                    !text.contains("Secret acme purchase") && !text.contains("rhein-plant\""),
                    "{method} {uri} answered acme's data to globex: {text}"
                );
            }
        }
    }
    // acme's request and center are as they were.
    assert_eq!(
        server.get("/v1/buying/requests/R-0001", &acme).await.body,
        before
    );
    assert_eq!(
        server
            .get("/v1/buying/centers/rhein-plant", &acme)
            .await
            .etag,
        put.etag
    );

    // A revoked token is refused everywhere a token is needed.
    let id = &globex[4..16];
    let revoked = server
        .call(
            Method::DELETE,
            &format!("/v1/tokens/{id}"),
            Some(&server.admin),
            None,
            &[],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert!(
        protected.len() > 20,
        "{} protected operations",
        protected.len()
    );
    for (method, uri) in protected {
        let answer = server
            .call(method.clone(), &uri, Some(&globex), None, &[])
            .await;
        problem(&answer, StatusCode::UNAUTHORIZED);
    }
}

/// A streamed answer through the compression layer (a client that asks
/// for gzip): the body ends cleanly. The channel behind it used to panic
/// when polled after its end, which the compression layer does, and the
/// connection then ended without an answer.
#[tokio::test]
async fn a_streamed_answer_survives_compression() {
    let server = server("gzip");
    let acme = server.organisation("acme", &ALL).await;
    for (media, body) in [("application/json", "[]"), ("application/x-ndjson", "")] {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/v1/compute/classify")
            .header(header::AUTHORIZATION, format!("Bearer {acme}"))
            .header(header::CONTENT_TYPE, media)
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::from(body))
            .expect("a request");
        let response = server
            .app
            .clone()
            .oneshot(request)
            .await
            .expect("an answer");
        assert_eq!(response.status(), StatusCode::OK, "{media}");
        let collected = response.into_body().collect().await;
        assert!(collected.is_ok(), "{media}");
    }
}

/// A write after the store has shut down is a 503 problem, not a 500.
#[tokio::test]
async fn a_write_after_the_store_shut_down_is_a_503() {
    let db = SharedSqlite::open(&scratch("shut-down"), 1).expect("opens");
    let admin = b2b_http::auth::bootstrap_admin(&db, None)
        .expect("bootstrap")
        .expect("a new admin token");
    let server = Server {
        app: app(AppState::new(db.clone(), Config::default())),
        admin,
    };
    db.shutdown();
    let answer = server
        .post(
            "/v1/organisations",
            &server.admin,
            &json!({"id": "acme", "name": "Acme AB", "roles": ["buyer"]}),
        )
        .await;
    problem(&answer, StatusCode::SERVICE_UNAVAILABLE);
}
