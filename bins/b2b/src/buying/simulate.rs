//! `b2b buying simulate SCENARIO.toml`: replay a scenario in memory through
//! the buying service and show what each action did.

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report::emit;
use b2b_buying::audit::timestamp;
use b2b_buying::scenario::{self, Scenario, Simulation, Source};
use b2b_buying::service::Service;
use b2b_store::MemoryStore;
use clap::Args;
use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use std::path::{Path, PathBuf};

/// Arguments of `b2b buying simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The scenario: a center, a policy (inline or by a path relative to
    /// the scenario) and timed actions (see docs/buying-center.md).
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: PathBuf,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b buying simulate`. Exits with 1 after printing when an action's
/// outcome differs from the `expect` the scenario gives for it.
pub fn run(args: &SimulateArgs) -> Result<(), Failure> {
    let text = read_text(&args.scenario)?;
    let name = args.scenario.display().to_string();
    let parsed = Scenario::parse(&text, &name).map_err(Failure::bad_input)?;
    let base = args.scenario.parent().unwrap_or(Path::new("."));
    let (center_text, center_name) = source(&parsed.center, base, &name, "center")?;
    let (policy_text, policy_name) = source(&parsed.policy, base, &name, "policy")?;
    let mut service = Service::new(MemoryStore::new());
    let center = service
        .create_center_from_toml(&center_text, &center_name, &policy_text, &policy_name)
        .map_err(Failure::bad_input)?;
    let simulation = scenario::run(&mut service, &parsed.title, &center.id, &parsed.steps)
        .map_err(|e| Failure::Other(e.to_string()))?;
    emit(&simulation, args.format, render)?;
    match simulation.unexpected {
        0 => Ok(()),
        n => Err(Failure::Other(format!(
            "{n} outcome(s) differ from what {name} expects"
        ))),
    }
}

/// The TOML text of a center or policy and the name to give it in errors.
fn source(
    source: &Source,
    base: &Path,
    scenario: &str,
    what: &str,
) -> Result<(String, String), Failure> {
    match source {
        Source::Inline(text) => Ok((text.clone(), format!("{scenario} [{what}]"))),
        Source::Path(relative) => {
            let path = base.join(relative);
            Ok((read_text(&path)?, path.display().to_string()))
        }
    }
}

fn render(simulation: &Simulation) -> String {
    let mut actions = Table::new();
    actions.load_preset(UTF8_FULL_CONDENSED);
    actions.set_header(["#", "at", "actor", "request", "action", "outcome", "detail"]);
    for outcome in &simulation.outcomes {
        let verdict = match (&outcome.expected, outcome.as_expected) {
            (Some(expected), Some(false)) => {
                format!("{} (expected {expected})", outcome.outcome)
            }
            _ => outcome.outcome.clone(),
        };
        actions.add_row([
            outcome.step.to_string(),
            timestamp(outcome.at),
            outcome.actor.clone(),
            outcome.request.clone(),
            outcome.action.to_owned(),
            verdict,
            outcome.detail.clone(),
        ]);
    }
    let mut requests = Table::new();
    requests.load_preset(UTF8_FULL_CONDENSED);
    requests.set_header([
        "request", "amount", "status", "levels", "next", "events", "chain",
    ]);
    for request in &simulation.requests {
        let levels: Vec<String> = request
            .levels
            .iter()
            .map(|level| {
                format!(
                    "{} {}/{}: {}",
                    level.level,
                    level.approvals.len(),
                    level.quorum,
                    level.approvals.join(", ")
                )
            })
            .collect();
        let next: Vec<String> = request
            .next
            .iter()
            .map(|step| match &step.level {
                Some(level) => format!("{} {level}: {}", step.action, step.members.join(", ")),
                None => format!("{}: {}", step.action, step.members.join(", ")),
            })
            .collect();
        requests.add_row([
            format!("{} {}", request.request, request.title),
            request.amount.to_string(),
            request.status.to_string(),
            levels.join("\n"),
            next.join("\n"),
            request.version.to_string(),
            if request.verified {
                "verified"
            } else {
                "BROKEN"
            }
            .to_owned(),
        ]);
    }
    format!(
        "{}\ncenter {}\n{actions}\n{requests}\n{}",
        simulation.title,
        simulation.center,
        match simulation.unexpected {
            0 => "every outcome as expected".to_owned(),
            n => format!("{n} outcome(s) differ from the expected ones"),
        }
    )
}
