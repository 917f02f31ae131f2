//! `b2b terms incoterm`: an Incoterms 2020 rule, the table of all rules, or
//! the split of a cost-lines file between seller and buyer.

use std::path::{Path, PathBuf};

use b2b_terms::incoterms::costs::{self, CostSplit, FcaPlace};
use b2b_terms::incoterms::{Incoterm, RuleInfo};
use clap::{Args, ValueEnum};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report::emit;

/// The FCA place of delivery of `--place`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlaceArg {
    /// At the seller's premises: the buyer's carrier collects there.
    SellerPremises,
    /// Anywhere else: the seller carries the goods there, not unloaded.
    Elsewhere,
}

/// Arguments of `b2b terms incoterm`.
#[derive(Debug, Args)]
pub struct IncotermArgs {
    /// The rule, such as FOB or cif (case-insensitive).
    pub rule: Option<String>,
    /// Show the table of all eleven rules.
    #[arg(long, conflicts_with_all = ["rule", "costs"])]
    pub list: bool,
    /// A cost-lines file (.csv or .toml) to split between seller and buyer.
    #[arg(long)]
    pub costs: Option<PathBuf>,
    /// Under FCA: where delivery takes place (decides pre-carriage).
    #[arg(long, value_enum)]
    pub place: Option<PlaceArg>,
    /// Output format (default: table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b terms incoterm`.
pub fn run(args: &IncotermArgs) -> Result<(), Failure> {
    if args.list {
        let table: Vec<&RuleInfo> = Incoterm::ALL.iter().map(|rule| rule.info()).collect();
        return emit(&table, args.format, |rules| render_list(rules));
    }
    let Some(text) = args.rule.as_deref() else {
        return Err(Failure::BadInput(
            "give a rule such as FOB, or --list for the table of all rules".to_owned(),
        ));
    };
    let rule: Incoterm = text.parse().map_err(Failure::bad_input)?;
    let place = args.place.map(|place| match place {
        PlaceArg::SellerPremises => FcaPlace::SellerPremises,
        PlaceArg::Elsewhere => FcaPlace::Elsewhere,
    });
    if place.is_some() && rule != Incoterm::Fca {
        return Err(Failure::BadInput(format!(
            "--place applies to FCA only, not {rule}"
        )));
    }
    match &args.costs {
        None => emit(rule.info(), args.format, render_rule),
        Some(path) => {
            let lines = read_lines(path)?;
            let split = costs::split(rule, place, &lines).map_err(|e| Failure::in_file(path, e))?;
            emit(&split, args.format, render_split)
        }
    }
}

fn read_lines(path: &Path) -> Result<Vec<costs::CostLine>, Failure> {
    let text = read_text(path)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let parsed = match extension.as_deref() {
        Some("csv") => costs::parse_csv(&text),
        Some("toml") => costs::parse_toml(&text),
        _ => {
            return Err(Failure::BadInput(format!(
                "{}: a cost-lines file must end in .csv or .toml",
                path.display()
            )));
        }
    };
    parsed.map_err(|e| Failure::in_file(path, e))
}

fn new_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    table
}

fn render_list(rules: &[&RuleInfo]) -> String {
    let mut table = new_table(&[
        "rule",
        "name",
        "mode",
        "main carriage",
        "insurance",
        "export clearance",
        "import clearance",
        "unloading at destination",
    ]);
    for info in rules {
        table.add_row(vec![
            info.code.to_owned(),
            info.name.to_owned(),
            mode_name(info),
            info.main_carriage.to_string(),
            info.insurance.to_string(),
            info.export_clearance.to_string(),
            info.import_clearance.to_string(),
            info.unloading_at_destination.to_string(),
        ]);
    }
    format!("Incoterms 2020\n{table}")
}

fn mode_name(info: &RuleInfo) -> String {
    crate::report::json_name(info.mode)
}

fn render_rule(info: &RuleInfo) -> String {
    let rows = [
        ("mode", mode_name(info)),
        ("delivery", info.delivery.to_owned()),
        ("risk transfer", info.risk_transfer.to_owned()),
        ("main carriage", info.main_carriage.to_string()),
        ("insurance", info.insurance.to_string()),
        ("export clearance", info.export_clearance.to_string()),
        ("import clearance", info.import_clearance.to_string()),
        (
            "unloading at destination",
            info.unloading_at_destination.to_string(),
        ),
    ];
    let mut text = format!("{} ({}), Incoterms 2020\n", info.code, info.name);
    for (label, value) in rows {
        text.push_str(&format!("  {label:<25} {value}\n"));
    }
    for note in info.notes {
        text.push_str(&format!("  - {note}\n"));
    }
    text
}

fn render_split(split: &CostSplit) -> String {
    let mut table = new_table(&["line", "category", "description", "amount", "party", "why"]);
    for line in &split.lines {
        table.add_row(vec![
            line.line.to_string(),
            line.category.to_string(),
            line.description.clone(),
            line.amount.to_string(),
            line.party.to_string(),
            line.reason.to_owned(),
        ]);
    }
    if let Some(column) = table.column_mut(3) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    let mut totals = new_table(&["party", "total"]);
    for total in &split.totals {
        totals.add_row(vec![total.party.to_string(), total.total.to_string()]);
    }
    if let Some(column) = totals.column_mut(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    format!(
        "Cost split under {} ({})\n{table}\nTotals (exact sums per party and currency)\n{totals}",
        split.rule,
        split.rule.info().name
    )
}
