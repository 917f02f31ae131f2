//! Writing an evaluation as a table, JSON or CSV.

use crate::cli::Format;
use b2b_tender::{AwardModel, Evaluation};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};
use rust_decimal::Decimal;
use std::io::{self, Write};

/// Writes `evaluation` to `out` in `format`.
pub fn write(
    evaluation: &Evaluation<'_>,
    format: Format,
    out: &mut (impl Write + Send),
) -> io::Result<()> {
    match format {
        Format::Json => {
            evaluation.report().write_json(out)?;
            writeln!(out)
        }
        Format::Csv => write_csv(evaluation, out),
        Format::Table => {
            // Supplier names and ids come from the bids file: their control
            // characters are escaped so they cannot drive the terminal.
            let mut table = Vec::new();
            write_table(evaluation, &mut table)?;
            let text = String::from_utf8_lossy(&table);
            out.write_all(crate::report::printable_lines(&text).as_bytes())
        }
    }
}

/// The breakdown's ids, the same for every row of one evaluation.
fn breakdown_ids<'e>(evaluation: &'e Evaluation<'_>) -> Vec<&'e str> {
    evaluation
        .rows()
        .next()
        .map(|row| row.breakdown.iter().map(|(id, _)| *id).collect())
        .unwrap_or_default()
}

/// Whether the table shows the breakdown: under lowest-price it is the price
/// alone, which the value column already shows. (CSV always has it, so its
/// columns follow one rule for every model.)
fn table_shows_breakdown(evaluation: &Evaluation<'_>) -> bool {
    evaluation.award() != AwardModel::LowestPrice
}

fn flag_names(flags: b2b_tender::evaluate::Flags) -> Vec<&'static str> {
    flags.iter().map(|f| f.name()).collect()
}

fn write_csv(evaluation: &Evaluation<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let ids = breakdown_ids(evaluation);
    let mut header = vec!["rank", "bid", "supplier", "value"];
    header.extend(&ids);
    header.push("flags");
    writer.write_record(&header)?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for row in evaluation.rows() {
        record.clear();
        record.extend([
            row.rank.to_string(),
            row.bid.to_owned(),
            row.supplier.to_owned(),
            row.value.to_string(),
        ]);
        record.extend(row.breakdown.iter().map(|(_, v)| v.to_string()));
        record.push(flag_names(row.flags).join(";"));
        writer.write_record(&record)?;
    }
    writer.flush()
}

fn new_table(header: Vec<String>) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header(header);
    table
}

fn write_table(evaluation: &Evaluation<'_>, out: &mut impl Write) -> io::Result<()> {
    let tender = evaluation.tender();
    let bids = evaluation.bids();
    writeln!(
        out,
        "Tender {} - {} ({}, {})",
        tender.id, tender.title, tender.award, tender.currency
    )?;
    let with_breakdown = table_shows_breakdown(evaluation);
    let ids = if with_breakdown {
        breakdown_ids(evaluation)
    } else {
        Vec::new()
    };
    let mut header: Vec<String> = ["rank", "bid", "supplier", tender.award.value_label()]
        .map(str::to_owned)
        .to_vec();
    header.extend(ids.iter().map(|id| (*id).to_owned()));
    header.push("flags".to_owned());
    let mut table = new_table(header);
    for row in evaluation.rows() {
        let mut cells = vec![
            row.rank.to_string(),
            row.bid.to_owned(),
            row.supplier.to_owned(),
            row.value.to_string(),
        ];
        if with_breakdown {
            cells.extend(row.breakdown.iter().map(|(_, v)| v.to_string()));
        }
        cells.push(flag_names(row.flags).join(", "));
        table.add_row(cells);
    }
    let numeric = 3..3 + 1 + ids.len();
    for index in numeric.chain([0]) {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}")?;

    if !evaluation.excluded().is_empty() {
        writeln!(out, "\nExcluded")?;
        let mut excluded = new_table(vec!["bid".into(), "supplier".into(), "reasons".into()]);
        for exclusion in evaluation.excluded() {
            excluded.add_row(vec![
                bids.ids[exclusion.bid].clone(),
                bids.suppliers[exclusion.bid].clone(),
                exclusion.reasons.join(", "),
            ]);
        }
        writeln!(out, "{excluded}")?;
    }
    if let Some(sensitivity) = evaluation.sensitivity() {
        writeln!(out, "\nSensitivity")?;
        if !sensitivity.weights.is_empty() {
            let mut weights = new_table(
                [
                    "criterion",
                    "weight share now",
                    "winner holds from",
                    "to",
                    "overtaken below by",
                    "overtaken above by",
                ]
                .map(str::to_owned)
                .to_vec(),
            );
            let percent = |fraction: Decimal| {
                format!(
                    "{}%",
                    (fraction * Decimal::ONE_HUNDRED).round_dp(2).normalize()
                )
            };
            let bid = |b: Option<usize>| b.map_or_else(|| "-".to_owned(), |b| bids.ids[b].clone());
            for range in &sensitivity.weights {
                weights.add_row(vec![
                    tender.criteria[range.criterion].id.clone(),
                    percent(range.share),
                    percent(range.min_share),
                    percent(range.max_share),
                    bid(range.rival_below),
                    bid(range.rival_above),
                ]);
            }
            writeln!(out, "{weights}")?;
        }
        let tried: Vec<&str> = sensitivity
            .removals_tried
            .iter()
            .map(|&b| bids.ids[b].as_str())
            .collect();
        writeln!(
            out,
            "rank reversal: removals tried: {}; reversals found: {}",
            if tried.is_empty() {
                "none needed (no losing bid alone holds the best or worst value of a relative criterion)".to_owned()
            } else {
                tried.join(", ")
            },
            sensitivity.rank_reversals.len()
        )?;
    }
    if !evaluation.warnings().is_empty() {
        writeln!(out, "\nWarnings")?;
        for warning in evaluation.warnings() {
            writeln!(out, "- [{}] {}", warning.code.name(), warning.message)?;
        }
    }
    match evaluation.winner_index() {
        Some(b) => writeln!(out, "\nWinner: {} ({})", bids.ids[b], bids.suppliers[b]),
        None => writeln!(out, "\nWinner: none (see warnings)"),
    }
}
