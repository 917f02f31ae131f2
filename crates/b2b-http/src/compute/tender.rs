//! `POST /v1/compute/tender/evaluate`: rank a tender's bids, as
//! `b2b tender evaluate --format json`.

use super::body::{FileContent, FileText, JsonBody, QueryParams, json_bytes};
use super::schemas::TenderReport;
use super::{Failures, bad};
use crate::problem::ApiError;
use axum::response::Response;
use b2b_tender::Options;
use b2b_tender::input::{self, BidsFormat, TenderFormat};
use serde::Deserialize;
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
        let tender = match request.tender.content("tender")? {
            FileContent::Json(text) => input::parse_tender(text, TenderFormat::Json, "tender"),
            FileContent::Text(text) => input::parse_tender(&text, TenderFormat::Toml, "tender"),
        }
        .map_err(bad)?;
        let bids = match request.bids.content("bids")? {
            FileContent::Json(text) => {
                input::parse_bids(text.as_bytes(), BidsFormat::Json, "bids", &tender)
            }
            FileContent::Text(text) => {
                input::parse_bids(text.as_bytes(), BidsFormat::Csv, "bids", &tender)
            }
        }
        .map_err(bad)?;
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
