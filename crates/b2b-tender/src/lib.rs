//! Tender evaluation: requirements, criteria, weights and award models that
//! rank suppliers' bids, explain every point and say how robust the result is.
//!
//! The flow is: a tender file becomes a validated [`Tender`]
//! ([`input::parse_tender`]), a bids file becomes [`Bids`] checked against it
//! ([`input::parse_bids`]), and [`evaluate()`] ranks them into an
//! [`Evaluation`], whose [`Evaluation::report`] serialises to the public JSON
//! contract. The crate does no file or network I/O: callers pass text in and
//! get values back.
//!
//! Arithmetic is exact: values are scaled integers inside the hot loops, any
//! two results close enough for rounding to matter are compared again in
//! exact rational arithmetic, and rounding happens only on output.

pub mod bids;
pub mod column;
pub mod evaluate;
mod exact;
pub mod generate;
pub mod input;
mod model;
mod normalise;
mod par;
mod rank;
pub mod report;
pub mod sensitivity;
pub mod tender;

pub use bids::Bids;
pub use evaluate::{Evaluation, Options, evaluate};
pub use tender::{AwardModel, Criterion, CriterionKind, Tender};
