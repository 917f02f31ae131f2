//! Events: what happened to a request, by whom and when, each chained to
//! the one before by a SHA-256 hash so that an edit or a gap shows.

use crate::model::{BuyClass, Phase, Role};
use crate::policy::{Deadline, Level};
use b2b_core::Money;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// The actor of events no member causes (a deadline check run by a clock).
pub const SYSTEM: &str = "system";

/// The `prev_hash` of a request's first event: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The facts of a purchase request, as opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestFacts {
    /// The request's id.
    pub id: String,
    /// The buying center deciding it.
    pub center: String,
    /// What is to be bought.
    pub title: String,
    /// How much it costs.
    pub amount: Money,
    /// The purchase category (matched against the policy's rules).
    pub category: String,
    /// The buy class.
    pub buy_class: BuyClass,
    /// The member who asks for it (the maker).
    pub requester: String,
    /// The approved supplier (required for a straight rebuy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
}

/// A level an approval did not count towards, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotCounted {
    /// The level.
    pub level: String,
    /// Why (`approval limit 5000.00 EUR is below the amount 12000.00 EUR`).
    pub reason: String,
}

/// What happened: the kind of an event and its data.
// `Opened` is large, but a body lives only while its event is built or
// read, never in bulk, so boxing it would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Body {
    /// The request was opened; the policy's requirements for it are frozen
    /// here, so a later change of policy does not move the goalposts.
    Opened {
        /// The request.
        request: RequestFacts,
        /// The phase path of its buy class.
        path: Vec<Phase>,
        /// Phases of the path entered only on request.
        optional: Vec<Phase>,
        /// The amount band that applied.
        band: String,
        /// The category of the rule that applied (`*` for the default).
        rule_category: String,
        /// The approval levels required.
        levels: Vec<Level>,
        /// Who may veto.
        veto_roles: Vec<Role>,
        /// The phase deadlines.
        deadlines: BTreeMap<Phase, Deadline>,
    },
    /// The request moved to the next phase of its path.
    Advanced {
        /// The phase it left.
        from: Phase,
        /// The phase it entered.
        to: Phase,
        /// Optional phases passed over.
        skipped: Vec<Phase>,
    },
    /// An approval counted towards a level.
    Approved {
        /// The level it counted towards.
        level: String,
        /// Whether the level is complete with it.
        level_complete: bool,
        /// Other pending levels it could not count towards, and why.
        not_counted: Vec<NotCounted>,
    },
    /// An approver refused the request; it is finished.
    Rejected {
        /// The level the refusing approver was asked for.
        level: String,
        /// Why.
        reason: String,
    },
    /// A holder of a veto role stopped the request; it is finished.
    Vetoed {
        /// The veto role the member holds.
        role: Role,
        /// Why.
        reason: String,
    },
    /// A member handed one role to another for a period.
    Delegated {
        /// The absent member.
        from: String,
        /// The member acting for them.
        to: String,
        /// The role handed over.
        role: Role,
        /// Start of the period (inclusive).
        #[serde(with = "time::serde::rfc3339")]
        start: OffsetDateTime,
        /// End of the period (exclusive).
        #[serde(with = "time::serde::rfc3339")]
        end: OffsetDateTime,
    },
    /// A remark for the record.
    Commented {
        /// The remark.
        text: String,
    },
    /// A phase's deadline passed; the escalation role was called in.
    Escalated {
        /// The overdue phase.
        phase: Phase,
        /// When it was due.
        #[serde(with = "time::serde::rfc3339")]
        due: OffsetDateTime,
        /// The role called in.
        role: Role,
        /// The members holding it.
        members: Vec<String>,
    },
    /// The request was withdrawn; it is finished.
    Cancelled {
        /// Why.
        reason: String,
    },
    /// The request completed its last phase.
    Closed {},
}

impl Body {
    /// The kind's name (`approved`), as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Opened { .. } => "opened",
            Body::Advanced { .. } => "advanced",
            Body::Approved { .. } => "approved",
            Body::Rejected { .. } => "rejected",
            Body::Vetoed { .. } => "vetoed",
            Body::Delegated { .. } => "delegated",
            Body::Commented { .. } => "commented",
            Body::Escalated { .. } => "escalated",
            Body::Cancelled { .. } => "cancelled",
            Body::Closed {} => "closed",
        }
    }
}

/// One recorded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Position in the request's history: 1 for the first.
    pub seq: u64,
    /// The request.
    pub request: String,
    /// The member who acted (or [`SYSTEM`]).
    pub actor: String,
    /// The absent member the actor stood in for, under a delegation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What happened (`approved`).
    pub kind: String,
    /// Its data.
    pub data: Value,
    /// The previous event's hash ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// SHA-256, in lowercase hex, of the canonical JSON of this event
    /// without `hash` (see [`Event::compute_hash`]).
    pub hash: String,
}

/// Who acted and when, for a new event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The member who acted.
    pub actor: String,
    /// The member stood in for.
    pub on_behalf_of: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// An event whose data does not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {seq} ({kind}) has data that does not decode: {message}")]
pub struct DecodeError {
    /// The event's sequence number.
    pub seq: u64,
    /// Its kind.
    pub kind: String,
    /// The decoder's message.
    pub message: String,
}

impl Event {
    /// A new event chained after `prev_hash`, with its hash computed.
    pub fn new(seq: u64, request: &str, stamp: Stamp, body: &Body, prev_hash: &str) -> Event {
        let data = match serde_json::to_value(body) {
            Ok(Value::Object(mut map)) => map.remove(body.kind()).unwrap_or(Value::Null),
            // A unit-like variant or a failure cannot happen for `Body`,
            // whose variants are all structs serialising to one-key maps.
            _ => Value::Null,
        };
        let mut event = Event {
            seq,
            request: request.to_owned(),
            actor: stamp.actor,
            on_behalf_of: stamp.on_behalf_of,
            at: stamp.at,
            kind: body.kind().to_owned(),
            data,
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        event.hash = event.compute_hash();
        event
    }

    /// The typed body.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] when `kind` is not a kind of [`Body`] or `data` does
    /// not fit that kind.
    pub fn body(&self) -> Result<Body, DecodeError> {
        let mut map = serde_json::Map::new();
        map.insert(self.kind.clone(), self.data.clone());
        serde_json::from_value(Value::Object(map)).map_err(|e| DecodeError {
            seq: self.seq,
            kind: self.kind.clone(),
            message: e.to_string(),
        })
    }

    /// SHA-256 over the canonical JSON of the event without its `hash`
    /// field: object keys sorted by their UTF-8 bytes, no whitespace,
    /// strings escaped as JSON does, numbers as written.
    pub fn compute_hash(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.remove("hash");
        }
        let mut text = String::new();
        canonical(&value, &mut text);
        let digest = Sha256::digest(text.as_bytes());
        digest.iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

/// Writes `value` as canonical JSON into `out`.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(inner) = map.get(key) {
                    canonical(inner, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Why a history failed verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "kebab-case", tag = "problem")]
#[non_exhaustive]
pub enum Broken {
    /// An event is missing or out of place.
    #[error(
        "sequence number {found} where {expected} was expected: an event is missing or out of place"
    )]
    Sequence {
        /// The number expected.
        expected: u64,
        /// The number found.
        found: u64,
    },
    /// The event does not point at the previous event's hash.
    #[error("prev_hash does not match the previous event's hash: the chain is broken")]
    Chain,
    /// The event's content does not match its hash.
    #[error("the content does not match its hash: the event was altered")]
    Altered,
    /// A receipt names an event the history no longer has.
    #[error(
        "a receipt names event {receipt} but the history ends at event {found}: events were cut off"
    )]
    CutOff {
        /// The event the receipt names.
        receipt: u64,
        /// The last event stored.
        found: u64,
    },
    /// The store's record of the stream (its version, its last event)
    /// disagrees with the events it holds: events were removed, added or
    /// rewritten behind its back.
    #[error("{detail}")]
    Stored {
        /// The store's account of the disagreement.
        detail: String,
    },
    /// The event a receipt names has another hash now.
    #[error("the event's hash differs from the receipt's: the history was rewritten")]
    NotTheReceipt,
    /// The event belongs to another request.
    #[error("the event belongs to request {found:?}, not {expected:?}")]
    Request {
        /// The request of the first event.
        expected: String,
        /// The event's.
        found: String,
    },
}

/// The first problem `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("event at index {index}: {reason}")]
#[non_exhaustive]
pub struct VerifyError {
    /// Index of the first bad event in the list (0-based).
    pub index: usize,
    /// What is wrong with it.
    pub reason: Broken,
}

/// Checks a request's history: sequence numbers 1, 2, 3, ... without gaps,
/// each `prev_hash` equal to the hash before it (the first to
/// [`GENESIS`]), each hash equal to the recomputed one, one request.
///
/// A history cut short at its end is a valid shorter history; compare the
/// last `seq` and `hash` with ones kept elsewhere (the store's version, a
/// receipt) to detect that ([`verify_head`]).
///
/// # Errors
///
/// [`VerifyError`] at the first bad event: [`Broken::Sequence`] for a
/// sequence number out of place, [`Broken::Request`] for an event of
/// another request than the first, [`Broken::Chain`] for a `prev_hash` that
/// is not the previous event's hash, [`Broken::Altered`] for a hash that
/// does not match the content.
pub fn verify(events: &[Event]) -> Result<(), VerifyError> {
    let mut prev = GENESIS;
    for (index, event) in events.iter().enumerate() {
        let fail = |reason| Err(VerifyError { index, reason });
        let expected = index as u64 + 1;
        if event.seq != expected {
            return fail(Broken::Sequence {
                expected,
                found: event.seq,
            });
        }
        if let Some(first) = events.first()
            && first.request != event.request
        {
            return fail(Broken::Request {
                expected: first.request.clone(),
                found: event.request.clone(),
            });
        }
        if event.prev_hash != prev {
            return fail(Broken::Chain);
        }
        if event.compute_hash() != event.hash {
            return fail(Broken::Altered);
        }
        prev = &event.hash;
    }
    Ok(())
}

/// [`verify`], and that event `seq` is still there with `hash` (a receipt
/// kept elsewhere, such as the version and head hash a caller was shown);
/// the history may have grown since. Detects events removed from the end.
///
/// # Errors
///
/// As [`verify`]; then [`Broken::CutOff`] (at index `events.len()`) when
/// the history has no event `seq`, and [`Broken::NotTheReceipt`] when
/// event `seq` has another hash.
pub fn verify_receipt(events: &[Event], seq: u64, hash: &str) -> Result<(), VerifyError> {
    verify(events)?;
    let found = events.last().map_or(0, |last| last.seq);
    match usize::try_from(seq)
        .ok()
        .and_then(|seq| seq.checked_sub(1))
        .and_then(|i| events.get(i).map(|e| (i, e)))
    {
        Some((_, event)) if event.hash == hash => Ok(()),
        Some((index, _)) => Err(VerifyError {
            index,
            reason: Broken::NotTheReceipt,
        }),
        None => Err(VerifyError {
            index: events.len(),
            reason: Broken::CutOff {
                receipt: seq,
                found,
            },
        }),
    }
}

/// [`verify`], and that the history ends at `seq` with `hash` (a head
/// recorded elsewhere): detects events removed from the end.
///
/// # Errors
///
/// As [`verify`]; then [`Broken::Altered`] (at the last event) when the
/// last event is number `seq` but has another hash, and
/// [`Broken::Sequence`] (at index `events.len()`) when the history does not
/// end at event `seq`, or is empty.
pub fn verify_head(events: &[Event], seq: u64, hash: &str) -> Result<(), VerifyError> {
    verify(events)?;
    match events.last() {
        Some(last) if last.seq == seq && last.hash == hash => Ok(()),
        Some(last) if last.seq == seq => Err(VerifyError {
            index: events.len() - 1,
            reason: Broken::Altered,
        }),
        _ => Err(VerifyError {
            index: events.len(),
            reason: Broken::Sequence {
                expected: seq,
                found: events.last().map_or(0, |last| last.seq),
            },
        }),
    }
}
