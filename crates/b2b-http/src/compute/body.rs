//! Reading request bodies and query strings into the wire types, and
//! writing answers: every failure is an [`ApiError`] naming the field, the
//! line and the column, never axum's plain-text rejection.

use crate::problem::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use b2b_core::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{RefOr, schema::SchemaType};

/// The media type of JSON bodies.
pub const JSON: &str = "application/json";

/// The media type of JSON lines (one JSON value per line).
pub const NDJSON: &str = "application/x-ndjson";

/// The media type of a body, without parameters, in lower case; `None`
/// without a `Content-Type`.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or(value);
    Some(essence.trim().to_ascii_lowercase())
}

/// Whether `media` is JSON: `application/json` or a `+json` type.
fn is_json(media: &str) -> bool {
    media == JSON || (media.starts_with("application/") && media.ends_with("+json"))
}

/// The 415 of a body in a media type the route does not read.
pub fn unsupported(headers: &HeaderMap, accepted: &str) -> ApiError {
    let given = match media_type(headers) {
        Some(media) => format!("Content-Type {:?}", b2b_core::excerpt(&media).to_string()),
        None => "no Content-Type".to_owned(),
    };
    ApiError::UnsupportedMediaType(format!("the body has {given}; this route reads {accepted}"))
}

/// Maps the failure to read a body: too large is a 413, anything else
/// (the client went away mid-body) a 400.
pub fn body_error(error: &(dyn std::error::Error + 'static)) -> ApiError {
    let mut source = Some(error);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return ApiError::PayloadTooLarge("the body is larger than the server accepts".into());
        }
        source = cause.source();
    }
    ApiError::BadRequest(format!("the body could not be read: {error}"))
}

/// Deserialises JSON text into `T`, exactly (numbers are never read
/// through a float by the b2b types). A syntax error names its line and
/// column; a value that does not fit names its field path
/// (`bids[2].price`).
///
/// # Errors
///
/// [`ApiError::BadRequest`] saying where and what.
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        // An exact number is read through serde_json's private raw-value
        // key (b2b_core::exact_json); it is no field of the client's.
        let path = error
            .path()
            .to_string()
            .replace(".$serde_json::private::RawValue", "")
            .replace(".$serde_json::private::Number", "");
        let inner = error.into_inner();
        ApiError::BadRequest(if path == "." || inner.is_syntax() || inner.is_eof() {
            format!("request body: {inner}")
        } else {
            format!("{path}: {inner}")
        })
    })?;
    deserializer
        .end()
        .map_err(|error| ApiError::BadRequest(format!("request body: {error}")))?;
    Ok(value)
}

/// A JSON body (`Content-Type: application/json`) read into `T` with
/// [`from_json`]: axum's `Json` with the API's errors.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ApiError> {
        if !media_type(request.headers()).is_some_and(|media| is_json(&media)) {
            return Err(unsupported(request.headers(), JSON));
        }
        let bytes = read_body(request.into_body()).await?;
        from_json(&bytes).map(JsonBody)
    }
}

/// The whole body (bounded by the server's body limit layer).
///
/// # Errors
///
/// 413 when the limit is exceeded, 400 when the body breaks off.
pub(crate) async fn read_body(body: Body) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|error| body_error(&error))
}

/// The query string read into `T` (`?sensitivity=true`), with the API's
/// errors.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|query| QueryParams(query.0))
            .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
    }
}

/// An answer in JSON (`application/json`).
///
/// # Errors
///
/// [`ApiError::Internal`] if `value` cannot be written (it always can:
/// reports hold strings, numbers and objects).
pub fn json_response<T: Serialize>(value: &T) -> Result<Response, ApiError> {
    let bytes = serde_json::to_vec(value)
        .map_err(|error| ApiError::Internal(format!("writing a report: {error}")))?;
    Ok(json_bytes(bytes))
}

/// JSON already written, as an answer.
pub fn json_bytes(bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

/// A file carried in a request: either its JSON form as a JSON value (a
/// tender or contract object, an array of bids), or the file's text as a
/// JSON string (a TOML tender or contract, a CSV bids file).
#[derive(Debug)]
pub struct FileText(Box<RawValue>);

/// What a [`FileText`] holds.
#[derive(Debug)]
pub enum FileContent<'a> {
    /// A JSON value, as the exact text of the request.
    Json(&'a str),
    /// A string's contents: the text of a TOML or CSV file.
    Text(String),
}

impl FileText {
    /// The file as JSON text or as the text of a string.
    ///
    /// # Errors
    ///
    /// [`ApiError::BadRequest`] naming `field` if a string cannot be
    /// decoded (never for a body that parsed).
    pub fn content(&self, field: &str) -> Result<FileContent<'_>, ApiError> {
        let raw = self.0.get();
        if raw.starts_with('"') {
            serde_json::from_str(raw)
                .map(FileContent::Text)
                .map_err(|error| ApiError::BadRequest(format!("{field}: {error}")))
        } else {
            Ok(FileContent::Json(raw))
        }
    }
}

impl<'de> Deserialize<'de> for FileText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(FileText)
    }
}

impl utoipa::PartialSchema for FileText {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(SchemaType::Array(vec![Type::Object, Type::Array]))
                    .description(Some("the file's JSON form")),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("the file's text (TOML or CSV)")),
            )
            .description(Some(
                "A file: its JSON form as a JSON value, or its text (TOML, CSV) as a string",
            ))
            .into()
    }
}

impl utoipa::ToSchema for FileText {}

/// A decimal read exactly from a JSON string or number
/// (`b2b_core::deserialize_decimal`), for `Option` fields.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(transparent)]
pub struct Exact(#[serde(deserialize_with = "b2b_core::deserialize_decimal")] pub Decimal);

/// A decimal as the API's schema shows it: a decimal string (a JSON
/// number is read exactly too, or refused when it cannot be).
pub fn decimal_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Number]))
        .description(Some(
            "a decimal: a string such as \"1234.50\" (preferred), or a JSON number read exactly",
        ))
}
