//! Scenarios: a center, a policy and a list of timed actions, replayed
//! through the [`Service`] to show what each action did.
//!
//! The file format is documented in `docs/buying-center.md`.

use crate::command::{Action, Command};
use crate::file::{FileError, invalid, locate, parse_toml};
use crate::model::Status;
use crate::next::{NextStep, next_steps};
use crate::service::{Service, ServiceError};
use b2b_core::{Money, wire};
use b2b_store::{DocumentStore, EventStore};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Where a scenario's center or policy is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file, by a path relative to the scenario file.
    Path(String),
    /// Written in the scenario itself, as TOML text.
    Inline(String),
}

/// One action of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The request acted on.
    pub request: String,
    /// The command.
    pub command: Command,
    /// The outcome the author expects: `accepted` or a rule id.
    pub expect: Option<String>,
    /// The version the actor saw (default: the request's current one).
    pub version: Option<u64>,
}

/// A scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// What it shows.
    pub title: String,
    /// The buying center.
    pub center: Source,
    /// The approval policy.
    pub policy: Source,
    /// The actions, in order.
    pub steps: Vec<Step>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    title: String,
    center: toml::Value,
    policy: toml::Value,
    #[serde(default)]
    actions: Vec<toml::Table>,
}

impl Scenario {
    /// Reads a scenario from TOML text; `file` names it in errors.
    ///
    /// # Errors
    ///
    /// [`FileError::Syntax`] for text that is not TOML, or lacks the title,
    /// center or policy, or has another top-level key;
    /// [`FileError::Invalid`], with the field and where it is written, for a
    /// center or policy that is neither a path nor a table, or an action
    /// without `at`, `actor` or `request`, with a time that is not RFC 3339
    /// with an offset, a version that is not a whole number of 0 or more, or
    /// fields that do not make an action.
    pub fn parse(text: &str, file: &str) -> Result<Scenario, FileError> {
        let raw: RawScenario = parse_toml(text, file)?;
        let fail = |field: String, message: String| locate(text, file, invalid(field, message));
        let source = |value: toml::Value, field: &str| match value {
            toml::Value::String(path) => Ok(Source::Path(path)),
            toml::Value::Table(table) => toml::to_string(&table)
                .map(Source::Inline)
                .map_err(|e| fail(field.to_owned(), e.to_string())),
            _ => Err(fail(
                field.to_owned(),
                "expected a path or a table".to_owned(),
            )),
        };
        let center = source(raw.center, "center")?;
        let policy = source(raw.policy, "policy")?;
        let mut steps = Vec::with_capacity(raw.actions.len());
        for (i, table) in raw.actions.into_iter().enumerate() {
            steps.push(step(table).map_err(|(key, message)| {
                let field = match key {
                    Some(key) => format!("actions[{i}].{key}"),
                    None => format!("actions[{i}]"),
                };
                fail(field, message)
            })?);
        }
        Ok(Scenario {
            title: raw.title,
            center,
            policy,
            steps,
        })
    }
}

type StepError = (Option<String>, String);

fn take_string(table: &mut toml::Table, key: &str) -> Result<Option<String>, StepError> {
    match table.remove(key) {
        None => Ok(None),
        Some(toml::Value::String(text)) => Ok(Some(text)),
        Some(toml::Value::Datetime(datetime)) => Ok(Some(datetime.to_string())),
        Some(other) => Err((
            Some(key.to_owned()),
            format!("expected text, found {}", other.type_str()),
        )),
    }
}

fn time_of(text: &str, key: &str) -> Result<OffsetDateTime, StepError> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| {
        (
            Some(key.to_owned()),
            format!(
                "{text:?} is not a date and time with offset, such as 2026-03-02T09:00:00Z: {e}"
            ),
        )
    })
}

fn step(mut table: toml::Table) -> Result<Step, StepError> {
    let required = |value: Option<String>, key: &str| {
        value.ok_or_else(|| (None, format!("the action has no {key}")))
    };
    let at_text = required(take_string(&mut table, "at")?, "at")?;
    let at = time_of(&at_text, "at")?;
    let actor = required(take_string(&mut table, "actor")?, "actor")?;
    let request = required(take_string(&mut table, "request")?, "request")?;
    let expect = take_string(&mut table, "expect")?;
    let version = match table.remove("version") {
        None => None,
        Some(toml::Value::Integer(n)) if n >= 0 => Some(n as u64),
        Some(other) => {
            return Err((
                Some("version".to_owned()),
                format!("expected a version number, found {other}"),
            ));
        }
    };
    if matches!(table.get("action"), Some(toml::Value::String(name)) if name == "open") {
        table.insert("request".to_owned(), toml::Value::String(request.clone()));
    }
    let json = to_json(toml::Value::Table(table));
    let action: Action = serde_json::from_value(json).map_err(|e| (None, e.to_string()))?;
    Ok(Step {
        request,
        command: Command { actor, at, action },
        expect,
        version,
    })
}

/// TOML to JSON with numbers and datetimes as text, which is how the
/// decimal and time fields of an action read them.
fn to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(text) => J::String(text),
        toml::Value::Integer(n) => J::String(n.to_string()),
        toml::Value::Float(x) => J::String(x.to_string()),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(datetime) => J::String(datetime.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            J::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

/// What one action did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Outcome {
    /// 1 for the scenario's first action.
    pub step: usize,
    /// When.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub at: OffsetDateTime,
    /// Who.
    pub actor: String,
    /// The request.
    pub request: String,
    /// The action's name.
    pub action: &'static str,
    /// `accepted`, the id of the rule that refused it, `conflict` (a
    /// stale version) or `not-found` (no such request).
    pub outcome: String,
    /// What happened or why not, in sentences.
    pub detail: String,
    /// The request's version after the action.
    pub version: u64,
    /// The outcome the scenario expects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Whether the outcome is the expected one (none: nothing expected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_expected: Option<bool>,
}

/// A level at the end of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LevelSummary {
    /// The level.
    pub level: String,
    /// Approvals needed.
    pub quorum: u32,
    /// Whose approvals counted (`bo`, or `cy for bo` under a delegation).
    pub approvals: Vec<String>,
    /// Whether the quorum is reached.
    pub complete: bool,
}

/// A request at the end of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FinalState {
    /// The request.
    pub request: String,
    /// Its title.
    pub title: String,
    /// Its amount.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
    /// Where it stands.
    pub status: Status,
    /// Its approval levels.
    pub levels: Vec<LevelSummary>,
    /// Who must act next.
    pub next: Vec<NextStep>,
    /// Its version.
    pub version: u64,
    /// Its last hash.
    pub head_hash: String,
    /// Whether its history verifies.
    pub verified: bool,
}

/// A replayed scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Simulation {
    /// The scenario's title.
    pub title: String,
    /// The center's id.
    pub center: String,
    /// Every action's outcome.
    pub outcomes: Vec<Outcome>,
    /// Every request at the end.
    pub requests: Vec<FinalState>,
    /// How many outcomes differ from the expected ones.
    pub unexpected: usize,
}

/// Replays `scenario`'s steps through `service`, whose store must hold
/// center `center_id`; requests opened by the steps live under it.
///
/// # Errors
///
/// A step that is rejected, meets a conflict or finds no request or center
/// gives an outcome, not an error. Any other error of the service stops
/// the run: [`ServiceError::Store`] for a failure of the store,
/// [`ServiceError::Corrupt`] for a stored history that is damaged, and
/// [`ServiceError::NotFound`] when a request's center is no longer stored.
pub fn run<S: EventStore + DocumentStore>(
    service: &mut Service<S>,
    title: &str,
    center_id: &str,
    steps: &[Step],
) -> Result<Simulation, ServiceError> {
    let mut outcomes = Vec::with_capacity(steps.len());
    let mut last_at = None;
    for (index, step) in steps.iter().enumerate() {
        last_at = Some(step.command.at);
        let current = service.load(&step.request)?.1.seq;
        let result = match step.command.action {
            Action::Open { .. } => service
                .open_request(center_id, &step.command)
                .map(|(_, version)| version),
            _ => service
                .execute(
                    &step.request,
                    step.version.unwrap_or(current),
                    &step.command,
                )
                .map(|(version, _)| version),
        };
        let (outcome, detail, version) = match result {
            Ok(version) => (
                "accepted".to_owned(),
                accepted_detail(service, &step.request, current, version)?,
                version,
            ),
            Err(ServiceError::Rejected(rejection)) => {
                (rejection.rule.id().to_owned(), rejection.message, current)
            }
            Err(error @ ServiceError::Conflict { .. }) => {
                ("conflict".to_owned(), error.to_string(), current)
            }
            Err(error @ ServiceError::NotFound { .. }) => {
                ("not-found".to_owned(), error.to_string(), current)
            }
            Err(other) => return Err(other),
        };
        let as_expected = step.expect.as_ref().map(|expected| *expected == outcome);
        outcomes.push(Outcome {
            step: index + 1,
            at: step.command.at,
            actor: step.command.actor.clone(),
            request: step.request.clone(),
            action: step.command.action.name(),
            outcome,
            detail,
            version,
            expected: step.expect.clone(),
            as_expected,
        });
    }
    let mut requests = Vec::new();
    for id in service.requests()? {
        let (_, state) = service.load(&id)?;
        let Some(request) = state.request else {
            continue;
        };
        if request.facts.center != center_id {
            continue;
        }
        let (center, policy) = service.center(center_id)?;
        let now = last_at.unwrap_or(request.opened_at);
        requests.push(FinalState {
            request: id.clone(),
            title: request.facts.title.clone(),
            amount: request.facts.amount,
            status: request.status,
            levels: request
                .levels
                .iter()
                .map(|level| LevelSummary {
                    level: level.level.id.clone(),
                    quorum: level.level.quorum,
                    approvals: level
                        .approvals
                        .iter()
                        .map(|a| {
                            if a.actor == a.member {
                                a.member.clone()
                            } else {
                                format!("{} for {}", a.actor, a.member)
                            }
                        })
                        .collect(),
                    complete: level.is_complete(),
                })
                .collect(),
            next: next_steps(&request, &center, &policy, now),
            version: state.seq,
            head_hash: state.last_hash.clone(),
            verified: service.verify(&id)?.is_intact(),
        });
    }
    let unexpected = outcomes
        .iter()
        .filter(|o| o.as_expected == Some(false))
        .count();
    Ok(Simulation {
        title: title.to_owned(),
        center: center_id.to_owned(),
        outcomes,
        requests,
        unexpected,
    })
}

fn accepted_detail<S: EventStore + DocumentStore>(
    service: &Service<S>,
    id: &str,
    before: u64,
    after: u64,
) -> Result<String, ServiceError> {
    if after == before {
        return Ok("nothing to do".to_owned());
    }
    let (events, _) = service.load(id)?;
    let mut sentences = Vec::new();
    for event in events.iter().filter(|e| e.seq > before) {
        if let Ok(body) = event.body() {
            let sentence = crate::audit::describe(&body);
            sentences.push(match &event.on_behalf_of {
                Some(absent) => format!("{} for {absent}: {sentence}", event.actor),
                None => sentence,
            });
        }
    }
    Ok(sentences.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "title = \"t\"\ncenter = \"center.toml\"\npolicy = { id = \"p\" }\n";

    #[test]
    fn actions_read_with_their_fields_and_sources() {
        let text = format!(
            "{HEAD}[[actions]]\nat = 2026-03-02T10:00:00+01:00\nactor = \"anna\"\nrequest = \"R-1\"\naction = \"open\"\ntitle = \"x\"\namount = {{ amount = 12000, currency = \"EUR\" }}\ncategory = \"it\"\nbuy_class = \"new-task\"\nexpect = \"accepted\"\n"
        );
        let scenario = Scenario::parse(&text, "s.toml").expect("valid");
        assert_eq!(scenario.center, Source::Path("center.toml".into()));
        assert_eq!(scenario.policy, Source::Inline("id = \"p\"\n".into()));
        let step = &scenario.steps[0];
        assert_eq!(step.expect.as_deref(), Some("accepted"));
        assert_eq!(
            step.command.at.to_string(),
            "2026-03-02 10:00:00.0 +01:00:00"
        );
        match &step.command.action {
            Action::Open {
                request, amount, ..
            } => {
                assert_eq!(request, "R-1");
                assert_eq!(amount.amount(), b2b_core::Decimal::from(12000));
            }
            other => panic!("not an open: {other:?}"),
        }
    }

    #[test]
    fn a_time_without_offset_is_refused_with_its_place() {
        let text = format!(
            "{HEAD}[[actions]]\nat = 2026-03-02T10:00:00\nactor = \"anna\"\nrequest = \"R-1\"\naction = \"close\"\n"
        );
        let error = Scenario::parse(&text, "s.toml").expect_err("no offset");
        let message = error.to_string();
        assert!(
            message.starts_with("s.toml: line 5, column 6: actions[0].at: \"2026-03-02T10:00:00\" is not a date and time with offset"),
            "{message}"
        );
    }

    #[test]
    fn an_unknown_action_and_a_missing_actor_name_the_action() {
        let text = format!(
            "{HEAD}[[actions]]\nat = 2026-03-02T10:00:00Z\nactor = \"anna\"\nrequest = \"R-1\"\naction = \"approve-all\"\n"
        );
        let message = Scenario::parse(&text, "s.toml")
            .expect_err("unknown")
            .to_string();
        assert!(
            message.contains("actions[0]: unknown variant `approve-all`"),
            "{message}"
        );
        let text = format!(
            "{HEAD}[[actions]]\nat = 2026-03-02T10:00:00Z\nrequest = \"R-1\"\naction = \"close\"\n"
        );
        let message = Scenario::parse(&text, "s.toml")
            .expect_err("no actor")
            .to_string();
        assert!(
            message.ends_with("actions[0]: the action has no actor"),
            "{message}"
        );
    }
}
