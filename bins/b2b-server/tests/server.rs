//! The real `b2b-server` binary on a free loopback port: starting,
//! configuration errors, the public routes, authentication, metrics,
//! compute, two organisations sharing the server (issue 10's "Done when")
//! and a graceful shutdown under load.

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Answer, Server, TempDir, new_request, repo_file, run_to_exit};

#[test]
fn public_routes_answer_without_a_token() {
    let dir = TempDir::new("public");
    let server = Server::start_in(&dir);
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
    let server = Server::start_in(&dir);
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
        for path in [
            "/metrics",
            "/v1/organisations",
            "/v1/buying/requests",
            "/v1/feed",
        ] {
            let answer = server.get(path, token);
            assert!(answer.is_problem(401), "{path} {token:?}: {answer:?}");
        }
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
    let server = Server::start_in(&dir);
    let admin = server.admin();
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
    let mut first = Server::start_in(&dir);
    let token = first.admin();
    assert!(
        token.starts_with("b2b_") && token.len() == 4 + 12 + 1 + 64,
        "{token}"
    );
    assert_eq!(first.stdout.len(), 2, "{:?}", first.stdout);
    assert!(first.terminate().success());
    let second = Server::start_in(&dir);
    assert_eq!(second.printed_token, None, "{:?}", second.stdout);
    assert_eq!(second.stdout.len(), 1, "{:?}", second.stdout);
    assert_eq!(second.get("/metrics", Some(&token)).status, 200);
}

#[test]
fn a_given_admin_token_is_used_and_not_printed_and_sigint_stops() {
    let dir = TempDir::new("admin-given");
    let token = format!("b2b_{}_{}", "ab12".repeat(3), "cd34".repeat(16));
    let mut server = Server::start_with(
        &dir.join("db.sqlite"),
        &dir.join("server.log"),
        &[],
        &[("B2B_ADMIN_TOKEN", &token)],
    );
    assert_eq!(server.printed_token, None, "{:?}", server.stdout);
    assert_eq!(server.get("/metrics", Some(&token)).status, 200);
    assert_eq!(server.interrupt().code(), Some(0), "{}", server.logs());
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
    refused(&["--database", db, "--readers", "0"], &[], "--readers");
    refused(
        &["--database", db, "--log-format", "xml"],
        &[],
        "--log-format",
    );
    refused(&["--database", db], &[("RUST_LOG", "b2b=loud")], "RUST_LOG");
    refused(
        &["--database", db],
        &[("B2B_ADMIN_TOKEN", "secret")],
        "B2B_ADMIN_TOKEN",
    );
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

fn golden(name: &str) -> Value {
    let text = repo_file(&format!("crates/b2b-http/tests/data/golden/{name}.json"));
    serde_json::from_str(&text).expect("golden JSON")
}

#[test]
fn compute_answers_as_the_cli_to_a_token_with_the_compute_scope() {
    let dir = TempDir::new("compute");
    let server = Server::start_in(&dir);
    let admin = server.admin();
    server.create_organisation(&admin, "acme", &["buyer"]);
    let compute = server.issue_token(&admin, "acme", &["compute"]);
    let reader = server.issue_token(&admin, "acme", &["buying:read"]);

    let ident = json!({"id": "SE556043606401"});
    let answer = server.post("/v1/compute/ident/check", &compute, &ident);
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json(), golden("ident-check")[0]);
    let evaluate = json!({
        "tender": repo_file("examples/office-laptops/tender.toml"),
        "bids": repo_file("examples/office-laptops/bids.csv"),
    });
    let answer = server.post("/v1/compute/tender/evaluate", &compute, &evaluate);
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json(), golden("tender-office-laptops"));
    let answer = server.get("/v1/compute/terms/incoterms/CIF", Some(&compute));
    assert_eq!(answer.json(), golden("terms-incoterm-cif"));

    // Other scopes, and the administrator's token, may not compute.
    for token in [&reader, &admin] {
        let refused = server.post("/v1/compute/ident/check", token, &ident);
        assert!(refused.is_problem(403), "{refused:?}");
    }
}

/// An action on request `id` of the bundled center, naming the version
/// seen in `If-Match`.
fn act(server: &Server, token: &str, id: &str, version: u64, actor: &str, action: Value) -> Answer {
    let body = json!({"actor": actor, "at": "2026-11-20T09:00:00Z", "action": action});
    server.send(
        Method::POST,
        &format!("/v1/buying/requests/{id}/actions"),
        Some(token),
        Some(&body),
        &[("if-match", &format!("\"{version}\""))],
    )
}

/// Every event of the caller's feed, read a few at a time.
fn whole_feed(server: &Server, token: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut path = "/v1/feed?limit=3".to_owned();
    loop {
        let page = server.get(&path, Some(token));
        assert_eq!(page.status, 200, "{}", page.text);
        let page = page.json();
        let got = page["items"].as_array().expect("items").clone();
        let done = got.is_empty();
        items.extend(got);
        let next = page["next"].as_str().expect("a cursor");
        if done {
            return items;
        }
        path = format!("/v1/feed?limit=3&after={next}");
    }
}

#[test]
fn two_organisations_share_the_server_and_see_only_their_own() {
    let dir = TempDir::new("two-organisations");
    let mut server = Server::start_in(&dir);
    let admin = server.admin();
    let scopes = ["buying:write", "feed:read"];
    let acme = server.organisation_with_center("acme", &scopes);
    server.create_organisation(&admin, "globex", &["buyer", "supplier"]);
    let globex = server.issue_token(&admin, "globex", &scopes);

    // Opened with an Idempotency-Key; the retry answers the same and
    // writes nothing; the key with another body is refused.
    let open = new_request("Forklift mast overhaul", "18500.00", "modified-rebuy");
    let key = [("idempotency-key", "open-forklift-mast")];
    let opened = server.send(
        Method::POST,
        "/v1/buying/requests",
        Some(&acme),
        Some(&open),
        &key,
    );
    assert_eq!(opened.status, 201, "{}", opened.text);
    let id = opened.json()["id"].as_str().expect("an id").to_owned();
    let retried = server.send(
        Method::POST,
        "/v1/buying/requests",
        Some(&acme),
        Some(&open),
        &key,
    );
    assert_eq!((retried.status, retried.json()), (201, opened.json()));
    assert_eq!(retried.header("idempotent-replayed"), "true");
    let other = new_request("Something else", "18500.00", "modified-rebuy");
    let reused = server.send(
        Method::POST,
        "/v1/buying/requests",
        Some(&acme),
        Some(&other),
        &key,
    );
    assert!(reused.is_problem(409), "{reused:?}");
    let listed = server.get("/v1/buying/requests", Some(&acme)).json();
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );

    // From need recognition to the order: two influencers sign off the
    // technical side before evaluation, an approver the budget before
    // the order (a medium purchase under the bundled policy).
    let steps = [
        ("bruno", json!({"action": "advance"})),
        ("bruno", json!({"action": "advance"})),
        ("bruno", json!({"action": "advance"})),
        ("clara", json!({"action": "approve"})),
        ("david", json!({"action": "approve"})),
        ("bruno", json!({"action": "advance"})),
        ("fatima", json!({"action": "approve"})),
        ("bruno", json!({"action": "advance"})),
    ];
    let mut version = 1;
    for (actor, action) in steps {
        let done = act(&server, &acme, &id, version, actor, action.clone());
        assert_eq!(done.status, 200, "{actor} {action}: {}", done.text);
        version += 1;
        assert_eq!(done.header("etag"), format!("\"{version}\""));
    }
    let shown = server.get(&format!("/v1/buying/requests/{id}"), Some(&acme));
    assert_eq!(
        shown.json()["request"]["status"]["phase"],
        "order",
        "{}",
        shown.text
    );
    assert_eq!(shown.json()["version"], version);

    // A stale If-Match is refused and writes nothing.
    let feed_before = whole_feed(&server, &acme);
    let stale = act(
        &server,
        &acme,
        &id,
        version - 1,
        "bruno",
        json!({"action": "comment", "text": "late"}),
    );
    assert!(stale.is_problem(412), "{stale:?}");
    let after = server
        .get(&format!("/v1/buying/requests/{id}"), Some(&acme))
        .json();
    assert_eq!(after["version"], version);
    assert_eq!(whole_feed(&server, &acme), feed_before);

    // The other organisation can neither see nor act.
    for path in [
        format!("/v1/buying/requests/{id}"),
        format!("/v1/buying/requests/{id}/verify"),
        format!("/v1/buying/requests/{id}/audit"),
        "/v1/buying/centers/rhein-plant".to_owned(),
    ] {
        assert!(server.get(&path, Some(&globex)).is_problem(404), "{path}");
    }
    let foreign = act(
        &server,
        &globex,
        &id,
        version,
        "bruno",
        json!({"action": "close"}),
    );
    assert!(foreign.is_problem(404), "{foreign:?}");
    let theirs = server.get("/v1/buying/requests", Some(&globex)).json();
    assert_eq!(theirs["items"], json!([]));
    assert!(whole_feed(&server, &globex).is_empty());

    // The feed follows everything: every event of the request, once, in order.
    let feed = whole_feed(&server, &acme);
    let positions: Vec<u64> = feed
        .iter()
        .map(|e| e["position"].as_u64().expect("position"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let versions: Vec<u64> = feed
        .iter()
        .filter(|e| e["stream"].as_str().is_some_and(|s| s.ends_with(&id)))
        .map(|e| e["version"].as_u64().expect("version"))
        .collect();
    assert_eq!(versions, (1..=version).collect::<Vec<_>>(), "{feed:?}");

    // A revoked token is refused at once.
    let issued = server.post(
        "/v1/organisations/acme/tokens",
        &admin,
        &json!({"label": "erp", "scopes": ["buying:read"]}),
    );
    let erp = issued.json();
    let erp_token = erp["token"].as_str().expect("token");
    assert_eq!(
        server.get("/v1/buying/requests", Some(erp_token)).status,
        200
    );
    let revoked = server.send(
        Method::DELETE,
        &format!("/v1/tokens/{}", erp["id"].as_str().expect("id")),
        Some(&admin),
        None,
        &[],
    );
    assert_eq!(revoked.status, 204, "{}", revoked.text);
    assert!(
        server
            .get("/v1/buying/requests", Some(erp_token))
            .is_problem(401)
    );

    // After a restart, everything is there and the chain verifies.
    assert_eq!(server.terminate().code(), Some(0));
    let server = Server::start_in(&dir);
    let shown = server
        .get(&format!("/v1/buying/requests/{id}"), Some(&acme))
        .json();
    assert_eq!(shown["version"], version);
    let verified = server
        .get(&format!("/v1/buying/requests/{id}/verify"), Some(&acme))
        .json();
    assert_eq!(verified["problem"], Value::Null, "{verified}");
    assert_eq!(whole_feed(&server, &acme), feed);
    assert!(
        server
            .get("/v1/buying/requests", Some(erp_token))
            .is_problem(401)
    );
}

#[test]
fn sigterm_during_a_burst_exits_0_and_keeps_every_acknowledged_write() {
    let dir = TempDir::new("sigterm");
    let mut server = Server::start_in(&dir);
    let token = server.organisation_with_center("acme", &["buying:write"]);

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let answered = Arc::new(AtomicUsize::new(0));
    let url = server.url("/v1/buying/requests");
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (client, url, token) = (server.client(), url.clone(), token.clone());
            let (acknowledged, answered) = (Arc::clone(&acknowledged), Arc::clone(&answered));
            std::thread::spawn(move || {
                for n in 0..5_000 {
                    let body = new_request(&format!("Burst {writer}-{n}"), "120.00", "new-task");
                    let Ok(answer) =
                        support::call(&client, &url, Method::POST, Some(&token), Some(&body), &[])
                    else {
                        break; // no answer: the server has stopped listening
                    };
                    answered.fetch_add(1, Ordering::Relaxed);
                    match answer.status {
                        201 => {
                            let id = answer.json()["id"].as_str().expect("an id").to_owned();
                            acknowledged.lock().expect("the list").push(id);
                        }
                        503 => {} // shutting down: refused, nothing written
                        other => panic!("unexpected {other}: {}", answer.text),
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while answered.load(Ordering::Relaxed) < 40 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let status = server.terminate();
    for writer in writers {
        writer.join().expect("a writer thread");
    }
    assert_eq!(status.code(), Some(0), "{}", server.logs());
    let acknowledged = acknowledged.lock().expect("the list").clone();
    assert!(
        acknowledged.len() >= 10,
        "only {} writes acknowledged",
        acknowledged.len()
    );

    let server = Server::start_in(&dir);
    let mut stored = BTreeSet::new();
    let mut path = "/v1/buying/requests?limit=1000".to_owned();
    loop {
        let page = server.get(&path, Some(&token)).json();
        for item in page["items"].as_array().expect("items") {
            stored.insert(item["id"].as_str().expect("id").to_owned());
        }
        match page["next"].as_str() {
            Some(next) => path = format!("/v1/buying/requests?limit=1000&after={next}"),
            None => break,
        }
    }
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
}

/// Sales as JSON lines, one every 150 ms: a request that is still being
/// sent when the server is told to stop.
struct SlowSales {
    next: usize,
    count: usize,
    line: Vec<u8>,
}

impl std::io::Read for SlowSales {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.line.is_empty() {
            if self.next == self.count {
                return Ok(0);
            }
            if self.next > 0 {
                std::thread::sleep(Duration::from_millis(150));
            }
            let mut sale: Value =
                serde_json::from_str(&repo_file("crates/b2b-http/tests/data/one-sale.json"))
                    .expect("a sale");
            sale["id"] = json!(format!("sale-{}", self.next));
            self.line = format!("{sale}\n").into_bytes();
            self.next += 1;
        }
        let n = buf.len().min(self.line.len());
        buf[..n].copy_from_slice(&self.line[..n]);
        self.line.drain(..n);
        Ok(n)
    }
}

#[test]
fn a_request_in_flight_at_sigterm_is_answered_whole() {
    let dir = TempDir::new("in-flight");
    let mut server = Server::start_in(&dir);
    let admin = server.admin();
    server.create_organisation(&admin, "acme", &["buyer"]);
    let token = server.issue_token(&admin, "acme", &["compute"]);
    let (client, url) = (server.client(), server.url("/v1/compute/classify"));
    let sending = std::thread::spawn(move || {
        let sales = SlowSales {
            next: 0,
            count: 8,
            line: Vec::new(),
        };
        let response = client
            .post(url)
            .bearer_auth(token)
            .header("content-type", "application/x-ndjson")
            .body(reqwest::blocking::Body::new(sales))
            .send()
            .expect("an answer");
        (response.status().as_u16(), response.text().expect("a body"))
    });
    std::thread::sleep(Duration::from_millis(400));
    server.signal("TERM");
    std::thread::sleep(Duration::from_millis(200));
    let late = support::call(
        &support::new_client(),
        &server.url("/healthz"),
        Method::GET,
        None,
        None,
        &[],
    );
    assert!(late.is_err(), "a new connection after SIGTERM: {late:?}");
    let (status, text) = sending.join().expect("the sending thread");
    assert_eq!(server.wait_exit().code(), Some(0), "{}", server.logs());
    assert_eq!(status, 200, "{text}");
    let ids: Vec<String> = text
        .lines()
        .map(|line| {
            let answer: Value = serde_json::from_str(line).expect("a JSON line");
            answer["id"].as_str().expect("an id").to_owned()
        })
        .collect();
    let expected: Vec<String> = (0..8).map(|n| format!("sale-{n}")).collect();
    assert_eq!(ids, expected);
}
