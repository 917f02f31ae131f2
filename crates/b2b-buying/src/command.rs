//! Commands: what a member asks the workflow to do, and the rules that can
//! refuse it.

use crate::model::{BuyClass, Role};
use b2b_core::Money;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// A command: who asks, when, and what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Command {
    /// The member acting (or `system` for a deadline check).
    pub actor: String,
    /// When; never earlier than the request's last event.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What to do.
    pub action: Action,
}

/// What a command asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action", deny_unknown_fields)]
#[non_exhaustive]
pub enum Action {
    /// Open a purchase request with the actor as requester.
    Open {
        /// The request's id.
        request: String,
        /// What is to be bought.
        title: String,
        /// How much.
        amount: Money,
        /// The purchase category.
        category: String,
        /// The buy class.
        buy_class: BuyClass,
        /// The approved supplier (required for a straight rebuy).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplier: Option<String>,
    },
    /// Move to the next phase of the path.
    Advance {
        /// Enter the path's optional phases (supplier search in a
        /// modified rebuy) instead of skipping them.
        #[serde(default)]
        supplier_search: bool,
    },
    /// Approve, for oneself or for an absent member under a delegation.
    Approve {
        /// The absent member the actor stands in for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_behalf_of: Option<String>,
        /// The level to count towards; by default the first pending level
        /// the approval can count towards.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<String>,
    },
    /// Refuse the request as an approver; it ends rejected.
    Reject {
        /// The absent member the actor stands in for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_behalf_of: Option<String>,
        /// Why.
        reason: String,
    },
    /// Stop the request as a holder of a veto role; it ends rejected.
    Veto {
        /// Why.
        reason: String,
    },
    /// Hand one of the actor's roles to another member for a period.
    Delegate {
        /// The member who acts for the actor.
        to: String,
        /// The role handed over; both must hold it.
        role: Role,
        /// Start of the absence (inclusive).
        #[serde(with = "time::serde::rfc3339")]
        start: OffsetDateTime,
        /// End of the absence (exclusive).
        #[serde(with = "time::serde::rfc3339")]
        end: OffsetDateTime,
    },
    /// Add a remark to the record.
    Comment {
        /// The remark.
        text: String,
    },
    /// Withdraw the request.
    Cancel {
        /// Why.
        reason: String,
    },
    /// Close the request after its last phase.
    Close,
    /// Escalate the current phase if its deadline has passed.
    CheckDeadlines,
}

impl Action {
    /// The action's name as written in files (`check-deadlines`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Open { .. } => "open",
            Action::Advance { .. } => "advance",
            Action::Approve { .. } => "approve",
            Action::Reject { .. } => "reject",
            Action::Veto { .. } => "veto",
            Action::Delegate { .. } => "delegate",
            Action::Comment { .. } => "comment",
            Action::Cancel { .. } => "cancel",
            Action::Close => "close",
            Action::CheckDeadlines => "check-deadlines",
        }
    }
}

/// The rule that refused a command. Each has a stable id, such as
/// `sod.own-request`, for programs and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
#[non_exhaustive]
pub enum RuleId {
    /// The actor or a named member is not in the center.
    MemberUnknown,
    /// The actor lacks the role the action needs.
    MemberRoleMissing,
    /// The request has not been opened.
    RequestNotOpen,
    /// The request is open already.
    RequestAlreadyOpen,
    /// The request is closed, rejected or cancelled.
    RequestFinished,
    /// The request's facts are unusable (empty title, amount not above 0).
    RequestInvalid,
    /// A straight rebuy names no approved supplier.
    RequestSupplierRequired,
    /// No band or rule of the policy covers the amount.
    PolicyNoRule,
    /// Too few members could ever approve a level of this request.
    PolicyQuorumUnreachable,
    /// A phase cannot start while an approval level it needs is pending.
    PhaseApprovalPending,
    /// The request is in the last phase of its path.
    PhaseEndOfPath,
    /// Closing before the last phase of the path.
    PhaseNotLast,
    /// The requester acts as checker of their own request.
    SodOwnRequest,
    /// The person's approval has counted already.
    SodCountedOnce,
    /// The approver holds no role of any pending level.
    ApprovalNotEligible,
    /// The approver's limit is below the amount.
    ApprovalLimitExceeded,
    /// The approver's level waits for earlier levels.
    ApprovalOutOfSequence,
    /// No level is pending.
    ApprovalNothingPending,
    /// The named level does not exist.
    ApprovalUnknownLevel,
    /// The actor holds no veto role.
    VetoNotAllowed,
    /// Delegator and delegate do not both hold the role.
    DelegationRoleMismatch,
    /// A delegation to oneself or with an empty period.
    DelegationInvalid,
    /// Acting for a member without a delegation in force.
    DelegationNotActive,
    /// The command is dated before the request's last event.
    TimeOutOfOrder,
    /// An empty comment or reason.
    TextEmpty,
}

impl RuleId {
    /// Every rule.
    pub const ALL: [RuleId; 25] = [
        RuleId::MemberUnknown,
        RuleId::MemberRoleMissing,
        RuleId::RequestNotOpen,
        RuleId::RequestAlreadyOpen,
        RuleId::RequestFinished,
        RuleId::RequestInvalid,
        RuleId::RequestSupplierRequired,
        RuleId::PolicyNoRule,
        RuleId::PolicyQuorumUnreachable,
        RuleId::PhaseApprovalPending,
        RuleId::PhaseEndOfPath,
        RuleId::PhaseNotLast,
        RuleId::SodOwnRequest,
        RuleId::SodCountedOnce,
        RuleId::ApprovalNotEligible,
        RuleId::ApprovalLimitExceeded,
        RuleId::ApprovalOutOfSequence,
        RuleId::ApprovalNothingPending,
        RuleId::ApprovalUnknownLevel,
        RuleId::VetoNotAllowed,
        RuleId::DelegationRoleMismatch,
        RuleId::DelegationInvalid,
        RuleId::DelegationNotActive,
        RuleId::TimeOutOfOrder,
        RuleId::TextEmpty,
    ];

    /// The stable id (`sod.own-request`).
    pub fn id(self) -> &'static str {
        match self {
            RuleId::MemberUnknown => "member.unknown",
            RuleId::MemberRoleMissing => "member.role-missing",
            RuleId::RequestNotOpen => "request.not-open",
            RuleId::RequestAlreadyOpen => "request.already-open",
            RuleId::RequestFinished => "request.finished",
            RuleId::RequestInvalid => "request.invalid",
            RuleId::RequestSupplierRequired => "request.supplier-required",
            RuleId::PolicyNoRule => "policy.no-rule",
            RuleId::PolicyQuorumUnreachable => "policy.quorum-unreachable",
            RuleId::PhaseApprovalPending => "phase.approval-pending",
            RuleId::PhaseEndOfPath => "phase.end-of-path",
            RuleId::PhaseNotLast => "phase.not-last",
            RuleId::SodOwnRequest => "sod.own-request",
            RuleId::SodCountedOnce => "sod.counted-once",
            RuleId::ApprovalNotEligible => "approval.not-eligible",
            RuleId::ApprovalLimitExceeded => "approval.limit-exceeded",
            RuleId::ApprovalOutOfSequence => "approval.out-of-sequence",
            RuleId::ApprovalNothingPending => "approval.nothing-pending",
            RuleId::ApprovalUnknownLevel => "approval.unknown-level",
            RuleId::VetoNotAllowed => "veto.not-allowed",
            RuleId::DelegationRoleMismatch => "delegation.role-mismatch",
            RuleId::DelegationInvalid => "delegation.invalid",
            RuleId::DelegationNotActive => "delegation.not-active",
            RuleId::TimeOutOfOrder => "time.out-of-order",
            RuleId::TextEmpty => "text.empty",
        }
    }
}

impl From<RuleId> for &'static str {
    fn from(rule: RuleId) -> &'static str {
        rule.id()
    }
}

impl TryFrom<String> for RuleId {
    type Error = String;

    fn try_from(text: String) -> Result<RuleId, String> {
        RuleId::ALL
            .into_iter()
            .find(|rule| rule.id() == text)
            .ok_or_else(|| format!("unknown rule id {text:?}"))
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A refused command: the rule and a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("[{rule}] {message}")]
pub struct Rejection {
    /// The rule that refused it.
    pub rule: RuleId,
    /// Why, naming the people, levels and amounts involved.
    pub message: String,
}

impl Rejection {
    /// A rejection by `rule`.
    pub fn new(rule: RuleId, message: impl Into<String>) -> Rejection {
        Rejection {
            rule,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use b2b_core::Currency;

    #[test]
    fn commands_and_rejections_round_trip_through_json() {
        let command = Command {
            actor: "anna".into(),
            at: time::macros::datetime!(2026-03-02 09:00 UTC),
            action: Action::Open {
                request: "R-1".into(),
                title: "x".into(),
                amount: Money::new(12000.into(), Currency::EUR),
                category: "it".into(),
                buy_class: BuyClass::NewTask,
                supplier: None,
            },
        };
        let json = serde_json::to_value(&command).expect("serialises");
        assert_eq!(json["action"]["action"], "open");
        assert_eq!(json["at"], "2026-03-02T09:00:00Z");
        let back: Command = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, command);
        let rejection = Rejection::new(RuleId::SodOwnRequest, "own");
        let json = serde_json::to_value(&rejection).expect("serialises");
        assert_eq!(json["rule"], "sod.own-request");
        let back: Rejection = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, rejection);
    }
}
