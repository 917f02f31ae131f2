//! Placeholder until this module lands (see lib.rs for its purpose).
