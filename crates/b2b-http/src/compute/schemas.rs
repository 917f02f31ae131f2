//! The OpenAPI description of the compute answers. These types are never
//! built: the answers are the domain crates' own reports, serialised as
//! the CLI prints them. Each lists the report's top-level fields (a field
//! that may be absent or `null` is optional); field meanings are in the
//! docs each names, shapes in docs/wire-format.md. Objects may gain
//! fields (adding fields is compatible).

#![allow(dead_code)]

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// An amount of money: `{"amount": "1440.00", "currency": "EUR"}`
/// (docs/wire-format.md#money).
#[derive(Serialize, ToSchema)]
pub struct Money {
    /// A decimal string.
    #[schema(example = "1440.00")]
    amount: String,
    /// An ISO 4217 code.
    #[schema(example = "EUR")]
    currency: String,
}

/// A tender evaluation: the ranking, the excluded bids, warnings and, on
/// request, sensitivity (docs/formats.md#json-report).
#[derive(Serialize, ToSchema)]
pub struct TenderReport {
    /// The tender's id.
    tender: String,
    /// The award model.
    award: String,
    /// The tender's currency, stated once.
    currency: String,
    /// The winning bid's id, `null` when none (or a tie).
    winner: Option<String>,
    /// Ranked bids, best first: `rank`, `bid`, `supplier`, `value`,
    /// `breakdown`, `flags`.
    ranking: Vec<Value>,
    /// Bids that failed a requirement, with the reasons.
    excluded: Vec<Value>,
    /// Ties, near ties, abnormally low prices.
    warnings: Vec<Value>,
    /// Weight ranges and rank reversals (with `?sensitivity=true`).
    sensitivity: Option<Value>,
}

/// The due report of `b2b terms due` (docs/payment-terms.md).
#[derive(Serialize, ToSchema)]
pub struct DueReportSchema {
    /// The terms, in canonical form.
    terms: String,
    /// The invoice date.
    #[schema(format = Date)]
    invoice_date: String,
    /// The last day to pay.
    #[schema(format = Date)]
    due_date: String,
    /// The due date before rolling to a business day.
    #[schema(format = Date)]
    agreed_due_date: Option<String>,
    /// The invoice amount.
    amount: Option<Money>,
    /// The rounding rule of the amounts.
    rounding: Option<String>,
    /// The discount, its deadline and annual cost.
    discount: Option<Value>,
    /// The payment date.
    #[schema(format = Date)]
    paid: Option<String>,
    /// What is payable on the payment date.
    payable: Option<Money>,
    /// Whether the discount was taken.
    discount_taken: Option<bool>,
    /// Whether the payment was late.
    late: Option<bool>,
    /// Days late.
    days_late: Option<i64>,
    /// The instalments of terms with several.
    instalments: Option<Vec<Value>>,
    /// The business calendar.
    calendar: Option<String>,
    /// The roll convention.
    roll: Option<String>,
    /// Who pays.
    debtor: String,
    /// Days from the invoice to the agreed due date.
    period_days: i64,
    /// The late-payment directive's warnings: `code`, `message`.
    warnings: Vec<Value>,
}

/// Late-payment interest and compensation (docs/late-payment.md).
#[derive(Serialize, ToSchema)]
pub struct InterestReportSchema {
    /// The jurisdiction: EU, SE, DE or UK.
    country: String,
    /// The profile's name.
    profile: String,
    /// Who owes the debt.
    debtor: String,
    /// The unpaid amount.
    principal: Money,
    /// The due date.
    #[schema(format = Date)]
    due: String,
    /// The payment date.
    #[schema(format = Date)]
    paid: String,
    /// Days late.
    days_late: i64,
    /// The reference rate, when one applies throughout.
    reference_rate: Option<String>,
    /// The margin in points.
    margin: String,
    /// The rate, when one applies throughout.
    rate: Option<String>,
    /// The day count.
    day_count: String,
    /// How the rate is fixed.
    rate_fixing: String,
    /// The periods by half-year and calendar year.
    periods: Vec<Value>,
    /// The interest before rounding.
    interest_exact: Money,
    /// The interest, rounded once.
    interest: Money,
    /// The recovery compensation.
    compensation: Money,
    /// Interest and compensation.
    total: Money,
    /// The total with the principal.
    total_with_principal: Money,
    /// The rounding rule.
    rounding: String,
    /// Sources of the rates.
    sources: Vec<String>,
    /// The rate tables used.
    rate_tables: Vec<String>,
    /// The law applied.
    legal_basis: Vec<String>,
    /// Notes.
    notes: Vec<String>,
}

/// One Incoterms 2020 rule (docs/incoterms.md).
#[derive(Serialize, ToSchema)]
pub struct IncotermRule {
    /// The rule's code, such as `CIF`.
    rule: String,
    /// Its name.
    name: String,
    /// Any mode of transport, or sea and inland waterway.
    mode: String,
    /// Where delivery takes place.
    delivery: String,
    /// When risk passes.
    risk_transfer: String,
    /// Who contracts the main carriage.
    main_carriage: String,
    /// Who insures.
    insurance: String,
    /// Who clears export.
    export_clearance: String,
    /// Who clears import.
    import_clearance: String,
    /// Who unloads at destination.
    unloading_at_destination: String,
    /// Notes.
    notes: Vec<String>,
}

/// Cost lines split between seller and buyer (docs/incoterms.md).
#[derive(Serialize, ToSchema)]
pub struct CostSplitReport {
    /// The rule.
    rule: String,
    /// The FCA place, `null` when not given.
    place: Option<String>,
    /// Each line with its party and the reason.
    lines: Vec<Value>,
    /// Exact sums per party and currency.
    totals: Vec<Value>,
}

/// A late-delivery penalty (docs/penalties-tiers-sla.md).
#[derive(Serialize, ToSchema)]
pub struct PenaltyReport {
    /// The agreed delivery date.
    #[schema(format = Date)]
    due: String,
    /// The actual delivery date.
    #[schema(format = Date)]
    delivered: String,
    /// Days late.
    days_late: i64,
    /// The period of the rate.
    per: String,
    /// Whole periods late.
    whole_periods: i64,
    /// Days into the begun period.
    days_into_period: i64,
    /// The period's length in days.
    period_days: i64,
    /// The periods counted.
    periods: String,
    /// How a begun period counts.
    partial: String,
    /// The rate per period, in percent.
    rate: String,
    /// The value of the late goods.
    value: Money,
    /// The penalty before the cap.
    penalty_before_cap_exact: Money,
    /// The cap, in percent.
    cap: Option<String>,
    /// The cap as an amount.
    cap_amount_exact: Option<Money>,
    /// Whether the cap was reached.
    capped: bool,
    /// The penalty before rounding.
    penalty_exact: Money,
    /// The penalty.
    penalty: Money,
    /// The rounding rule.
    rounding: String,
    /// The termination threshold in days.
    terminate_after: Option<i64>,
    /// Whether the buyer may terminate.
    may_terminate: bool,
    /// Whether force majeure excused the delay.
    force_majeure: bool,
}

/// A contract's key dates (docs/contracts.md).
#[derive(Serialize, ToSchema)]
pub struct ScheduleReport {
    /// The contract's reference.
    contract: String,
    /// The last day shown.
    #[schema(format = Date)]
    until: String,
    /// Why that day.
    until_reason: String,
    /// The terms: initial and renewals.
    terms: Vec<Value>,
    /// Events by date.
    events: Vec<Value>,
    /// Payments that fall due.
    payments: Vec<Value>,
    /// Directive warnings.
    warnings: Vec<Value>,
}

/// The price of a quantity under a contract's tiers
/// (docs/penalties-tiers-sla.md).
#[derive(Serialize, ToSchema)]
pub struct PriceReport {
    /// The contract's reference.
    contract: String,
    /// The quantity.
    quantity: String,
    /// all-units or incremental.
    mode: String,
    /// The tier reached.
    tier: i64,
    /// Where that tier starts.
    tier_from: String,
    /// Whether the quantity is on a tier boundary.
    at_boundary: bool,
    /// What the boundary rule says.
    boundary_note: String,
    /// The lines per tier.
    lines: Vec<Value>,
    /// The total before rounding.
    total_exact: Money,
    /// The total.
    total: Money,
    /// The rounding rule.
    rounding: String,
}

/// A late-delivery penalty under a contract: the contract's reference
/// and the fields of a penalty report.
#[derive(Serialize, ToSchema)]
pub struct ContractPenaltyReport {
    /// The contract's reference.
    contract: String,
    /// The penalty assessment's fields.
    #[schema(inline)]
    #[serde(flatten)]
    assessment: PenaltyReport,
}

/// A month's service credit under a contract
/// (docs/penalties-tiers-sla.md).
#[derive(Serialize, ToSchema)]
pub struct SlaReport {
    /// The contract's reference.
    contract: String,
    /// The availability, in percent.
    availability: String,
    /// The tier it falls in.
    tier: i64,
    /// The tier's lower bound, in percent.
    tier_at_least: String,
    /// The tier's credit, in percent of the charge.
    credit_percent: String,
    /// The month's charge.
    monthly_charge: Money,
    /// The credit before caps.
    credit_before_caps_exact: Money,
    /// The monthly cap.
    monthly_cap_exact: Option<Money>,
    /// The yearly cap.
    yearly_cap_exact: Option<Money>,
    /// The months of history given.
    history_months: i64,
    /// Which cap bound the credit.
    bound_by: String,
    /// The credit before rounding.
    credit_exact: Money,
    /// The credit.
    credit: Money,
    /// The rounding rule.
    rounding: String,
}

/// One sale's classification: the view of each rule set
/// (docs/classification.md).
#[derive(Serialize, ToSchema)]
pub struct ClassificationSchema {
    /// The sale's id, when it has one.
    id: Option<String>,
    /// Rule set name to its view: `segment`, `model`, `tags`, `reasons`,
    /// `consequences`.
    views: Value,
}

/// One result among many (an element of an array, a line of JSON lines):
/// the sale's id, or its index from 0 when it has none.
#[derive(Serialize, ToSchema)]
pub struct NumberedClassification {
    /// The sale's id.
    id: Option<String>,
    /// The sale's index, when it has no id.
    index: Option<i64>,
    /// Rule set name to its view.
    views: Value,
}

/// An identifier checked (docs/identifiers.md).
#[derive(Serialize, ToSchema)]
pub struct Identification {
    /// The input as given.
    input: String,
    /// Whether it passed every rule.
    valid: bool,
    /// The country, when it could be told.
    country: Option<String>,
    /// What it is: vat, se-orgnr, se-personnummer, se-samordningsnummer,
    /// no-orgnr.
    kind: Option<String>,
    /// The normalised form (valid only).
    normalized: Option<String>,
    /// The rule that failed.
    error: Option<String>,
}

/// The answer of an identifier check: one object for `id`, an array for
/// `ids`.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum IdentAnswer {
    /// The check of `id`.
    One(Identification),
    /// The checks of `ids`, in order.
    Many(Vec<Identification>),
}

/// The JSON answer of classify: one classification for one sale, an
/// array for an array of sales.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum ClassifyAnswer {
    /// The classification of one sale.
    One(ClassificationSchema),
    /// One result per sale of an array, in order.
    Many(Vec<NumberedClassification>),
}
