//! Rules of the state machine not shown by the example scenarios.

mod common;

use b2b_buying::event::Body;
use b2b_buying::{
    Action, BuyClass, Center, Command, Event, Phase, Policy, RuleId, State, Status, apply,
};
use common::{approve, center, command, open, policy};

struct Run {
    center: Center,
    policy: Policy,
    state: State,
    events: Vec<Event>,
}

impl Run {
    fn new() -> Run {
        let center = center();
        let policy = policy(&center);
        Run {
            center,
            policy,
            state: State::default(),
            events: Vec::new(),
        }
    }

    fn act(&mut self, command: Command) -> Result<Vec<Event>, RuleId> {
        let events =
            apply(&self.state, &self.center, &self.policy, &command).map_err(|r| r.rule)?;
        for event in &events {
            self.state.fold(event).expect("folds");
        }
        self.events.extend(events.clone());
        Ok(events)
    }

    /// A run with R-1 opened by anna on 2026-03-02 at 09:00 UTC.
    fn opened(amount: &str, class: BuyClass) -> Run {
        let mut run = Run::new();
        run.ok("anna", "2026-03-02T09:00:00Z", open("R-1", amount, class));
        run
    }

    fn ok(&mut self, actor: &str, at: &str, action: Action) -> Body {
        let events = self.act(command(actor, at, action)).expect("accepted");
        events[0].body().expect("decodes")
    }

    fn refused(&mut self, actor: &str, at: &str, action: Action) -> RuleId {
        self.act(command(actor, at, action)).expect_err("refused")
    }

    fn status(&self) -> Status {
        self.state.request.as_ref().expect("open").status
    }
}

fn advance(supplier_search: bool) -> Action {
    Action::Advance { supplier_search }
}

#[test]
fn a_modified_rebuy_skips_supplier_search_unless_asked() {
    for (asked, expected) in [(false, Phase::Proposals), (true, Phase::SupplierSearch)] {
        let mut run = Run::opened("1200", BuyClass::ModifiedRebuy);
        run.ok("bruno", "2026-03-02T10:00:00Z", advance(false));
        run.ok("bruno", "2026-03-02T11:00:00Z", advance(false));
        let body = run.ok("bruno", "2026-03-02T12:00:00Z", advance(asked));
        assert_eq!(run.status(), Status::Active(expected));
        let skipped = if asked {
            vec![]
        } else {
            vec![Phase::SupplierSearch]
        };
        assert_eq!(
            body,
            Body::Advanced {
                from: Phase::Specification,
                to: expected,
                skipped
            }
        );
    }
}

#[test]
fn a_straight_rebuy_goes_from_specification_to_order_once_approved() {
    let mut run = Run::opened("1200", BuyClass::StraightRebuy);
    run.ok("bruno", "2026-03-02T10:00:00Z", advance(false));
    assert_eq!(run.status(), Status::Active(Phase::Specification));
    assert_eq!(
        run.refused("bruno", "2026-03-02T11:00:00Z", advance(false)),
        RuleId::PhaseApprovalPending
    );
    run.ok("fatima", "2026-03-02T12:00:00Z", approve());
    run.ok("bruno", "2026-03-02T13:00:00Z", advance(false));
    assert_eq!(run.status(), Status::Active(Phase::Order));
    run.ok("bruno", "2026-03-03T13:00:00Z", advance(false));
    assert_eq!(
        run.refused("bruno", "2026-03-04T13:00:00Z", advance(false)),
        RuleId::PhaseEndOfPath
    );
    run.ok("bruno", "2026-03-05T13:00:00Z", Action::Close);
    assert_eq!(run.status(), Status::Closed);
}

#[test]
fn a_rejection_ends_the_request_and_needs_an_eligible_approver() {
    let mut run = Run::opened("1200", BuyClass::NewTask);
    let reject = |reason: &str| Action::Reject {
        on_behalf_of: None,
        reason: reason.to_owned(),
    };
    assert_eq!(
        run.refused("clara", "2026-03-02T10:00:00Z", reject("too dear")),
        RuleId::ApprovalNotEligible
    );
    assert_eq!(
        run.refused("ivan", "2026-03-02T10:00:00Z", reject("  ")),
        RuleId::TextEmpty
    );
    run.ok(
        "ivan",
        "2026-03-02T10:00:00Z",
        reject("no budget left this quarter"),
    );
    assert_eq!(run.status(), Status::Rejected);
    assert_eq!(
        run.refused(
            "bruno",
            "2026-03-02T11:00:00Z",
            Action::Comment { text: "ok".into() }
        ),
        RuleId::RequestFinished
    );
}

#[test]
fn time_cannot_run_backwards_and_cancelling_takes_the_requester_or_buyer() {
    let mut run = Run::opened("1200", BuyClass::NewTask);
    assert_eq!(
        run.refused("bruno", "2026-03-01T09:00:00Z", advance(false)),
        RuleId::TimeOutOfOrder
    );
    let cancel = Action::Cancel {
        reason: "need went away".to_owned(),
    };
    assert_eq!(
        run.refused("clara", "2026-03-02T10:00:00Z", cancel.clone()),
        RuleId::MemberRoleMissing
    );
    run.ok("anna", "2026-03-02T10:00:00Z", cancel);
    assert_eq!(run.status(), Status::Cancelled);
}

#[test]
fn opening_checks_the_requester_amount_and_policy() {
    let mut run = Run::new();
    assert_eq!(
        run.refused(
            "clara",
            "2026-03-02T09:00:00Z",
            open("R-1", "1200", BuyClass::NewTask)
        ),
        RuleId::MemberRoleMissing
    );
    assert_eq!(
        run.refused(
            "anna",
            "2026-03-02T09:00:00Z",
            open("R-1", "0", BuyClass::NewTask)
        ),
        RuleId::RequestInvalid
    );
    let dollars = Action::Open {
        request: "R-1".into(),
        title: "x".into(),
        amount: b2b_core::Money::new(1200.into(), b2b_core::Currency::USD),
        category: "x".into(),
        buy_class: BuyClass::NewTask,
        supplier: None,
    };
    assert_eq!(
        run.refused("anna", "2026-03-02T09:00:00Z", dollars),
        RuleId::PolicyNoRule
    );
    assert_eq!(
        run.refused("bruno", "2026-03-02T09:00:00Z", approve()),
        RuleId::RequestNotOpen
    );
}

#[test]
fn band_bounds_are_lower_inclusive_upper_exclusive() {
    // 4999.99 is small (one approver), 5000 is medium (two influencers too).
    for (amount, levels) in [("4999.99", 1), ("5000", 2), ("49999.99", 2), ("50000", 3)] {
        let run = Run::opened(amount, BuyClass::NewTask);
        assert_eq!(
            run.state.request.as_ref().expect("open").levels.len(),
            levels,
            "{amount}"
        );
    }
}

#[test]
fn the_requirements_are_frozen_when_the_request_opens() {
    let mut run = Run::opened("1200", BuyClass::StraightRebuy);
    run.ok("bruno", "2026-03-02T10:00:00Z", advance(false));
    // The policy is relaxed later: small purchases need no approval.
    run.policy.rules[0].levels.clear();
    assert_eq!(
        run.refused("bruno", "2026-03-02T11:00:00Z", advance(false)),
        RuleId::PhaseApprovalPending
    );
}

#[test]
fn a_delegate_cannot_also_count_in_their_own_name() {
    let mut run = Run::opened("12000", BuyClass::NewTask);
    run.ok(
        "clara",
        "2026-03-02T09:30:00Z",
        Action::Delegate {
            to: "erik".into(),
            role: b2b_buying::Role::Influencer,
            start: common::at("2026-03-02T00:00:00Z"),
            end: common::at("2026-03-09T00:00:00Z"),
        },
    );
    run.ok(
        "erik",
        "2026-03-02T10:00:00Z",
        Action::Approve {
            on_behalf_of: Some("clara".into()),
            level: None,
        },
    );
    assert_eq!(
        run.refused("erik", "2026-03-02T11:00:00Z", approve()),
        RuleId::SodCountedOnce
    );
    assert_eq!(
        run.refused("clara", "2026-03-02T11:00:00Z", approve()),
        RuleId::SodCountedOnce
    );
    run.ok("david", "2026-03-02T12:00:00Z", approve());
    let level = &run.state.request.as_ref().expect("open").levels[0];
    assert!(level.is_complete());
}

#[test]
fn every_rule_id_is_unique_and_reads_back() {
    let ids: std::collections::BTreeSet<&str> = RuleId::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(ids.len(), RuleId::ALL.len());
    for rule in RuleId::ALL {
        assert_eq!(RuleId::try_from(rule.id().to_owned()), Ok(rule));
    }
}

#[test]
fn an_approval_says_which_levels_it_does_not_count_for_and_why() {
    use b2b_buying::policy::{Level, Mode};
    let mut run = Run::new();
    // A controlling sign-off without limits beside the medium band's budget.
    run.policy.rules[1].levels.push(Level {
        id: "controlling".into(),
        roles: vec![b2b_buying::Role::Approver],
        quorum: 1,
        mode: Mode::Parallel,
        complete_before: Phase::Order,
        limits_apply: false,
    });
    run.ok(
        "anna",
        "2026-03-02T09:00:00Z",
        open("R-1", "30000", BuyClass::NewTask),
    );
    let body = run.ok("fatima", "2026-03-02T10:00:00Z", approve());
    assert_eq!(
        body,
        Body::Approved {
            level: "controlling".into(),
            level_complete: true,
            not_counted: vec![b2b_buying::event::NotCounted {
                level: "budget".into(),
                reason: "fatima's approval limit 25000.00 EUR is below the amount 30000.00 EUR"
                    .into(),
            }],
        }
    );
}

#[test]
fn a_standing_absence_in_the_center_file_lets_the_delegate_act_on_every_request() {
    let text = format!(
        "{}\n[[absences]]\nfrom = \"fatima\"\nto = \"ivan\"\nrole = \"approver\"\nstart = 2026-03-09T00:00:00+01:00\nend = 2026-03-21T00:00:00+01:00\n",
        common::read("center.toml")
    );
    let center = Center::parse(&text, "center.toml").expect("valid");
    let mut run = Run::new();
    run.center = center;
    run.ok(
        "anna",
        "2026-03-02T09:00:00Z",
        open("R-1", "1200", BuyClass::NewTask),
    );
    let for_fatima = Action::Approve {
        on_behalf_of: Some("fatima".into()),
        level: None,
    };
    // 2026-03-08T23:00Z is 2026-03-09T00:00+01:00: the first instant of the absence.
    assert_eq!(
        run.refused("ivan", "2026-03-08T22:59:59Z", for_fatima.clone()),
        RuleId::DelegationNotActive
    );
    run.ok("ivan", "2026-03-08T23:00:00Z", for_fatima);
    let last = run.events.last().expect("events");
    assert_eq!(
        (last.actor.as_str(), last.on_behalf_of.as_deref()),
        ("ivan", Some("fatima"))
    );
}

#[test]
fn an_absence_between_members_without_the_role_is_refused_with_its_place() {
    let text = format!(
        "{}\n[[absences]]\nfrom = \"fatima\"\nto = \"erik\"\nrole = \"approver\"\nstart = 2026-03-09T00:00:00+01:00\nend = 2026-03-21T00:00:00+01:00\n",
        common::read("center.toml")
    );
    let error = Center::parse(&text, "center.toml").expect_err("erik is no approver");
    let message = error.to_string();
    assert!(
        message.ends_with("absences[0].to: erik does not hold the role approver: a delegation passes a role between two members who both hold it"),
        "{message}"
    );
    assert!(
        message.starts_with("center.toml: line 72, column 6: "),
        "{message}"
    );
}

#[test]
fn deadlines_past_the_end_of_the_calendar_never_come_and_never_panic() {
    // Opened in the last second representable in RFC 3339: any deadline
    // falls after the end of the calendar.
    let mut run = Run::new();
    run.ok(
        "anna",
        "9999-12-31T23:59:59Z",
        open("R-1", "1000.00", BuyClass::NewTask),
    );
    let events = run
        .act(command(
            "system",
            "9999-12-31T23:59:59Z",
            Action::CheckDeadlines,
        ))
        .expect("a deadline check is not refused");
    assert!(events.is_empty(), "{events:?}");

    // A policy built in code is not bounded by the file checks: a deadline
    // of u32::MAX days and hours from 2026 is still no panic.
    let mut run = Run::new();
    for deadline in run.policy.deadlines.values_mut() {
        deadline.days = u32::MAX;
        deadline.hours = u32::MAX;
    }
    run.ok(
        "anna",
        "2026-03-02T09:00:00Z",
        open("R-1", "1000.00", BuyClass::NewTask),
    );
    let events = run
        .act(command(
            "system",
            "9999-12-31T23:59:59Z",
            Action::CheckDeadlines,
        ))
        .expect("a deadline check is not refused");
    assert!(events.is_empty(), "{events:?}");
}
