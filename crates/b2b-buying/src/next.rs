//! Who must act next on a request.

use crate::center::Center;
use crate::model::Status;
use crate::policy::Policy;
use crate::state::{Request, rank};
use serde::Serialize;
use time::OffsetDateTime;

/// Something a member can do to move a request on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NextStep {
    /// `approve`, `advance` or `close`.
    pub action: &'static str,
    /// The level to approve (for `approve`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The members who can do it (delegates as `delegate (for member)`).
    pub members: Vec<String>,
}

/// The steps that move `request` on at `at`: the approvals its open pending
/// levels wait for, then advancing or closing once no level blocks it.
pub fn next_steps(
    request: &Request,
    center: &Center,
    policy: &Policy,
    at: OffsetDateTime,
) -> Vec<NextStep> {
    let Status::Active(phase) = request.status else {
        return Vec::new();
    };
    let counted = request.counted();
    let mut steps = Vec::new();
    for (index, level) in request.levels.iter().enumerate() {
        if level.is_complete() || !request.level_is_open(index) {
            continue;
        }
        let fits = |member: &crate::center::Member| {
            member.id != request.facts.requester
                && !counted.contains(member.id.as_str())
                && (!level.level.limits_apply || member.covers(&request.facts.amount))
        };
        let mut members = Vec::new();
        for member in &center.members {
            if !fits(member) || !level.level.roles.iter().any(|role| member.holds(*role)) {
                continue;
            }
            members.push(member.id.clone());
            for (from, to, role) in crate::machine::delegations(request, center, at) {
                if from == member.id
                    && level.level.roles.contains(&role)
                    && to != request.facts.requester
                    && !counted.contains(to)
                {
                    members.push(format!("{to} (for {from})"));
                }
            }
        }
        steps.push(NextStep {
            action: "approve",
            level: Some(level.level.id.clone()),
            members,
        });
    }
    let position = request.path.iter().position(|p| *p == phase);
    let next = position.and_then(|i| {
        request
            .path
            .iter()
            .skip(i + 1)
            .find(|p| !request.optional.contains(p))
    });
    let (action, blocked) = match next {
        Some(next) => ("advance", !request.blocking(rank(*next)).is_empty()),
        None => (
            "close",
            !request.blocking(crate::state::CLOSED_RANK).is_empty(),
        ),
    };
    if !blocked {
        let escalated = request.escalated_members();
        let members = center
            .members
            .iter()
            .filter(|m| {
                m.id == request.facts.requester
                    || policy.advance_roles.iter().any(|role| m.holds(*role))
                    || escalated.contains(m.id.as_str())
            })
            .map(|m| m.id.clone())
            .collect();
        steps.push(NextStep {
            action,
            level: None,
            members,
        });
    }
    steps
}
