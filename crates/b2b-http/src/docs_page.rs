//! The public description of the API: `GET /openapi.json` (the document)
//! and `GET /docs`, a self-contained HTML page (inline CSS, no script, no
//! fetch, nothing from the network) that lists every path with its
//! method, summary, description, parameters, request body and responses,
//! and every schema they name, rendered once from the same document.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value};

/// `GET /openapi.json` and `GET /docs`, both public (no token): mount
/// them outside the auth layer.
pub fn public_router<S: Clone + Send + Sync + 'static>(
    openapi: &utoipa::openapi::OpenApi,
) -> Router<S> {
    let json = Value::from(openapi_json(openapi));
    let spec = Bytes::from(json.to_string());
    let page = Bytes::from(render(&json));
    let spec = Arc::new(spec);
    let page = Arc::new(page);
    Router::new()
        .route(
            "/openapi.json",
            get(move || {
                let spec = Arc::clone(&spec);
                async move { with_type((*spec).clone(), "application/json") }
            }),
        )
        .route(
            "/docs",
            get(move || {
                let page = Arc::clone(&page);
                async move { with_type((*page).clone(), "text/html; charset=utf-8") }
            }),
        )
}

/// The document as a JSON value.
fn openapi_json(openapi: &utoipa::openapi::OpenApi) -> Map<String, Value> {
    match serde_json::to_value(openapi) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn with_type(body: Bytes, media: &'static str) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    response
}

/// `text` safe inside HTML text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#1d1d1f}
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #ccc}
.op{border:1px solid #d0d7de;border-radius:6px;margin:1rem 0;padding:.6rem 1rem}
.method{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}
.get{color:#0a7b3e}.post{color:#0550ae}.put{color:#8a4600}.delete{color:#b3261e}
code,.path{font-family:ui-monospace,monospace}.path{font-weight:600}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
ul.schema{margin:.2rem 0;padding-left:1.2rem}.type{color:#6e4b00}.req{color:#b3261e;font-size:.85em}
.desc{color:#444}nav ul{columns:2}details{margin:.3rem 0}
";

/// The whole page.
fn render(doc: &Value) -> String {
    let info = doc.get("info").cloned().unwrap_or(Value::Null);
    let title = escape(text(&info, "title"));
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n\
         <h1>{title} <small>{}</small></h1><p class=\"desc\">{}</p>\
         <p>OpenAPI {} document: <a href=\"/openapi.json\">/openapi.json</a>.</p>\n",
        escape(text(&info, "version")),
        escape(text(&info, "description")),
        escape(text(doc, "openapi")),
    );
    let empty = Map::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    html.push_str("<nav><h2>Paths</h2><ul>");
    for (path, item) in paths {
        for (method, op) in operations(item) {
            let _ = write!(
                html,
                "<li><a href=\"#{}\"><span class=\"method {method}\">{method}</span> \
                 <span class=\"path\">{}</span></a> {}</li>",
                anchor(method, path),
                escape(path),
                escape(text(op, "summary"))
            );
        }
    }
    html.push_str("</ul></nav>\n");
    for (path, item) in paths {
        for (method, op) in operations(item) {
            render_operation(&mut html, method, path, op);
        }
    }
    html.push_str("<h2 id=\"schemas\">Schemas</h2>\n");
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, schema) in schemas {
        let _ = write!(
            html,
            "<div class=\"op\" id=\"schema-{0}\"><h3><code>{0}</code></h3>",
            escape(name)
        );
        render_schema(&mut html, schema);
        html.push_str("</div>\n");
    }
    if let Some(schemes) = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    {
        html.push_str("<h2>Security</h2><ul>");
        for (name, scheme) in schemes {
            let _ = write!(
                html,
                "<li><code>{}</code>: {} {} — {}</li>",
                escape(name),
                escape(text(scheme, "type")),
                escape(text(scheme, "scheme")),
                escape(text(scheme, "description"))
            );
        }
        html.push_str("</ul>");
    }
    html.push_str("</body></html>\n");
    html
}

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// The operations of a path item, in a fixed method order.
fn operations(item: &Value) -> impl Iterator<Item = (&'static str, &Value)> {
    METHODS
        .into_iter()
        .filter_map(move |method| item.get(method).map(|op| (method, op)))
}

fn anchor(method: &str, path: &str) -> String {
    let slug: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{method}{slug}")
}

fn render_operation(html: &mut String, method: &str, path: &str, op: &Value) {
    let _ = write!(
        html,
        "<div class=\"op\" id=\"{}\"><h3><span class=\"method {method}\">{method}</span> \
         <span class=\"path\">{}</span></h3><p><strong>{}</strong></p>",
        anchor(method, path),
        escape(path),
        escape(text(op, "summary"))
    );
    let description = text(op, "description");
    if !description.is_empty() {
        let _ = write!(html, "<p class=\"desc\">{}</p>", escape(description));
    }
    if let Some(security) = op.get("security").and_then(Value::as_array) {
        let names: Vec<String> = security
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|map| map.keys().map(|k| escape(k)))
            .collect();
        if !names.is_empty() {
            let _ = write!(html, "<p>Security: <code>{}</code></p>", names.join(", "));
        }
    }
    if let Some(parameters) = op.get("parameters").and_then(Value::as_array) {
        html.push_str(
            "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th>\
             <th>schema</th><th>description</th></tr>",
        );
        for parameter in parameters {
            let _ = write!(
                html,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>",
                escape(text(parameter, "name")),
                escape(text(parameter, "in")),
                parameter
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            );
            if let Some(schema) = parameter.get("schema") {
                render_schema(html, schema);
            }
            let _ = write!(
                html,
                "</td><td>{}</td></tr>",
                escape(text(parameter, "description"))
            );
        }
        html.push_str("</table>");
    }
    if let Some(body) = op.get("requestBody") {
        html.push_str("<h4>Request body</h4>");
        let description = text(body, "description");
        if !description.is_empty() {
            let _ = write!(html, "<p class=\"desc\">{}</p>", escape(description));
        }
        render_content(html, body);
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        html.push_str("<h4>Responses</h4>");
        for (status, response) in responses {
            let _ = write!(
                html,
                "<details><summary><strong>{}</strong> {}</summary>",
                escape(status),
                escape(text(response, "description"))
            );
            render_content(html, response);
            html.push_str("</details>");
        }
    }
    html.push_str("</div>\n");
}

/// Each media type of a body and its schema.
fn render_content(html: &mut String, holder: &Value) {
    let Some(content) = holder.get("content").and_then(Value::as_object) else {
        return;
    };
    for (media, entry) in content {
        let _ = write!(html, "<p><code>{}</code></p>", escape(media));
        if let Some(schema) = entry.get("schema") {
            render_schema(html, schema);
        }
    }
}

/// A schema as nested lists: type, description, properties (required
/// marked), items, alternatives; `$ref`s link to the Schemas section.
fn render_schema(html: &mut String, schema: &Value) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let _ = write!(
            html,
            "<a href=\"#schema-{0}\"><code>{0}</code></a>",
            escape(name)
        );
        return;
    }
    let kind = match schema.get("type") {
        Some(Value::String(kind)) => kind.clone(),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => String::new(),
    };
    if !kind.is_empty() {
        let _ = write!(html, "<span class=\"type\">{}</span>", escape(&kind));
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        let _ = write!(html, " <span class=\"type\">({})</span>", escape(format));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let list: Vec<String> = values.iter().map(|v| escape(&v.to_string())).collect();
        let _ = write!(html, " one of <code>{}</code>", list.join(", "));
    }
    let description = text(schema, "description");
    if !description.is_empty() {
        let _ = write!(html, " <span class=\"desc\">{}</span>", escape(description));
    }
    if let Some(example) = schema.get("example") {
        let _ = write!(html, " e.g. <code>{}</code>", escape(&example.to_string()));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(items) = schema.get(key).and_then(Value::as_array) {
            let _ = write!(html, " {key}:<ul class=\"schema\">");
            for item in items {
                html.push_str("<li>");
                render_schema(html, item);
                html.push_str("</li>");
            }
            html.push_str("</ul>");
        }
    }
    if let Some(items) = schema.get("items") {
        html.push_str(" of <ul class=\"schema\"><li>");
        render_schema(html, items);
        html.push_str("</li></ul>");
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        html.push_str("<ul class=\"schema\">");
        for (name, property) in properties {
            let _ = write!(html, "<li><code>{}</code>", escape(name));
            if required.contains(&name.as_str()) {
                html.push_str(" <span class=\"req\">required</span>");
            }
            html.push_str(": ");
            render_schema(html, property);
            html.push_str("</li>");
        }
        html.push_str("</ul>");
    }
}
