//! Sale classification (being built).
