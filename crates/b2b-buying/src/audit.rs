//! The audit report of a request: who acted when, how long it stayed in
//! each phase, and how long each approval level waited on its approvers.

use crate::event::{Body, Event};
use crate::model::{Phase, Status};
use crate::state::{ReplayError, State};
use b2b_core::wire;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Action {
    /// The event's sequence number.
    pub seq: u64,
    /// When.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub at: OffsetDateTime,
    /// Who.
    pub actor: String,
    /// For whom, under a delegation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    /// The event's kind.
    pub kind: String,
    /// What happened, in a sentence.
    pub summary: String,
}

/// A stay in a phase and its length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PhaseTime {
    /// The phase.
    pub phase: Phase,
    /// When the request entered it.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub entered: OffsetDateTime,
    /// When it left (none: still there at `as_of`).
    #[serde(serialize_with = "wire::timestamp::option::serialize")]
    pub left: Option<OffsetDateTime>,
    /// Whole seconds spent (until `as_of` if still there).
    pub seconds: i64,
    /// The same as days, hours and minutes (`2d 3h 0m`).
    pub duration: String,
}

/// How long a level waited for one approval, or is still waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ApproverWait {
    /// The approval level.
    pub level: String,
    /// The member whose approval it is (none: still pending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The delegate who gave it, when not the member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegate: Option<String>,
    /// For a pending approval: the members who could give it (filled by
    /// [`crate::service::Service::audit`], which knows the center).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waiting_on: Vec<String>,
    /// When the level began to take approvals.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub since: OffsetDateTime,
    /// When the approval came (none: pending).
    #[serde(serialize_with = "wire::timestamp::option::serialize")]
    pub approved_at: Option<OffsetDateTime>,
    /// Whole seconds waited (until `as_of` if pending).
    pub seconds: i64,
    /// The same as days, hours and minutes.
    pub duration: String,
}

/// The audit report of one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AuditReport {
    /// The request.
    pub request: String,
    /// Its title.
    pub title: String,
    /// Its requester.
    pub requester: String,
    /// Where it stands.
    pub status: Status,
    /// The time open phases and waits are measured to.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub as_of: OffsetDateTime,
    /// Every action, in order.
    pub actions: Vec<Action>,
    /// Every stay in a phase, in order.
    pub phases: Vec<PhaseTime>,
    /// Every approval and every missing one, by level.
    pub approvers: Vec<ApproverWait>,
}

/// Why a request's events give no audit report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// The events do not fold into a request.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// The time to measure to is before the last recorded event: the report
    /// lists every action, so times measured to an earlier moment would
    /// come out negative.
    #[error(
        "the audit time {} is before the request's last event (event {seq} at {}): an audit covers the whole history, so measure to a time at or after it",
        timestamp(*as_of),
        timestamp(*last)
    )]
    BeforeLastEvent {
        /// The time asked for.
        as_of: OffsetDateTime,
        /// The last event's sequence number.
        seq: u64,
        /// Its time.
        last: OffsetDateTime,
    },
}

/// The audit report of a request's `events`; open phases and pending
/// approvals are measured to `as_of` (default: when the request finished,
/// else its last event).
///
/// # Errors
///
/// [`AuditError::BeforeLastEvent`] when `as_of` is before the last event
/// (every duration in the report is then zero or more), and
/// [`AuditError::Replay`] when the events do not fold.
pub fn audit(
    events: &[Event],
    as_of: Option<OffsetDateTime>,
) -> Result<Option<AuditReport>, AuditError> {
    let state = State::replay(events)?;
    let Some(request) = &state.request else {
        return Ok(None);
    };
    if let (Some(as_of), Some(last)) = (as_of, events.last())
        && as_of < last.at
    {
        return Err(AuditError::BeforeLastEvent {
            as_of,
            seq: last.seq,
            last: last.at,
        });
    }
    let as_of = as_of
        .or(request.finished_at)
        .or(state.last_at)
        .unwrap_or(request.opened_at);
    let mut actions = Vec::with_capacity(events.len());
    for event in events {
        actions.push(Action {
            seq: event.seq,
            at: event.at,
            actor: event.actor.clone(),
            on_behalf_of: event.on_behalf_of.clone(),
            kind: event.kind.clone(),
            summary: describe(&event.body().map_err(ReplayError::from)?),
        });
    }
    let phases = request
        .visits
        .iter()
        .map(|visit| {
            let spent = visit.left.unwrap_or(as_of) - visit.entered;
            PhaseTime {
                phase: visit.phase,
                entered: visit.entered,
                left: visit.left,
                seconds: spent.whole_seconds(),
                duration: human(spent),
            }
        })
        .collect();
    let mut approvers = Vec::new();
    for (index, level) in request.levels.iter().enumerate() {
        let Some(since) = request.level_opened_at(index) else {
            continue;
        };
        for approval in &level.approvals {
            let waited = approval.at - since;
            approvers.push(ApproverWait {
                level: level.level.id.clone(),
                member: Some(approval.member.clone()),
                delegate: (approval.actor != approval.member).then(|| approval.actor.clone()),
                waiting_on: Vec::new(),
                since,
                approved_at: Some(approval.at),
                seconds: waited.whole_seconds(),
                duration: human(waited),
            });
        }
        let end = request.finished_at.unwrap_or(as_of);
        for _ in level.approvals.len()..level.level.quorum as usize {
            let waited = end - since;
            approvers.push(ApproverWait {
                level: level.level.id.clone(),
                member: None,
                delegate: None,
                waiting_on: Vec::new(),
                since,
                approved_at: None,
                seconds: waited.whole_seconds(),
                duration: human(waited),
            });
        }
    }
    Ok(Some(AuditReport {
        request: request.facts.id.clone(),
        title: request.facts.title.clone(),
        requester: request.facts.requester.clone(),
        status: request.status,
        as_of,
        actions,
        phases,
        approvers,
    }))
}

/// A duration as days, hours and minutes (`2d 3h 5m`); a negative
/// duration (which an audit never gives) shows as `0d 0h 0m`.
pub fn human(duration: Duration) -> String {
    let minutes = duration.whole_minutes().max(0);
    format!(
        "{}d {}h {}m",
        minutes / 1440,
        minutes / 60 % 24,
        minutes % 60
    )
}

/// A time as RFC 3339 (`2026-03-02T09:00:00Z`), as events store it.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_else(|_| at.to_string())
}

/// A sentence for an event's body.
pub fn describe(body: &Body) -> String {
    match body {
        Body::Opened {
            request,
            band,
            rule_category,
            levels,
            ..
        } => {
            let needs: Vec<String> = levels
                .iter()
                .map(|level| {
                    let roles: Vec<&str> = level.roles.iter().map(|r| r.name()).collect();
                    format!("{} {} of {}", level.id, level.quorum, roles.join("/"))
                })
                .collect();
            format!(
                "opened {:?} for {} ({}, {}; band {band}, rule {rule_category}); needs {}",
                request.title,
                request.amount,
                request.category,
                request.buy_class,
                if needs.is_empty() {
                    "no approvals".to_owned()
                } else {
                    needs.join(", ")
                }
            )
        }
        Body::Advanced { from, to, skipped } => {
            if skipped.is_empty() {
                format!("advanced from {from} to {to}")
            } else {
                let names: Vec<&str> = skipped.iter().map(|p| p.name()).collect();
                format!(
                    "advanced from {from} to {to}, skipping {}",
                    names.join(", ")
                )
            }
        }
        Body::Approved {
            level,
            level_complete,
            not_counted,
        } => {
            let mut text = format!(
                "approved for level {level}{}",
                if *level_complete {
                    " (level complete)"
                } else {
                    ""
                }
            );
            for skipped in not_counted {
                text.push_str(&format!(
                    "; does not count for {}: {}",
                    skipped.level, skipped.reason
                ));
            }
            text
        }
        Body::Rejected { level, reason } => format!("rejected as approver of {level}: {reason}"),
        Body::Vetoed { role, reason } => format!("vetoed as {role}: {reason}"),
        Body::Delegated {
            from,
            to,
            role,
            start,
            end,
        } => format!(
            "{from} delegated {role} to {to} from {} until {}",
            timestamp(*start),
            timestamp(*end)
        ),
        Body::Commented { text } => format!("commented: {text}"),
        Body::Escalated {
            phase,
            due,
            role,
            members,
        } => format!(
            "{phase} was due {}; escalated to {role} ({})",
            timestamp(*due),
            members.join(", ")
        ),
        Body::Cancelled { reason } => format!("cancelled: {reason}"),
        Body::Closed {} => "closed".to_owned(),
    }
}
