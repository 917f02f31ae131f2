//! The database survives the writing process being killed mid-write: no
//! acknowledged event is lost, the stream has no gap, the file is intact.
//!
//! The test runs itself as the writer: re-invoked with `WRITER_ENV` set, it
//! appends forever and prints `acked N` after each append returns; the
//! parent reads a number of acknowledgements, kills the child (SIGKILL on
//! Unix: no destructor, no flush), reopens the database and checks.
//!
//! The same for documents written together (a center and its policy): after
//! a kill, both are from the same batch.

use b2b_store::{Document, DocumentStore, EventStore, Existing, NewEvent, SqliteStore};
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const WRITER_ENV: &str = "B2B_STORE_CRASH_WRITER";
const TEST_NAME: &str = "acknowledged_events_survive_a_kill";
const BATCH_WRITER_ENV: &str = "B2B_STORE_CRASH_BATCH_WRITER";
const BATCH_TEST_NAME: &str = "documents_written_together_survive_a_kill_together";

#[test]
fn acknowledged_events_survive_a_kill() {
    if let Some(path) = std::env::var_os(WRITER_ENV) {
        write_until_killed(Path::new(&path));
    }
    let dir = std::env::temp_dir().join(format!("b2b-store-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    // Different kill points: early, while the WAL grows, after a checkpoint
    // (SQLite checkpoints at 1000 pages by default).
    for (run, acknowledgements) in [5u64, 120, 1500].into_iter().enumerate() {
        let path = dir.join(format!("run-{run}.sqlite"));
        let acked = kill_writer_after(TEST_NAME, WRITER_ENV, &path, acknowledgements);
        let store = SqliteStore::open(&path).expect("reopens after the kill");
        let versions: Vec<u64> = store
            .load("crash")
            .expect("loads")
            .iter()
            .map(|e| e.version)
            .collect();
        assert!(
            versions.len() as u64 >= acked,
            "run {run}: {acked} acknowledged, {} stored",
            versions.len()
        );
        assert_eq!(
            versions,
            (1..=versions.len() as u64).collect::<Vec<_>>(),
            "run {run}: a gap"
        );
        let check: String = rusqlite::Connection::open(&path)
            .and_then(|c| c.query_row("PRAGMA integrity_check", [], |row| row.get(0)))
            .expect("integrity check runs");
        assert_eq!(check, "ok", "run {run}");
    }
}

#[test]
fn documents_written_together_survive_a_kill_together() {
    if let Some(path) = std::env::var_os(BATCH_WRITER_ENV) {
        write_batches_until_killed(Path::new(&path));
    }
    let dir = std::env::temp_dir().join(format!("b2b-store-crash-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    // Written as two separate puts, a kill between them left a new center
    // with an old policy about once in twenty kills; twenty kill points.
    for run in 0..20u64 {
        let path = dir.join(format!("run-{run}.sqlite"));
        let acked = kill_writer_after(BATCH_TEST_NAME, BATCH_WRITER_ENV, &path, 3 + run * 7);
        let store = SqliteStore::open(&path).expect("reopens after the kill");
        let generation = |kind: &str| {
            store
                .get(kind, "acme")
                .expect("reads")
                .and_then(|body| body["generation"].as_u64())
        };
        let (center, policy) = (generation("center"), generation("policy"));
        assert_eq!(center, policy, "run {run}: a center without its policy");
        assert!(
            center.is_some_and(|g| g >= acked),
            "run {run}: {acked} acknowledged, generation {center:?} stored"
        );
    }
}

fn write_batches_until_killed(path: &Path) -> ! {
    let mut store = SqliteStore::open(path).expect("the writer opens the store");
    let mut out = std::io::stdout().lock();
    let mut generation = 0u64;
    loop {
        generation += 1;
        let body = json!({ "generation": generation, "padding": "x".repeat(512) });
        let documents = ["center", "policy"].map(|kind| Document {
            kind,
            id: "acme",
            body: &body,
        });
        store
            .put_all(&documents, Existing::Replace)
            .expect("written");
        writeln!(out, "acked {generation}").expect("printed");
        out.flush().expect("flushed");
    }
}

/// Starts the writer of test `test` (the test binary re-run with `env` set
/// to `path`), waits for `count` acknowledgements, kills it; gives the
/// highest acknowledged number.
fn kill_writer_after(test: &str, env: &str, path: &PathBuf, count: u64) -> u64 {
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(env, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the writer starts");
    let stdout = child.stdout.take().expect("piped");
    let mut acked = 0;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        if let Some(version) = line.strip_prefix("acked ") {
            acked = version.parse().expect("a version");
            if acked >= count {
                break;
            }
        }
    }
    child.kill().expect("killed");
    child.wait().expect("reaped");
    assert!(
        acked >= count,
        "the writer stopped after {acked} acknowledgements"
    );
    acked
}

fn write_until_killed(path: &Path) -> ! {
    let mut store = SqliteStore::open(path).expect("the writer opens the store");
    let mut out = std::io::stdout().lock();
    let mut version = 0;
    loop {
        let events = [NewEvent {
            kind: "tick".to_owned(),
            payload: json!({ "n": version + 1, "padding": "x".repeat(512) }),
        }];
        version = store.append("crash", version, &events).expect("appended");
        writeln!(out, "acked {version}").expect("printed");
        out.flush().expect("flushed");
    }
}
