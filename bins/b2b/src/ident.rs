//! `b2b ident ...`: business identifiers, checked by `b2b_ident`.

use crate::cli::ReportFormat;
use crate::failure::Failure;
use crate::report;
use b2b_ident::{Identification, Kind};
use clap::{Args, Subcommand};

/// `b2b ident ...`
#[derive(Debug, Subcommand)]
pub enum IdentCommand {
    /// Validate identifiers: VAT numbers (EU member states, XI, EU OSS, GB,
    /// NO), Swedish organisation/personal/coordination numbers, Norwegian
    /// organisation numbers. Exit code 2 when any is invalid.
    Check(CheckArgs),
}

/// Arguments of `b2b ident check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The identifiers, such as "SE 556043-6064 01", DE136695976 or
    /// 556043-6064 (with --country SE).
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Country for identifiers written without a prefix: SE (organisation
    /// and personal numbers), NO (organisation numbers) or any VAT prefix.
    #[arg(long)]
    pub country: Option<String>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs one `b2b ident` command.
pub fn run(command: IdentCommand) -> Result<(), Failure> {
    match command {
        IdentCommand::Check(args) => check(&args),
    }
}

fn check(args: &CheckArgs) -> Result<(), Failure> {
    if let Some(country) = &args.country {
        b2b_ident::check_country(country)
            .map_err(|e| Failure::BadInput(format!("--country {e}")))?;
    }
    // The library reads no clock; the day decides the century of a
    // 10-digit Swedish personal number.
    let today = time::OffsetDateTime::now_utc().date();
    let results: Vec<Identification> = args
        .ids
        .iter()
        .map(|id| b2b_ident::check(id, args.country.as_deref(), today))
        .collect();
    report::emit(&results, args.format, |results| table(results))?;
    let invalid = results.iter().filter(|r| !r.valid).count();
    if invalid == 0 {
        Ok(())
    } else {
        Err(Failure::BadInput(format!(
            "{invalid} of {} identifiers invalid",
            results.len()
        )))
    }
}

/// One line per identifier: verdict, input, kind, country, then the
/// normalised form or the error.
fn table(results: &[Identification]) -> String {
    let rows: Vec<[String; 5]> = results
        .iter()
        .map(|r| {
            [
                if r.valid { "valid" } else { "INVALID" }.to_owned(),
                r.input.clone(),
                r.kind.map_or("-", Kind::as_str).to_owned(),
                r.country.clone().unwrap_or_else(|| "-".to_owned()),
                r.normalized
                    .clone()
                    .or_else(|| r.error.clone())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths = [0; 4];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    // Padded by hand: a format width above 65535 panics, and an identifier
    // is whatever the user typed.
    let mut text = String::new();
    for row in &rows {
        for (width, cell) in widths.iter().zip(row) {
            text.push_str(cell);
            let padding = width - cell.chars().count() + 2;
            text.extend(std::iter::repeat_n(' ', padding));
        }
        text.push_str(&row[4]);
        text.push('\n');
    }
    text
}
