//! Reading the case files under tests/data/<area>/, shared by the trade-terms
//! tests (penalty, tiers, sla).

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// Every `.toml` file of tests/data/`area`, parsed as `T`, with its path.
pub fn files<T: DeserializeOwned>(area: &str) -> Vec<(PathBuf, T)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(area);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable case file");
            let file = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, file)
        })
        .collect()
}
