//! The HTTP JSON API of b2b.
//!
//! [`router`] builds the whole API as an axum `Router`; `b2b-server` serves
//! it and tests drive it in-process. Handlers parse the wire types, call the
//! domain crates and map their errors to [`ApiError`]; no domain rule lives
//! here.

pub mod compute;
pub mod docs_page;
pub mod openapi;
pub mod problem;

pub use problem::{ApiError, Problem};
