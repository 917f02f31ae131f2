//! The compute endpoints driven in-process: on the bundled examples each
//! answers exactly what the CLI prints (the golden files in
//! `tests/data/golden/`, which `bins/b2b/tests/http_golden.rs` holds the
//! CLI to), every answer fits the OpenAPI document, and bad input is a
//! 4xx problem naming the field or line.

use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

mod compute_support;

use compute_support::{Answer, app, call, file, send};

async fn post(uri: &str, body: &Value) -> Answer {
    call(
        Method::POST,
        uri,
        Some("application/json"),
        body.to_string().into_bytes(),
    )
    .await
}

async fn get(uri: &str) -> Answer {
    call(Method::GET, uri, None, Vec::new()).await
}

fn golden(name: &str) -> String {
    file(&format!("crates/b2b-http/tests/data/golden/{name}.json"))
}

/// The answer is 200 JSON equal to the golden file `name`.
fn check(name: &str, answer: &Answer) {
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{name}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.content_type, "application/json", "{name}");
    let expected: Value = serde_json::from_str(&golden(name)).expect("golden JSON");
    assert_eq!(answer.json(), expected, "{name}");
}

/// A tender file and a bids file as an evaluate request: the TOML and
/// CSV texts as strings.
fn tender_request(tender: &str, bids: &str) -> Value {
    json!({"tender": file(tender), "bids": file(bids)})
}

#[tokio::test]
async fn evaluate_answers_as_the_cli() {
    let uri = "/v1/compute/tender/evaluate";
    let laptops = tender_request(
        "examples/office-laptops/tender.toml",
        "examples/office-laptops/bids.csv",
    );
    check("tender-office-laptops", &post(uri, &laptops).await);
    check(
        "tender-office-laptops-sensitivity",
        &post(&format!("{uri}?sensitivity=true"), &laptops).await,
    );
    let forklift = tender_request(
        "examples/forklift-lcc/tender.toml",
        "examples/forklift-lcc/bids.csv",
    );
    check("tender-forklift-lcc", &post(uri, &forklift).await);
    let prozorro = tender_request(
        "examples/prozorro-features/tender.toml",
        "examples/prozorro-features/bids.csv",
    );
    check("tender-prozorro-features", &post(uri, &prozorro).await);
    // Bids as JSON: the file's own text, spliced in as a JSON value.
    let body = format!(
        r#"{{"tender": {}, "bids": {}}}"#,
        Value::from(file("examples/office-laptops/tender.toml")),
        file("bins/b2b/tests/data/laptops-bids.json")
    );
    let answer = call(
        Method::POST,
        uri,
        Some("application/json"),
        body.into_bytes(),
    )
    .await;
    check("tender-office-laptops-json-bids", &answer);
}

#[tokio::test]
async fn evaluate_reads_a_json_tender_as_its_toml() {
    // examples/office-laptops/tender.toml written as JSON.
    let body = format!(
        r#"{{"tender": {}, "bids": {}}}"#,
        file("crates/b2b-http/tests/data/office-laptops-tender.json"),
        Value::from(file("examples/office-laptops/bids.csv"))
    );
    let answer = call(
        Method::POST,
        "/v1/compute/tender/evaluate",
        Some("application/json"),
        body.into_bytes(),
    )
    .await;
    check("tender-office-laptops", &answer);
}

#[tokio::test]
async fn check_states_what_the_cli_states() {
    // `b2b tender check examples/office-laptops/tender.toml
    // examples/office-laptops/bids.csv` prints: ok: ...: tender "2026-0142"
    // (EUR), award best-price-quality, 3 requirements, 5 criteria; ...: 7 bids
    let uri = "/v1/compute/tender/check";
    let request = tender_request(
        "examples/office-laptops/tender.toml",
        "examples/office-laptops/bids.csv",
    );
    let answer = post(uri, &request).await;
    assert_eq!(
        answer.json(),
        json!({"tender": "2026-0142", "currency": "EUR", "award": "best-price-quality",
               "requirements": 3, "criteria": 5, "bids": 7})
    );
    let tender_only = json!({"tender": request["tender"]});
    assert_eq!(post(uri, &tender_only).await.json().get("bids"), None);
    let bad = json!({"tender": request["tender"], "bids": "bid,supplier\nB01\n"});
    let detail = post(uri, &bad).await.problem(StatusCode::BAD_REQUEST);
    assert!(detail.starts_with("bids:"), "{detail}");
}

#[tokio::test]
async fn terms_answer_as_the_cli() {
    let closing = "examples/calendars/company-closing-days.txt";
    let due = json!({
        "terms": "2/10 net 30", "invoice_date": "2026-11-26", "amount": "1000",
        "currency": "EUR", "calendar": format!("SE+{closing}"),
        "holidays": {closing: file(closing)}, "paid": "2026-12-10",
    });
    check("terms-due", &post("/v1/compute/terms/due", &due).await);
    let instalments = json!({
        "terms": "30% CWO, 70% net 30", "invoice_date": "2026-11-26", "amount": 1000,
        "currency": "EUR", "debtor": "public",
    });
    check(
        "terms-due-instalments",
        &post("/v1/compute/terms/due", &instalments).await,
    );
    let interest = json!({
        "principal": "10000", "currency": "EUR", "due": "2025-01-31", "paid": "2025-03-15",
    });
    check(
        "terms-interest",
        &post("/v1/compute/terms/interest", &interest).await,
    );
    let rates = "examples/rates/my-rates.toml";
    let interest = json!({
        "principal": "5000", "due": "2026-01-15", "paid": "2026-02-14", "country": "DE",
        "rates": {"name": rates, "text": file(rates)},
    });
    check(
        "terms-interest-rates",
        &post("/v1/compute/terms/interest", &interest).await,
    );
    check(
        "terms-incoterm-cif",
        &get("/v1/compute/terms/incoterms/CIF").await,
    );
    check(
        "terms-incoterm-list",
        &get("/v1/compute/terms/incoterms").await,
    );
    let costs = json!({"costs": file("examples/incoterms/costs.csv"), "place": "seller-premises"});
    check(
        "terms-incoterm-costs-csv",
        &post("/v1/compute/terms/incoterms/fca/costs", &costs).await,
    );
    let costs = json!({"costs": file("examples/incoterms/costs.toml"), "format": "toml"});
    check(
        "terms-incoterm-costs-toml",
        &post("/v1/compute/terms/incoterms/CIF/costs", &costs).await,
    );
    let penalty = json!({
        "value": "200", "currency": "USD", "rate": "10.5", "per": 2, "cap": "55",
        "terminate_after": 15, "due": "2018-01-31", "delivered": "2018-02-05",
    });
    check(
        "terms-penalty",
        &post("/v1/compute/terms/penalty", &penalty).await,
    );
}

#[tokio::test]
async fn contract_answers_as_the_cli() {
    let contract = file("examples/contracts/forklift-parts.toml");
    let schedule = json!({"contract": contract, "until": "2026-06-30"});
    check(
        "contract-schedule",
        &post("/v1/compute/contract/schedule", &schedule).await,
    );
    let price = json!({"contract": contract, "quantity": "650"});
    check(
        "contract-price",
        &post("/v1/compute/contract/price", &price).await,
    );
    let penalty = json!({
        "contract": contract, "due": "2026-05-04", "delivered": "2026-05-13", "value": "24000",
    });
    check(
        "contract-penalty",
        &post("/v1/compute/contract/penalty", &penalty).await,
    );
    let sla = json!({
        "contract": contract, "availability": "98.2",
        "history": file("bins/b2b/tests/data/contracts/portal-history.csv"),
    });
    check(
        "contract-sla",
        &post("/v1/compute/contract/sla", &sla).await,
    );
}

#[tokio::test]
async fn classify_answers_as_the_cli() {
    let one = file("crates/b2b-http/tests/data/one-sale.json").into_bytes();
    let answer = call(
        Method::POST,
        "/v1/compute/classify",
        Some("application/json"),
        one,
    )
    .await;
    check("classify-one", &answer);
    let array = file("examples/sales/domain-examples.json").into_bytes();
    let answer = call(
        Method::POST,
        "/v1/compute/classify?rules=seed,eu-vat",
        Some("application/json; charset=utf-8"),
        array,
    )
    .await;
    check("classify-array", &answer);
    let lines = file("examples/sales/cross-border.jsonl").into_bytes();
    let answer = call(
        Method::POST,
        "/v1/compute/classify",
        Some("application/x-ndjson"),
        lines,
    )
    .await;
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (StatusCode::OK, "application/x-ndjson")
    );
    let got: Vec<Value> = String::from_utf8_lossy(&answer.body)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let expected: Vec<Value> = golden("classify-lines")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a golden line"))
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn ident_answers_as_the_cli() {
    let ids = json!({
        "ids": ["SE556043606401", "SE 202 100-5000 01", "DE136695976"], "country": "SE",
    });
    check("ident-check", &post("/v1/compute/ident/check", &ids).await);
    // One identifier: one object, the first of the CLI's array.
    let answer = post("/v1/compute/ident/check", &json!({"id": "SE556043606401"})).await;
    let expected: Value = serde_json::from_str(&golden("ident-check")).expect("golden JSON");
    assert_eq!(answer.json(), expected[0]);
    // An invalid identifier is an answer, not an error.
    let answer = post("/v1/compute/ident/check", &json!({"id": "SE556043606402"})).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["valid"], false);
}

#[tokio::test]
async fn malformed_json_is_a_400_with_line_and_column() {
    let body = b"{\"terms\": \"net 30\",\n \"invoice_date\": }".to_vec();
    let answer = call(
        Method::POST,
        "/v1/compute/terms/due",
        Some("application/json"),
        body,
    )
    .await;
    let detail = answer.problem(StatusCode::BAD_REQUEST);
    assert!(detail.contains("line 2 column"), "{detail}");
    // Trailing text after the object is refused too.
    let answer = call(
        Method::POST,
        "/v1/compute/ident/check",
        Some("application/json"),
        br#"{"id": "SE556043606401"} x"#.to_vec(),
    )
    .await;
    let detail = answer.problem(StatusCode::BAD_REQUEST);
    assert!(detail.contains("trailing characters"), "{detail}");
}

#[tokio::test]
async fn a_wrong_field_is_named() {
    let due = "/v1/compute/terms/due";
    let bids = file("examples/office-laptops/bids.csv").replacen(",1095.00,", ",1095 kr,", 1);
    let tender = json!({"tender": file("examples/office-laptops/tender.toml"), "bids": bids});
    let cases = [
        (
            due,
            json!({"terms": 30, "invoice_date": "2026-11-26"}),
            "terms: invalid type",
        ),
        (
            due,
            json!({"terms": "net 30", "invoice_date": "2026-11-31"}),
            "invoice_date: ",
        ),
        (
            due,
            json!({"terms": "net 30", "invoice_date": "2026-11-26", "amuont": "5"}),
            "amuont: unknown field `amuont`",
        ),
        (
            due,
            json!({"terms": "nett 30", "invoice_date": "2026-11-26"}),
            "terms: ",
        ),
        (
            due,
            json!({"terms": "net 30", "invoice_date": "2026-11-26", "amount": "5"}),
            "amount: needs currency",
        ),
        (
            due,
            json!({"terms": "net 30", "invoice_date": "2026-11-26", "calendar": "SE+x"}),
            "calendar: ",
        ),
        ("/v1/compute/tender/evaluate", tender.clone(), "bids:3:"),
        (
            "/v1/compute/tender/evaluate?sensitivity=maybe",
            tender,
            "Failed to deserialize query string",
        ),
        (
            "/v1/compute/terms/penalty",
            json!({"value": "200", "currency": "USD", "rate": "x", "per": 2, "due": "2018-01-31", "delivered": "2018-02-05"}),
            "rate: ",
        ),
        (
            "/v1/compute/contract/price",
            json!({"contract": "x = [", "quantity": "5"}),
            "contract: line 1, column 6",
        ),
        (
            "/v1/compute/terms/incoterms/CIF/costs",
            json!({"costs": "", "place": "elsewhere"}),
            "place: applies to FCA only",
        ),
        (
            "/v1/compute/ident/check",
            json!({"ids": ["SE556043606401"], "country": "XX"}),
            "country: \"XX\" is not a known country",
        ),
    ];
    for (uri, body, needle) in cases {
        let detail = post(uri, &body).await.problem(StatusCode::BAD_REQUEST);
        assert!(detail.starts_with(needle), "{uri} {body}: {detail}");
    }
    for uri in [
        "/v1/compute/terms/incoterms/XYZ",
        "/v1/compute/terms/incoterms/%FF",
    ] {
        let detail = get(uri).await.problem(StatusCode::BAD_REQUEST);
        assert!(detail.starts_with("rule: "), "{uri}: {detail}");
    }
}

#[tokio::test]
async fn a_wrong_content_type_is_a_415() {
    let body = br#"{"id": "SE556043606401"}"#.to_vec();
    for media in [
        Some("text/plain"),
        None,
        Some("application/x-www-form-urlencoded"),
    ] {
        let answer = call(Method::POST, "/v1/compute/ident/check", media, body.clone()).await;
        answer.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let answer = call(Method::POST, "/v1/compute/classify", media, body.clone()).await;
        answer.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
}

#[tokio::test]
async fn a_too_long_decimal_is_refused_naming_the_field() {
    let due = json!({
        "terms": "net 30", "invoice_date": "2026-11-26",
        "amount": "123456789012345678901234567890.5", "currency": "EUR",
    });
    let detail = post("/v1/compute/terms/due", &due)
        .await
        .problem(StatusCode::BAD_REQUEST);
    assert!(detail.starts_with("amount: "), "{detail}");
}

#[tokio::test]
async fn a_long_json_number_is_read_exactly() {
    // 20 significant digits: a double holds about 16, so through f64 the
    // last digits would change. The crates read the number's text
    // (b2b_core::exact_json), so it is exact.
    let body = br#"{"principal": 1234567890.1234567891, "currency": "EUR",
        "due": "2025-01-31", "paid": "2025-03-15"}"#
        .to_vec();
    let answer = call(
        Method::POST,
        "/v1/compute/terms/interest",
        Some("application/json"),
        body,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json()["principal"]["amount"],
        "1234567890.1234567891"
    );
    // The same as a string is always exact.
    let body = json!({"principal": "1234567890.1234567891", "currency": "EUR",
        "due": "2025-01-31", "paid": "2025-03-15"});
    let answer = post("/v1/compute/terms/interest", &body).await;
    assert_eq!(
        answer.json()["principal"]["amount"],
        "1234567890.1234567891"
    );
}

#[tokio::test]
async fn a_bad_ndjson_line_is_named() {
    let mut lines = file("examples/sales/cross-border.jsonl");
    let first = lines.lines().next().expect("a line").to_owned();
    lines = format!("{first}\n{{\"id\": \"broken\", \"buyer\": 5}}\n{first}\n");
    let answer = call(
        Method::POST,
        "/v1/compute/classify",
        Some("application/x-ndjson"),
        lines.into_bytes(),
    )
    .await;
    let detail = answer.problem(StatusCode::BAD_REQUEST);
    assert!(detail.contains("line 2"), "{detail}");
    let answer = call(
        Method::POST,
        "/v1/compute/classify?rules=seed,nonesuch",
        Some("application/json"),
        first.into_bytes(),
    )
    .await;
    let detail = answer.problem(StatusCode::BAD_REQUEST);
    assert!(detail.starts_with("rules: "), "{detail}");
}

/// `body` sent in chunks of 100 bytes, with no length known beforehand.
fn chunked(body: String) -> Body {
    let (mut sender, channel) =
        http_body_util::channel::Channel::<axum::body::Bytes, std::convert::Infallible>::new(1);
    tokio::spawn(async move {
        for chunk in body.into_bytes().chunks(100) {
            let chunk = axum::body::Bytes::copy_from_slice(chunk);
            if sender.send_data(chunk).await.is_err() {
                break;
            }
        }
    });
    Body::new(channel)
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_problem() {
    // The server's body limit (tower-http's, as b2b-server sets it) cuts
    // a body as it streams in: the handler answers a 413 problem.
    let limited = app().layer(tower_http::limit::RequestBodyLimitLayer::new(1000));
    let ids = vec!["\"SE556043606401\""; 200].join(",");
    let body = chunked(format!(r#"{{"ids": [{ids}]}}"#));
    let answer = send(
        limited.clone(),
        Method::POST,
        "/v1/compute/ident/check",
        Some("application/json"),
        body,
    )
    .await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
    // Streamed JSON lines: a 413 if the limit is met before the first
    // answer was sent, else the answer's last line is the problem.
    let lines = file("examples/sales/cross-border.jsonl").repeat(20);
    let answer = send(
        limited,
        Method::POST,
        "/v1/compute/classify",
        Some("application/x-ndjson"),
        chunked(lines),
    )
    .await;
    if answer.status == StatusCode::OK {
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        let last: Value =
            serde_json::from_str(text.lines().last().unwrap_or_default()).expect("a JSON line");
        assert_eq!(last["status"], 413, "{text}");
    } else {
        answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
    }
}

#[tokio::test]
async fn no_body_makes_a_5xx() {
    let routes = [
        "/v1/compute/tender/evaluate",
        "/v1/compute/tender/check",
        "/v1/compute/terms/due",
        "/v1/compute/terms/interest",
        "/v1/compute/terms/incoterms/FCA/costs",
        "/v1/compute/terms/penalty",
        "/v1/compute/contract/schedule",
        "/v1/compute/contract/price",
        "/v1/compute/contract/penalty",
        "/v1/compute/contract/sla",
        "/v1/compute/classify",
        "/v1/compute/ident/check",
    ];
    let bodies: [&[u8]; 12] = [
        b"",
        b"5",
        b"[]",
        b"{}",
        b"null",
        b"\"x\"",
        b"{\"a\": 1}",
        b"\xff\xfe{",
        b"{\"tender\": \"\", \"bids\": \"\", \"contract\": \"\"}",
        b"{\"tender\": {}, \"bids\": [], \"contract\": {}}",
        b"[{}]\n",
        b"{}\n{}\n",
    ];
    for uri in routes {
        for media in ["application/json", "application/x-ndjson"] {
            for body in bodies {
                let answer = call(Method::POST, uri, Some(media), body.to_vec()).await;
                assert!(
                    answer.status.is_success() || answer.status.is_client_error(),
                    "{uri} {media} {:?}: {} {}",
                    String::from_utf8_lossy(body),
                    answer.status,
                    String::from_utf8_lossy(&answer.body)
                );
                if !answer.status.is_success() {
                    answer.problem(answer.status);
                }
            }
        }
    }
}

/// An array whose later sale is bad, arriving in small chunks (so the
/// server must wait for more of the body after classifying the first
/// sales): still a 400 naming the sale, never a 200 broken off, which
/// would end the connection without a valid answer.
#[tokio::test]
async fn a_bad_sale_late_in_a_streamed_array_is_a_400() {
    let lines = file("examples/sales/cross-border.jsonl");
    let first = lines.lines().next().expect("a line").to_owned();
    let good = vec![first.as_str(); 40].join(",\n");
    let array = format!("[{good},\n{{\"id\": \"broken\", \"buyer\": 5}}]");
    let answer = send(
        app(),
        Method::POST,
        "/v1/compute/classify",
        Some("application/json"),
        chunked(array),
    )
    .await;
    let detail = answer.problem(StatusCode::BAD_REQUEST);
    assert!(detail.contains("41"), "{detail}");
}
