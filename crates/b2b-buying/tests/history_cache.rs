//! A service reading through a history cache sees every change of the
//! store, whoever made it: an entry is used only while the stream's version
//! and last-event digest are the ones it was made from.

mod common;

use b2b_buying::BuyClass;
use b2b_buying::service::{ReadCache, Service, ServiceError};
use b2b_store::SqliteStore;
use common::{command, open};
use std::sync::Arc;

fn database(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("b2b-history-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join("b2b.sqlite")
}

fn cached(path: &std::path::Path, cache: &Arc<ReadCache>) -> Service<SqliteStore> {
    Service::with_cache(SqliteStore::open(path).expect("opens"), Arc::clone(cache))
}

#[test]
fn a_cached_history_follows_appends_made_elsewhere_and_tampering_is_still_found() {
    let path = database("follow");
    let cache = Arc::new(ReadCache::default());
    let mut writer = Service::new(SqliteStore::open(&path).expect("opens"));
    writer
        .create_center_from_toml(
            &common::read("center.toml"),
            "center.toml",
            &common::read("policy.toml"),
            "policy.toml",
        )
        .expect("center");
    writer
        .open_request(
            "rhein-plant",
            &command(
                "anna",
                "2026-03-02T09:00:00Z",
                open("R-1", "12000", BuyClass::NewTask),
            ),
        )
        .expect("opens");
    let reader = cached(&path, &cache);
    let (events, state) = reader.load("R-1").expect("loads");
    assert_eq!((events.len(), state.seq), (1, 1));
    // Read again: the same (from the cache).
    assert_eq!(reader.load("R-1").expect("loads").1.seq, 1);

    // Another service (another connection) appends: the reader sees it.
    writer
        .execute(
            "R-1",
            1,
            &command(
                "anna",
                "2026-03-02T10:00:00Z",
                b2b_buying::Action::Comment { text: "x".into() },
            ),
        )
        .expect("comments");
    let (events, state) = reader.load("R-1").expect("loads");
    assert_eq!((events.len(), state.seq), (2, 2));

    // The last event rewritten behind the store's back, head and all: the
    // cached history is not used, the stored one is verified and refused.
    let raw = rusqlite::Connection::open(&path).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER events_are_never_updated;
         UPDATE events SET payload = replace(payload, '\"x\"', '\"y\"') WHERE version = 2;
         UPDATE streams SET head = 'forged' WHERE id = 'request/R-1';",
    )
    .expect("tampered");
    let refused = reader.load("R-1");
    assert!(
        matches!(
            refused,
            Err(ServiceError::Corrupt { .. }) | Err(ServiceError::Store(_))
        ),
        "{refused:?}"
    );
}
