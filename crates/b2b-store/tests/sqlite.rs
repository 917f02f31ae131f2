//! The SQLite store: concurrency, append-only enforcement, migrations, bad
//! files, and agreement with the in-memory store.

use b2b_store::{
    Document, DocumentStore, EventStore, Existing, MemoryStore, NewEvent, SqliteStore, StoreError,
};
use proptest::prelude::*;
use serde_json::json;
use std::path::PathBuf;

fn event(kind: &str, n: u64) -> NewEvent {
    NewEvent {
        kind: kind.to_owned(),
        payload: json!({ "n": n, "text": "Å ö – \"quoted\"" }),
    }
}

/// A fresh directory for one test's database files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b2b-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

#[test]
fn events_and_documents_survive_reopening() {
    let path = scratch("reopen").join("b2b.sqlite");
    {
        let mut store = SqliteStore::open(&path).expect("opens");
        assert_eq!(
            store
                .append("request/1", 0, &[event("opened", 1), event("approved", 2)])
                .ok(),
            Some(2)
        );
        store
            .put("center", "acme", &json!({ "members": 3 }))
            .expect("stored");
    }
    let store = SqliteStore::open(&path).expect("reopens");
    let events = store.load("request/1").expect("loads");
    assert_eq!(
        events
            .iter()
            .map(|e| (e.version, e.kind.as_str()))
            .collect::<Vec<_>>(),
        [(1, "opened"), (2, "approved")]
    );
    assert_eq!(
        events[0].payload,
        json!({ "n": 1, "text": "Å ö – \"quoted\"" })
    );
    assert_eq!(
        store.get("center", "acme").expect("reads"),
        Some(json!({ "members": 3 }))
    );
    assert_eq!(
        store.schema_version().ok(),
        Some(SqliteStore::current_schema_version())
    );
}

#[test]
fn a_stale_version_is_rejected_without_a_partial_write() {
    let mut store = SqliteStore::open_in_memory().expect("opens");
    store
        .append("r", 0, &[event("a", 1)])
        .expect("first append");
    let stale = store.append("r", 0, &[event("b", 2), event("c", 3)]);
    assert!(
        matches!(
            stale,
            Err(StoreError::Conflict {
                expected: 0,
                actual: 1,
                ..
            })
        ),
        "{stale:?}"
    );
    assert_eq!(store.load("r").expect("loads").len(), 1);
}

#[test]
fn two_writers_on_one_file_never_both_win() {
    // Each round, two connections append to the same stream claiming the
    // same version: exactly one succeeds, the other gets a conflict.
    let path = scratch("race").join("b2b.sqlite");
    SqliteStore::open(&path).expect("creates");
    for round in 0..40u64 {
        let outcomes: Vec<Result<u64, StoreError>> = std::thread::scope(|scope| {
            let writers: Vec<_> = (0..2)
                .map(|writer| {
                    let path = path.clone();
                    scope.spawn(move || {
                        let mut store = SqliteStore::open(&path).expect("opens");
                        store.append("contended", round, &[event("write", writer)])
                    })
                })
                .collect();
            writers
                .into_iter()
                .map(|w| w.join().expect("no panic"))
                .collect()
        });
        let won = outcomes.iter().filter(|o| o.is_ok()).count();
        let lost = outcomes
            .iter()
            .filter(|o| matches!(o, Err(StoreError::Conflict { .. })))
            .count();
        assert_eq!((won, lost), (1, 1), "round {round}: {outcomes:?}");
    }
    let versions: Vec<u64> = SqliteStore::open(&path)
        .expect("opens")
        .load("contended")
        .expect("loads")
        .iter()
        .map(|e| e.version)
        .collect();
    assert_eq!(versions, (1..=40).collect::<Vec<_>>());
}

#[test]
fn the_database_refuses_to_change_or_delete_events() {
    let path = scratch("append-only").join("b2b.sqlite");
    let mut store = SqliteStore::open(&path).expect("opens");
    store.append("r", 0, &[event("a", 1)]).expect("appended");
    let raw = rusqlite::Connection::open(&path).expect("raw connection");
    let update = raw.execute("UPDATE events SET kind = 'forged'", []);
    assert!(update.is_err_and(|e| {
        e.to_string()
            .contains("events are append-only: an event cannot be updated")
    }));
    let delete = raw.execute("DELETE FROM events", []);
    assert!(delete.is_err_and(|e| {
        e.to_string()
            .contains("events are append-only: an event cannot be deleted")
    }));
    assert_eq!(store.load("r").expect("loads").len(), 1);
}

#[test]
fn bad_files_and_newer_schemas_are_refused_by_name() {
    let dir = scratch("bad");
    let text = dir.join("notes.sqlite");
    std::fs::write(&text, "these are notes, not a database\n".repeat(200)).expect("written");
    let error = SqliteStore::open(&text).expect_err("refused").to_string();
    assert!(
        error.contains("notes.sqlite") && error.contains("not a database"),
        "{error}"
    );

    let newer = dir.join("newer.sqlite");
    SqliteStore::open(&newer).expect("creates");
    rusqlite::Connection::open(&newer)
        .and_then(|c| c.execute("UPDATE schema_version SET version = 99", []))
        .expect("bumped");
    let error = SqliteStore::open(&newer).expect_err("refused").to_string();
    assert!(
        error.ends_with(
            "has schema version 99, newer than the 3 this program knows; use a newer b2b"
        ),
        "{error}"
    );

    let corrupt = dir.join("corrupt.sqlite");
    {
        let mut store = SqliteStore::open(&corrupt).expect("creates");
        store.append("r", 0, &[event("a", 1)]).expect("appended");
    }
    let raw = rusqlite::Connection::open(&corrupt).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER events_are_never_updated; UPDATE events SET payload = '{not json';",
    )
    .expect("tampered");
    let error = SqliteStore::open(&corrupt)
        .expect("opens")
        .load("r")
        .expect_err("refused")
        .to_string();
    assert!(
        error.contains("event 1 of stream \"r\" has a payload that is not JSON"),
        "{error}"
    );
}

/// One step of a random history: append `count` events to stream `stream`
/// claiming `expected` (often stale), or store a document.
#[derive(Debug, Clone)]
enum Step {
    Append {
        stream: u8,
        expected: u64,
        count: u8,
    },
    Put {
        id: u8,
        value: u8,
    },
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..3, 0u64..6, 0u8..3).prop_map(|(stream, expected, count)| Step::Append {
            stream,
            expected,
            count
        }),
        (0u8..3, any::<u8>()).prop_map(|(id, value)| Step::Put { id, value }),
    ]
}

fn outcome(result: Result<u64, StoreError>) -> Result<u64, (u64, u64)> {
    result.map_err(|e| match e {
        StoreError::Conflict {
            expected, actual, ..
        } => (expected, actual),
        other => panic!("unexpected {other}"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sqlite_and_memory_stores_agree(steps in proptest::collection::vec(any_step(), 0..40)) {
        let mut memory = MemoryStore::new();
        let mut sqlite = SqliteStore::open_in_memory().expect("opens");
        for step in &steps {
            match step {
                Step::Append { stream, expected, count } => {
                    let stream = format!("s/{stream}");
                    let events: Vec<NewEvent> = (0..u64::from(*count)).map(|n| event("e", n)).collect();
                    prop_assert_eq!(
                        outcome(memory.append(&stream, *expected, &events)),
                        outcome(sqlite.append(&stream, *expected, &events))
                    );
                }
                Step::Put { id, value } => {
                    let id = id.to_string();
                    memory.put("doc", &id, &json!(value)).expect("memory");
                    sqlite.put("doc", &id, &json!(value)).expect("sqlite");
                }
            }
        }
        prop_assert_eq!(memory.streams("s/").expect("memory"), sqlite.streams("s/").expect("sqlite"));
        for stream in ["s/0", "s/1", "s/2"] {
            prop_assert_eq!(memory.load(stream).expect("memory"), sqlite.load(stream).expect("sqlite"));
        }
        prop_assert_eq!(memory.list("doc").expect("memory"), sqlite.list("doc").expect("sqlite"));
        for id in ["0", "1", "2"] {
            prop_assert_eq!(memory.get("doc", id).expect("memory"), sqlite.get("doc", id).expect("sqlite"));
        }
    }
}

#[test]
fn a_batch_of_documents_is_written_whole_or_not_at_all() {
    let path = scratch("batch").join("b2b.sqlite");
    let mut sqlite = SqliteStore::open(&path).expect("opens");
    let mut memory = MemoryStore::new();
    let stores: [&mut dyn DocumentStore; 2] = [&mut sqlite, &mut memory];
    for store in stores {
        store
            .put("policy", "acme", &json!({ "v": 1 }))
            .expect("stored");
        let (center, policy) = (json!({ "v": 2 }), json!({ "v": 2 }));
        let batch = [
            Document {
                kind: "center",
                id: "acme",
                body: &center,
            },
            Document {
                kind: "policy",
                id: "acme",
                body: &policy,
            },
        ];
        // The second document exists: the first, already written inside
        // the batch, is not kept either.
        let refused = store.put_all(&batch, Existing::Refuse);
        assert_eq!(
            refused.map_err(|e| e.to_string()),
            Err("policy \"acme\" exists in the store already".to_owned())
        );
        assert_eq!(store.get("center", "acme").expect("read"), None);
        assert_eq!(
            store.get("policy", "acme").expect("read"),
            Some(json!({ "v": 1 }))
        );
        // The same document twice in one batch is refused likewise.
        let twice = store.put_all(&[batch[0], batch[0]], Existing::Refuse);
        assert!(matches!(twice, Err(StoreError::Exists { .. })), "{twice:?}");
        assert_eq!(store.get("center", "acme").expect("read"), None);
        // Replacing gives what was replaced.
        let replaced = store.put_all(&batch, Existing::Replace).expect("stored");
        assert_eq!(replaced, [None, Some(json!({ "v": 1 }))]);
        assert_eq!(store.get("center", "acme").expect("read"), Some(center));
        assert_eq!(store.get("policy", "acme").expect("read"), Some(policy));
    }
}

/// A database at schema version 1 (before stream heads), made by hand, with
/// stream `s` holding `count` events.
fn version_1_database(path: &std::path::Path, count: u64) {
    let raw = rusqlite::Connection::open(path).expect("raw");
    raw.execute_batch(include_str!("../migrations/0001_events_and_documents.sql"))
        .expect("schema 1");
    raw.execute_batch(
        "CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT;
         INSERT INTO schema_version (version) VALUES (1);",
    )
    .expect("version 1");
    raw.execute(
        "INSERT INTO streams (id, version) VALUES ('s', ?1)",
        [count as i64],
    )
    .expect("stream");
    for n in 1..=count {
        raw.execute(
            "INSERT INTO events (stream, version, kind, payload, recorded_at) VALUES ('s', ?1, 'tick', ?2, 'then')",
            rusqlite::params![n as i64, format!("{{\"n\":{n}}}")],
        )
        .expect("event");
    }
}

#[test]
fn a_stream_whose_end_was_removed_or_rewritten_behind_the_store_is_reported() {
    let path = scratch("head").join("b2b.sqlite");
    {
        let mut store = SqliteStore::open(&path).expect("opens");
        let events: Vec<NewEvent> = (1..=5).map(|n| event("tick", n)).collect();
        store
            .append("request/R-0001", 0, &events)
            .expect("appended");
        store
            .append("request/R-0002", 0, &events)
            .expect("appended");
    }
    let raw = rusqlite::Connection::open(&path).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER events_are_never_deleted;
         DROP TRIGGER events_are_never_updated;
         DELETE FROM events WHERE stream = 'request/R-0001' AND version = 5;",
    )
    .expect("deleted");
    let store = SqliteStore::open(&path).expect("opens");
    assert_eq!(
        store.load("request/R-0001").map_err(|e| e.to_string()),
        Err("stream request/R-0001 records version 5 but holds 4 events (the last numbered 4): events were removed or added behind the store's back".to_owned())
    );
    // Cut consistently (the version set back too): the head shows it.
    raw.execute_batch("UPDATE streams SET version = 4 WHERE id = 'request/R-0001';")
        .expect("version set back");
    assert_eq!(
        store.load("request/R-0001").map_err(|e| e.to_string()),
        Err("stream request/R-0001: event 4, its last, differs from the event appended as 4: it was rewritten behind the store's back".to_owned())
    );
    // The last event rewritten in place.
    raw.execute_batch(
        "UPDATE events SET payload = '{\"n\":99}' WHERE stream = 'request/R-0002' AND version = 5;",
    )
    .expect("rewritten");
    assert!(
        matches!(
            store.load("request/R-0002"),
            Err(StoreError::HeadMismatch { version: 5, .. })
        ),
        "rewritten"
    );
}

#[test]
fn a_version_1_database_migrates_with_its_stream_heads_backfilled() {
    let path = scratch("migrate-heads").join("b2b.sqlite");
    version_1_database(&path, 3);
    let mut store = SqliteStore::open(&path).expect("migrates");
    assert_eq!(store.schema_version().expect("version"), 3);
    assert_eq!(store.load("s").expect("loads").len(), 3);
    // The backfilled head guards the migrated stream like a new one.
    let raw = rusqlite::Connection::open(&path).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER events_are_never_deleted;
         DELETE FROM events WHERE stream = 's' AND version = 3;
         UPDATE streams SET version = 2;",
    )
    .expect("cut");
    assert!(
        matches!(
            store.load("s"),
            Err(StoreError::HeadMismatch { version: 2, .. })
        ),
        "cut"
    );
    assert!(store.append("s", 3, &[event("tick", 4)]).is_err());
}

#[test]
fn a_read_only_store_reads_without_writing_and_a_missing_file_is_not_created() {
    let dir = scratch("read-only");
    let path = dir.join("b2b.sqlite");
    {
        let mut store = SqliteStore::open(&path).expect("creates");
        store.append("s", 0, &[event("tick", 1)]).expect("appended");
        store
            .put("center", "acme", &json!({ "v": 1 }))
            .expect("stored");
    }
    let before = std::fs::read(&path).expect("the file");
    let mut store = SqliteStore::open_read_only(&path).expect("opens read-only");
    assert_eq!(store.load("s").expect("loads").len(), 1);
    assert_eq!(store.list("center").expect("lists"), ["acme"]);
    // SQLite's read-only flag is what refuses here (tests run as root,
    // where file permissions would not).
    let refused = store
        .append("s", 1, &[event("tick", 2)])
        .expect_err("read-only");
    assert!(refused.to_string().contains("readonly"), "{refused}");
    drop(store);
    assert_eq!(std::fs::read(&path).expect("the file"), before);

    // A mistyped path: refused, and no file appears.
    let typo = dir.join("b2b.sqlte");
    for open in [SqliteStore::open_read_only, SqliteStore::open_existing] {
        assert_eq!(
            open(&typo).map(drop).map_err(|e| e.to_string()),
            Err(format!("no database at {}", typo.display()))
        );
        assert!(!typo.exists());
    }

    // An older schema is read as it is, not migrated.
    let old = dir.join("version-1.sqlite");
    version_1_database(&old, 2);
    let before = std::fs::read(&old).expect("the file");
    let store = SqliteStore::open_read_only(&old).expect("opens read-only");
    assert_eq!(store.schema_version().expect("version"), 1);
    assert_eq!(store.load("s").expect("loads").len(), 2);
    drop(store);
    assert_eq!(std::fs::read(&old).expect("the file"), before);
}
