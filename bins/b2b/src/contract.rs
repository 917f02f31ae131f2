//! `b2b contract ...`: read a contract file, call `b2b_terms::contract`,
//! print.

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report::emit;
use b2b_core::Decimal;
use b2b_terms::contract::{Contract, ContractFormat};
use b2b_terms::sla::{CapBound, ServiceCredit};
use b2b_terms::tiers::{PriceBreakdown, TierMode};
use clap::{Args, Subcommand};
use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use std::path::{Path, PathBuf};
use time::Date;

/// `b2b contract ...`
#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// Key dates: term ends, renewals, last days to give notice, invoices
    /// and the payments they fall due.
    Schedule(ScheduleArgs),
    /// The price of a quantity under the contract's volume tiers.
    Price(PriceArgs),
    /// The penalty for a late delivery under the contract's penalty clause.
    Penalty(PenaltyArgs),
    /// The service credit for a month's availability under the contract's
    /// service levels.
    Sla(SlaArgs),
}

/// Arguments of `b2b contract schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The contract file (.toml or .json).
    pub contract: PathBuf,
    /// The last day to show [default: the end of the contract, or of its
    /// second renewal when it renews without limit].
    #[arg(long, value_parser = crate::args::date)]
    pub until: Option<Date>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Arguments of `b2b contract price`.
#[derive(Debug, Args)]
pub struct PriceArgs {
    /// The contract file (.toml or .json).
    pub contract: PathBuf,
    /// The quantity ordered.
    #[arg(long, allow_hyphen_values = true, value_parser = crate::args::decimal)]
    pub quantity: Decimal,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Arguments of `b2b contract penalty`.
#[derive(Debug, Args)]
pub struct PenaltyArgs {
    /// The contract file (.toml or .json).
    pub contract: PathBuf,
    /// The agreed delivery date.
    #[arg(long, value_parser = crate::args::date)]
    pub due: Date,
    /// The actual delivery date.
    #[arg(long, value_parser = crate::args::date)]
    pub delivered: Date,
    /// The value of the late goods, in the contract's currency.
    #[arg(long, allow_hyphen_values = true, value_parser = crate::args::decimal)]
    pub value: Decimal,
    /// The delay was caused by force majeure: no penalty.
    #[arg(long)]
    pub force_majeure: bool,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Arguments of `b2b contract sla`.
#[derive(Debug, Args)]
pub struct SlaArgs {
    /// The contract file (.toml or .json).
    pub contract: PathBuf,
    /// The month's measured availability, in percent (0 to 100).
    #[arg(long, allow_hyphen_values = true, value_parser = crate::args::decimal)]
    pub availability: Decimal,
    /// The month's charge [default: the contract's monthly billing amount].
    #[arg(long, allow_hyphen_values = true, value_parser = crate::args::decimal)]
    pub charge: Option<Decimal>,
    /// The previous months' charges and credits, oldest first: a CSV file
    /// with the columns `charge` and `credit` (and optionally `month`).
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs one `b2b contract` command.
pub fn run(command: ContractCommand) -> Result<(), Failure> {
    match command {
        ContractCommand::Schedule(args) => schedule(&args),
        ContractCommand::Price(args) => price(&args),
        ContractCommand::Penalty(args) => penalty(&args),
        ContractCommand::Sla(args) => sla(&args),
    }
}

fn read_contract(path: &Path) -> Result<Contract, Failure> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("toml") => ContractFormat::Toml,
        Some(e) if e.eq_ignore_ascii_case("json") => ContractFormat::Json,
        _ => {
            return Err(Failure::BadInput(format!(
                "{}: a contract file must end in .toml or .json",
                path.display()
            )));
        }
    };
    let text = read_text(path)?;
    Contract::parse(&text, format).map_err(|e| Failure::in_file(path, e))
}

fn schedule(args: &ScheduleArgs) -> Result<(), Failure> {
    let contract = read_contract(&args.contract)?;
    let schedule = contract.schedule(args.until).map_err(Failure::bad_input)?;
    let report = contract.under(&schedule);
    emit(&report, args.format, |report| {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header(["date", "event", "term", "what happens"]);
        for event in &report.result.events {
            let kind = crate::report::json_name(event.kind);
            table.add_row([
                event.date.to_string(),
                kind,
                event.term.map(|t| t.to_string()).unwrap_or_default(),
                event.description.clone(),
            ]);
        }
        format!(
            "contract {} until {} ({})\n{table}",
            report.contract, report.result.until, report.result.until_reason
        )
    })
}

fn price(args: &PriceArgs) -> Result<(), Failure> {
    let contract = read_contract(&args.contract)?;
    let breakdown = contract
        .price_for(args.quantity)
        .map_err(|e| Failure::in_file(&args.contract, e))?;
    let report = contract.under(&breakdown);
    emit(&report, args.format, |report| {
        render_price(report.contract, report.result)
    })
}

fn penalty(args: &PenaltyArgs) -> Result<(), Failure> {
    let contract = read_contract(&args.contract)?;
    let assessment = contract
        .late_delivery_penalty(args.due, args.delivered, args.value, args.force_majeure)
        .map_err(|e| Failure::in_file(&args.contract, e))?;
    let report = contract.under(&assessment);
    emit(&report, args.format, |report| {
        format!(
            "contract {}\n{}",
            report.contract,
            crate::terms::penalty::render(report.result)
        )
    })
}

fn sla(args: &SlaArgs) -> Result<(), Failure> {
    let contract = read_contract(&args.contract)?;
    let history = match &args.history {
        Some(path) => {
            let text = read_text(path)?;
            b2b_terms::sla::parse_history(&text, contract.currency)
                .map_err(|e| Failure::in_file(path, e))?
        }
        None => Vec::new(),
    };
    let credit = contract
        .service_credit(args.availability, args.charge, &history)
        .map_err(|e| Failure::in_file(&args.contract, e))?;
    let report = contract.under(&credit);
    emit(&report, args.format, |report| {
        render_sla(report.contract, report.result)
    })
}

fn render_price(contract: &str, breakdown: &PriceBreakdown) -> String {
    let mode = match breakdown.mode {
        TierMode::AllUnits => "all-units",
        TierMode::Incremental => "incremental",
    };
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_header([
        "tier",
        "from",
        "to (excl.)",
        "quantity",
        "unit price",
        "amount",
    ]);
    for line in &breakdown.lines {
        table.add_row([
            line.tier.to_string(),
            line.from.to_string(),
            line.to
                .map(|to| to.to_string())
                .unwrap_or_else(|| "-".to_owned()),
            line.quantity.to_string(),
            line.unit_price.amount().to_string(),
            line.amount.amount().to_string(),
        ]);
    }
    format!(
        "contract {contract}: {} units, {mode} tiers\n{}\n{table}\nTotal {} (exact {}, rounded {})",
        breakdown.quantity,
        breakdown.boundary_note,
        breakdown.total,
        breakdown.total_exact.amount(),
        breakdown.rounding,
    )
}

fn render_sla(contract: &str, credit: &ServiceCredit) -> String {
    let or_none =
        |cap: Option<b2b_core::Money>| cap.map_or_else(|| "none".to_owned(), |m| m.to_string());
    let bound = match credit.bound_by {
        CapBound::None => "no cap",
        CapBound::MonthlyCap => "the monthly cap",
        CapBound::YearlyCap => "the yearly cap",
    };
    format!(
        "contract {contract}: availability {} falls in tier {} (at least {}): credit {} of the charge {}\n\
         Before caps   {}\n\
         Monthly cap   {}\n\
         Yearly cap    {} (history of {} months)\n\
         Credit        {} (set by {bound}; exact {}, rounded {})",
        credit.availability,
        credit.tier,
        credit.tier_at_least,
        credit.credit_percent,
        credit.monthly_charge,
        credit.credit_before_caps,
        or_none(credit.monthly_cap),
        or_none(credit.yearly_cap),
        credit.history_months,
        credit.credit,
        credit.credit_exact.amount(),
        credit.rounding,
    )
}
