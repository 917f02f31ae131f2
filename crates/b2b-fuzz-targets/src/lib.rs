//! The bodies of the fuzz targets in `fuzz/`, one public function per
//! target, each taking the fuzzer's bytes.
//!
//! They live in a crate of the main workspace, not in `fuzz/`, so that two
//! callers share them: the libFuzzer targets (`fuzz/fuzz_targets/*.rs`,
//! nightly features, run by `fuzz/run.sh`) and this crate's replay test
//! (`tests/replay.rs`), which runs every corpus file and every kept crash
//! through its target on stable with `cargo test`.
//!
//! A target calls only public APIs. It passes when the code under test
//! returns, whether with a value or an error; a panic (including an
//! arithmetic overflow in a build with overflow checks) fails it, and so
//! does a broken invariant the target asserts, such as a canonical text
//! that does not read back as the same value, or a ranking that differs
//! from the rational oracle of [`evaluate()`].
//!
//! Where a target needs more than one input (a format, a rule, a tender to
//! read bids against), the first byte of the data chooses it and the rest
//! is the file; each function says how. See `docs/fuzzing.md`.

// Every target asserts its invariants: a panic is what a fuzzer reports,
// so the targets say so once here rather than in each `# Panics`.
#![allow(clippy::missing_panics_doc)]

mod buying;
mod bytes;
mod classify;
mod ident;
mod more;
mod oracle;
mod tender;
mod terms;

pub use buying::center_policy;
pub use classify::{rule_set, sales};
pub use ident::identifiers;
pub use more::{rates, sla_history, team_files};
pub use oracle::evaluate;
pub use tender::{bids, tender_file};
pub use terms::{calendar, contract, cost_lines, payment_terms};

/// A fuzz target: its name (the file name in `fuzz/fuzz_targets/` and the
/// folder name under `fuzz/corpus/` and `fuzz/regressions/`) and its body.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by name.
pub const TARGETS: [Target; 14] = [
    ("tender_file", tender_file),
    ("bids", bids),
    ("evaluate", evaluate),
    ("payment_terms", payment_terms),
    ("contract", contract),
    ("calendar", calendar),
    ("cost_lines", cost_lines),
    ("sales", sales),
    ("rule_set", rule_set),
    ("center_policy", center_policy),
    ("identifiers", identifiers),
    ("rates", rates),
    ("sla_history", sla_history),
    ("team_files", team_files),
];

/// The target called `name`, if there is one.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    TARGETS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, body)| *body)
}

/// The first byte, which chooses among `choices` (by its value modulo
/// their number), and the rest of the data as text; `None` for empty data
/// or a rest that is not UTF-8, which no parser here is given.
fn choose_and_text(data: &[u8], choices: usize) -> Option<(usize, &str)> {
    let (&first, rest) = data.split_first()?;
    let text = std::str::from_utf8(rest).ok()?;
    Some((usize::from(first) % choices, text))
}
