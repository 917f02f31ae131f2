//! `POST /v1/compute/tender/evaluate`: rank a tender's bids, as
//! `b2b tender evaluate --format json`; `POST /v1/compute/tender/check`:
//! validate a tender and bids without ranking, as `b2b tender check`.

use super::body::{FileContent, FileText, JsonBody, QueryParams, json_bytes, json_response};
use super::schemas::TenderReport;
use super::{Failures, bad};
use crate::problem::ApiError;
use axum::response::Response;
use b2b_tender::input::{self, BidsFormat, TenderFormat};
use b2b_tender::{Bids, Options, Tender};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A tender and its bids.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    /// The tender file (docs/formats.md): its JSON form as an object, or
    /// the TOML file's text as a string.
    #[schema(value_type = FileText)]
    pub tender: FileText,
    /// The bids file, checked against the tender: its JSON form (an array
    /// of bid objects, or `{"bids": [...]}`), or the CSV file's text as a
    /// string.
    #[schema(value_type = FileText)]
    pub bids: FileText,
}

/// Options of an evaluation.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EvaluateParams {
    /// Also compute weight ranges (best-price-quality) and the
    /// rank-reversal check, as the CLI's `--sensitivity`.
    #[serde(default)]
    pub sensitivity: bool,
}

/// Rank the bids of a tender.
///
/// The same JSON report as `b2b tender evaluate --format json` on the
/// same files. Errors name `tender` or `bids` with the line and column
/// within that file's text.
#[utoipa::path(
    post,
    path = "/v1/compute/tender/evaluate",
    tag = "compute",
    params(EvaluateParams),
    request_body(content = EvaluateRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The evaluation report (docs/formats.md#json-report)", body = TenderReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn evaluate(
    QueryParams(params): QueryParams<EvaluateParams>,
    JsonBody(request): JsonBody<EvaluateRequest>,
) -> Result<Response, ApiError> {
    // Parsing and ranking a large tender is CPU work: off the runtime.
    let bytes = super::blocking(move || {
        let tender = read_tender(&request.tender)?;
        let bids = read_bids(&request.bids, &tender)?;
        let options = Options {
            sensitivity: params.sensitivity,
        };
        let evaluation = b2b_tender::evaluate(&tender, &bids, &options).map_err(bad)?;
        let mut out = Vec::new();
        evaluation
            .report()
            .write_json(&mut out)
            .map_err(|error| ApiError::Internal(format!("writing a report: {error}")))?;
        Ok(out)
    })
    .await?;
    Ok(json_bytes(bytes))
}

/// The tender of a request.
fn read_tender(file: &FileText) -> Result<Tender, ApiError> {
    match file.content("tender")? {
        FileContent::Json(text) => input::parse_tender(text, TenderFormat::Json, "tender"),
        FileContent::Text(text) => input::parse_tender(&text, TenderFormat::Toml, "tender"),
    }
    .map_err(bad)
}

/// The bids of a request, checked against `tender`.
fn read_bids(file: &FileText, tender: &Tender) -> Result<Bids, ApiError> {
    let (text, format) = match file.content("bids")? {
        FileContent::Json(text) => (std::borrow::Cow::Borrowed(text), BidsFormat::Json),
        FileContent::Text(text) => (std::borrow::Cow::Owned(text), BidsFormat::Csv),
    };
    input::parse_bids(text.as_bytes(), format, "bids", tender).map_err(bad)
}

/// A tender and, optionally, bids to check against it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The tender file: its JSON form as an object, or the TOML file's
    /// text as a string.
    #[schema(value_type = FileText)]
    pub tender: FileText,
    /// A bids file to check against the tender: JSON bids or the CSV
    /// file's text.
    #[serde(default)]
    #[schema(value_type = Option<FileText>)]
    pub bids: Option<FileText>,
}

/// What a valid tender (and bids file) holds: the facts `b2b tender
/// check` prints after `ok:`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckReport {
    /// The tender's id.
    pub tender: String,
    /// Its currency.
    pub currency: String,
    /// Its award model.
    pub award: String,
    /// How many requirements it has.
    pub requirements: usize,
    /// How many criteria it has.
    pub criteria: usize,
    /// How many bids the bids file holds, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bids: Option<usize>,
}

/// Validate a tender, and bids against it, without ranking.
///
/// A quick way to find every mistake before the evaluation: the first
/// problem is a 400 naming the file, line and column, as
/// `b2b tender check`; a valid tender answers what it holds.
#[utoipa::path(
    post,
    path = "/v1/compute/tender/check",
    tag = "compute",
    request_body(content = CheckRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The tender is valid (and the bids)", body = CheckReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn check(JsonBody(request): JsonBody<CheckRequest>) -> Result<Response, ApiError> {
    let report = super::blocking(move || {
        let tender = read_tender(&request.tender)?;
        let bids = match &request.bids {
            Some(file) => Some(read_bids(file, &tender)?.len()),
            None => None,
        };
        Ok(CheckReport {
            tender: tender.id.clone(),
            currency: tender.currency.to_string(),
            award: tender.award.to_string(),
            requirements: tender.requirements.len(),
            criteria: tender.criteria.len(),
            bids,
        })
    })
    .await?;
    json_response(&report)
}
