//! Invariants over random command sequences on the example center and
//! policy: no request reaches `order` (or closes) without the approvals its
//! amount requires, counted independently here; the events always verify;
//! and replaying the events gives the state built step by step.

mod common;

use b2b_buying::event::Body;
use b2b_buying::{
    Action, BuyClass, Center, Event, Phase, Policy, Role, State, Status, apply, verify,
};
use common::{center, eur, policy};
use proptest::prelude::*;
use std::collections::BTreeSet;
use time::{Duration, OffsetDateTime};

const MEMBERS: [&str; 11] = [
    "anna", "bruno", "clara", "david", "erik", "fatima", "ivan", "gustav", "julia", "hanna",
    "system",
];

fn action_strategy() -> impl Strategy<Value = (usize, u8, u8, usize, bool, u16)> {
    (
        0..MEMBERS.len(),
        0u8..16,
        0u8..4,
        0..MEMBERS.len(),
        any::<bool>(),
        0u16..60,
    )
}

fn build(pick: (usize, u8, u8, usize, bool, u16), now: OffsetDateTime) -> (String, Action) {
    let (actor, kind, level, other, flag, _) = pick;
    let levels = [None, Some("technical"), Some("budget"), Some("decision")];
    let roles = [Role::Approver, Role::Influencer, Role::Decider, Role::Buyer];
    let action = match kind {
        0..=4 => Action::Advance {
            supplier_search: flag,
        },
        5..=9 => Action::Approve {
            on_behalf_of: flag.then(|| MEMBERS[other].to_owned()),
            level: levels[level as usize].map(str::to_owned),
        },
        10 => Action::Reject {
            on_behalf_of: None,
            reason: "no".to_owned(),
        },
        11 => Action::Veto {
            reason: "no".to_owned(),
        },
        12 => Action::Delegate {
            to: MEMBERS[other].to_owned(),
            role: roles[level as usize],
            start: now,
            end: now + Duration::days(3),
        },
        13 => Action::Close,
        14 => Action::CheckDeadlines,
        _ => Action::Comment {
            text: "note".to_owned(),
        },
    };
    // Half the advances come from the buyer, so that runs get far.
    let actor = if kind <= 4 && other % 2 == 0 {
        "bruno"
    } else {
        MEMBERS[actor]
    };
    (actor.to_owned(), action)
}

/// The approvals the events record that really count, by the policy read
/// afresh: a distinct person, not the requester, holding a role of the
/// level (or delegated it by someone who does), within the limit.
fn satisfied(events: &[Event], center: &Center, policy: &Policy, entering_rank: usize) -> bool {
    let Ok(Body::Opened { request, .. }) = events[0].body() else {
        return false;
    };
    let Ok((_, rule)) = policy.rule_for(&request.amount, &request.category) else {
        return false;
    };
    let mut people = BTreeSet::new();
    let mut counts = vec![0u32; rule.levels.len()];
    for event in events {
        let Ok(Body::Approved { level, .. }) = event.body() else {
            continue;
        };
        let principal = event.on_behalf_of.clone().unwrap_or(event.actor.clone());
        let these: BTreeSet<String> = [principal.clone(), event.actor.clone()].into();
        if these.contains(&request.requester) || these.iter().any(|who| people.contains(who)) {
            return false;
        }
        people.extend(these);
        let Some(index) = rule.levels.iter().position(|l| l.id == level) else {
            return false;
        };
        let spec = &rule.levels[index];
        let Some(member) = center.member(&principal) else {
            return false;
        };
        if !spec.roles.iter().any(|r| member.holds(*r)) {
            return false;
        }
        if spec.limits_apply && !member.covers(&request.amount) {
            return false;
        }
        counts[index] += 1;
    }
    let phase_rank = |p: Phase| Phase::ALL.iter().position(|q| *q == p).unwrap_or(8);
    rule.levels
        .iter()
        .zip(&counts)
        .filter(|(level, _)| phase_rank(level.complete_before) <= entering_rank)
        .all(|(level, count)| *count >= level.quorum)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_request_orders_without_its_approvals(
        amount in prop::sample::select(vec!["900.00", "4999.99", "5000", "12000", "30000", "49999.99", "80000"]),
        class in prop::sample::select(BuyClass::ALL.to_vec()),
        picks in prop::collection::vec(action_strategy(), 1..120),
    ) {
        let center = center();
        let policy = policy(&center);
        let mut now = common::at("2026-03-02T09:00:00Z");
        let mut state = State::default();
        let mut events: Vec<Event> = Vec::new();
        let open = common::command("anna", "2026-03-02T09:00:00Z", common::open("R-1", amount, class));
        let opened = apply(&state, &center, &policy, &open).expect("the example opens");
        for event in &opened {
            state.fold(event).expect("folds");
        }
        events.extend(opened);
        prop_assert_eq!(state.request.as_ref().map(|r| r.facts.amount), Some(eur(amount)));
        for pick in picks {
            now += Duration::hours(i64::from(pick.5));
            let (actor, action) = build(pick, now);
            let command = b2b_buying::Command { actor, at: now, action };
            let Ok(new) = apply(&state, &center, &policy, &command) else {
                continue;
            };
            for event in &new {
                state.fold(event).expect("accepted events fold");
            }
            events.extend(new);
            let status = state.request.as_ref().map(|r| r.status);
            let order_rank = Phase::ALL.iter().position(|p| *p == Phase::Order).unwrap_or(0);
            match status {
                Some(Status::Active(phase)) if phase >= Phase::Order => {
                    prop_assert!(satisfied(&events, &center, &policy, order_rank), "{events:#?}");
                }
                Some(Status::Closed) => {
                    prop_assert!(satisfied(&events, &center, &policy, Phase::ALL.len()), "{events:#?}");
                }
                _ => {}
            }
        }
        prop_assert_eq!(verify(&events), Ok(()));
        prop_assert_eq!(State::replay(&events).expect("replays"), state);
    }
}
