//! The workflow over a store: centers and policies as documents, each
//! request as an event stream `request/<id>`, commands checked against the
//! version the caller saw (optimistic concurrency).
//!
//! The service is what a CLI or a server calls; it does no I/O of its own
//! beyond the store it is given, and takes every time as an argument.

use crate::audit::{self, AuditError, AuditReport};
use crate::center::Center;
use crate::command::{Action, Command, Rejection, RuleId};
use crate::event::{Broken, Event, VerifyError, verify};
use crate::file::FileError;
use crate::machine::apply;
use crate::next::{NextStep, next_steps};
use crate::policy::Policy;
use crate::state::{Request, State};
use b2b_store::{
    Document, DocumentStore, EventStore, Existing, NewEvent, StoreError, StoredEvent, StreamHead,
};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use time::OffsetDateTime;

/// The document kind of buying centers.
pub const CENTER_KIND: &str = "buying-center";
/// The document kind of approval policies (stored under the center's id).
pub const POLICY_KIND: &str = "buying-policy";
/// The prefix of request streams.
pub const STREAM_PREFIX: &str = "request/";

/// The stream holding request `id`'s events.
pub fn stream(id: &str) -> String {
    format!("{STREAM_PREFIX}{id}")
}

/// What can go wrong in the service.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// A rule of the workflow refused the command.
    #[error(transparent)]
    Rejected(#[from] Rejection),
    /// The request changed since the caller read it.
    #[error(
        "request {request} is at version {actual}, not {expected}: it changed since it was read; show it again and retry"
    )]
    Conflict {
        /// The request.
        request: String,
        /// The version the caller saw.
        expected: u64,
        /// The version it is at.
        actual: u64,
    },
    /// A center is stored already and replacing it was not asked for.
    #[error(
        "center {id:?} is stored already; replacing it (open requests keep the rules they were opened under) must be asked for explicitly"
    )]
    CenterExists {
        /// The center.
        id: String,
    },
    /// No such request or center.
    #[error("no {kind} {id:?}")]
    NotFound {
        /// `request` or `center`.
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// The stored history fails verification or does not decode; the
    /// service will not act on it.
    #[error("request {request}: the stored history is damaged: {detail}")]
    Corrupt {
        /// The request.
        request: String,
        /// What is wrong.
        detail: String,
    },
    /// A center or policy is invalid.
    #[error(transparent)]
    File(#[from] FileError),
    /// An audit asked of a request cannot be given (a time before its
    /// history ends).
    #[error("request {request}: {problem}")]
    Audit {
        /// The request.
        request: String,
        /// Why.
        problem: AuditError,
    },
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
}

impl ServiceError {
    /// The rule id when a workflow rule refused the command.
    pub fn rule(&self) -> Option<RuleId> {
        match self {
            ServiceError::Rejected(rejection) => Some(rejection.rule),
            _ => None,
        }
    }
}

/// A request as shown to people: its state, history and next steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RequestView {
    /// The version (number of events) to name in the next command.
    pub version: u64,
    /// The last event's hash (a receipt: keep it to detect a history cut
    /// short later).
    pub head_hash: String,
    /// The request.
    pub request: Request,
    /// Every action so far.
    pub history: Vec<audit::Action>,
    /// Who must act next, and how.
    pub next: Vec<NextStep>,
}

/// What [`Service::replace_center`] replaced (read from the stored
/// documents; `None` where they do not say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Replaced {
    /// The number of members the replaced center had.
    pub members: Option<usize>,
    /// The id of the replaced policy.
    pub policy: Option<String>,
}

/// Reads a center and its policy from TOML texts (named `center_file` and
/// `policy_file` in errors) and checks them.
///
/// # Errors
///
/// The [`FileError`] of [`Center::parse`] for the center text, then that of
/// [`Policy::parse`] for the policy text (checked against the center).
pub fn parse_center(
    center_text: &str,
    center_file: &str,
    policy_text: &str,
    policy_file: &str,
) -> Result<(Center, Policy), FileError> {
    let center = Center::parse(center_text, center_file)?;
    let policy = Policy::parse(policy_text, policy_file, &center)?;
    Ok((center, policy))
}

/// The result of verifying a request's stored history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct VerifyReport {
    /// The request.
    pub request: String,
    /// The events stored.
    pub events: usize,
    /// The last event's hash.
    pub head_hash: Option<String>,
    /// The first problem, if any.
    pub problem: Option<VerifyError>,
}

impl VerifyReport {
    /// Whether the history verified.
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }
}

/// The buying workflow over a store.
#[derive(Debug, Clone, Default)]
pub struct Service<S> {
    store: S,
    histories: Option<Arc<ReadCache>>,
}

/// What services over one store decoded before, kept for the next: request
/// histories (decoded, verified, replayed) and centers with their policies
/// (a server keeps one cache per organisation).
///
/// A history is used only while the store says the stream still has the
/// version and last-event digest it had when the entry was made
/// ([`EventStore::head`], one small read); any append changes both. A
/// store that records no digest is never cached. A center is used only
/// while the stored texts of center and policy are the ones it was decoded
/// from. `verify` never uses the cache: it always checks what is stored.
#[derive(Debug, Default)]
pub struct ReadCache {
    entries: Mutex<HashMap<String, Arc<History>>>,
    centers: Mutex<HashMap<String, Arc<DecodedCenter>>>,
}

#[derive(Debug)]
struct DecodedCenter {
    texts: (String, String),
    center: Center,
    policy: Policy,
}

#[derive(Debug)]
struct History {
    head: StreamHead,
    events: Vec<Event>,
    state: State,
}

impl ReadCache {
    /// At most this many histories are kept; a full cache starts afresh.
    const CAPACITY: usize = 10_000;

    fn get(&self, stream: &str, head: &StreamHead) -> Option<Arc<History>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(stream).filter(|h| &h.head == head).cloned()
    }

    fn put(&self, stream: String, history: History) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= ReadCache::CAPACITY {
            entries.clear();
        }
        entries.insert(stream, Arc::new(history));
    }

    fn center(&self, id: &str, texts: &(String, String)) -> Option<Arc<DecodedCenter>> {
        let centers = self.centers.lock().unwrap_or_else(PoisonError::into_inner);
        centers.get(id).filter(|c| &c.texts == texts).cloned()
    }

    fn put_center(&self, id: &str, decoded: DecodedCenter) {
        let mut centers = self.centers.lock().unwrap_or_else(PoisonError::into_inner);
        if centers.len() >= ReadCache::CAPACITY {
            centers.clear();
        }
        centers.insert(id.to_owned(), Arc::new(decoded));
    }
}

impl<S: EventStore + DocumentStore> Service<S> {
    /// A service over `store`.
    pub fn new(store: S) -> Service<S> {
        Service {
            store,
            histories: None,
        }
    }

    /// A service over `store` that reads histories through `histories`
    /// (which must only ever be used with this same store).
    pub fn with_cache(store: S, histories: Arc<ReadCache>) -> Service<S> {
        Service {
            store,
            histories: Some(histories),
        }
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The store, to change it directly (tests, migrations).
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// The store, giving up the service.
    pub fn into_store(self) -> S {
        self.store
    }

    /// Stores a new `center` and its `policy`, after checking both, in one
    /// write: never one without the other. A center stored already is
    /// refused ([`ServiceError::CenterExists`]); see
    /// [`Service::replace_center`].
    ///
    /// # Errors
    ///
    /// [`ServiceError::File`] when [`Center::check`] or [`Policy::check`]
    /// refuses them; [`ServiceError::CenterExists`] when a center with the
    /// same id is stored (nothing is written); [`ServiceError::Store`] for a
    /// failure of the store.
    pub fn create_center(&mut self, center: &Center, policy: &Policy) -> Result<(), ServiceError> {
        self.store_center(center, policy, Existing::Refuse)
            .map(drop)
    }

    /// Stores `center` and its `policy` like [`Service::create_center`],
    /// replacing a stored version (open requests keep the requirements
    /// frozen when they were opened); gives what was replaced, `None` for a
    /// new center.
    ///
    /// # Errors
    ///
    /// [`ServiceError::File`] when [`Center::check`] or [`Policy::check`]
    /// refuses them; [`ServiceError::Store`] for a failure of the store.
    pub fn replace_center(
        &mut self,
        center: &Center,
        policy: &Policy,
    ) -> Result<Option<Replaced>, ServiceError> {
        let previous = self.store_center(center, policy, Existing::Replace)?;
        let mut previous = previous.into_iter();
        let (old_center, old_policy) = (previous.next().flatten(), previous.next().flatten());
        Ok(
            (old_center.is_some() || old_policy.is_some()).then(|| Replaced {
                members: old_center
                    .as_ref()
                    .and_then(|c| c.get("members"))
                    .and_then(serde_json::Value::as_array)
                    .map(Vec::len),
                policy: old_policy
                    .as_ref()
                    .and_then(|p| p.get("id"))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned),
            }),
        )
    }

    fn store_center(
        &mut self,
        center: &Center,
        policy: &Policy,
        existing: Existing,
    ) -> Result<Vec<Option<serde_json::Value>>, ServiceError> {
        center.check()?;
        policy.check(center)?;
        let to_json = |value: serde_json::Result<serde_json::Value>| {
            value.map_err(|e| ServiceError::Store(StoreError::Backend(e.to_string())))
        };
        let (center_json, policy_json) = (
            to_json(serde_json::to_value(center))?,
            to_json(serde_json::to_value(policy))?,
        );
        let documents = [
            Document {
                kind: CENTER_KIND,
                id: &center.id,
                body: &center_json,
            },
            Document {
                kind: POLICY_KIND,
                id: &center.id,
                body: &policy_json,
            },
        ];
        self.store
            .put_all(&documents, existing)
            .map_err(|error| match error {
                StoreError::Exists { .. } => ServiceError::CenterExists {
                    id: center.id.clone(),
                },
                other => ServiceError::Store(other),
            })
    }

    /// Reads the center and policy TOML texts (named `center_file` and
    /// `policy_file` in errors), checks and stores them as a new center
    /// ([`Service::create_center`]); gives the center.
    ///
    /// # Errors
    ///
    /// [`ServiceError::File`] for a text [`parse_center`] refuses; otherwise
    /// as [`Service::create_center`].
    pub fn create_center_from_toml(
        &mut self,
        center_text: &str,
        center_file: &str,
        policy_text: &str,
        policy_file: &str,
    ) -> Result<Center, ServiceError> {
        let (center, policy) = parse_center(center_text, center_file, policy_text, policy_file)?;
        self.create_center(&center, &policy)?;
        Ok(center)
    }

    /// The center `id` and its policy.
    ///
    /// # Errors
    ///
    /// [`ServiceError::NotFound`] when the center or its policy is not
    /// stored; [`ServiceError::Store`] for a failure of the store or a stored
    /// document that does not decode.
    pub fn center(&self, id: &str) -> Result<(Center, Policy), ServiceError> {
        let read = |kind: &str| -> Result<String, ServiceError> {
            self.store
                .get_text(kind, id)
                .map_err(ServiceError::Store)?
                .ok_or_else(|| ServiceError::NotFound {
                    kind: "center",
                    id: id.to_owned(),
                })
        };
        let texts = (read(CENTER_KIND)?, read(POLICY_KIND)?);
        if let Some(cache) = &self.histories
            && let Some(decoded) = cache.center(id, &texts)
        {
            return Ok((decoded.center.clone(), decoded.policy.clone()));
        }
        let damaged = |e: serde_json::Error| {
            ServiceError::Store(StoreError::Backend(format!(
                "the stored center or policy {id:?} does not decode: {e}"
            )))
        };
        let center: Center = serde_json::from_str(&texts.0).map_err(damaged)?;
        let policy: Policy = serde_json::from_str(&texts.1).map_err(damaged)?;
        if let Some(cache) = &self.histories {
            cache.put_center(
                id,
                DecodedCenter {
                    texts,
                    center: center.clone(),
                    policy: policy.clone(),
                },
            );
        }
        Ok((center, policy))
    }

    /// The ids of the stored centers.
    ///
    /// # Errors
    ///
    /// [`ServiceError::Store`] for a failure of the store.
    pub fn centers(&self) -> Result<Vec<String>, ServiceError> {
        self.store.list(CENTER_KIND).map_err(ServiceError::Store)
    }

    /// The ids of the stored requests, sorted.
    ///
    /// # Errors
    ///
    /// [`ServiceError::Store`] for a failure of the store.
    pub fn requests(&self) -> Result<Vec<String>, ServiceError> {
        Ok(self
            .store
            .streams(STREAM_PREFIX)
            .map_err(ServiceError::Store)?
            .into_iter()
            .filter_map(|s| s.strip_prefix(STREAM_PREFIX).map(str::to_owned))
            .collect())
    }

    /// A request id not used yet: `R-0001`, `R-0002`, ...
    ///
    /// # Errors
    ///
    /// [`ServiceError::Store`] for a failure of the store.
    pub fn next_request_id(&self) -> Result<String, ServiceError> {
        let taken = self.requests()?;
        let mut n = taken.len() + 1;
        loop {
            let id = format!("R-{n:04}");
            if !taken.contains(&id) {
                return Ok(id);
            }
            n += 1;
        }
    }

    /// Opens a request under center `center_id`; `command` must be an
    /// [`Action::Open`]. Gives the request id and its version (1).
    ///
    /// # Errors
    ///
    /// [`ServiceError::Rejected`] with [`RuleId::RequestNotOpen`] for a
    /// command that is not an opening, and with the rule of [`apply`] that
    /// refuses it (such as [`RuleId::RequestAlreadyOpen`] for an id in use);
    /// [`ServiceError::NotFound`] for an unknown center;
    /// [`ServiceError::Conflict`] when the request was opened by another
    /// writer meanwhile; [`ServiceError::Corrupt`] for a damaged history
    /// under the id; [`ServiceError::Store`] for a failure of the store.
    pub fn open_request(
        &mut self,
        center_id: &str,
        command: &Command,
    ) -> Result<(String, u64), ServiceError> {
        let Action::Open { request, .. } = &command.action else {
            return Err(Rejection::new(
                RuleId::RequestNotOpen,
                format!("{} does not open a request", command.action.name()),
            )
            .into());
        };
        let id = request.trim().to_owned();
        let (center, policy) = self.center(center_id)?;
        let (history, state) = self.load(&id)?;
        let events = apply(&state, &center, &policy, command)?;
        let version = self.append(&id, state.seq, &events)?;
        self.remember(&id, history, &events);
        Ok((id, version))
    }

    /// Runs `command` on request `id`, which the caller saw at
    /// `expected_version`; gives the new version and the events recorded
    /// (none for a deadline check with nothing due). A stale version is
    /// refused, never merged.
    ///
    /// # Errors
    ///
    /// [`ServiceError::NotFound`] for a request never opened (or a center
    /// no longer stored); [`ServiceError::Conflict`] when the request is not
    /// at `expected_version`, or changed before the events were written;
    /// [`ServiceError::Rejected`] with the rule of [`apply`] that refuses the
    /// command; [`ServiceError::Corrupt`] for a damaged history;
    /// [`ServiceError::Store`] for a failure of the store.
    pub fn execute(
        &mut self,
        id: &str,
        expected_version: u64,
        command: &Command,
    ) -> Result<(u64, Vec<Event>), ServiceError> {
        let (history, state) = self.load(id)?;
        let Some(request) = &state.request else {
            return Err(ServiceError::NotFound {
                kind: "request",
                id: id.to_owned(),
            });
        };
        if state.seq != expected_version {
            return Err(ServiceError::Conflict {
                request: id.to_owned(),
                expected: expected_version,
                actual: state.seq,
            });
        }
        let (center, policy) = self.center(&request.facts.center)?;
        let events = apply(&state, &center, &policy, command)?;
        if events.is_empty() {
            return Ok((state.seq, events));
        }
        let version = self.append(id, expected_version, &events)?;
        self.remember(id, history, &events);
        Ok((version, events))
    }

    /// After an append, keeps the history it made (the events before and
    /// those appended, which `apply` made and chained itself), so that the
    /// next read need not decode and verify it again. Nothing is kept if
    /// the replay fails or the store's head cannot be read: the next read
    /// then loads from the store, as without a cache.
    fn remember(&self, id: &str, mut history: Vec<Event>, appended: &[Event]) {
        let Some(histories) = &self.histories else {
            return;
        };
        history.extend_from_slice(appended);
        let key = stream(id);
        let (Ok(head), Ok(state)) = (self.store.head(&key), State::replay(&history)) else {
            return;
        };
        if head.digest.is_some() && head.version == history.len() as u64 {
            histories.put(
                key,
                History {
                    head,
                    events: history,
                    state,
                },
            );
        }
    }

    fn append(&mut self, id: &str, expected: u64, events: &[Event]) -> Result<u64, ServiceError> {
        let new: Vec<NewEvent> = events
            .iter()
            .map(|event| {
                serde_json::to_value(event)
                    .map(|payload| NewEvent {
                        kind: event.kind.clone(),
                        payload,
                    })
                    .map_err(|e| ServiceError::Store(StoreError::Backend(e.to_string())))
            })
            .collect::<Result<_, _>>()?;
        self.store
            .append(&stream(id), expected, &new)
            .map_err(|error| match error {
                StoreError::Conflict {
                    expected, actual, ..
                } => ServiceError::Conflict {
                    request: id.to_owned(),
                    expected,
                    actual,
                },
                other => ServiceError::Store(other),
            })
    }

    /// The stored events of request `id`, decoded but not verified, or the
    /// first problem: an event that does not decode, or the store's record
    /// of the stream disagreeing with its events.
    ///
    /// # Errors
    ///
    /// [`ServiceError::Store`] for a failure of the store; problems of the
    /// history itself come in the inner result.
    pub fn events(&self, id: &str) -> Result<Result<Vec<Event>, VerifyError>, ServiceError> {
        Ok(self
            .stored(id)?
            .map_err(|(problem, _)| problem)
            .and_then(|stored| decode(&stored)))
    }

    /// The stored events of request `id`, or the store's finding that they
    /// disagree with its record of the stream, as a verification problem
    /// with the number of events held.
    #[allow(clippy::type_complexity)]
    fn stored(
        &self,
        id: &str,
    ) -> Result<Result<Vec<StoredEvent>, (VerifyError, u64)>, ServiceError> {
        let error = match self.store.load(&stream(id)) {
            Ok(stored) => return Ok(Ok(stored)),
            Err(error) => error,
        };
        let (first_bad, held) = match &error {
            // The first event missing (or the first extra one).
            StoreError::VersionMismatch { held, recorded, .. } => ((*held).min(*recorded), *held),
            StoreError::HeadMismatch { version, .. } => (version.saturating_sub(1), *version),
            _ => return Err(ServiceError::Store(error)),
        };
        let detail = error.to_string();
        Ok(Err((
            VerifyError {
                index: usize::try_from(first_bad).unwrap_or(usize::MAX),
                reason: Broken::Stored { detail },
            },
            held,
        )))
    }

    /// The verified events and state of request `id` (empty for a request
    /// never opened).
    ///
    /// # Errors
    ///
    /// [`ServiceError::Corrupt`] when the history does not decode, does not
    /// verify ([`verify`]), disagrees with the store's record of it, or does
    /// not replay; [`ServiceError::Store`] for a failure of the store.
    pub fn load(&self, id: &str) -> Result<(Vec<Event>, State), ServiceError> {
        let Some(histories) = &self.histories else {
            return self.load_stored(id);
        };
        let key = stream(id);
        let head = self.store.head(&key).map_err(ServiceError::Store)?;
        if head.digest.is_none() {
            return self.load_stored(id);
        }
        if let Some(history) = histories.get(&key, &head) {
            return Ok((history.events.clone(), history.state.clone()));
        }
        let (events, state) = self.load_stored(id)?;
        // Kept only if the stream did not move while it was read.
        if events.len() as u64 == head.version {
            histories.put(
                key,
                History {
                    head,
                    events: events.clone(),
                    state: state.clone(),
                },
            );
        }
        Ok((events, state))
    }

    fn load_stored(&self, id: &str) -> Result<(Vec<Event>, State), ServiceError> {
        let corrupt = |detail: String| ServiceError::Corrupt {
            request: id.to_owned(),
            detail,
        };
        let events = self.events(id)?.map_err(|e| corrupt(e.to_string()))?;
        verify(&events).map_err(|e| corrupt(e.to_string()))?;
        let state = State::replay(&events).map_err(|e| corrupt(e.to_string()))?;
        Ok((events, state))
    }

    fn opened(&self, id: &str) -> Result<(Vec<Event>, State, Request), ServiceError> {
        let (events, state) = self.load(id)?;
        let request = state
            .request
            .clone()
            .ok_or_else(|| ServiceError::NotFound {
                kind: "request",
                id: id.to_owned(),
            })?;
        Ok((events, state, request))
    }

    /// Request `id` with its history and who must act next at `now`.
    ///
    /// # Errors
    ///
    /// [`ServiceError::NotFound`] for a request never opened (or a center
    /// no longer stored); [`ServiceError::Corrupt`] for a damaged history;
    /// [`ServiceError::Store`] for a failure of the store.
    pub fn show(&self, id: &str, now: OffsetDateTime) -> Result<RequestView, ServiceError> {
        let (events, state, request) = self.opened(id)?;
        let (center, policy) = self.center(&request.facts.center)?;
        // The history's sentences do not depend on the time measured to,
        // and `now` may be before the last event (showing a past moment).
        let report = audit::audit(&events, None)
            .map_err(|e| ServiceError::Corrupt {
                request: id.to_owned(),
                detail: e.to_string(),
            })?
            .map(|report| report.actions)
            .unwrap_or_default();
        Ok(RequestView {
            version: state.seq,
            head_hash: state.last_hash,
            next: next_steps(&request, &center, &policy, now),
            request,
            history: report,
        })
    }

    /// Verifies request `id`'s stored history (see [`verify`]): a missing,
    /// altered or reordered event is reported with its index.
    ///
    /// # Errors
    ///
    /// As [`Service::verify_receipt`].
    pub fn verify(&self, id: &str) -> Result<VerifyReport, ServiceError> {
        self.verify_receipt(id, None)
    }

    /// [`Service::verify`], and also that the history still holds, unchanged,
    /// the event a receipt names (`(version, head_hash)` as
    /// [`Service::show`] gave them; the history may have grown since).
    /// Without a receipt, events cut off the end of a history leave a
    /// shorter chain that is still intact.
    ///
    /// # Errors
    ///
    /// [`ServiceError::NotFound`] when no event of request `id` is stored;
    /// [`ServiceError::Store`] for a failure of the store. A damaged
    /// history is not an error: the report names its first problem.
    pub fn verify_receipt(
        &self,
        id: &str,
        receipt: Option<(u64, &str)>,
    ) -> Result<VerifyReport, ServiceError> {
        let stored = match self.stored(id)? {
            Ok(stored) => stored,
            // The events are there but the store's record of them is not
            // theirs: report it like a broken chain.
            Err((problem, held)) => {
                return Ok(VerifyReport {
                    request: id.to_owned(),
                    events: usize::try_from(held).unwrap_or(usize::MAX),
                    head_hash: None,
                    problem: Some(problem),
                });
            }
        };
        if stored.is_empty() {
            return Err(ServiceError::NotFound {
                kind: "request",
                id: id.to_owned(),
            });
        }
        let problem = decode(&stored)
            .and_then(|events| match receipt {
                Some((version, hash)) => crate::event::verify_receipt(&events, version, hash),
                None => verify(&events),
            })
            .err();
        Ok(VerifyReport {
            request: id.to_owned(),
            events: stored.len(),
            head_hash: stored
                .last()
                .and_then(|e| e.payload.get("hash"))
                .and_then(|h| h.as_str())
                .map(str::to_owned),
            problem,
        })
    }

    /// The audit report of request `id`, open phases and waits measured to
    /// `as_of` (default: when it finished, else its last event).
    ///
    /// # Errors
    ///
    /// [`ServiceError::NotFound`] for a request never opened (or, while it
    /// is active, a center no longer stored); [`ServiceError::Audit`] when
    /// `as_of` is before the request's last event; [`ServiceError::Corrupt`]
    /// for a damaged history; [`ServiceError::Store`] for a failure of the
    /// store.
    pub fn audit(
        &self,
        id: &str,
        as_of: Option<OffsetDateTime>,
    ) -> Result<AuditReport, ServiceError> {
        let (events, state, request) = self.opened(id)?;
        let mut report = audit::audit(&events, as_of)
            .map_err(|e| match e {
                AuditError::BeforeLastEvent { .. } => ServiceError::Audit {
                    request: id.to_owned(),
                    problem: e,
                },
                _ => ServiceError::Corrupt {
                    request: id.to_owned(),
                    detail: e.to_string(),
                },
            })?
            .ok_or_else(|| ServiceError::NotFound {
                kind: "request",
                id: id.to_owned(),
            })?;
        if request.status.is_active() {
            let (center, policy) = self.center(&request.facts.center)?;
            let now = as_of.or(state.last_at).unwrap_or(request.opened_at);
            let steps = next_steps(&request, &center, &policy, now);
            for wait in report.approvers.iter_mut().filter(|w| w.member.is_none()) {
                if let Some(step) = steps
                    .iter()
                    .find(|step| step.level.as_deref() == Some(wait.level.as_str()))
                {
                    wait.waiting_on.clone_from(&step.members);
                }
            }
        }
        Ok(report)
    }
}

/// Decodes stored events; the store's version must equal the event's own
/// sequence number.
fn decode(stored: &[StoredEvent]) -> Result<Vec<Event>, VerifyError> {
    stored
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let event: Event =
                serde_json::from_value(row.payload.clone()).map_err(|_| VerifyError {
                    index,
                    reason: Broken::Altered,
                })?;
            if event.seq != row.version {
                return Err(VerifyError {
                    index,
                    reason: Broken::Sequence {
                        expected: row.version,
                        found: event.seq,
                    },
                });
            }
            Ok(event)
        })
        .collect()
}
