//! The HTTP JSON API of b2b.
//!
//! [`app::app`] builds the whole API as an axum `Router`; `b2b-server` serves
//! it and tests drive it in-process. Handlers parse the wire types, call the
//! domain crates and map their errors to [`ApiError`]; no domain rule lives
//! here.

pub mod admin;
pub mod app;
pub mod auth;
pub mod buying;
pub mod compute;
mod digest;
pub mod docs_page;
pub mod feed;
pub mod idempotency;
pub mod observe;
pub mod openapi;
pub mod page;
pub mod problem;
pub mod state;

pub use problem::{ApiError, Problem};
pub use state::{AppState, Config};
