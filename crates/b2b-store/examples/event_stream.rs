//! An append-only event stream with optimistic concurrency: two writers
//! that saw the same version, and only the first one's events are kept.
//! With the `sqlite` feature (on by default) the same runs on a SQLite
//! database; without it, on the in-memory store.
//!
//! Run with `cargo run -p b2b-store --example event_stream`, or with
//! `--no-default-features` for the memory store alone.

use b2b_store::{EventStore, MemoryStore, NewEvent, StoreError};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run("memory", &mut MemoryStore::new())?;
    #[cfg(feature = "sqlite")]
    run("sqlite", &mut b2b_store::SqliteStore::open_in_memory()?)?;
    Ok(())
}

fn run(name: &str, store: &mut impl EventStore) -> Result<(), StoreError> {
    let opened = NewEvent {
        kind: "opened".to_owned(),
        payload: json!({"title": "Forklift service", "amount": "4200.00"}),
    };
    let version = store.append("request/R-0001", 0, &[opened])?;
    // Two people act on what they both saw: version 1.
    let approve = |who: &str| NewEvent {
        kind: "approved".to_owned(),
        payload: json!({"by": who}),
    };
    let first = store.append("request/R-0001", version, &[approve("anna")])?;
    let second = store.append("request/R-0001", version, &[approve("bruno")]);
    println!("{name}: anna's approval made version {first}");
    match second {
        Err(StoreError::Conflict { .. }) => {
            println!("{name}: bruno's approval was refused: he had not seen anna's")
        }
        other => println!("{name}: unexpected: {other:?}"),
    }
    for event in store.load("request/R-0001")? {
        println!("{name}: {} {} {}", event.version, event.kind, event.payload);
    }
    Ok(())
}
