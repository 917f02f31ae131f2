//! The vocabulary of the buying center: roles, buy classes, buygrid phases
//! and the status of a request.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A role in the buying center (Webster and Wind's classic seven).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// Recognises the need and starts the purchase.
    Initiator,
    /// Will use what is bought.
    User,
    /// Shapes the specification and the choice (often technical staff).
    Influencer,
    /// Has the formal authority to select suppliers and place the order.
    Buyer,
    /// Decides which supplier gets the order.
    Decider,
    /// Controls the flow of information to the center; may veto.
    Gatekeeper,
    /// Authorises the spending.
    Approver,
}

impl Role {
    /// Every role, in the order above.
    pub const ALL: [Role; 7] = [
        Role::Initiator,
        Role::User,
        Role::Influencer,
        Role::Buyer,
        Role::Decider,
        Role::Gatekeeper,
        Role::Approver,
    ];

    /// The name used in files and output (`gatekeeper`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Initiator => "initiator",
            Role::User => "user",
            Role::Influencer => "influencer",
            Role::Buyer => "buyer",
            Role::Decider => "decider",
            Role::Gatekeeper => "gatekeeper",
            Role::Approver => "approver",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The buy class (Robinson, Faris and Wind's buygrid), which decides the
/// path of phases a request takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BuyClass {
    /// A first purchase of its kind: every phase.
    NewTask,
    /// A repeat purchase with changes (specification, price, supplier).
    ModifiedRebuy,
    /// A routine reorder from an approved supplier.
    StraightRebuy,
}

impl BuyClass {
    /// Every buy class.
    pub const ALL: [BuyClass; 3] = [
        BuyClass::NewTask,
        BuyClass::ModifiedRebuy,
        BuyClass::StraightRebuy,
    ];

    /// The name used in files and output (`modified-rebuy`).
    pub fn name(self) -> &'static str {
        match self {
            BuyClass::NewTask => "new-task",
            BuyClass::ModifiedRebuy => "modified-rebuy",
            BuyClass::StraightRebuy => "straight-rebuy",
        }
    }
}

impl fmt::Display for BuyClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A buygrid phase. The order of the variants is the buygrid's order, which
/// approval gates are measured against: a level that must be complete
/// before `order` also blocks every later phase, even on a path that skips
/// `order` itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Anticipation or recognition of a problem (need).
    NeedRecognition,
    /// Determination of the characteristics and quantity of the needed item.
    NeedDescription,
    /// Description of the characteristics and quantity (specification).
    Specification,
    /// Search for and qualification of potential sources.
    SupplierSearch,
    /// Acquisition and analysis of proposals.
    Proposals,
    /// Evaluation of proposals and selection of suppliers.
    Evaluation,
    /// Selection of an order routine; the order is placed.
    Order,
    /// Performance feedback and evaluation.
    PerformanceReview,
}

impl Phase {
    /// Every phase, in buygrid order.
    pub const ALL: [Phase; 8] = [
        Phase::NeedRecognition,
        Phase::NeedDescription,
        Phase::Specification,
        Phase::SupplierSearch,
        Phase::Proposals,
        Phase::Evaluation,
        Phase::Order,
        Phase::PerformanceReview,
    ];

    /// The name used in files and output (`supplier-search`).
    pub fn name(self) -> &'static str {
        match self {
            Phase::NeedRecognition => "need-recognition",
            Phase::NeedDescription => "need-description",
            Phase::Specification => "specification",
            Phase::SupplierSearch => "supplier-search",
            Phase::Proposals => "proposals",
            Phase::Evaluation => "evaluation",
            Phase::Order => "order",
            Phase::PerformanceReview => "performance-review",
        }
    }

    /// The phase named `name`, if any.
    pub fn from_name(name: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|phase| phase.name() == name)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A phase name that is none of the buygrid phases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown phase {:?}: expected one of {}", b2b_core::excerpt(.0), Phase::ALL.map(Phase::name).join(", "))]
pub struct UnknownPhase(pub String);

impl std::str::FromStr for Phase {
    type Err = UnknownPhase;

    fn from_str(name: &str) -> Result<Phase, UnknownPhase> {
        Phase::from_name(name).ok_or_else(|| UnknownPhase(name.to_owned()))
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "phase")]
#[non_exhaustive]
pub enum Status {
    /// In a phase of its path.
    Active(Phase),
    /// Finished after its last phase.
    Closed,
    /// Refused by an approver or vetoed.
    Rejected,
    /// Withdrawn.
    Cancelled,
}

impl Status {
    /// Whether the request can still be acted on.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Active(_))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Active(phase) => write!(f, "{phase}"),
            Status::Closed => f.write_str("closed"),
            Status::Rejected => f.write_str("rejected"),
            Status::Cancelled => f.write_str("cancelled"),
        }
    }
}

#[cfg(test)]
mod from_str_tests {
    use super::*;

    #[test]
    fn phases_parse_by_name_and_refuse_others() {
        for phase in Phase::ALL {
            assert_eq!(phase.name().parse::<Phase>(), Ok(phase));
        }
        let error = "ordering".parse::<Phase>().expect_err("unknown");
        assert!(
            error
                .to_string()
                .starts_with("unknown phase \"ordering\": expected one of ")
        );
    }
}
