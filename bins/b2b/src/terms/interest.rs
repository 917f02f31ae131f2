//! `b2b terms interest`: statutory late-payment interest and compensation.

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report;
use b2b_core::{Currency, Decimal, Percent};
use b2b_terms::late::{
    self, Claim, CountryProfile, Debtor, InterestReport, Jurisdiction, RateSource, RateTable,
};
use clap::Args;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use time::Date;

/// Arguments of `b2b terms interest`. Values are parsed by clap (a bad one
/// exits with code 2 and names the flag).
#[derive(Debug, Args)]
pub struct InterestArgs {
    /// The unpaid amount, such as 10000 or 1234.50.
    #[arg(long, allow_hyphen_values = true, value_parser = crate::args::decimal)]
    pub principal: Decimal,
    /// ISO 4217 currency [default: the country's: EU EUR, SE SEK, DE EUR, UK GBP].
    #[arg(long, value_parser = Currency::from_str)]
    pub currency: Option<Currency>,
    /// Due date, YYYY-MM-DD; interest runs from the next day.
    #[arg(long, value_parser = crate::args::date)]
    pub due: Date,
    /// Payment date, YYYY-MM-DD; interest runs up to and including it.
    #[arg(long, value_parser = crate::args::date)]
    pub paid: Date,
    /// Jurisdiction profile: EU, SE, DE or UK.
    #[arg(long, default_value = "EU", value_parser = Jurisdiction::from_str)]
    pub country: Jurisdiction,
    /// One reference rate, in percent, for the whole period instead of the
    /// rate table (such as 3.15).
    #[arg(long, allow_hyphen_values = true, conflicts_with = "rates", value_parser = Percent::from_str)]
    pub reference_rate: Option<Percent>,
    /// A rate table (TOML, format in docs/late-payment.md) laid over the
    /// shipped table: its half-years replace or add to the shipped ones.
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
    /// Margin in percentage points instead of the statutory one (such as 8
    /// for a German contract concluded before 29 July 2014).
    #[arg(long, allow_hyphen_values = true, value_parser = Percent::from_str)]
    pub margin: Option<Percent>,
    /// Who owes the debt: business or public-authority.
    #[arg(long, default_value = "business", value_parser = Debtor::from_str)]
    pub debtor: Debtor,
    /// Day the contract was concluded, YYYY-MM-DD (Germany: before
    /// 2014-07-29 the earlier § 288 BGB applies: 8 points, no lump sum).
    #[arg(long, value_parser = crate::args::date)]
    pub contract_date: Option<Date>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b terms interest`.
pub fn run(args: &InterestArgs) -> Result<(), Failure> {
    let (profile, principal) =
        CountryProfile::for_claim(args.country, args.margin, args.principal, args.currency);
    let claim = Claim {
        principal,
        due: args.due,
        paid: args.paid,
        debtor: args.debtor,
        contract_concluded: args.contract_date,
    };
    let table;
    let rates = match (args.reference_rate, &args.rates) {
        (Some(rate), _) => RateSource::Fixed(rate),
        (None, Some(path)) => {
            table = RateTable::shipped().overlay(&read_table(path)?);
            RateSource::Table(&table)
        }
        (None, None) => RateSource::Table(RateTable::shipped()),
    };
    let report = late::interest(&claim, &profile, &rates).map_err(|error| match error {
        late::LateError::MissingRate { .. } => Failure::BadInput(format!(
            "{error}; on the command line: --reference-rate PERCENT, or --rates FILE"
        )),
        other => Failure::bad_input(other),
    })?;
    report::emit(&report, args.format, render)
}

fn read_table(path: &Path) -> Result<RateTable, Failure> {
    let text = read_text(path)?;
    RateTable::parse(&text, &path.display().to_string()).map_err(Failure::bad_input)
}

/// The report as text: summary lines, a table of periods, sources and notes.
fn render(report: &InterestReport) -> String {
    let currency = report.principal.currency();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Late-payment interest: {} ({} debtor)",
        report.profile, report.debtor
    );
    let _ = writeln!(
        out,
        "Principal      {} {currency}, due {}, paid {}: {} days late",
        report.principal.amount(),
        report.due,
        report.paid,
        report.days_late
    );
    match (report.reference_rate, report.rate) {
        (Some(reference), Some(rate)) => {
            let _ = writeln!(
                out,
                "Rate           {reference} reference + {} points = {rate} a year ({})",
                report.margin.value(),
                report.day_count.name()
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "Rate           reference + {} points, changing by half-year ({})",
                report.margin.value(),
                report.day_count.name()
            );
        }
    }
    if !report.periods.is_empty() {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header([
            "from",
            "to",
            "days",
            "reference %",
            "rate %",
            "day count",
            "interest",
        ]);
        for period in &report.periods {
            table.add_row([
                period.from.to_string(),
                period.to.to_string(),
                period.days.to_string(),
                period.reference_rate.to_string(),
                period.rate.to_string(),
                format!("actual/{}", period.year_days),
                period.interest.amount().to_string(),
            ]);
        }
        for column in [2, 3, 4, 6] {
            if let Some(column) = table.column_mut(column) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        let _ = writeln!(out, "{table}");
    }
    let _ = writeln!(
        out,
        "Interest       {} {currency} (exact {}, rounded {} once)",
        report.interest.amount(),
        report.interest_exact.amount(),
        report.rounding.name()
    );
    let _ = writeln!(
        out,
        "Compensation   {} {currency}",
        report.compensation.amount()
    );
    let _ = writeln!(
        out,
        "Total          {} {currency} (with principal {} {currency})",
        report.total.amount(),
        report.total_with_principal.amount()
    );
    for source in &report.sources {
        let _ = writeln!(out, "Source         {source}");
    }
    for table in &report.rate_tables {
        let _ = writeln!(out, "Rate table     {table}");
    }
    for basis in &report.legal_basis {
        let _ = writeln!(out, "Legal basis    {basis}");
    }
    for note in &report.notes {
        let _ = writeln!(out, "Note           {note}");
    }
    out
}
