//! Durable storage (being built).
