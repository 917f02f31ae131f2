//! `b2b buying account-map`: the seller's map of a customer's buying
//! center and the gaps to close.

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report::emit;
use b2b_buying::account::{AccountMap, Analysis};
use clap::Args;
use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use std::path::PathBuf;
use time::Date;

/// Arguments of `b2b buying account-map`.
#[derive(Debug, Args)]
pub struct AccountArgs {
    /// The account map (TOML): the customer's people, roles, influence,
    /// stance and contacts.
    pub map: PathBuf,
    /// Judge stale contacts as of this day [default: not judged].
    #[arg(long, value_parser = crate::args::date)]
    pub today: Option<Date>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b buying account-map`.
pub fn run(args: &AccountArgs) -> Result<(), Failure> {
    let text = read_text(&args.map)?;
    let map = AccountMap::parse(&text).map_err(|e| Failure::in_file(&args.map, e))?;
    emit(&map.analyse(args.today), args.format, render)
}

fn render(analysis: &Analysis) -> String {
    let mut roles = Table::new();
    roles.load_preset(UTF8_FULL_CONDENSED);
    roles.set_header(["role", "held by", "in touch with"]);
    for role in &analysis.roles {
        roles.add_row([
            role.role.to_string(),
            role.holders.join(", "),
            role.contacted.join(", "),
        ]);
    }
    let mut text = format!(
        "{}{}: the seller reaches {} of the buying center's influence\n{roles}\nGaps\n",
        analysis.customer,
        analysis
            .deal
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default(),
        analysis.coverage_percent
    );
    for gap in &analysis.gaps {
        let severity = crate::report::json_name(gap.severity);
        text.push_str(&format!("- [{severity}] {}: {}\n", gap.rule, gap.text));
    }
    text
}
