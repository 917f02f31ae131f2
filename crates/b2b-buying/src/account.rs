//! The seller's account map of a customer's buying center (being built).
