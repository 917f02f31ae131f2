//! The buying center as an auditable workflow.
//!
//! - [`center`]: members, their roles, influence and approval limits.
//! - [`policy`]: amount bands by category, approval levels (quorum,
//!   parallel or in sequence, the phase each must be complete before),
//!   veto roles, phase paths per buy class, deadlines with escalation.
//! - [`machine::apply`]: the pure state machine; every refusal names its
//!   rule ([`command::RuleId`]).
//! - [`event`]: hash-chained events and [`event::verify`].
//! - [`state::State::replay`]: the state as a fold of events.
//! - [`audit`]: who acted when, time per phase and per approver.
//! - [`service`]: the workflow over a [`b2b_store`] backend, with
//!   optimistic concurrency.
//! - [`scenario`]: a center, a policy and timed actions, replayed in memory.
//! - [`evaluation`] and [`account`]: team grading of proposals and the
//!   seller's account map.
//!
//! The rules, formats and their sources are in `docs/buying-center.md`.

pub mod account;
pub mod audit;
pub mod center;
pub mod command;
#[cfg(feature = "grades")]
pub mod evaluation;
pub mod event;
pub mod file;
pub mod machine;
pub mod model;
pub mod next;
pub mod policy;
pub mod scenario;
pub mod service;
pub mod state;

pub use center::{Center, Member};
pub use command::{Action, Command, Rejection, RuleId};
pub use event::{Event, VerifyError, verify};
pub use machine::apply;
pub use model::{BuyClass, Phase, Role, Status};
pub use policy::Policy;
pub use state::State;
