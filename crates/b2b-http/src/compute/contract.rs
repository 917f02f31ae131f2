//! Questions asked of a contract given in the request, as `b2b contract
//! schedule | price | penalty | sla --format json`.

use super::body::{Exact, FileContent, FileText, JsonBody, json_response};
use super::schemas::{ContractPenaltyReport, PriceReport, ScheduleReport, SlaReport};
use super::{Failures, bad, field};
use crate::problem::ApiError;
use axum::response::Response;
use b2b_core::Decimal;
use b2b_terms::contract::{Contract, ContractFormat};
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

/// Reads the contract of a request.
fn contract(file: &FileText) -> Result<Contract, ApiError> {
    match file.content("contract")? {
        FileContent::Json(text) => Contract::parse(text, ContractFormat::Json),
        FileContent::Text(text) => Contract::parse(&text, ContractFormat::Toml),
    }
    .map_err(field("contract"))
}

/// A contract and the last day to show (`b2b contract schedule`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// The contract file (docs/contracts.md): its JSON form as an object,
    /// or the TOML file's text as a string.
    #[schema(value_type = FileText)]
    pub contract: FileText,
    /// The last day to show [default: the end of the contract, or of its
    /// second renewal when it renews without limit].
    #[serde(default, deserialize_with = "b2b_core::deserialize_optional_date")]
    #[schema(value_type = Option<String>, format = Date, example = "2026-06-30")]
    pub until: Option<Date>,
}

/// Key dates: term ends, renewals, last days to give notice, invoices and
/// payments.
///
/// The same report as `b2b contract schedule --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/contract/schedule",
    tag = "compute",
    request_body(content = ScheduleRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The schedule (docs/contracts.md)", body = ScheduleReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn schedule(
    JsonBody(request): JsonBody<ScheduleRequest>,
) -> Result<Response, ApiError> {
    let contract = contract(&request.contract)?;
    let schedule = contract.schedule(request.until).map_err(bad)?;
    json_response(&contract.under(&schedule))
}

/// A contract and a quantity (`b2b contract price`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceRequest {
    /// The contract file: JSON object or TOML text.
    #[schema(value_type = FileText)]
    pub contract: FileText,
    /// The quantity ordered.
    #[serde(deserialize_with = "b2b_core::deserialize_decimal")]
    #[schema(value_type = String, example = "650")]
    pub quantity: Decimal,
}

/// The price of a quantity under the contract's volume tiers.
///
/// The same report as `b2b contract price --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/contract/price",
    tag = "compute",
    request_body(content = PriceRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The price breakdown (docs/penalties-tiers-sla.md)", body = PriceReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn price(JsonBody(request): JsonBody<PriceRequest>) -> Result<Response, ApiError> {
    let contract = contract(&request.contract)?;
    let breakdown = contract
        .price_for(request.quantity)
        .map_err(field("contract"))?;
    json_response(&contract.under(&breakdown))
}

/// A contract and a late delivery (`b2b contract penalty`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractPenaltyRequest {
    /// The contract file: JSON object or TOML text.
    #[schema(value_type = FileText)]
    pub contract: FileText,
    /// The agreed delivery date.
    #[serde(deserialize_with = "b2b_core::deserialize_date")]
    #[schema(value_type = String, format = Date, example = "2026-05-04")]
    pub due: Date,
    /// The actual delivery date.
    #[serde(deserialize_with = "b2b_core::deserialize_date")]
    #[schema(value_type = String, format = Date, example = "2026-05-13")]
    pub delivered: Date,
    /// The value of the late goods, in the contract's currency.
    #[serde(deserialize_with = "b2b_core::deserialize_decimal")]
    #[schema(value_type = String, example = "24000")]
    pub value: Decimal,
    /// The delay was caused by force majeure: no penalty.
    #[serde(default)]
    pub force_majeure: bool,
}

/// The penalty for a late delivery under the contract's penalty clause.
///
/// The same report as `b2b contract penalty --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/contract/penalty",
    tag = "compute",
    request_body(content = ContractPenaltyRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The penalty assessment (docs/penalties-tiers-sla.md)", body = ContractPenaltyReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn penalty(
    JsonBody(request): JsonBody<ContractPenaltyRequest>,
) -> Result<Response, ApiError> {
    let contract = contract(&request.contract)?;
    let assessment = contract
        .late_delivery_penalty(
            request.due,
            request.delivered,
            request.value,
            request.force_majeure,
        )
        .map_err(field("contract"))?;
    json_response(&contract.under(&assessment))
}

/// A contract and a month's availability (`b2b contract sla`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaRequest {
    /// The contract file: JSON object or TOML text.
    #[schema(value_type = FileText)]
    pub contract: FileText,
    /// The month's measured availability, in percent (0 to 100).
    #[serde(deserialize_with = "b2b_core::deserialize_decimal")]
    #[schema(value_type = String, example = "98.2")]
    pub availability: Decimal,
    /// The month's charge [default: the contract's monthly billing
    /// amount].
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub charge: Option<Exact>,
    /// The previous months' charges and credits, oldest first: the text of
    /// a CSV file with the columns `charge` and `credit` (and optionally
    /// `month`).
    #[serde(default)]
    pub history: Option<String>,
}

/// The service credit for a month's availability under the contract's
/// service levels.
///
/// The same report as `b2b contract sla --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/contract/sla",
    tag = "compute",
    request_body(content = SlaRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The service credit (docs/penalties-tiers-sla.md)", body = SlaReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn sla(JsonBody(request): JsonBody<SlaRequest>) -> Result<Response, ApiError> {
    let contract = contract(&request.contract)?;
    let history = match &request.history {
        Some(text) => {
            b2b_terms::sla::parse_history(text, contract.currency).map_err(field("history"))?
        }
        None => Vec::new(),
    };
    let charge = request.charge.map(|Exact(charge)| charge);
    let credit = contract
        .service_credit(request.availability, charge, &history)
        .map_err(field("contract"))?;
    json_response(&contract.under(&credit))
}
