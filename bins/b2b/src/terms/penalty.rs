//! `b2b terms penalty`: a late-delivery penalty from a rate per period, a
//! cap, a termination threshold and a partial-period rule.

use b2b_core::{Currency, Money, Percent, Rounding};
use b2b_terms::penalty::{PartialPeriod, PenaltyAssessment, PenaltyTerms, Period, PeriodUnit};
use clap::{Args, ValueEnum};
use time::Date;

use crate::cli::ReportFormat;
use crate::failure::Failure;
use crate::report::emit;

/// The unit of `--per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months from the due date (end of month when shorter).
    Months,
}

/// The partial-period rule of `--partial`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PartialArg {
    /// A begun period counts in proportion (5 days at 2 days = 2.5).
    ProRata,
    /// A begun period counts whole (5 days at 2 days = 3).
    Started,
    /// Only whole periods count (5 days at 2 days = 2).
    Truncate,
}

/// Arguments of `b2b terms penalty`.
#[derive(Debug, Args)]
pub struct PenaltyArgs {
    /// Value of the late goods, such as 200 or 1234.50.
    #[arg(long, value_parser = crate::args::decimal, allow_hyphen_values = true)]
    pub value: rust_decimal::Decimal,
    /// ISO 4217 currency of the value, such as EUR.
    #[arg(long, value_parser = parse_currency)]
    pub currency: Currency,
    /// Penalty per period, in percent of the value (10.5 or 10.5%).
    #[arg(long, value_parser = parse_percent, allow_hyphen_values = true)]
    pub rate: Percent,
    /// Length of the period the rate applies to, in --per-unit.
    #[arg(long)]
    pub per: u32,
    /// Unit of --per.
    #[arg(long, value_enum, default_value_t = UnitArg::Days)]
    pub per_unit: UnitArg,
    /// Cap on the penalty, in percent of the value.
    #[arg(long, value_parser = parse_percent, allow_hyphen_values = true)]
    pub cap: Option<Percent>,
    /// The buyer may terminate when the delay is more than this many days.
    #[arg(long)]
    pub terminate_after: Option<u32>,
    /// Agreed delivery date, YYYY-MM-DD.
    #[arg(long, value_parser = crate::args::date)]
    pub due: Date,
    /// Actual delivery date, YYYY-MM-DD.
    #[arg(long, value_parser = crate::args::date)]
    pub delivered: Date,
    /// How a begun period counts.
    #[arg(long, value_enum, default_value_t = PartialArg::ProRata)]
    pub partial: PartialArg,
    /// The delay is due to force majeure: no penalty.
    #[arg(long)]
    pub force_majeure: bool,
    /// Rounding of the penalty to the currency's minor units.
    #[arg(long, default_value = "half-even", value_parser = parse_rounding)]
    pub rounding: Rounding,
    /// Output format (default: table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

fn parse_currency(text: &str) -> Result<Currency, String> {
    text.parse::<Currency>().map_err(|e| e.to_string())
}

fn parse_percent(text: &str) -> Result<Percent, String> {
    text.parse::<Percent>().map_err(|e| e.to_string())
}

fn parse_rounding(text: &str) -> Result<Rounding, String> {
    text.parse::<Rounding>().map_err(|e| e.to_string())
}

/// Runs `b2b terms penalty`.
pub fn run(args: &PenaltyArgs) -> Result<(), Failure> {
    let unit = match args.per_unit {
        UnitArg::Days => PeriodUnit::Days,
        UnitArg::Weeks => PeriodUnit::Weeks,
        UnitArg::Months => PeriodUnit::Months,
    };
    let partial = match args.partial {
        PartialArg::ProRata => PartialPeriod::ProRata,
        PartialArg::Started => PartialPeriod::Started,
        PartialArg::Truncate => PartialPeriod::Truncate,
    };
    let terms = PenaltyTerms {
        rate: args.rate,
        per: Period::new(args.per, unit),
        cap: args.cap,
        terminate_after: args.terminate_after,
        partial,
        rounding: args.rounding,
    };
    let value = Money::new(args.value, args.currency);
    let assessment = terms
        .assess(args.due, args.delivered, value, args.force_majeure)
        .map_err(Failure::bad_input)?;
    emit(&assessment, args.format, render)
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

pub fn render(a: &PenaltyAssessment) -> String {
    let cap = match (a.cap, a.cap_amount) {
        (Some(cap), Some(amount)) => format!(
            "{cap} of the value = {amount} ({})",
            if a.capped { "reached" } else { "not reached" }
        ),
        _ => "none".to_owned(),
    };
    let terminate = match a.terminate_after {
        Some(days) => format!(
            "{} (the delay must be more than {days} days)",
            yes_no(a.may_terminate)
        ),
        None => "no (the terms give no termination right)".to_owned(),
    };
    let penalty = if a.force_majeure {
        format!("{} (force majeure: no penalty)", a.penalty)
    } else {
        format!(
            "{} (exact {}, rounded {})",
            a.penalty,
            a.penalty_exact.amount(),
            a.rounding
        )
    };
    let rows = [
        ("due", a.due.to_string()),
        ("delivered", a.delivered.to_string()),
        (
            "days late",
            format!("{} (whole days: dates have no partial days)", a.days_late),
        ),
        (
            "period",
            format!("{}, partial periods {}", a.per, a.partial),
        ),
        (
            "periods",
            format!(
                "{} ({} whole, then {} of {} days)",
                a.periods, a.whole_periods, a.days_into_period, a.period_days
            ),
        ),
        ("rate", format!("{} of {} per period", a.rate, a.value)),
        ("before cap", a.penalty_before_cap.to_string()),
        ("cap", cap),
        ("force majeure", yes_no(a.force_majeure).to_owned()),
        ("penalty", penalty),
        ("buyer may terminate", terminate),
    ];
    let mut text = String::from("Late-delivery penalty\n");
    for (label, value) in rows {
        text.push_str(&format!("  {label:<20} {value}\n"));
    }
    text
}
