//! The service over `MemoryStore`: optimistic concurrency, refusal to act
//! on a damaged history, who must act next, and the audit report's times
//! (hand-computed from examples/buying/quorum.toml).

mod common;

use b2b_buying::event::Broken;
use b2b_buying::scenario::{self, Scenario};
use b2b_buying::service::{Service, ServiceError, stream};
use b2b_buying::{Action, BuyClass, RuleId};
use b2b_store::{DocumentStore, EventStore, MemoryStore, NewEvent};
use common::{approve, command, open};

fn service() -> Service<MemoryStore> {
    let mut service = Service::new(MemoryStore::new());
    service
        .create_center_from_toml(
            &common::read("center.toml"),
            "center.toml",
            &common::read("policy.toml"),
            "policy.toml",
        )
        .expect("example center");
    service
}

/// The service after the example scenario `file`.
fn after(file: &str) -> Service<MemoryStore> {
    let mut service = service();
    let scenario = Scenario::parse(&common::read(file), file).expect("scenario");
    scenario::run(
        &mut service,
        &scenario.title,
        "rhein-plant",
        &scenario.steps,
    )
    .expect("runs");
    service
}

fn quorum_run() -> Service<MemoryStore> {
    after("quorum.toml")
}

#[test]
fn a_stale_version_is_refused_and_nothing_is_written() {
    let mut service = service();
    let (id, version) = service
        .open_request(
            "rhein-plant",
            &command(
                "anna",
                "2026-03-02T09:00:00Z",
                open("R-9", "12000", BuyClass::NewTask),
            ),
        )
        .expect("opens");
    assert_eq!((id.as_str(), version), ("R-9", 1));
    let (version, events) = service
        .execute(
            "R-9",
            1,
            &command("clara", "2026-03-02T10:00:00Z", approve()),
        )
        .expect("clara approves");
    assert_eq!((version, events.len()), (2, 1));
    let stale = service.execute(
        "R-9",
        1,
        &command("david", "2026-03-02T11:00:00Z", approve()),
    );
    assert!(
        matches!(
            stale,
            Err(ServiceError::Conflict {
                expected: 1,
                actual: 2,
                ..
            })
        ),
        "{stale:?}"
    );
    assert_eq!(service.load("R-9").expect("loads").1.seq, 2);
}

#[test]
fn a_rejection_carries_its_rule_and_opening_twice_is_refused() {
    let mut service = service();
    let open_cmd = command(
        "anna",
        "2026-03-02T09:00:00Z",
        open("R-9", "12000", BuyClass::NewTask),
    );
    service
        .open_request("rhein-plant", &open_cmd)
        .expect("opens");
    let again = service
        .open_request("rhein-plant", &open_cmd)
        .expect_err("twice");
    assert_eq!(again.rule(), Some(RuleId::RequestAlreadyOpen));
    let own = service
        .execute(
            "R-9",
            1,
            &command("anna", "2026-03-02T10:00:00Z", approve()),
        )
        .expect_err("own request");
    assert_eq!(own.rule(), Some(RuleId::SodOwnRequest));
    assert_eq!(
        own.to_string(),
        "[sod.own-request] anna requested R-9: nobody approves or rejects their own request"
    );
    let unknown = service
        .execute(
            "R-404",
            0,
            &command("anna", "2026-03-02T10:00:00Z", approve()),
        )
        .expect_err("no such request");
    assert_eq!(unknown.to_string(), "no request \"R-404\"");
    let center = service
        .open_request("nowhere", &open_cmd)
        .expect_err("no such center");
    assert_eq!(center.to_string(), "no center \"nowhere\"");
}

#[test]
fn show_tells_who_must_act_next() {
    let mut service = service();
    service
        .open_request(
            "rhein-plant",
            &command(
                "erik",
                "2026-03-02T09:00:00Z",
                open("R-9", "30000", BuyClass::NewTask),
            ),
        )
        .expect("opens");
    let view = service
        .show("R-9", common::at("2026-03-02T12:00:00Z"))
        .expect("shows");
    assert_eq!(view.version, 1);
    assert_eq!(view.next.len(), 2);
    // erik is the requester: clara and david are left for 2 of 3.
    assert_eq!(view.next[0].level.as_deref(), Some("technical"));
    assert_eq!(view.next[0].members, ["clara", "david"]);
    // budget waits in sequence; advancing to need-description is not
    // blocked (technical is due before evaluation): the requester or the
    // buyer may do it.
    assert_eq!(view.next[1].action, "advance");
    assert_eq!(view.next[1].members, ["bruno", "erik"]);
    for (version, who) in [(1, "clara"), (2, "david")] {
        service
            .execute(
                "R-9",
                version,
                &command(who, "2026-03-03T09:00:00Z", approve()),
            )
            .expect("approves");
    }
    let view = service
        .show("R-9", common::at("2026-03-03T12:00:00Z"))
        .expect("shows");
    // 30000 is above fatima's and ivan's 25000 limit: only gustav covers it.
    assert_eq!(view.next[0].level.as_deref(), Some("budget"));
    assert_eq!(view.next[0].members, ["gustav"]);
    let json = serde_json::to_value(&view).expect("serialises");
    assert_eq!(json["version"], 3);
    assert_eq!(json["request"]["status"]["phase"], "need-recognition");
    assert_eq!(json["history"][0]["kind"], "opened");
}

#[test]
fn a_damaged_history_is_reported_and_not_acted_on() {
    let service = quorum_run();
    let mut events = service.store().load(&stream("R-1")).expect("loads");
    events[4].payload["actor"] = serde_json::json!("anna");
    let mut damaged = MemoryStore::new();
    for kind in ["buying-center", "buying-policy"] {
        let doc = service
            .store()
            .get(kind, "rhein-plant")
            .expect("get")
            .expect("doc");
        damaged.put(kind, "rhein-plant", &doc).expect("put");
    }
    let rows: Vec<NewEvent> = events
        .iter()
        .map(|e| NewEvent {
            kind: e.kind.clone(),
            payload: e.payload.clone(),
        })
        .collect();
    damaged.append(&stream("R-1"), 0, &rows).expect("appends");
    let mut damaged = Service::new(damaged);
    let report = damaged.verify("R-1").expect("verifies");
    assert!(!report.is_intact());
    let problem = report.problem.expect("problem");
    assert_eq!((problem.index, problem.reason), (4, Broken::Altered));
    let refused = damaged
        .execute(
            "R-1",
            12,
            &command(
                "bruno",
                "2026-05-01T09:00:00Z",
                Action::Comment { text: "x".into() },
            ),
        )
        .expect_err("damaged");
    assert!(
        matches!(refused, ServiceError::Corrupt { .. }),
        "{refused:?}"
    );
    assert_eq!(
        refused.to_string(),
        "request R-1: the stored history is damaged: event at index 4: the content does not match its hash: the event was altered"
    );
}

#[test]
fn the_audit_report_measures_phases_and_waits() {
    let service = quorum_run();
    let report = service.audit("R-1", None).expect("audit");
    assert_eq!(report.actions.len(), 12);
    let phases: Vec<(String, i64, &str)> = report
        .phases
        .iter()
        .map(|p| (p.phase.to_string(), p.seconds, p.duration.as_str()))
        .collect();
    // Entered/left times from examples/buying/quorum.toml, by hand:
    // need-recognition 03-02 09:00 -> 03-03 09:00; ...; proposals 03-06
    // 09:00 -> 03-10 10:05 (4d 1h 5m); evaluation -> 03-12 09:00 (1d 22h
    // 55m); order -> 03-20 09:00; performance-review -> 04-20 09:00 (31d).
    assert_eq!(
        phases,
        [
            ("need-recognition".to_owned(), 86_400, "1d 0h 0m"),
            ("need-description".to_owned(), 86_400, "1d 0h 0m"),
            ("specification".to_owned(), 86_400, "1d 0h 0m"),
            ("supplier-search".to_owned(), 86_400, "1d 0h 0m"),
            ("proposals".to_owned(), 349_500, "4d 1h 5m"),
            ("evaluation".to_owned(), 168_900, "1d 22h 55m"),
            ("order".to_owned(), 691_200, "8d 0h 0m"),
            ("performance-review".to_owned(), 2_678_400, "31d 0h 0m"),
        ]
    );
    let waits: Vec<(&str, Option<&str>, i64)> = report
        .approvers
        .iter()
        .map(|w| (w.level.as_str(), w.member.as_deref(), w.seconds))
        .collect();
    // technical (parallel) opens with the request at 03-02 09:00: clara
    // 03-09 10:00 (7d 1h), david 03-10 09:00 (8d). budget (sequence) opens
    // when technical completes, 03-10 09:00: fatima 03-11 14:00 (1d 5h).
    assert_eq!(
        waits,
        [
            ("technical", Some("clara"), 608_400),
            ("technical", Some("david"), 691_200),
            ("budget", Some("fatima"), 104_400),
        ]
    );
    assert_eq!(service.requests().expect("lists"), ["R-1"]);
    assert_eq!(service.next_request_id().expect("id"), "R-0002");
}

#[test]
fn a_delegated_approval_records_both_people() {
    let service = after("delegation.toml");
    let (events, _) = service.load("R-7").expect("loads");
    let last = events.last().expect("events");
    assert_eq!(last.kind, "approved");
    assert_eq!(last.actor, "ivan");
    assert_eq!(last.on_behalf_of.as_deref(), Some("fatima"));
    let report = service.audit("R-7", None).expect("audit");
    let budget = report
        .approvers
        .iter()
        .find(|w| w.level == "budget")
        .expect("budget");
    assert_eq!(budget.member.as_deref(), Some("fatima"));
    assert_eq!(budget.delegate.as_deref(), Some("ivan"));
}

#[test]
fn a_pending_approval_names_who_it_waits_on() {
    let service = after("limit.toml");
    let report = service
        .audit("R-5", Some(common::at("2026-03-06T09:00:00Z")))
        .expect("audit");
    assert!(report.approvers.iter().all(|w| w.member.is_some()));
    let service = after("separation.toml");
    let report = service
        .audit("R-3", Some(common::at("2026-03-04T09:00:00Z")))
        .expect("audit");
    // R-3 opened 2026-03-02T09:00Z by erik: two technical approvals wait 2
    // days on clara and david; budget (sequence) has not opened yet.
    let pending: Vec<(&str, i64, Vec<String>)> = report
        .approvers
        .iter()
        .map(|w| (w.level.as_str(), w.seconds, w.waiting_on.clone()))
        .collect();
    let both = vec!["clara".to_owned(), "david".to_owned()];
    assert_eq!(
        pending,
        [
            ("technical", 172_800, both.clone()),
            ("technical", 172_800, both)
        ]
    );
}

#[test]
fn an_audit_measured_to_before_the_last_event_is_refused() {
    let service = after("separation.toml");
    let (events, _) = service.load("R-3").expect("loads");
    let last = events.last().expect("events");
    let error = service
        .audit("R-3", Some(common::at("2026-03-01T00:00:00Z")))
        .map_err(|e| e.to_string());
    assert_eq!(
        error,
        Err(format!(
            "request R-3: the audit time 2026-03-01T00:00:00Z is before the request's last event (event {} at {}): an audit covers the whole history, so measure to a time at or after it",
            last.seq,
            b2b_buying::audit::timestamp(last.at)
        ))
    );
    // At the last event itself every duration is zero or more.
    let report = service.audit("R-3", Some(last.at)).expect("audit");
    assert!(report.phases.iter().all(|p| p.seconds >= 0));
    assert!(report.approvers.iter().all(|w| w.seconds >= 0));
}

#[test]
fn a_stored_center_is_replaced_only_when_asked_and_says_what_it_replaced() {
    let mut service = service();
    let center = common::center();
    let policy = common::policy(&center);
    assert_eq!(
        service
            .create_center(&center, &policy)
            .map_err(|e| e.to_string()),
        Err("center \"rhein-plant\" is stored already; replacing it (open requests keep the rules they were opened under) must be asked for explicitly".to_owned())
    );
    let replaced = service
        .replace_center(&center, &policy)
        .expect("replaced")
        .expect("something was replaced");
    assert_eq!(
        (replaced.members, replaced.policy.as_deref()),
        (Some(center.members.len()), Some(policy.id.as_str()))
    );
    // A new center through `replace_center` replaces nothing.
    let mut fresh = Service::new(MemoryStore::new());
    assert_eq!(
        fresh.replace_center(&center, &policy).expect("stored"),
        None
    );
}
