//! The workflow as a pure function: `apply(state, center, policy,
//! command)` gives the events the command causes, or the rule that refuses
//! it. Nothing here reads a clock or a file.

use crate::audit::timestamp;
use crate::center::{Center, Member};
use crate::command::{Action, Command, Rejection, RuleId};
use crate::event::{Body, Event, NotCounted, RequestFacts, SYSTEM, Stamp};
use crate::model::{BuyClass, Phase, Role, Status};
use crate::policy::Policy;
use crate::state::{CLOSED_RANK, LevelState, Request, State, rank};
use b2b_core::Money;
use time::OffsetDateTime;

/// The events `command` causes on a request in `state`, or the rule that
/// refuses it. The events are numbered and hash-chained after `state`; an
/// empty list means nothing happened (a deadline check with nothing due).
///
/// # Errors
///
/// A [`Rejection`] naming the rule that refuses the command and why:
/// [`RuleId::TimeOutOfOrder`] for a command dated before the request's last
/// event; [`RuleId::RequestAlreadyOpen`], [`RuleId::RequestNotOpen`] or
/// [`RuleId::RequestFinished`] for an action the request's state does not
/// allow; otherwise the action's own rules (members and roles, the policy,
/// phases, separation of duties, approvals, vetoes, delegations, empty
/// texts), each a [`RuleId`].
pub fn apply(
    state: &State,
    center: &Center,
    policy: &Policy,
    command: &Command,
) -> Result<Vec<Event>, Rejection> {
    if let Some(last) = state.last_at
        && command.at < last
    {
        return Err(Rejection::new(
            RuleId::TimeOutOfOrder,
            format!(
                "the command is dated {} but the request's last event is dated {}",
                timestamp(command.at),
                timestamp(last)
            ),
        ));
    }
    let (request_id, stamp, bodies) = match (&command.action, &state.request) {
        (Action::Open { request, .. }, None) => {
            let body = open(center, policy, command)?;
            (request.clone(), stamp(command, None), vec![body])
        }
        (Action::Open { request, .. }, Some(_)) => {
            return Err(Rejection::new(
                RuleId::RequestAlreadyOpen,
                format!("request {request} is open already"),
            ));
        }
        (action, None) => {
            return Err(Rejection::new(
                RuleId::RequestNotOpen,
                format!("there is no open request to {}", action.name()),
            ));
        }
        (action, Some(request)) => {
            if !request.status.is_active() {
                return Err(Rejection::new(
                    RuleId::RequestFinished,
                    format!(
                        "request {} is {}: nothing more can be done",
                        request.facts.id, request.status
                    ),
                ));
            }
            let (on_behalf_of, bodies) = act(request, center, policy, command, action)?;
            (
                request.facts.id.clone(),
                stamp(command, on_behalf_of),
                bodies,
            )
        }
    };
    let mut events = Vec::with_capacity(bodies.len());
    let mut prev = state.last_hash.clone();
    for (offset, body) in bodies.iter().enumerate() {
        let event = Event::new(
            state.seq + offset as u64 + 1,
            &request_id,
            stamp.clone(),
            body,
            &prev,
        );
        prev.clone_from(&event.hash);
        events.push(event);
    }
    Ok(events)
}

fn stamp(command: &Command, on_behalf_of: Option<String>) -> Stamp {
    Stamp {
        actor: command.actor.clone(),
        on_behalf_of,
        at: command.at,
    }
}

type Acted = (Option<String>, Vec<Body>);

fn act(
    request: &Request,
    center: &Center,
    policy: &Policy,
    command: &Command,
    action: &Action,
) -> Result<Acted, Rejection> {
    if let Action::CheckDeadlines = action {
        if command.actor != SYSTEM {
            member(center, &command.actor)?;
        }
        return Ok((None, check_deadlines(request, center, command.at)));
    }
    let actor = member(center, &command.actor)?;
    match action {
        Action::Advance { supplier_search } => {
            may_steer(request, policy, actor, "advance")?;
            advance(request, *supplier_search).map(|body| (None, vec![body]))
        }
        Action::Close => {
            may_steer(request, policy, actor, "close")?;
            close(request).map(|body| (None, vec![body]))
        }
        Action::Cancel { reason } => {
            may_steer(request, policy, actor, "cancel")?;
            let reason = text(reason, "a cancellation needs a reason")?;
            Ok((None, vec![Body::Cancelled { reason }]))
        }
        Action::Approve {
            on_behalf_of,
            level,
        } => {
            let principal = principal(request, center, actor, on_behalf_of.as_deref(), command.at)?;
            approve(request, &principal, level.as_deref())
                .map(|body| (principal.acting_for(), vec![body]))
        }
        Action::Reject {
            on_behalf_of,
            reason,
        } => {
            let principal = principal(request, center, actor, on_behalf_of.as_deref(), command.at)?;
            let reason = text(reason, "a rejection needs a reason")?;
            let level = eligible_level(request, &principal, None, "reject")?;
            Ok((
                principal.acting_for(),
                vec![Body::Rejected {
                    level: request.levels[level].level.id.clone(),
                    reason,
                }],
            ))
        }
        Action::Veto { reason } => veto(request, actor, reason).map(|body| (None, vec![body])),
        Action::Delegate {
            to,
            role,
            start,
            end,
        } => delegate(center, actor, to, *role, *start, *end).map(|body| (None, vec![body])),
        Action::Comment { text: remark } => {
            let text = text(remark, "a comment needs text")?;
            Ok((None, vec![Body::Commented { text }]))
        }
        Action::Open { .. } | Action::CheckDeadlines => Ok((None, Vec::new())),
    }
}

fn member<'a>(center: &'a Center, id: &str) -> Result<&'a Member, Rejection> {
    center.member(id).ok_or_else(|| {
        Rejection::new(
            RuleId::MemberUnknown,
            format!("{id:?} is not a member of buying center {:?}", center.id),
        )
    })
}

fn text(text: &str, message: &str) -> Result<String, Rejection> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Rejection::new(RuleId::TextEmpty, message));
    }
    Ok(trimmed.to_owned())
}

fn roles_list(roles: &[Role]) -> String {
    let names: Vec<&str> = roles.iter().map(|role| role.name()).collect();
    names.join(" or ")
}

fn open(center: &Center, policy: &Policy, command: &Command) -> Result<Body, Rejection> {
    let Action::Open {
        request,
        title,
        amount,
        category,
        buy_class,
        supplier,
    } = &command.action
    else {
        return Err(Rejection::new(
            RuleId::RequestInvalid,
            "not an open command",
        ));
    };
    let actor = member(center, &command.actor)?;
    if !policy.open_roles.iter().any(|role| actor.holds(*role)) {
        return Err(Rejection::new(
            RuleId::MemberRoleMissing,
            format!(
                "{} may not open a request: that takes the role {}",
                actor.id,
                roles_list(&policy.open_roles)
            ),
        ));
    }
    for (field, value) in [("id", request), ("title", title), ("category", category)] {
        if value.trim().is_empty() {
            return Err(Rejection::new(
                RuleId::RequestInvalid,
                format!("the request's {field} is empty"),
            ));
        }
    }
    if !amount.amount().is_sign_positive() || amount.is_zero() {
        return Err(Rejection::new(
            RuleId::RequestInvalid,
            format!("the amount {amount} is not above zero"),
        ));
    }
    let supplier = supplier.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if *buy_class == BuyClass::StraightRebuy && supplier.is_none() {
        return Err(Rejection::new(
            RuleId::RequestSupplierRequired,
            "a straight rebuy reorders from the approved supplier: name it (supplier)",
        ));
    }
    let (band, rule) = policy
        .rule_for(amount, category)
        .map_err(|e| Rejection::new(RuleId::PolicyNoRule, e.to_string()))?;
    for level in &rule.levels {
        let eligible = center
            .members
            .iter()
            .filter(|m| m.id != actor.id && level.roles.iter().any(|role| m.holds(*role)))
            .filter(|m| !level.limits_apply || m.covers(amount))
            .count();
        if eligible < level.quorum as usize {
            return Err(Rejection::new(
                RuleId::PolicyQuorumUnreachable,
                format!(
                    "level {:?} needs {} approvals from {} but only {eligible} member(s) other than the requester with a limit covering {amount} hold that role",
                    level.id,
                    level.quorum,
                    roles_list(&level.roles)
                ),
            ));
        }
    }
    let path = policy.paths.get(buy_class).ok_or_else(|| {
        Rejection::new(
            RuleId::PolicyNoRule,
            format!("the policy has no path for {buy_class}"),
        )
    })?;
    Ok(Body::Opened {
        request: RequestFacts {
            id: request.trim().to_owned(),
            center: center.id.clone(),
            title: title.trim().to_owned(),
            amount: *amount,
            category: category.trim().to_owned(),
            buy_class: *buy_class,
            requester: actor.id.clone(),
            supplier: supplier.map(str::to_owned),
        },
        path: path.phases.clone(),
        optional: path.optional.clone(),
        band: band.id.clone(),
        rule_category: rule.category.clone(),
        levels: rule.levels.clone(),
        veto_roles: policy.veto_roles_for(rule).to_vec(),
        deadlines: path
            .phases
            .iter()
            .filter_map(|phase| policy.deadlines.get(phase).map(|d| (*phase, d.clone())))
            .collect(),
    })
}

/// The requester, the policy's advance roles, and members called in by an
/// escalation of the current phase may move a request on.
fn may_steer(
    request: &Request,
    policy: &Policy,
    actor: &Member,
    what: &str,
) -> Result<(), Rejection> {
    if actor.id == request.facts.requester
        || policy.advance_roles.iter().any(|role| actor.holds(*role))
        || request.escalated_members().contains(actor.id.as_str())
    {
        return Ok(());
    }
    Err(Rejection::new(
        RuleId::MemberRoleMissing,
        format!(
            "{} may not {what} request {}: that takes the requester, the role {}, or an escalation",
            actor.id,
            request.facts.id,
            roles_list(&policy.advance_roles)
        ),
    ))
}

fn current_phase(request: &Request) -> Option<Phase> {
    match request.status {
        Status::Active(phase) => Some(phase),
        _ => None,
    }
}

fn pending_gate(request: &Request, entering: &str, phase_rank: usize) -> Result<(), Rejection> {
    let blocking = request.blocking(phase_rank);
    if blocking.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = blocking
        .iter()
        .map(|level| {
            format!(
                "{:?} ({} of {} approvals, due before {})",
                level.level.id,
                level.approvals.len(),
                level.level.quorum,
                level.level.complete_before
            )
        })
        .collect();
    Err(Rejection::new(
        RuleId::PhaseApprovalPending,
        format!(
            "request {} cannot {entering}: approval level {} is still pending",
            request.facts.id,
            listed.join(", ")
        ),
    ))
}

fn advance(request: &Request, supplier_search: bool) -> Result<Body, Rejection> {
    let Some(phase) = current_phase(request) else {
        return Err(Rejection::new(
            RuleId::RequestFinished,
            "the request is finished",
        ));
    };
    let position = request
        .path
        .iter()
        .position(|p| *p == phase)
        .unwrap_or(request.path.len());
    let mut skipped = Vec::new();
    let mut next = None;
    for candidate in request.path.iter().skip(position + 1) {
        if request.optional.contains(candidate) && !supplier_search {
            skipped.push(*candidate);
            continue;
        }
        next = Some(*candidate);
        break;
    }
    let Some(to) = next else {
        return Err(Rejection::new(
            RuleId::PhaseEndOfPath,
            format!(
                "{phase} is the last phase of the {} path: close the request instead",
                request.facts.buy_class
            ),
        ));
    };
    pending_gate(request, &format!("enter {to}"), rank(to))?;
    Ok(Body::Advanced {
        from: phase,
        to,
        skipped,
    })
}

fn close(request: &Request) -> Result<Body, Rejection> {
    let phase = current_phase(request);
    let last = request.path.last().copied();
    if phase != last {
        return Err(Rejection::new(
            RuleId::PhaseNotLast,
            format!(
                "request {} is in {}, not in the last phase of its path ({})",
                request.facts.id,
                request.status,
                last.map_or("none", Phase::name)
            ),
        ));
    }
    pending_gate(request, "close", CLOSED_RANK)?;
    Ok(Body::Closed {})
}

/// Whose approval an approval or rejection is: the actor's own, or an
/// absent member's under a delegation in force, limited to the delegated
/// roles.
struct Principal<'a> {
    actor: &'a Member,
    member: &'a Member,
    roles: Vec<Role>,
}

impl Principal<'_> {
    fn acting_for(&self) -> Option<String> {
        (self.actor.id != self.member.id).then(|| self.member.id.clone())
    }

    fn who(&self) -> String {
        if self.actor.id == self.member.id {
            self.actor.id.clone()
        } else {
            format!("{} (for {})", self.actor.id, self.member.id)
        }
    }
}

fn principal<'a>(
    request: &Request,
    center: &'a Center,
    actor: &'a Member,
    on_behalf_of: Option<&str>,
    at: OffsetDateTime,
) -> Result<Principal<'a>, Rejection> {
    let principal = match on_behalf_of {
        None => Principal {
            actor,
            member: actor,
            roles: actor.roles.clone(),
        },
        Some(absent) => {
            let member = member(center, absent)?;
            let roles: Vec<Role> = delegations(request, center, at)
                .filter(|(from, to, _)| *from == member.id && *to == actor.id)
                .map(|(_, _, role)| role)
                .filter(|role| member.holds(*role))
                .collect();
            if roles.is_empty() {
                return Err(Rejection::new(
                    RuleId::DelegationNotActive,
                    format!(
                        "{} has no delegation from {} in force at {}",
                        actor.id,
                        member.id,
                        timestamp(at)
                    ),
                ));
            }
            Principal {
                actor,
                member,
                roles,
            }
        }
    };
    let requester = &request.facts.requester;
    if principal.member.id == *requester || principal.actor.id == *requester {
        return Err(Rejection::new(
            RuleId::SodOwnRequest,
            format!(
                "{requester} requested {}: nobody approves or rejects their own request",
                request.facts.id
            ),
        ));
    }
    let counted = request.counted();
    if let Some(who) = [&principal.member.id, &principal.actor.id]
        .into_iter()
        .find(|id| counted.contains(id.as_str()))
    {
        return Err(Rejection::new(
            RuleId::SodCountedOnce,
            format!("{who}'s approval has counted already: one person counts once"),
        ));
    }
    Ok(principal)
}

/// The delegations in force at `at` as (from, to, role): the request's own
/// and the center's standing absences.
pub fn delegations<'a>(
    request: &'a Request,
    center: &'a Center,
    at: OffsetDateTime,
) -> impl Iterator<Item = (&'a str, &'a str, Role)> {
    let own = request
        .delegations
        .iter()
        .filter(move |d| d.is_active(at))
        .map(|d| (d.from.as_str(), d.to.as_str(), d.role));
    let standing = center
        .absences
        .iter()
        .filter(move |a| a.start <= at && at < a.end)
        .map(|a| (a.from.as_str(), a.to.as_str(), a.role));
    own.chain(standing)
}

/// Why an approval cannot count towards a level.
enum Unfit {
    NoRole,
    Closed,
    Limit(Money),
}

fn fit(request: &Request, index: usize, principal: &Principal<'_>) -> Result<(), Unfit> {
    let level = &request.levels[index].level;
    if !level
        .roles
        .iter()
        .any(|role| principal.roles.contains(role))
    {
        return Err(Unfit::NoRole);
    }
    if !request.level_is_open(index) {
        return Err(Unfit::Closed);
    }
    if level.limits_apply
        && !principal.member.covers(&request.facts.amount)
        && let Some(limit) = principal.member.approval_limit
    {
        return Err(Unfit::Limit(limit));
    }
    Ok(())
}

/// The first pending level the principal's approval counts towards (or the
/// named one), else the rule that refuses it.
fn eligible_level(
    request: &Request,
    principal: &Principal<'_>,
    named: Option<&str>,
    verb: &str,
) -> Result<usize, Rejection> {
    let pending: Vec<usize> = match named {
        Some(name) => {
            let index = request
                .levels
                .iter()
                .position(|level| level.level.id == name)
                .ok_or_else(|| {
                    Rejection::new(
                        RuleId::ApprovalUnknownLevel,
                        format!(
                            "request {} has no approval level {name:?}",
                            request.facts.id
                        ),
                    )
                })?;
            if request.levels[index].is_complete() {
                vec![]
            } else {
                vec![index]
            }
        }
        None => (0..request.levels.len())
            .filter(|i| !request.levels[*i].is_complete())
            .collect(),
    };
    if pending.is_empty() {
        return Err(Rejection::new(
            RuleId::ApprovalNothingPending,
            format!(
                "no approval level of request {} is pending",
                request.facts.id
            ),
        ));
    }
    let mut limit = None;
    let mut closed = None;
    for index in &pending {
        match fit(request, *index, principal) {
            Ok(()) => return Ok(*index),
            Err(Unfit::Limit(money)) => limit = limit.or(Some((*index, money))),
            Err(Unfit::Closed) => closed = closed.or(Some(*index)),
            Err(Unfit::NoRole) => {}
        }
    }
    let who = principal.who();
    if let Some((index, money)) = limit {
        return Err(Rejection::new(
            RuleId::ApprovalLimitExceeded,
            format!(
                "{who} cannot {verb} for level {:?}: {}'s approval limit {money} is below the amount {}",
                request.levels[index].level.id, principal.member.id, request.facts.amount
            ),
        ));
    }
    if let Some(index) = closed {
        return Err(Rejection::new(
            RuleId::ApprovalOutOfSequence,
            format!(
                "level {:?} approves in sequence and an earlier level is still pending",
                request.levels[index].level.id
            ),
        ));
    }
    let wanted: Vec<String> = pending
        .iter()
        .map(|i| {
            let level = &request.levels[*i].level;
            format!("{:?} ({})", level.id, roles_list(&level.roles))
        })
        .collect();
    Err(Rejection::new(
        RuleId::ApprovalNotEligible,
        format!(
            "{who} holds no role of the pending level(s) {}",
            wanted.join(", ")
        ),
    ))
}

fn approve(
    request: &Request,
    principal: &Principal<'_>,
    named: Option<&str>,
) -> Result<Body, Rejection> {
    let index = eligible_level(request, principal, named, "approve")?;
    let level: &LevelState = &request.levels[index];
    let not_counted = request
        .levels
        .iter()
        .enumerate()
        .filter(|(i, other)| *i != index && !other.is_complete())
        .filter_map(|(_, other)| {
            let spec = &other.level;
            if !spec.roles.iter().any(|role| principal.roles.contains(role)) {
                return None;
            }
            let reason = if spec.limits_apply && !principal.member.covers(&request.facts.amount) {
                format!(
                    "{}'s approval limit {} is below the amount {}",
                    principal.member.id,
                    principal
                        .member
                        .approval_limit
                        .map_or_else(String::new, |limit| limit.to_string()),
                    request.facts.amount
                )
            } else {
                format!(
                    "one person's approval counts once, and it counts for {}",
                    level.level.id
                )
            };
            Some(NotCounted {
                level: other.level.id.clone(),
                reason,
            })
        })
        .collect();
    Ok(Body::Approved {
        level: level.level.id.clone(),
        level_complete: level.approvals.len() + 1 >= level.level.quorum as usize,
        not_counted,
    })
}

fn veto(request: &Request, actor: &Member, reason: &str) -> Result<Body, Rejection> {
    let Some(role) = request
        .veto_roles
        .iter()
        .copied()
        .find(|role| actor.holds(*role))
    else {
        return Err(Rejection::new(
            RuleId::VetoNotAllowed,
            format!(
                "{} may not veto request {}: only {} may",
                actor.id,
                request.facts.id,
                roles_list(&request.veto_roles)
            ),
        ));
    };
    if actor.id == request.facts.requester {
        return Err(Rejection::new(
            RuleId::SodOwnRequest,
            format!(
                "{} requested {}: a requester cancels, not vetoes, their own request",
                actor.id, request.facts.id
            ),
        ));
    }
    let reason = text(reason, "a veto needs a reason")?;
    Ok(Body::Vetoed { role, reason })
}

fn delegate(
    center: &Center,
    actor: &Member,
    to: &str,
    role: Role,
    start: OffsetDateTime,
    end: OffsetDateTime,
) -> Result<Body, Rejection> {
    let delegate = member(center, to)?;
    if delegate.id == actor.id {
        return Err(Rejection::new(
            RuleId::DelegationInvalid,
            format!("{} cannot delegate to themselves", actor.id),
        ));
    }
    if end <= start {
        return Err(Rejection::new(
            RuleId::DelegationInvalid,
            format!(
                "the period from {} to {} is empty",
                timestamp(start),
                timestamp(end)
            ),
        ));
    }
    for who in [actor, delegate] {
        if !who.holds(role) {
            return Err(Rejection::new(
                RuleId::DelegationRoleMismatch,
                format!(
                    "{} does not hold the role {role}: a delegation passes a role between two members who both hold it",
                    who.id
                ),
            ));
        }
    }
    Ok(Body::Delegated {
        from: actor.id.clone(),
        to: delegate.id.clone(),
        role,
        start,
        end,
    })
}

fn check_deadlines(request: &Request, center: &Center, at: OffsetDateTime) -> Vec<Body> {
    let Some(phase) = current_phase(request) else {
        return Vec::new();
    };
    let Some(deadline) = request.deadlines.get(&phase) else {
        return Vec::new();
    };
    let since = request.phase_since();
    // A due time past the end of the calendar never comes.
    let Some(due) = deadline.due(since) else {
        return Vec::new();
    };
    let escalated = request
        .escalations
        .iter()
        .any(|e| e.phase == phase && e.at >= since);
    if at < due || escalated {
        return Vec::new();
    }
    vec![Body::Escalated {
        phase,
        due,
        role: deadline.escalate_to,
        members: center
            .holders(deadline.escalate_to)
            .map(|m| m.id.clone())
            .collect(),
    }]
}
