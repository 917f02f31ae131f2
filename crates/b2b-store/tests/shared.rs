//! The shared SQLite store of the server: group commit, isolation of
//! scopes, the change feed under concurrent writers, platform records.

use b2b_store::{
    DocumentStore, EventStore, FeedStore, IdempotentResponse, NewEvent, Organisation,
    PlatformStore, SharedSqlite, StoreError, TokenRecord, WriteError,
};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use time::OffsetDateTime;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b2b-shared-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join("server.sqlite")
}

fn event(n: u64) -> NewEvent {
    NewEvent {
        kind: "noted".to_owned(),
        payload: json!({ "n": n }),
    }
}

fn append(
    store: &SharedSqlite,
    scope: &'static str,
    stream: String,
    expected: u64,
    n: u64,
) -> Result<u64, WriteError<StoreError>> {
    store.write(move |db| db.scoped(scope).append(&stream, expected, &[event(n)]))
}

#[test]
fn concurrent_writes_are_all_committed_and_the_feed_holds_each_once_in_order() {
    let store = SharedSqlite::open(&scratch("concurrent"), 2).expect("opens");
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                for i in 0..50 {
                    let stream = format!("s-{t}");
                    append(&store, "acme", stream, i, t * 1000 + i).expect("acknowledged");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("writer thread");
    }
    let feed = store
        .read(|db| db.scoped("acme").feed(0, 10_000))
        .expect("feed");
    assert_eq!(feed.len(), 400);
    assert!(feed.windows(2).all(|w| w[0].position < w[1].position));
    let seen: BTreeSet<(String, u64)> =
        feed.iter().map(|e| (e.stream.clone(), e.version)).collect();
    assert_eq!(seen.len(), 400, "each event once");
    // Within a stream the feed keeps the stream's order.
    for t in 0..8 {
        let versions: Vec<u64> = feed
            .iter()
            .filter(|e| e.stream == format!("s-{t}"))
            .map(|e| e.version)
            .collect();
        assert_eq!(versions, (1..=50).collect::<Vec<_>>());
    }
    store.shutdown();
}

#[test]
fn a_refused_or_panicking_write_leaves_no_trace_and_spares_the_rest() {
    let store = SharedSqlite::open(&scratch("refused"), 1).expect("opens");
    append(&store, "acme", "r".to_owned(), 0, 1).expect("first");
    // Writes something, then refuses: the savepoint is rolled back.
    let refused: Result<(), WriteError<&str>> = store.write(|db| {
        let mut scoped = db.scoped("acme");
        scoped.append("r", 1, &[event(2)]).map_err(|_| "append")?;
        scoped
            .put("center", "c", &json!({ "half": true }))
            .map_err(|_| "put")?;
        Err("a rule says no")
    });
    assert!(matches!(
        refused,
        Err(WriteError::Refused("a rule says no"))
    ));
    let panicked: Result<(), WriteError<StoreError>> = store.write(|db| {
        db.scoped("acme").append("r", 1, &[event(3)])?;
        panic!("a bug in a job");
    });
    assert!(
        matches!(panicked, Err(WriteError::Store(_))),
        "{panicked:?}"
    );
    // The writer lives on, and neither left anything behind.
    append(&store, "acme", "r".to_owned(), 1, 4).expect("after");
    let (events, center) = store.read(|db| {
        let scoped = db.scoped("acme");
        (scoped.load("r"), scoped.get("center", "c"))
    });
    let events = events.expect("loads");
    assert_eq!(
        events
            .iter()
            .map(|e| e.payload["n"].clone())
            .collect::<Vec<_>>(),
        [json!(1), json!(4)]
    );
    assert_eq!(center.expect("reads"), None);
}

#[test]
fn a_stale_version_is_a_conflict_and_writes_nothing() {
    let store = SharedSqlite::open(&scratch("stale"), 1).expect("opens");
    append(&store, "acme", "r".to_owned(), 0, 1).expect("first");
    let stale = append(&store, "acme", "r".to_owned(), 0, 2);
    assert!(
        matches!(
            stale,
            Err(WriteError::Refused(StoreError::Conflict {
                expected: 0,
                actual: 1,
                ..
            }))
        ),
        "{stale:?}"
    );
}

#[test]
fn one_scope_never_sees_or_touches_another() {
    let store = SharedSqlite::open(&scratch("scopes"), 1).expect("opens");
    append(&store, "acme", "request/R-1".to_owned(), 0, 1).expect("acme");
    store
        .write(|db| {
            db.scoped("acme")
                .put("center", "main", &json!({ "owner": "acme" }))
        })
        .expect("center");
    // Ids that look like another scope's stay inside the caller's scope.
    append(&store, "globex", "@acme/request/R-1".to_owned(), 0, 2).expect("globex");
    store.read(|db| {
        let globex = db.scoped("globex");
        assert_eq!(globex.load("request/R-1").expect("loads"), []);
        assert_eq!(globex.get("center", "main").expect("reads"), None);
        assert_eq!(globex.list("center").expect("lists"), Vec::<String>::new());
        assert_eq!(globex.streams("").expect("streams"), ["@acme/request/R-1"]);
        let feed = globex.feed(0, 100).expect("feed");
        assert_eq!(feed.len(), 1);
        assert_eq!(feed[0].stream, "@acme/request/R-1");
        let acme = db.scoped("acme");
        assert_eq!(acme.load("request/R-1").expect("loads").len(), 1);
        assert_eq!(acme.streams("request/").expect("streams"), ["request/R-1"]);
        assert_eq!(acme.list("center").expect("lists"), ["main"]);
        assert_eq!(acme.feed(0, 100).expect("feed").len(), 1);
    });
}

/// A reader that follows the feed while writers commit misses nothing and
/// sees nothing twice: positions become visible only in commit order.
#[test]
fn a_reader_following_the_feed_during_writes_misses_nothing() {
    let store = SharedSqlite::open(&scratch("follow"), 2).expect("opens");
    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                for i in 0..100 {
                    append(&store, "acme", format!("w-{t}"), i, i).expect("acknowledged");
                }
            })
        })
        .collect();
    let reader = {
        let (store, done) = (store.clone(), done.clone());
        std::thread::spawn(move || {
            let mut cursor = 0;
            let mut seen = Vec::new();
            loop {
                let finished = done.load(Ordering::SeqCst);
                let page = store
                    .read(|db| db.scoped("acme").feed(cursor, 37))
                    .expect("page");
                for entry in &page {
                    assert!(entry.position > cursor);
                    cursor = entry.position;
                    seen.push((entry.stream.clone(), entry.version));
                }
                if finished && page.is_empty() {
                    return seen;
                }
            }
        })
    };
    for writer in writers {
        writer.join().expect("writer");
    }
    done.store(true, Ordering::SeqCst);
    let seen = reader.join().expect("reader");
    assert_eq!(seen.len(), 400);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 400);
}

#[test]
fn organisations_tokens_and_idempotent_responses() {
    let store = SharedSqlite::open(&scratch("platform"), 1).expect("opens");
    let at = OffsetDateTime::UNIX_EPOCH;
    let acme = Organisation {
        id: "acme".to_owned(),
        name: "Acme AB".to_owned(),
        roles: "buyer".to_owned(),
        created_at: at,
    };
    let token = |id: &str, organisation: Option<&str>| TokenRecord {
        id: id.to_owned(),
        hash: format!("hash-of-{id}"),
        organisation: organisation.map(str::to_owned),
        scopes: "buying:write".to_owned(),
        label: "test".to_owned(),
        created_at: at,
        revoked_at: None,
    };
    let (first, again) = (acme.clone(), acme.clone());
    store
        .write(move |db| db.insert_organisation(&first))
        .expect("created");
    let duplicate = store.write(move |db| db.insert_organisation(&again));
    assert!(matches!(
        duplicate,
        Err(WriteError::Refused(StoreError::Exists { .. }))
    ));
    let tokens = [
        token("t1", Some("acme")),
        token("t2", Some("acme")),
        token("t0", None),
    ];
    store
        .write(move |db| tokens.iter().try_for_each(|t| db.insert_token(t)))
        .expect("tokens");
    let unknown = token("t9", Some("nobody"));
    assert!(
        store.write(move |db| db.insert_token(&unknown)).is_err(),
        "no such organisation"
    );
    assert!(
        store
            .write(|db| db.revoke_token("t1", OffsetDateTime::now_utc()))
            .expect("revoked")
    );
    assert!(
        !store
            .write(|db| db.revoke_token("t1", OffsetDateTime::now_utc()))
            .expect("again")
    );
    let response = IdempotentResponse {
        key: "k1".to_owned(),
        fingerprint: "f".to_owned(),
        status: 201,
        response: "{}".to_owned(),
    };
    let kept = response.clone();
    store
        .write(move |db| db.remember("acme", &kept))
        .expect("kept");
    store.read(|db| {
        assert_eq!(db.organisation("acme").expect("reads"), Some(acme.clone()));
        assert_eq!(
            db.organisations(None, 10).expect("lists"),
            std::slice::from_ref(&acme)
        );
        assert_eq!(db.organisations(Some("acme"), 10).expect("after"), []);
        let listed = db.tokens(Some("acme"), None, 10).expect("tokens");
        assert_eq!(
            listed.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["t1", "t2"]
        );
        assert!(listed[0].revoked_at.is_some());
        assert_eq!(db.tokens(None, None, 10).expect("admins").len(), 1);
        assert_eq!(
            db.idempotent("acme", "k1").expect("reads"),
            Some(response.clone())
        );
        assert_eq!(db.idempotent("globex", "k1").expect("reads"), None);
    });
}

#[test]
fn after_shutdown_writes_are_refused_and_what_was_acknowledged_is_there() {
    let path = scratch("shutdown");
    let store = SharedSqlite::open(&path, 1).expect("opens");
    append(&store, "acme", "r".to_owned(), 0, 1).expect("acknowledged");
    store.shutdown();
    assert!(matches!(
        append(&store, "acme", "r".to_owned(), 1, 2),
        Err(WriteError::Store(StoreError::ShutDown { .. }))
    ));
    let reopened = SharedSqlite::open(&path, 1).expect("reopens");
    assert_eq!(
        reopened
            .read(|db| db.scoped("acme").load("r"))
            .expect("loads")
            .len(),
        1
    );
}
