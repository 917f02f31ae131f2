//! The state of a request: a fold of its events.

use crate::event::{Body, DecodeError, Event, GENESIS, RequestFacts};
use crate::model::{BuyClass, Phase, Role, Status};
use crate::policy::{Deadline, Level, Mode};
use b2b_core::{Money, wire};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;

/// An approval that counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Approval {
    /// The member whose approval it is.
    pub member: String,
    /// Who gave it: the member, or their delegate.
    pub actor: String,
    /// When.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub at: OffsetDateTime,
}

/// An approval level and the approvals counted towards it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LevelState {
    /// The level, as frozen when the request was opened.
    pub level: Level,
    /// The approvals counted, in order.
    pub approvals: Vec<Approval>,
}

impl LevelState {
    /// Whether the quorum is reached.
    pub fn is_complete(&self) -> bool {
        self.approvals.len() >= self.level.quorum as usize
    }

    /// When the quorum was reached.
    pub fn completed_at(&self) -> Option<OffsetDateTime> {
        // A quorum of 0 (refused by policy checks, but a level built in code
        // may have one) completes with no approval, at no approval's time.
        let last = (self.level.quorum as usize).checked_sub(1)?;
        self.is_complete()
            .then(|| self.approvals.get(last))
            .flatten()
            .map(|approval| approval.at)
    }
}

/// A delegation of one role for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Delegation {
    /// The absent member.
    pub from: String,
    /// The member acting for them.
    pub to: String,
    /// The role handed over.
    pub role: Role,
    /// Start (inclusive).
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub start: OffsetDateTime,
    /// End (exclusive).
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub end: OffsetDateTime,
}

impl Delegation {
    /// Whether the delegation is in force at `at`.
    pub fn is_active(&self, at: OffsetDateTime) -> bool {
        self.start <= at && at < self.end
    }
}

/// An escalation of an overdue phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Escalation {
    /// The overdue phase.
    pub phase: Phase,
    /// When it was due.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub due: OffsetDateTime,
    /// The role called in.
    pub role: Role,
    /// Its members.
    pub members: Vec<String>,
    /// When the escalation was recorded.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub at: OffsetDateTime,
}

/// One stay in a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Visit {
    /// The phase.
    pub phase: Phase,
    /// When the request entered it.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub entered: OffsetDateTime,
    /// When it left (none while it is still there).
    #[serde(serialize_with = "wire::timestamp::option::serialize")]
    pub left: Option<OffsetDateTime>,
}

/// An opened request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Request {
    /// What was opened.
    #[serde(serialize_with = "facts_on_wire")]
    pub facts: RequestFacts,
    /// When.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub opened_at: OffsetDateTime,
    /// Where it stands.
    pub status: Status,
    /// The phase path.
    pub path: Vec<Phase>,
    /// Optional phases of the path.
    pub optional: Vec<Phase>,
    /// The amount band that applied.
    pub band: String,
    /// The category of the rule that applied.
    pub rule_category: String,
    /// The approval levels with their approvals.
    pub levels: Vec<LevelState>,
    /// Who may veto.
    pub veto_roles: Vec<Role>,
    /// The phase deadlines.
    pub deadlines: BTreeMap<Phase, Deadline>,
    /// Every stay in a phase, in order.
    pub visits: Vec<Visit>,
    /// The delegations recorded.
    pub delegations: Vec<Delegation>,
    /// The escalations recorded.
    pub escalations: Vec<Escalation>,
    /// When it was closed, rejected or cancelled.
    #[serde(serialize_with = "wire::timestamp::option::serialize")]
    pub finished_at: Option<OffsetDateTime>,
}

impl Request {
    /// When the request entered its current phase (or finished).
    pub fn phase_since(&self) -> OffsetDateTime {
        self.visits
            .last()
            .map_or(self.opened_at, |visit| visit.entered)
    }

    /// Whether level `index` takes approvals now: a parallel level always,
    /// a sequence level once every earlier level is complete.
    pub fn level_is_open(&self, index: usize) -> bool {
        match self.levels.get(index) {
            Some(level) if level.level.mode == Mode::Sequence => {
                self.levels[..index].iter().all(LevelState::is_complete)
            }
            Some(_) => true,
            None => false,
        }
    }

    /// When level `index` began to take approvals.
    pub fn level_opened_at(&self, index: usize) -> Option<OffsetDateTime> {
        let level = self.levels.get(index)?;
        if level.level.mode == Mode::Parallel || index == 0 {
            return Some(self.opened_at);
        }
        let earlier = &self.levels[..index];
        if !earlier.iter().all(LevelState::is_complete) {
            return None;
        }
        earlier
            .iter()
            .filter_map(LevelState::completed_at)
            .max()
            .or(Some(self.opened_at))
    }

    /// Everyone whose approval has counted, as member or as delegate.
    pub fn counted(&self) -> BTreeSet<&str> {
        self.levels
            .iter()
            .flat_map(|level| &level.approvals)
            .flat_map(|approval| [approval.member.as_str(), approval.actor.as_str()])
            .collect()
    }

    /// The pending levels that block entering `phase`.
    pub fn blocking(&self, phase_rank: usize) -> Vec<&LevelState> {
        self.levels
            .iter()
            .filter(|level| {
                !level.is_complete() && gate_rank(level.level.complete_before) <= phase_rank
            })
            .collect()
    }

    /// The members called in by escalations of the current phase stay.
    pub fn escalated_members(&self) -> BTreeSet<&str> {
        let since = self.phase_since();
        match self.status {
            Status::Active(phase) => self
                .escalations
                .iter()
                .filter(|escalation| escalation.phase == phase && escalation.at >= since)
                .flat_map(|escalation| escalation.members.iter().map(String::as_str))
                .collect(),
            _ => BTreeSet::new(),
        }
    }
}

/// The rank of a phase in buygrid order; `closed` ranks after every phase.
pub fn rank(phase: Phase) -> usize {
    Phase::ALL
        .iter()
        .position(|candidate| *candidate == phase)
        .unwrap_or(Phase::ALL.len())
}

/// The rank closing a request has: after every phase.
pub const CLOSED_RANK: usize = Phase::ALL.len();

fn gate_rank(phase: Phase) -> usize {
    rank(phase)
}

/// A request's state: the fold of its events.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct State {
    /// The request, once opened.
    pub request: Option<Request>,
    /// The number of events folded (the stream's version).
    pub seq: u64,
    /// The last event's hash ([`GENESIS`] before any).
    pub last_hash: String,
    /// The last event's time.
    #[serde(serialize_with = "wire::timestamp::option::serialize")]
    pub last_at: Option<OffsetDateTime>,
}

impl Default for State {
    fn default() -> State {
        State {
            request: None,
            seq: 0,
            last_hash: GENESIS.to_owned(),
            last_at: None,
        }
    }
}

/// Events that cannot be folded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// An event's data does not decode.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// An event does not fit the state before it.
    #[error("event {seq} ({kind}) does not fit the history before it: {message}")]
    Inconsistent {
        /// The event's sequence number.
        seq: u64,
        /// Its kind.
        kind: String,
        /// Why.
        message: String,
    },
}

impl State {
    /// The state after `events`, folded in order.
    ///
    /// # Errors
    ///
    /// As [`State::fold`], for the first event that cannot be folded.
    pub fn replay(events: &[Event]) -> Result<State, ReplayError> {
        let mut state = State::default();
        for event in events {
            state.fold(event)?;
        }
        Ok(state)
    }

    /// Folds one more event into the state.
    ///
    /// # Errors
    ///
    /// [`ReplayError::Decode`] when the event's data does not decode;
    /// [`ReplayError::Inconsistent`] when it does not fit the state: an
    /// opening with an empty path or of a request already open, another
    /// event before the request was opened, an approval of a level the
    /// request does not have.
    pub fn fold(&mut self, event: &Event) -> Result<(), ReplayError> {
        let body = event.body()?;
        let misfit = |message: &str| ReplayError::Inconsistent {
            seq: event.seq,
            kind: event.kind.clone(),
            message: message.to_owned(),
        };
        let at = event.at;
        match (body, self.request.as_mut()) {
            (
                Body::Opened {
                    request,
                    path,
                    optional,
                    band,
                    rule_category,
                    levels,
                    veto_roles,
                    deadlines,
                },
                None,
            ) => {
                let first = *path.first().ok_or_else(|| misfit("the path is empty"))?;
                self.request = Some(Request {
                    facts: request,
                    opened_at: at,
                    status: Status::Active(first),
                    path,
                    optional,
                    band,
                    rule_category,
                    levels: levels
                        .into_iter()
                        .map(|level| LevelState {
                            level,
                            approvals: Vec::new(),
                        })
                        .collect(),
                    veto_roles,
                    deadlines,
                    visits: vec![Visit {
                        phase: first,
                        entered: at,
                        left: None,
                    }],
                    delegations: Vec::new(),
                    escalations: Vec::new(),
                    finished_at: None,
                });
            }
            (Body::Opened { .. }, Some(_)) => return Err(misfit("the request is already open")),
            (_, None) => return Err(misfit("the request was never opened")),
            (Body::Advanced { to, .. }, Some(request)) => {
                leave(request, at);
                request.status = Status::Active(to);
                request.visits.push(Visit {
                    phase: to,
                    entered: at,
                    left: None,
                });
            }
            (Body::Approved { level, .. }, Some(request)) => {
                let state = request
                    .levels
                    .iter_mut()
                    .find(|candidate| candidate.level.id == level)
                    .ok_or_else(|| misfit("no such level"))?;
                state.approvals.push(Approval {
                    member: event
                        .on_behalf_of
                        .clone()
                        .unwrap_or_else(|| event.actor.clone()),
                    actor: event.actor.clone(),
                    at,
                });
            }
            (Body::Rejected { .. } | Body::Vetoed { .. }, Some(request)) => {
                finish(request, Status::Rejected, at);
            }
            (Body::Cancelled { .. }, Some(request)) => finish(request, Status::Cancelled, at),
            (Body::Closed {}, Some(request)) => finish(request, Status::Closed, at),
            (
                Body::Delegated {
                    from,
                    to,
                    role,
                    start,
                    end,
                },
                Some(request),
            ) => request.delegations.push(Delegation {
                from,
                to,
                role,
                start,
                end,
            }),
            (
                Body::Escalated {
                    phase,
                    due,
                    role,
                    members,
                },
                Some(request),
            ) => request.escalations.push(Escalation {
                phase,
                due,
                role,
                members,
                at,
            }),
            (Body::Commented { .. }, Some(_)) => {}
        }
        self.seq = event.seq;
        self.last_hash.clone_from(&event.hash);
        self.last_at = Some(at);
        Ok(())
    }
}

fn leave(request: &mut Request, at: OffsetDateTime) {
    if let Some(visit) = request.visits.last_mut()
        && visit.left.is_none()
    {
        visit.left = Some(at);
    }
}

fn finish(request: &mut Request, status: Status, at: OffsetDateTime) {
    leave(request, at);
    request.status = status;
    request.finished_at = Some(at);
}

/// Writes a request's facts as a report shows them: the amount in the wire
/// shape. The facts' own `Serialize` stays as stored, because events are
/// hash-chained over it.
fn facts_on_wire<S: serde::Serializer>(
    facts: &RequestFacts,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Facts<'a> {
        id: &'a str,
        center: &'a str,
        title: &'a str,
        #[serde(serialize_with = "wire::money::serialize")]
        amount: Money,
        category: &'a str,
        buy_class: BuyClass,
        requester: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        supplier: Option<&'a str>,
    }
    Facts {
        id: &facts.id,
        center: &facts.center,
        title: &facts.title,
        amount: facts.amount,
        category: &facts.category,
        buy_class: facts.buy_class,
        requester: &facts.requester,
        supplier: facts.supplier.as_deref(),
    }
    .serialize(serializer)
}
