//! The OpenAPI document of the compute routes: every route is in it,
//! with its security, bodies and problem responses; the CLI's golden
//! reports fit the 200 schemas; `/openapi.json` and `/docs` are served,
//! and the page needs no network.

mod compute_support;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use b2b_http::{compute, docs_page, openapi};
use compute_support::send;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Every compute route ("method path") and the golden reports its 200
/// gives (space-separated).
const ROUTES: &[(&str, &str)] = &[
    (
        "post /v1/compute/tender/evaluate",
        "tender-office-laptops tender-office-laptops-sensitivity tender-forklift-lcc tender-prozorro-features",
    ),
    ("post /v1/compute/tender/check", ""),
    (
        "post /v1/compute/terms/due",
        "terms-due terms-due-instalments",
    ),
    (
        "post /v1/compute/terms/interest",
        "terms-interest terms-interest-rates",
    ),
    ("get /v1/compute/terms/incoterms", "terms-incoterm-list"),
    (
        "get /v1/compute/terms/incoterms/{rule}",
        "terms-incoterm-cif",
    ),
    (
        "post /v1/compute/terms/incoterms/{rule}/costs",
        "terms-incoterm-costs-csv terms-incoterm-costs-toml",
    ),
    ("post /v1/compute/terms/penalty", "terms-penalty"),
    ("post /v1/compute/contract/schedule", "contract-schedule"),
    ("post /v1/compute/contract/price", "contract-price"),
    ("post /v1/compute/contract/penalty", "contract-penalty"),
    ("post /v1/compute/contract/sla", "contract-sla"),
    ("post /v1/compute/classify", "classify-one classify-array"),
    ("post /v1/compute/ident/check", "ident-check"),
];

fn parts() -> (Router, Value) {
    let (router, document) = openapi::document([compute::router::<()>()]);
    let json = serde_json::to_value(&document).expect("the document serialises");
    (router, json)
}

#[tokio::test]
async fn every_compute_route_is_in_the_document() {
    let (router, document) = parts();
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    assert_eq!(document["info"]["title"], "b2b API");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut documented = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let expected: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(route)
        .map(|(method, path, _)| (method.to_owned(), path.to_owned()))
        .collect();
    assert_eq!(documented, expected);
    for (method, path, _) in ROUTES.iter().map(route) {
        // The router serves what the document says (an empty body is a
        // 4xx problem from the route, not axum's 404 or 405).
        let uri = path.replace("{rule}", "CIF");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
        let status = send(router.clone(), method.clone(), &uri, None, Body::empty())
            .await
            .status;
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}: {status}"
        );
        let op = &document["paths"][path][method.as_str().to_lowercase()];
        assert_eq!(op["security"][0]["bearer"], serde_json::json!([]), "{path}");
        for status in ["200", "400", "401", "403", "413", "415"] {
            assert!(op["responses"][status].is_object(), "{path} lacks {status}");
        }
        for status in ["400", "401", "403", "413", "415"] {
            let schema = &op["responses"][status]["content"]["application/problem+json"]["schema"];
            assert_eq!(
                schema["$ref"], "#/components/schemas/Problem",
                "{path} {status}"
            );
        }
        if method == Method::POST {
            assert!(
                op["requestBody"]["content"].is_object(),
                "{path} has no body"
            );
        }
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{path}"
        );
    }
}

/// A small JSON Schema check, enough for the document's shapes: `type`
/// (one or several), `required`, `properties`, `items`, `oneOf`/`anyOf`/
/// `allOf` and `$ref` into the components. Gives the first misfit.
fn misfit(document: &Value, schema: &Value, value: &Value, at: &str) -> Option<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return misfit(
            document,
            &document["components"]["schemas"][name],
            value,
            at,
        );
    }
    if let Some(items) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        let fits = items
            .iter()
            .filter(|item| misfit(document, item, value, at).is_none())
            .count();
        let ok = if schema["oneOf"].is_array() {
            fits == 1
        } else {
            fits >= 1
        };
        if !ok {
            return Some(format!("{at}: fits {fits} of the alternatives"));
        }
    }
    if let Some(items) = schema["allOf"].as_array()
        && let Some(miss) = items
            .iter()
            .find_map(|item| misfit(document, item, value, at))
    {
        return Some(miss);
    }
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let allowed: Vec<&str> = match &schema["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let fits = allowed.is_empty()
        || allowed.contains(&kind)
        || (kind == "integer" && allowed.contains(&"number"));
    if !fits {
        return Some(format!("{at}: {kind}, the schema says {allowed:?}"));
    }
    if let (Some(required), Value::Object(map)) = (schema["required"].as_array(), value) {
        for name in required.iter().filter_map(Value::as_str) {
            if !map.contains_key(name) {
                return Some(format!("{at}: lacks the required {name}"));
            }
        }
    }
    if let (Some(properties), Value::Object(map)) = (schema["properties"].as_object(), value) {
        for (name, property) in properties {
            if let Some(inner) = map.get(name)
                && let Some(miss) = misfit(document, property, inner, &format!("{at}.{name}"))
            {
                return Some(miss);
            }
        }
    }
    if let (Value::Object(_), Value::Array(list)) = (&schema["items"], value) {
        for (index, item) in list.iter().enumerate() {
            if let Some(miss) = misfit(document, &schema["items"], item, &format!("{at}[{index}]"))
            {
                return Some(miss);
            }
        }
    }
    None
}

#[test]
fn the_golden_reports_fit_the_200_schemas() {
    let (_, document) = parts();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
    for (method, path, goldens) in ROUTES.iter().map(route) {
        let content = &document["paths"][path][method]["responses"]["200"]["content"];
        for name in goldens {
            let text =
                std::fs::read_to_string(root.join(format!("{name}.json"))).expect("a golden file");
            let value: Value = serde_json::from_str(&text).expect("golden JSON");
            let schema = &content["application/json"]["schema"];
            assert!(schema.is_object(), "{path}: no JSON schema");
            assert_eq!(misfit(&document, schema, &value, name), None);
        }
    }
    // Each line of a JSON-lines answer fits its schema too.
    let schema = &document["paths"]["/v1/compute/classify"]["post"]["responses"]["200"]["content"]
        ["application/x-ndjson"]["schema"];
    let text = std::fs::read_to_string(root.join("classify-lines.json")).expect("golden");
    for line in text.lines() {
        let value: Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(misfit(&document, schema, &value, "line"), None);
    }
}

#[tokio::test]
async fn the_document_and_the_page_are_served() {
    let (_, document) = parts();
    let (_, doc) = openapi::document([compute::router::<()>()]);
    let public: Router = docs_page::public_router(&doc);
    let spec = send(
        public.clone(),
        Method::GET,
        "/openapi.json",
        None,
        Body::empty(),
    )
    .await;
    assert_eq!(
        (spec.status, spec.content_type.as_str()),
        (StatusCode::OK, "application/json")
    );
    let served = spec.json();
    assert_eq!(served, document);
    let page = send(public, Method::GET, "/docs", None, Body::empty()).await;
    assert_eq!(
        (page.status, page.content_type.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    let page = String::from_utf8(page.body).expect("UTF-8");
    for (method, path, _) in ROUTES.iter().map(route) {
        let summary = document["paths"][path][method]["summary"]
            .as_str()
            .expect("a summary")
            .replace('\'', "&#39;");
        assert!(page.contains(&summary), "{summary}");
    }
    for (_, path, _) in ROUTES.iter().map(route) {
        assert!(
            page.contains(&format!("<span class=\"path\">{path}</span>")),
            "{path}"
        );
    }
    for name in document["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
    {
        assert!(page.contains(&format!("id=\"schema-{name}\"")), "{name}");
    }
    // Works offline: nothing is loaded from anywhere.
    for needle in ["<script", "<link", "src=", "http://", "@import", "url("] {
        assert!(!page.contains(needle), "the page has {needle}");
    }
}

/// The method, the path and the golden reports of a [`ROUTES`] entry.
fn route(entry: &(&'static str, &'static str)) -> (&'static str, &'static str, Vec<&'static str>) {
    let (method, path) = entry.0.split_once(' ').expect("method and path");
    (method, path, entry.1.split_whitespace().collect())
}
