//! Replays every file of `fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/` through its target, on stable, as part of
//! `cargo test --workspace`: what fuzzing once found stays fixed.
//!
//! A regression listed in `fuzz/regressions/KNOWN.md` is a crash found and
//! not fixed yet; it is skipped here (and named in the output) so that the
//! suite stays green while it is open. Fixing it means removing its line
//! from KNOWN.md, which turns the replay on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files under `dir`, sorted, hidden files (`.gitkeep`) left out.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_file())
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

/// The open crashes: every `regressions/<target>/<file>` written in
/// backticks under the heading `## Open` of KNOWN.md.
fn known_open() -> BTreeSet<String> {
    let text = std::fs::read_to_string(fuzz_dir().join("regressions/KNOWN.md"))
        .expect("fuzz/regressions/KNOWN.md exists");
    let (_, open) = text
        .split_once("\n## Open\n")
        .expect("KNOWN.md has a heading \"## Open\"");
    open.split('`')
        .skip(1)
        .step_by(2)
        .filter(|quoted| quoted.starts_with("regressions/"))
        .map(str::to_owned)
        .collect()
}

/// Runs `path` through `target`, returning the panic message if it panics.
fn replay(target: fn(&[u8]), path: &Path) -> Result<(), String> {
    let data = std::fs::read(path).expect("a readable corpus file");
    std::panic::catch_unwind(|| target(&data)).map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    })
}

#[test]
fn every_corpus_file_and_regression_passes_its_target() {
    let known = known_open();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (name, target) in b2b_fuzz_targets::TARGETS {
        let corpus = files(&fuzz_dir().join("corpus").join(name));
        assert!(!corpus.is_empty(), "fuzz/corpus/{name}/ has no seed");
        let regressions = files(&fuzz_dir().join("regressions").join(name));
        for path in corpus.iter().chain(&regressions) {
            let relative = path
                .strip_prefix(fuzz_dir())
                .expect("under fuzz/")
                .to_string_lossy()
                .replace('\\', "/");
            if known.contains(&relative) {
                eprintln!("skipped, an open crash listed in KNOWN.md: {relative}");
                continue;
            }
            replayed += 1;
            if let Err(message) = replay(target, path) {
                failures.push(format!("{relative}: {message}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {replayed} inputs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_folder_names_a_target_and_every_known_crash_exists() {
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder entry").path();
            if path.is_dir() {
                let name = path
                    .file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned();
                assert!(
                    b2b_fuzz_targets::target(&name).is_some(),
                    "fuzz/{kind}/{name}/ is not a target"
                );
            }
        }
    }
    for relative in known_open() {
        assert!(
            fuzz_dir().join(&relative).is_file(),
            "KNOWN.md lists {relative}, which does not exist"
        );
    }
}
