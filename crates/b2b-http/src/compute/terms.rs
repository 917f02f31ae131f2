//! Contract terms from request fields, as `b2b terms due | interest |
//! incoterm | penalty --format json`.

use std::collections::BTreeMap;

use super::body::{Exact, JsonBody, json_response};
use super::schemas::{
    CostSplitReport, DueReportSchema, IncotermRule, InterestReportSchema, PenaltyReport,
};
use super::{Failures, bad, field};
use crate::problem::ApiError;
use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::response::Response;
use b2b_core::{Currency, Decimal, Money, Percent, Rounding};
use b2b_terms::calendar::{Calendar, Roll};
use b2b_terms::incoterms::costs::{self, FcaPlace};
use b2b_terms::incoterms::{Incoterm, RuleInfo};
use b2b_terms::late::{self, Claim, CountryProfile, Debtor, Jurisdiction, RateSource, RateTable};
use b2b_terms::payment::PaymentTerms;
use b2b_terms::payment::report::{DueField, DueQuery, DueReport, calendar_from_spec};
use b2b_terms::penalty::{PartialPeriod, PenaltyTerms, Period, PeriodUnit};
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

/// An invoice under payment terms (the arguments of `b2b terms due`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DueRequest {
    /// Payment terms, such as "net 30", "2/10 net 30", "10 EOM" or
    /// "30% CWO, 70% net 30" (docs/payment-terms.md).
    #[schema(example = "2/10 net 30")]
    pub terms: String,
    /// The invoice date.
    #[serde(deserialize_with = "b2b_core::deserialize_date")]
    #[schema(value_type = String, format = Date, example = "2026-11-26")]
    pub invoice_date: Date,
    /// The invoice amount (needs `currency`).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "1000.00")]
    pub amount: Option<Exact>,
    /// ISO 4217 code of the amount.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "EUR")]
    pub currency: Option<Currency>,
    /// The date everything outstanding was paid (needs `amount`).
    #[serde(default, deserialize_with = "b2b_core::deserialize_optional_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub paid: Option<Date>,
    /// Business calendar: SE, DE, a German state (DE-BY, ...), TARGET, or
    /// a name of `holidays`; joined by `+`, as in `SE+closing-days.txt`.
    #[serde(default)]
    #[schema(example = "SE")]
    pub calendar: Option<String>,
    /// Holiday lists named in `calendar`: name to the list's text (one
    /// `YYYY-MM-DD` per line, docs/payment-terms.md).
    #[serde(default)]
    pub holidays: BTreeMap<String, String>,
    /// Roll convention for dates on non-business days: none, following
    /// (the default with a calendar), modified-following, preceding,
    /// modified-preceding.
    #[serde(default)]
    pub roll: Option<String>,
    /// Who pays, for the directive's limits: business (the default) or
    /// public.
    #[serde(default)]
    pub debtor: Option<String>,
}

/// Due dates, discount and the amount payable of one invoice.
///
/// The same report as `b2b terms due --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/terms/due",
    tag = "compute",
    request_body(content = DueRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The due report (docs/payment-terms.md)", body = DueReportSchema),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn due(JsonBody(request): JsonBody<DueRequest>) -> Result<Response, ApiError> {
    let terms: PaymentTerms = request.terms.parse().map_err(field("terms"))?;
    let amount = match (request.amount, request.currency) {
        (Some(Exact(amount)), Some(currency)) => Some(Money::new(amount, currency)),
        (Some(_), None) => return Err(bad("amount: needs currency (such as \"EUR\")")),
        (None, Some(_)) => return Err(bad("currency: needs amount")),
        (None, None) => None,
    };
    if request.paid.is_some() && amount.is_none() {
        return Err(bad(
            "paid: needs amount and currency (the amount payable depends on them)",
        ));
    }
    let calendar = match (&request.calendar, &request.roll) {
        (Some(spec), roll) => {
            let roll: Roll = match roll {
                Some(text) => text.parse().map_err(field("roll"))?,
                None => Roll::Following,
            };
            Some((calendar(spec, &request.holidays)?, roll))
        }
        (None, Some(_)) => return Err(bad("roll: needs calendar (SE, DE, TARGET, ...)")),
        (None, None) => None,
    };
    let query = DueQuery {
        terms,
        invoice_date: request.invoice_date,
        amount,
        paid: request.paid,
        calendar,
        debtor: parse_or_default(request.debtor.as_deref(), "debtor")?,
    };
    let report = DueReport::compute(&query).map_err(|error| {
        let name = match error.field {
            DueField::Amount => "amount",
            DueField::Calendar => "calendar",
            DueField::InvoiceDate => "invoice_date",
            DueField::Paid => "paid",
        };
        bad(format!("{name}: {error}"))
    })?;
    json_response(&report)
}

/// The calendar of `spec`, its holiday lists taken from `holidays`.
fn calendar(spec: &str, holidays: &BTreeMap<String, String>) -> Result<Calendar, ApiError> {
    calendar_from_spec(spec, |part, unknown| match holidays.get(part) {
        Some(text) => Calendar::parse_holidays(part, text)
            .map_err(|error| bad(format!("holidays.{part}: {error}"))),
        None => Err(bad(format!(
            "calendar: {unknown}; no list of that name in holidays either"
        ))),
    })
}

/// `text` parsed, or the type's default when absent.
fn parse_or_default<T>(text: Option<&str>, name: &'static str) -> Result<T, ApiError>
where
    T: std::str::FromStr + Default,
    T::Err: std::fmt::Display,
{
    text.map_or_else(
        || Ok(T::default()),
        |text| text.parse().map_err(field(name)),
    )
}

/// A late payment (the arguments of `b2b terms interest`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestRequest {
    /// The unpaid amount.
    #[serde(deserialize_with = "b2b_core::deserialize_decimal")]
    #[schema(value_type = String, example = "10000")]
    pub principal: Decimal,
    /// ISO 4217 code [default: the country's: EU EUR, SE SEK, DE EUR, UK
    /// GBP].
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "EUR")]
    pub currency: Option<Currency>,
    /// The due date; interest runs from the next day.
    #[serde(deserialize_with = "b2b_core::deserialize_date")]
    #[schema(value_type = String, format = Date, example = "2025-01-31")]
    pub due: Date,
    /// The payment date; interest runs up to and including it.
    #[serde(deserialize_with = "b2b_core::deserialize_date")]
    #[schema(value_type = String, format = Date, example = "2025-03-15")]
    pub paid: Date,
    /// Jurisdiction profile: EU (the default), SE, DE or UK.
    #[serde(default)]
    #[schema(example = "EU")]
    pub country: Option<String>,
    /// One reference rate, in percent, for the whole period instead of
    /// the rate table (not with `rates`).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "3.15")]
    pub reference_rate: Option<Percent>,
    /// A rate table (TOML, docs/late-payment.md) laid over the shipped
    /// one.
    #[serde(default)]
    pub rates: Option<NamedText>,
    /// Margin in percentage points instead of the statutory one.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub margin: Option<Percent>,
    /// Who owes the debt: business (the default) or public-authority.
    #[serde(default)]
    pub debtor: Option<String>,
    /// The day the contract was concluded (Germany: before 2014-07-29 the
    /// earlier § 288 BGB applies).
    #[serde(default, deserialize_with = "b2b_core::deserialize_optional_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub contract_date: Option<Date>,
}

/// A file's text and the name reports give it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedText {
    /// The name reports and messages give the file [default: the field's
    /// name].
    #[serde(default)]
    pub name: Option<String>,
    /// The file's text.
    pub text: String,
}

/// Statutory late-payment interest and recovery compensation.
///
/// The same report as `b2b terms interest --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/terms/interest",
    tag = "compute",
    request_body(content = InterestRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The interest report (docs/late-payment.md)", body = InterestReportSchema),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn interest(
    JsonBody(request): JsonBody<InterestRequest>,
) -> Result<Response, ApiError> {
    let country: Jurisdiction = match &request.country {
        Some(text) => text.parse().map_err(field("country"))?,
        None => Jurisdiction::Eu,
    };
    let (profile, principal) =
        CountryProfile::for_claim(country, request.margin, request.principal, request.currency);
    let claim = Claim {
        principal,
        due: request.due,
        paid: request.paid,
        debtor: parse_or_default::<Debtor>(request.debtor.as_deref(), "debtor")?,
        contract_concluded: request.contract_date,
    };
    let table;
    let rates = match (request.reference_rate, &request.rates) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "reference_rate: give either reference_rate or rates, not both",
            ));
        }
        (Some(rate), None) => RateSource::Fixed(rate),
        (None, Some(file)) => {
            let name = file.name.as_deref().unwrap_or("rates");
            let overlay = RateTable::parse(&file.text, name).map_err(field("rates"))?;
            table = RateTable::shipped().overlay(&overlay);
            RateSource::Table(&table)
        }
        (None, None) => RateSource::Table(RateTable::shipped()),
    };
    let report = late::interest(&claim, &profile, &rates).map_err(|error| match error {
        late::LateError::MissingRate { .. } => bad(format!(
            "{error}; in the request: reference_rate, or rates (a rate table)"
        )),
        other => bad(other),
    })?;
    json_response(&report)
}

/// The eleven Incoterms 2020 rules.
///
/// The same list as `b2b terms incoterm --list --format json`.
#[utoipa::path(
    get,
    path = "/v1/compute/terms/incoterms",
    tag = "compute",
    responses(
        (status = 200, description = "Every rule (docs/incoterms.md)", body = Vec<IncotermRule>),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn incoterms() -> Result<Response, ApiError> {
    let rules: Vec<&RuleInfo> = Incoterm::ALL.iter().map(|rule| rule.info()).collect();
    json_response(&rules)
}

/// One Incoterms 2020 rule: who delivers where, who bears risk and cost.
///
/// The same object as `b2b terms incoterm RULE --format json`.
#[utoipa::path(
    get,
    path = "/v1/compute/terms/incoterms/{rule}",
    tag = "compute",
    params(("rule" = String, Path, description = "The rule, such as FOB or cif (any case)")),
    responses(
        (status = 200, description = "The rule (docs/incoterms.md)", body = IncotermRule),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn incoterm(
    rule: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let rule = rule_of(rule)?;
    json_response(rule.info())
}

/// The rule named in the path.
fn rule_of(path: Result<Path<String>, PathRejection>) -> Result<Incoterm, ApiError> {
    let Path(text) = path.map_err(|rejection| bad(format!("rule: {}", rejection.body_text())))?;
    text.parse().map_err(field("rule"))
}

/// Cost lines to split between seller and buyer (the `--costs` file and
/// `--place` of `b2b terms incoterm RULE`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CostsRequest {
    /// The cost-lines file's text (docs/incoterms.md), CSV or TOML as
    /// `format` says.
    pub costs: String,
    /// The syntax of `costs`: csv (the default) or toml.
    #[serde(default)]
    pub format: CostsFormat,
    /// Under FCA: where delivery takes place (decides pre-carriage).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "seller-premises")]
    pub place: Option<FcaPlace>,
}

/// The syntax of a cost-lines text.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CostsFormat {
    /// CSV with a header row.
    #[default]
    Csv,
    /// TOML `[[line]]` tables.
    Toml,
}

/// Split cost lines between seller and buyer under a rule.
///
/// The same report as `b2b terms incoterm RULE --costs FILE --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/terms/incoterms/{rule}/costs",
    tag = "compute",
    params(("rule" = String, Path, description = "The rule, such as FCA or CIF (any case)")),
    request_body(content = CostsRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Each line's party and the totals (docs/incoterms.md)", body = CostSplitReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn incoterm_costs(
    rule: Result<Path<String>, PathRejection>,
    JsonBody(request): JsonBody<CostsRequest>,
) -> Result<Response, ApiError> {
    let rule = rule_of(rule)?;
    if request.place.is_some() && rule != Incoterm::Fca {
        return Err(bad(format!("place: applies to FCA only, not {rule}")));
    }
    let lines = match request.format {
        CostsFormat::Csv => costs::parse_csv(&request.costs),
        CostsFormat::Toml => costs::parse_toml(&request.costs),
    }
    .map_err(field("costs"))?;
    let split = costs::split(rule, request.place, &lines).map_err(field("costs"))?;
    json_response(&split)
}

/// A late delivery under a penalty clause (the arguments of
/// `b2b terms penalty`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PenaltyRequest {
    /// The value of the late goods.
    #[serde(deserialize_with = "b2b_core::deserialize_decimal")]
    #[schema(value_type = String, example = "200")]
    pub value: Decimal,
    /// ISO 4217 code of the value.
    #[schema(value_type = String, example = "EUR")]
    pub currency: Currency,
    /// Penalty per period, in percent of the value.
    #[schema(value_type = String, example = "10.5")]
    pub rate: Percent,
    /// The length of the period the rate applies to, in `per_unit`.
    #[schema(example = 2)]
    pub per: u32,
    /// The unit of `per`: days (the default), weeks or months.
    #[serde(default = "days")]
    #[schema(value_type = Option<String>, example = "days")]
    pub per_unit: PeriodUnit,
    /// Cap on the penalty, in percent of the value.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "55")]
    pub cap: Option<Percent>,
    /// The buyer may terminate when the delay is more than this many days.
    #[serde(default)]
    pub terminate_after: Option<u32>,
    /// The agreed delivery date.
    #[serde(deserialize_with = "b2b_core::deserialize_date")]
    #[schema(value_type = String, format = Date)]
    pub due: Date,
    /// The actual delivery date.
    #[serde(deserialize_with = "b2b_core::deserialize_date")]
    #[schema(value_type = String, format = Date)]
    pub delivered: Date,
    /// How a begun period counts: pro-rata (the default), started or
    /// truncate.
    #[serde(default = "pro_rata")]
    #[schema(value_type = Option<String>, example = "pro-rata")]
    pub partial: PartialPeriod,
    /// The delay is due to force majeure: no penalty.
    #[serde(default)]
    pub force_majeure: bool,
    /// Rounding of the penalty: half-even (the default) or half-up.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "half-even")]
    pub rounding: Rounding,
}

fn days() -> PeriodUnit {
    PeriodUnit::Days
}

fn pro_rata() -> PartialPeriod {
    PartialPeriod::ProRata
}

/// A late-delivery penalty from a rate per period, a cap and a threshold.
///
/// The same report as `b2b terms penalty --format json`.
#[utoipa::path(
    post,
    path = "/v1/compute/terms/penalty",
    tag = "compute",
    request_body(content = PenaltyRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The penalty assessment (docs/penalties-tiers-sla.md)", body = PenaltyReport),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn penalty(
    JsonBody(request): JsonBody<PenaltyRequest>,
) -> Result<Response, ApiError> {
    let terms = PenaltyTerms {
        rate: request.rate,
        per: Period::new(request.per, request.per_unit),
        cap: request.cap,
        terminate_after: request.terminate_after,
        partial: request.partial,
        rounding: request.rounding,
    };
    let value = Money::new(request.value, request.currency);
    let assessment = terms
        .assess(request.due, request.delivered, value, request.force_majeure)
        .map_err(bad)?;
    json_response(&assessment)
}
