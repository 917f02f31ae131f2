//! `b2b buying grades`: a team's grades of a tender's points criteria,
//! aggregated into the bids' points, with evaluators to moderate.

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report::emit;
use b2b_buying::evaluation::{self, Method, TeamResult};
use b2b_core::{Decimal, Percent};
use b2b_tender::input::{TenderFormat, parse_tender};
use clap::Args;
use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use std::path::PathBuf;

/// Arguments of `b2b buying grades`.
#[derive(Debug, Args)]
pub struct GradesArgs {
    /// The tender file (.toml or .json): its `points` criteria and scales.
    pub tender: PathBuf,
    /// The grades (CSV: evaluator, bid, criterion, grade).
    pub grades: PathBuf,
    /// The evaluators' influence weights (CSV: evaluator, influence)
    /// [default: everyone weighs 1].
    #[arg(long)]
    pub evaluators: Option<PathBuf>,
    /// mean, median or influence-weighted.
    #[arg(long, default_value = "mean", value_parser = |t: &str| t.parse::<Method>().map_err(|e| e.to_string()))]
    pub method: Method,
    /// Flag an evaluator whose grades are on average further than this
    /// percentage of the scale from the team's median.
    #[arg(long, default_value_t = Decimal::from(evaluation::DEFAULT_THRESHOLD_PERCENT), value_parser = crate::args::decimal)]
    pub threshold: Decimal,
    /// The tender's bids file (CSV) to fill with the team's points ...
    #[arg(long, requires = "write_bids")]
    pub bids: Option<PathBuf>,
    /// ... written here, ready for `b2b tender evaluate`.
    #[arg(long, requires = "bids")]
    pub write_bids: Option<PathBuf>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b buying grades`.
pub fn run(args: &GradesArgs) -> Result<(), Failure> {
    let format = TenderFormat::from_path(&args.tender).ok_or_else(|| {
        Failure::BadInput(format!(
            "{}: a tender file must end in .toml or .json",
            args.tender.display()
        ))
    })?;
    let tender = parse_tender(
        &read_text(&args.tender)?,
        format,
        &args.tender.display().to_string(),
    )
    .map_err(Failure::bad_input)?;
    let grades = evaluation::parse_grades(&read_text(&args.grades)?)
        .map_err(|e| Failure::in_file(&args.grades, e))?;
    let evaluators = match &args.evaluators {
        Some(path) => evaluation::parse_evaluators(&read_text(path)?)
            .map_err(|e| Failure::in_file(path, e))?,
        None => Vec::new(),
    };
    if args.threshold <= Decimal::ZERO {
        return Err(Failure::BadInput(format!(
            "--threshold: {} is not above 0",
            args.threshold
        )));
    }
    let result = evaluation::aggregate(
        &tender,
        &grades,
        &evaluators,
        args.method,
        Percent::new(args.threshold),
    )
    .map_err(|e| Failure::in_file(&args.grades, e))?;
    if let (Some(bids), Some(out)) = (&args.bids, &args.write_bids) {
        let written = evaluation::write_bids(&read_text(bids)?, &result)
            .map_err(|e| Failure::in_file(bids, e))?;
        std::fs::write(out, written).map_err(|e| Failure::io(out, "write", e))?;
    }
    emit(&result, args.format, render)
}

fn render(result: &TeamResult) -> String {
    let mut points = Table::new();
    points.load_preset(UTF8_FULL_CONDENSED);
    points.set_header(["criterion", "bid", "grades", "min", "max", "points"]);
    for p in &result.points {
        points.add_row([
            p.criterion.clone(),
            p.bid.clone(),
            p.grades.to_string(),
            p.min.to_string(),
            p.max.to_string(),
            p.points.to_string(),
        ]);
    }
    let mut deviations = Table::new();
    deviations.load_preset(UTF8_FULL_CONDENSED);
    deviations.set_header([
        "criterion",
        "evaluator",
        "bids",
        "mean deviation",
        "% of scale",
        "moderate",
    ]);
    for d in &result.deviations {
        deviations.add_row([
            d.criterion.clone(),
            d.evaluator.clone(),
            d.bids.to_string(),
            d.mean_deviation.to_string(),
            d.percent_of_scale.value().to_string(),
            if d.flagged {
                "yes".to_owned()
            } else {
                String::new()
            },
        ]);
    }
    format!(
        "Team points ({}, rounded {} to {} decimals)\n{points}\nDistance from the team's median (moderate above {}% of the scale)\n{deviations}",
        result.method,
        result.rounding,
        evaluation::POINTS_DECIMALS,
        result.threshold.value()
    )
}
