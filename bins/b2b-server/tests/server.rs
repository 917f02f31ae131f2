//! The real `b2b-server` binary on a free loopback port: starting,
//! configuration errors, the public routes, authentication, metrics and
//! a graceful shutdown under load.

mod support;

use serde_json::json;
use support::{Server, TempDir, run_to_exit};

#[test]
fn public_routes_answer_without_a_token() {
    let dir = TempDir::new("public");
    let server = Server::start(&dir.join("db.sqlite"), &dir.join("server.log"));
    for path in ["/healthz", "/readyz"] {
        let answer = server.get(path, None);
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        assert_eq!(answer.json(), json!({"status": "ok"}), "{path}");
    }
    let openapi = server.get("/openapi.json", None);
    assert_eq!(openapi.status, 200);
    let document = openapi.json();
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        document["openapi"]
    );
    assert!(document["paths"]["/v1/compute/ident/check"].is_object());
    let docs = server.get("/docs", None);
    assert_eq!(docs.status, 200);
    assert!(docs.header("content-type").starts_with("text/html"));
    assert!(docs.text.contains("/v1/compute/ident/check"));
}

#[test]
fn protected_routes_need_a_valid_token() {
    let dir = TempDir::new("unauthorized");
    let server = Server::start(&dir.join("db.sqlite"), &dir.join("server.log"));
    let body = json!({"id": "SE556043606401"});
    let forged = format!("b2b_{}_{}", "0".repeat(12), "0".repeat(64));
    for token in [None, Some("not-a-token"), Some(forged.as_str())] {
        let answer = server.send(
            reqwest::Method::POST,
            "/v1/compute/ident/check",
            token,
            Some(&body),
            &[],
        );
        assert!(answer.is_problem(401), "{token:?}: {answer:?}");
        let metrics = server.get("/metrics", token);
        assert!(metrics.is_problem(401), "{token:?}: {metrics:?}");
    }
    let unknown = server.get("/v1/no-such-route", None);
    assert!(
        unknown.status == 401 || unknown.status == 404,
        "{unknown:?}"
    );
}

#[test]
fn metrics_need_the_admin_token_and_count_requests() {
    let dir = TempDir::new("metrics");
    let server = Server::start(&dir.join("db.sqlite"), &dir.join("server.log"));
    let admin = server
        .printed_token
        .clone()
        .expect("a first start prints a token");
    for _ in 0..5 {
        assert_eq!(server.get("/healthz", None).status, 200);
    }
    let metrics = server.get("/metrics", Some(&admin));
    assert_eq!(metrics.status, 200, "{}", metrics.text);
    assert!(metrics.header("content-type").contains("openmetrics-text"));
    let healthz = metrics
        .text
        .lines()
        .find(|line| {
            line.starts_with("b2b_http_requests_total{")
                && line.contains("route=\"/healthz\"")
                && line.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no /healthz counter in\n{}", metrics.text));
    let count: f64 = healthz
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(count >= 5.0, "{healthz}");
    assert!(metrics.text.contains("b2b_http_request_duration_seconds"));
}

#[test]
fn the_admin_token_is_printed_once_and_works_after_a_restart() {
    let dir = TempDir::new("admin-once");
    let db = dir.join("db.sqlite");
    let log = dir.join("server.log");
    let mut first = Server::start(&db, &log);
    let token = first
        .printed_token
        .clone()
        .expect("a first start prints a token");
    assert!(
        token.starts_with("b2b_") && token.len() == 4 + 12 + 1 + 64,
        "{token}"
    );
    assert_eq!(first.stdout.len(), 2, "{:?}", first.stdout);
    assert!(first.terminate().success());
    let second = Server::start(&db, &log);
    assert_eq!(second.printed_token, None, "{:?}", second.stdout);
    assert_eq!(second.stdout.len(), 1, "{:?}", second.stdout);
    assert_eq!(second.get("/metrics", Some(&token)).status, 200);
}

#[test]
fn a_given_admin_token_is_used_and_not_printed() {
    let dir = TempDir::new("admin-given");
    let token = format!("b2b_{}_{}", "ab12".repeat(3), "cd34".repeat(16));
    let server = Server::start_with(
        &dir.join("db.sqlite"),
        &dir.join("server.log"),
        &[],
        &[("B2B_ADMIN_TOKEN", &token)],
    );
    assert_eq!(server.printed_token, None, "{:?}", server.stdout);
    assert_eq!(server.get("/metrics", Some(&token)).status, 200);
}

/// Starting with `args` and `vars` exits 2, saying `expected`.
fn refused(args: &[&str], vars: &[(&str, &str)], expected: &str) {
    let mut all = vec!["--listen", "127.0.0.1:0"];
    all.extend_from_slice(args);
    let (status, stderr) = run_to_exit(&all, vars);
    assert_eq!(status.code(), Some(2), "{args:?} {vars:?}: {stderr}");
    assert!(stderr.contains(expected), "{args:?} {vars:?}: {stderr}");
}

#[test]
fn bad_configuration_exits_2_with_a_clear_message() {
    let dir = TempDir::new("bad-config");
    let db = dir.join("db.sqlite");
    let db = db.to_str().expect("UTF-8");
    let postgres = "PostgreSQL is not supported yet (issue 12)";
    refused(
        &["--database", "postgres://b2b@localhost/b2b"],
        &[],
        postgres,
    );
    refused(
        &[],
        &[("B2B_DATABASE_URL", "postgresql://localhost/b2b")],
        postgres,
    );
    refused(
        &["--database", db],
        &[("B2B_ADMIN_TOKEN", "secret")],
        "B2B_ADMIN_TOKEN",
    );
    refused(&["--database", db, "--readers", "0"], &[], "--readers");
    refused(
        &["--database", db, "--log-format", "xml"],
        &[],
        "--log-format",
    );
    refused(&["--database", db], &[("RUST_LOG", "b2b=loud")], "RUST_LOG");
    assert!(
        !std::path::Path::new(db).exists(),
        "a refused start writes nothing"
    );
}

#[test]
fn a_taken_port_or_a_bad_database_exits_1() {
    let dir = TempDir::new("runtime-failures");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = taken.local_addr().expect("its address").to_string();
    let db = dir.join("db.sqlite");
    let db = db.to_str().expect("UTF-8");
    let (status, stderr) = run_to_exit(&["--listen", &address, "--database", db], &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on {address}")),
        "{stderr}"
    );
    assert!(
        !std::path::Path::new(db).exists(),
        "a server that cannot listen creates no database"
    );

    let not_a_database = dir.join("notes.txt");
    std::fs::write(
        &not_a_database,
        "these are not the tables you are looking for\n".repeat(100),
    )
    .expect("a file");
    let path = not_a_database.to_str().expect("UTF-8");
    let (status, stderr) = run_to_exit(&["--listen", "127.0.0.1:0", "--database", path], &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot open the database"), "{stderr}");
}
