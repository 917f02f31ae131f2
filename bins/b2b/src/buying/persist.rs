//! `b2b [--db FILE] buying center|open|act|show|list|verify|audit`: the
//! workflow over the SQLite store. Every command opens the database, does
//! one thing and closes it; a write is acknowledged only once committed.

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report::emit;
use b2b_buying::command::{Action, Command};
use b2b_buying::service::{Replaced, RequestView, Service, ServiceError, parse_center};
use b2b_buying::{BuyClass, Role};
use b2b_core::{Currency, Decimal, Money};
use b2b_store::{SqliteStore, StoreError};
use clap::{Args, Subcommand};
use serde::Serialize;
use serde::de::{DeserializeOwned, IntoDeserializer};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// `b2b buying center ...`
#[derive(Debug, Subcommand)]
pub enum CenterCommand {
    /// Store a new buying center and its approval policy (with --replace,
    /// replace a stored one; open requests keep the rules they were opened
    /// under).
    Create(CreateCenterArgs),
    /// List the stored centers.
    List(FormatArgs),
}

/// Arguments of `b2b buying center create`.
#[derive(Debug, Args)]
pub struct CreateCenterArgs {
    /// The center file (TOML): members, roles, influence, limits.
    pub center: PathBuf,
    /// The approval policy file (TOML).
    pub policy: PathBuf,
    /// Replace the center and policy if the center is stored already
    /// (without it, an existing center is refused).
    #[arg(long)]
    pub replace: bool,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Only an output format.
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Arguments of `b2b buying open`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The buying center deciding it.
    #[arg(long)]
    pub center: String,
    /// The member asking for the purchase (the requester).
    #[arg(long = "as")]
    pub actor: String,
    /// What is to be bought.
    #[arg(long)]
    pub title: String,
    /// How much it costs.
    #[arg(long, value_parser = crate::args::decimal)]
    pub amount: Decimal,
    /// The currency of the amount.
    #[arg(long, value_parser = currency)]
    pub currency: Currency,
    /// The purchase category, as the policy names them.
    #[arg(long)]
    pub category: String,
    /// new-task, modified-rebuy or straight-rebuy.
    #[arg(long, value_parser = kebab::<BuyClass>)]
    pub buy_class: BuyClass,
    /// The approved supplier (required for a straight rebuy).
    #[arg(long)]
    pub supplier: Option<String>,
    /// The request's id [default: the next free R-NNNN].
    #[arg(long)]
    pub id: Option<String>,
    /// When (RFC 3339, such as 2026-11-27T09:00:00Z) [default: now].
    #[arg(long, value_parser = instant)]
    pub at: Option<OffsetDateTime>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Arguments of `b2b buying act`.
#[derive(Debug, Args)]
pub struct ActArgs {
    /// The request.
    pub request: String,
    /// The member acting.
    #[arg(long = "as")]
    pub actor: String,
    /// The request's version you saw (from `show`): if it has moved on
    /// since, the action is refused and nothing is written.
    #[arg(long = "version")]
    pub seen_version: u64,
    /// When (RFC 3339) [default: now].
    #[arg(long, global = true, value_parser = instant)]
    pub at: Option<OffsetDateTime>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, global = true, value_enum)]
    pub format: Option<ReportFormat>,
    /// What to do.
    #[command(subcommand)]
    pub action: ActCommand,
}

/// The actions on a request.
#[derive(Debug, Subcommand)]
pub enum ActCommand {
    /// Move to the next phase of the request's path.
    Advance {
        /// In a modified rebuy, go through supplier search instead of
        /// skipping it.
        #[arg(long)]
        supplier_search: bool,
    },
    /// Approve (for yourself, or for an absent member who delegated to you).
    Approve {
        /// The absent member you stand in for.
        #[arg(long)]
        on_behalf_of: Option<String>,
        /// The approval level to count towards [default: the first pending
        /// one your approval counts for].
        #[arg(long)]
        level: Option<String>,
    },
    /// Refuse the request as an approver; it ends rejected.
    Reject {
        /// Why.
        #[arg(long)]
        reason: String,
        /// The absent member you stand in for.
        #[arg(long)]
        on_behalf_of: Option<String>,
    },
    /// Stop the request with a veto; it ends rejected.
    Veto {
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Hand one of your roles to another member while you are away.
    Delegate {
        /// The member who acts for you.
        #[arg(long)]
        to: String,
        /// The role you hand over; both of you must hold it.
        #[arg(long, value_parser = kebab::<Role>)]
        role: Role,
        /// Start of the absence (RFC 3339, inclusive).
        #[arg(long, value_parser = instant)]
        start: OffsetDateTime,
        /// End of the absence (RFC 3339, exclusive).
        #[arg(long, value_parser = instant)]
        end: OffsetDateTime,
    },
    /// Add a remark to the record.
    Comment {
        /// The remark.
        #[arg(long)]
        text: String,
    },
    /// Withdraw the request.
    Cancel {
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Close the request after its last phase.
    Close,
    /// Escalate the current phase if its deadline has passed.
    CheckDeadlines,
}

/// Arguments naming one request.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The request.
    pub request: String,
    /// The time to show waits up to (RFC 3339) [default: now].
    #[arg(long, value_parser = instant)]
    pub at: Option<OffsetDateTime>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

fn currency(text: &str) -> Result<Currency, String> {
    text.parse().map_err(|e: b2b_core::CoreError| e.to_string())
}

/// A kebab-case name of a serde enum (`new-task`, `gatekeeper`).
fn kebab<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    T::deserialize(text.into_deserializer()).map_err(|e: serde::de::value::Error| e.to_string())
}

fn instant(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|e| format!("{text:?} is not a time such as 2026-11-27T09:00:00Z (RFC 3339): {e}"))
}

fn now(at: Option<OffsetDateTime>) -> OffsetDateTime {
    at.unwrap_or_else(OffsetDateTime::now_utc)
}

/// How a command opens the database.
#[derive(Clone, Copy)]
enum Access {
    /// Write, creating the file if missing (only `center create`: every
    /// other command needs a center, so a missing file is a mistyped path).
    Create,
    /// Write to an existing file.
    Write,
    /// Read only: no migration, no write, a read-only file is fine.
    Read,
}

fn open_service(db: &Path, access: Access) -> Result<Service<SqliteStore>, Failure> {
    let store = match access {
        Access::Create => SqliteStore::open(db),
        Access::Write => SqliteStore::open_existing(db),
        Access::Read => SqliteStore::open_read_only(db),
    }
    .map_err(|e| match e {
        StoreError::NoDatabase { .. } => {
            Failure::BadInput(format!("{e}; `b2b buying center create` makes one"))
        }
        other => Failure::Other(other.to_string()),
    })?;
    Ok(Service::new(store))
}

/// A refusal (a workflow rule, a stale version, an unknown id, a bad file)
/// is bad input; a failing store is not.
fn failure(error: ServiceError) -> Failure {
    match error {
        ServiceError::Store(e) => Failure::Other(e.to_string()),
        ServiceError::Rejected(rejection) => Failure::BadInput(format!(
            "refused by rule {}: {}",
            rejection.rule, rejection.message
        )),
        exists @ ServiceError::CenterExists { .. } => {
            Failure::BadInput(format!("{exists} (`--replace` replaces it)"))
        }
        other => Failure::BadInput(other.to_string()),
    }
}

/// Runs `b2b buying center ...`.
pub fn center(command: CenterCommand, db: &Path) -> Result<(), Failure> {
    match command {
        CenterCommand::Create(args) => {
            let (center_text, policy_text) = (read_text(&args.center)?, read_text(&args.policy)?);
            let (center, policy) = parse_center(
                &center_text,
                &args.center.display().to_string(),
                &policy_text,
                &args.policy.display().to_string(),
            )
            .map_err(|e| failure(e.into()))?;
            let mut service = open_service(db, Access::Create)?;
            let replaced = if args.replace {
                service.replace_center(&center, &policy)
            } else {
                service.create_center(&center, &policy).map(|()| None)
            }
            .map_err(failure)?;
            #[derive(Serialize)]
            struct Created<'a> {
                center: &'a str,
                members: usize,
                policy: &'a str,
                database: String,
                #[serde(skip_serializing_if = "Option::is_none")]
                replaced: Option<Replaced>,
            }
            let report = Created {
                center: &center.id,
                members: center.members.len(),
                policy: &policy.id,
                database: db.display().to_string(),
                replaced,
            };
            emit(&report, args.format, |r| {
                let mut text = format!(
                    "center {} stored with {} members and policy {} in {}",
                    r.center, r.members, r.policy, r.database
                );
                if let Some(old) = &r.replaced {
                    let unknown = || "?".to_owned();
                    text.push_str(&format!(
                        "\nit replaced the stored version ({} members, policy {}); open requests keep the rules they were opened under",
                        old.members.map_or_else(unknown, |n| n.to_string()),
                        old.policy.clone().unwrap_or_else(unknown)
                    ));
                }
                text
            })
        }
        CenterCommand::List(args) => {
            let centers = open_service(db, Access::Read)?.centers().map_err(failure)?;
            emit(&centers, args.format, |c| c.join("\n"))
        }
    }
}

/// Runs `b2b buying open`.
pub fn open(args: &OpenArgs, db: &Path) -> Result<(), Failure> {
    let mut service = open_service(db, Access::Write)?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => service.next_request_id().map_err(failure)?,
    };
    let command = Command {
        actor: args.actor.clone(),
        at: now(args.at),
        action: Action::Open {
            request: id,
            title: args.title.clone(),
            amount: Money::new(args.amount, args.currency),
            category: args.category.clone(),
            buy_class: args.buy_class,
            supplier: args.supplier.clone(),
        },
    };
    let (id, _) = service
        .open_request(&args.center, &command)
        .map_err(failure)?;
    let view = service.show(&id, command.at).map_err(failure)?;
    emit(&view, args.format, render_view)
}

/// Runs `b2b buying act`.
pub fn act(args: ActArgs, db: &Path) -> Result<(), Failure> {
    let action = match args.action {
        ActCommand::Advance { supplier_search } => Action::Advance { supplier_search },
        ActCommand::Approve {
            on_behalf_of,
            level,
        } => Action::Approve {
            on_behalf_of,
            level,
        },
        ActCommand::Reject {
            reason,
            on_behalf_of,
        } => Action::Reject {
            on_behalf_of,
            reason,
        },
        ActCommand::Veto { reason } => Action::Veto { reason },
        ActCommand::Delegate {
            to,
            role,
            start,
            end,
        } => Action::Delegate {
            to,
            role,
            start,
            end,
        },
        ActCommand::Comment { text } => Action::Comment { text },
        ActCommand::Cancel { reason } => Action::Cancel { reason },
        ActCommand::Close => Action::Close,
        ActCommand::CheckDeadlines => Action::CheckDeadlines,
    };
    let command = Command {
        actor: args.actor,
        at: now(args.at),
        action,
    };
    let mut service = open_service(db, Access::Write)?;
    service
        .execute(&args.request, args.seen_version, &command)
        .map_err(failure)?;
    let view = service.show(&args.request, command.at).map_err(failure)?;
    emit(&view, args.format, render_view)
}

/// Runs `b2b buying show`.
pub fn show(args: &RequestArgs, db: &Path) -> Result<(), Failure> {
    let view = open_service(db, Access::Read)?
        .show(&args.request, now(args.at))
        .map_err(failure)?;
    emit(&view, args.format, render_view)
}

/// Runs `b2b buying list`.
pub fn list(args: &FormatArgs, db: &Path) -> Result<(), Failure> {
    let requests = open_service(db, Access::Read)?
        .requests()
        .map_err(failure)?;
    emit(&requests, args.format, |r| r.join("\n"))
}

/// Arguments of `b2b buying verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The request.
    pub request: String,
    /// A receipt kept from `show`: the version ...
    #[arg(long = "version", requires = "head")]
    pub seen_version: Option<u64>,
    /// ... and the head hash; the history must still end with that event
    /// (this also catches events cut off the end).
    #[arg(long, requires = "seen_version")]
    pub head: Option<String>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b buying verify`: exit 2 when the history fails verification.
pub fn verify(args: &VerifyArgs, db: &Path) -> Result<(), Failure> {
    let receipt = args.seen_version.zip(args.head.as_deref());
    let report = open_service(db, Access::Read)?
        .verify_receipt(&args.request, receipt)
        .map_err(failure)?;
    emit(&report, args.format, |r| match &r.problem {
        None => format!(
            "request {}: {} events, the hash chain is intact (head {})",
            r.request,
            r.events,
            r.head_hash.as_deref().unwrap_or("-")
        ),
        Some(problem) => format!("request {}: {} events; {problem}", r.request, r.events),
    })?;
    match report.problem {
        None => Ok(()),
        Some(problem) => Err(Failure::BadInput(format!(
            "request {}: {problem}",
            args.request
        ))),
    }
}

/// Runs `b2b buying audit`.
pub fn audit(args: &RequestArgs, db: &Path) -> Result<(), Failure> {
    let report = open_service(db, Access::Read)?
        .audit(&args.request, args.at)
        .map_err(failure)?;
    emit(&report, args.format, render_audit)
}

fn render_audit(report: &b2b_buying::audit::AuditReport) -> String {
    let time = |t: &OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    let mut text = format!(
        "audit of request {}: {} (requested by {}), {} as of {}\nactions\n",
        report.request,
        report.title,
        report.requester,
        report.status,
        time(&report.as_of)
    );
    for action in &report.actions {
        let behalf = action
            .on_behalf_of
            .as_deref()
            .map(|m| format!(" for {m}"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {:>3} {} {}{behalf}: {}\n",
            action.seq,
            time(&action.at),
            action.actor,
            action.summary
        ));
    }
    text.push_str("time in each phase\n");
    for phase in &report.phases {
        let left = phase
            .left
            .as_ref()
            .map_or_else(|| "still there".to_owned(), time);
        text.push_str(&format!(
            "  {:<20} {:>12}  ({} to {left})\n",
            phase.phase,
            phase.duration,
            time(&phase.entered)
        ));
    }
    text.push_str("waiting on approvers\n");
    for wait in &report.approvers {
        let who = match (&wait.member, &wait.delegate) {
            (Some(member), Some(delegate)) => format!("{member} (by {delegate})"),
            (Some(member), None) => member.clone(),
            (None, _) => format!("pending: {}", wait.waiting_on.join(", ")),
        };
        text.push_str(&format!(
            "  {:<12} {:>12}  {who}\n",
            wait.level, wait.duration
        ));
    }
    text
}

fn render_view(view: &RequestView) -> String {
    let request = &view.request;
    let facts = &request.facts;
    let mut text = format!(
        "request {} (version {}): {}\n  {}, category {}, {}, requested by {}\n  status {}\n",
        facts.id,
        view.version,
        facts.title,
        facts.amount,
        facts.category,
        facts.buy_class,
        facts.requester,
        request.status
    );
    for level in &request.levels {
        text.push_str(&format!(
            "  level {}: {} of {} approvals\n",
            level.level.id,
            level.approvals.len(),
            level.level.quorum
        ));
    }
    text.push_str("history\n");
    for action in &view.history {
        let at = action.at.format(&Rfc3339).unwrap_or_default();
        text.push_str(&format!(
            "  {:>3} {at} {}: {}\n",
            action.seq, action.actor, action.summary
        ));
    }
    text.push_str(&format!(
        "receipt: --version {} --head {} (for `act` and `verify`)\n",
        view.version, view.head_hash
    ));
    text.push_str("next\n");
    for step in &view.next {
        let level = step
            .level
            .as_deref()
            .map(|l| format!(" {l}"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {}{level}: {}\n",
            step.action,
            step.members.join(", ")
        ));
    }
    text
}
