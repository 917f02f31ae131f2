//! The hash chain: any changed field, removed or swapped event fails
//! `verify` at the first bad event; an intact history survives a JSON round
//! trip through the store with the same hashes.

mod common;

use b2b_buying::event::{Broken, GENESIS, verify_head, verify_receipt};
use b2b_buying::scenario::{self, Scenario};
use b2b_buying::service::Service;
use b2b_buying::{Event, verify};
use b2b_store::MemoryStore;
use proptest::prelude::*;
use serde_json::json;
use time::Duration;

/// The 12 events of request R-1 in examples/buying/quorum.toml.
fn history() -> Vec<Event> {
    let scenario = Scenario::parse(&common::read("quorum.toml"), "quorum.toml").expect("scenario");
    let mut service = Service::new(MemoryStore::new());
    let center = service
        .create_center_from_toml(
            &common::read("center.toml"),
            "center.toml",
            &common::read("policy.toml"),
            "policy.toml",
        )
        .expect("center");
    scenario::run(&mut service, &scenario.title, &center.id, &scenario.steps).expect("runs");
    service.load("R-1").expect("loads").0
}

#[test]
fn the_history_verifies_and_starts_at_genesis() {
    let events = history();
    assert_eq!(events.len(), 12);
    assert_eq!(events[0].prev_hash, GENESIS);
    assert_eq!(verify(&events), Ok(()));
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    let last = events.last().expect("events");
    assert_eq!(verify_head(&events, 12, &last.hash), Ok(()));
}

#[test]
fn a_history_cut_at_its_end_is_caught_only_against_a_known_head() {
    let events = history();
    let head = events.last().expect("events").hash.clone();
    let cut = &events[..11];
    assert_eq!(verify(cut), Ok(()));
    let error = verify_head(cut, 12, &head).expect_err("the head is missing");
    assert_eq!(error.index, 11);
}

#[test]
fn a_receipt_holds_while_the_history_grows_and_fails_when_cut_or_rewritten() {
    let events = history();
    let receipt = &events[4];
    // Events 6 to 12 came after the receipt: still fine.
    assert_eq!(verify_receipt(&events, 5, &receipt.hash), Ok(()));
    let cut = &events[..3];
    let error = verify_receipt(cut, 5, &receipt.hash).expect_err("event 5 is gone");
    assert_eq!(
        (error.index, error.reason),
        (
            3,
            Broken::CutOff {
                receipt: 5,
                found: 3
            }
        )
    );
    let error = verify_receipt(&events, 5, &events[3].hash).expect_err("another hash");
    assert_eq!((error.index, error.reason), (4, Broken::NotTheReceipt));
}

#[test]
fn the_hash_is_sha256_of_the_canonical_json_without_the_hash() {
    // Recomputed by hand: keys sorted, no spaces, `hash` left out.
    let event = &history()[0];
    let mut value = serde_json::to_value(event).expect("json");
    value.as_object_mut().expect("object").remove("hash");
    let text = serde_json::to_string(&value).expect("json");
    assert!(
        text.starts_with("{\"actor\":\"anna\",\"at\":\"2026-03-02T09:00:00Z\",\"data\":{"),
        "{text}"
    );
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(digest, event.hash);
}

#[derive(Debug, Clone)]
enum Tamper {
    Actor,
    Time,
    Data,
    Kind,
    OnBehalf,
    Seq,
    PrevHash,
    Hash,
    Remove,
    Swap(usize),
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        Just(Tamper::Actor),
        Just(Tamper::Time),
        Just(Tamper::Data),
        Just(Tamper::Kind),
        Just(Tamper::OnBehalf),
        Just(Tamper::Seq),
        Just(Tamper::PrevHash),
        Just(Tamper::Hash),
        Just(Tamper::Remove),
        (1usize..11).prop_map(Tamper::Swap),
    ]
}

proptest! {
    #[test]
    fn any_tampering_fails_verify_at_the_tampered_event(index in 0usize..11, how in tamper()) {
        let mut events = history();
        let event = &mut events[index];
        match how {
            Tamper::Actor => event.actor.push('x'),
            Tamper::Time => event.at += Duration::seconds(1),
            Tamper::Data => {
                if let Some(map) = event.data.as_object_mut() {
                    map.insert("extra".to_owned(), json!(true));
                }
            }
            Tamper::Kind => event.kind = "commented".to_owned(),
            Tamper::OnBehalf => event.on_behalf_of = Some("julia".to_owned()),
            Tamper::Seq => event.seq += 100,
            Tamper::PrevHash => event.prev_hash = GENESIS.replace('0', "1"),
            Tamper::Hash => event.hash = GENESIS.to_owned(),
            Tamper::Remove => {
                events.remove(index);
            }
            Tamper::Swap(offset) => {
                let other = (index + offset).min(events.len() - 1);
                prop_assume!(other != index);
                events.swap(index, other);
            }
        }
        let error = verify(&events).expect_err("tampering is caught");
        // Changing a hash leaves that event looking altered or breaks the
        // next one's link; everything else is caught at the event itself.
        prop_assert_eq!(error.index, index);
        if let Tamper::Remove | Tamper::Swap(_) | Tamper::Seq = how {
            let is_sequence = matches!(error.reason, Broken::Sequence { .. });
            prop_assert!(is_sequence);
        }
    }

    #[test]
    fn a_re_hashed_forgery_still_breaks_the_next_link(index in 0usize..11) {
        let mut events = history();
        events[index].actor = "mallory".to_owned();
        events[index].hash = events[index].compute_hash();
        let error = verify(&events).expect_err("caught");
        prop_assert_eq!(error.index, index + 1);
        prop_assert_eq!(error.reason, Broken::Chain);
    }
}
