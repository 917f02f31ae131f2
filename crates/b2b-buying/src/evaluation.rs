//! Team evaluation of proposals (being built).
