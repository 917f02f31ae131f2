//! `b2b buying simulate` on the example scenarios: every action's outcome
//! (accepted or the refusing rule) and the final state, checked exactly.

mod common;

use common::B2b;
use serde_json::Value;

const SIMULATE: B2b = B2b::new(&["buying", "simulate"]);

fn outcomes(report: &Value) -> Vec<String> {
    report["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| o["outcome"].as_str().expect("outcome").to_owned())
        .collect()
}

fn request<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .find(|r| r["request"] == id)
        .expect("the request is in the final state")
}

fn approvals(request: &Value, level: &str) -> Vec<String> {
    request["levels"]
        .as_array()
        .expect("levels")
        .iter()
        .find(|l| l["level"] == level)
        .expect("level")["approvals"]
        .as_array()
        .expect("approvals")
        .iter()
        .map(|a| a.as_str().expect("name").to_owned())
        .collect()
}

#[test]
fn two_of_three_influencers_then_the_budget_in_sequence() {
    let report = SIMULATE.json(&["examples/buying/quorum.toml"]);
    assert_eq!(
        outcomes(&report),
        [
            "accepted",
            "accepted",
            "accepted",
            "accepted",
            "accepted",
            "phase.approval-pending",
            "accepted",
            "sod.counted-once",
            "approval.out-of-sequence",
            "accepted",
            "conflict",
            "accepted",
            "phase.approval-pending",
            "accepted",
            "approval.nothing-pending",
            "accepted",
            "phase.not-last",
            "accepted",
            "accepted",
        ]
    );
    assert_eq!(report["unexpected"], 0);
    let r1 = request(&report, "R-1");
    assert_eq!(r1["status"]["status"], "closed");
    assert_eq!(approvals(r1, "technical"), ["clara", "david"]);
    assert_eq!(approvals(r1, "budget"), ["fatima"]);
    assert_eq!(r1["version"], 12);
    assert_eq!(r1["verified"], true);
    assert_eq!(
        report["outcomes"][10]["detail"],
        "request R-1 is at version 7, not 6: it changed since it was read; show it again and retry"
    );
}

#[test]
fn the_gatekeeper_vetoes_and_an_influencer_may_not() {
    let report = SIMULATE.json(&["examples/buying/veto.toml"]);
    assert_eq!(
        outcomes(&report),
        [
            "accepted",
            "veto.not-allowed",
            "accepted",
            "accepted",
            "request.finished"
        ]
    );
    let r2 = request(&report, "R-2");
    assert_eq!(r2["status"]["status"], "rejected");
    assert_eq!(r2["version"], 3);
    assert_eq!(
        report["outcomes"][3]["detail"],
        "vetoed as gatekeeper: The vendor stores vehicle data outside the EU; no data processing agreement"
    );
}

#[test]
fn nobody_approves_their_own_request_and_a_person_counts_once() {
    let report = SIMULATE.json(&["examples/buying/separation.toml"]);
    assert_eq!(
        outcomes(&report),
        [
            "accepted",
            "sod.own-request",
            "accepted",
            "accepted",
            "accepted",
            "accepted",
            "sod.counted-once",
            "accepted",
        ]
    );
    let r4 = request(&report, "R-4");
    assert_eq!(approvals(r4, "budget"), ["gustav"]);
    assert_eq!(approvals(r4, "decision"), ["julia"]);
    // R-3 still waits for two influencers other than erik, its requester.
    let r3 = request(&report, "R-3");
    assert_eq!(
        r3["next"][0]["members"],
        serde_json::json!(["clara", "david"])
    );
}

#[test]
fn an_approval_limit_below_the_amount_does_not_count() {
    let report = SIMULATE.json(&["examples/buying/limit.toml"]);
    assert_eq!(
        outcomes(&report),
        [
            "accepted",
            "accepted",
            "accepted",
            "approval.limit-exceeded",
            "accepted",
            "policy.quorum-unreachable",
        ]
    );
    assert_eq!(
        report["outcomes"][3]["detail"],
        "fatima cannot approve for level \"budget\": fatima's approval limit 25000.00 EUR is below the amount 30000.00 EUR"
    );
    assert_eq!(approvals(request(&report, "R-5"), "budget"), ["gustav"]);
    assert_eq!(report["requests"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_delegate_approves_for_the_absent_member_within_the_period() {
    let report = SIMULATE.json(&["examples/buying/delegation.toml"]);
    assert_eq!(
        outcomes(&report),
        [
            "accepted",
            "delegation.role-mismatch",
            "accepted",
            "accepted",
            "accepted",
            "delegation.not-active",
            "accepted",
        ]
    );
    assert_eq!(
        approvals(request(&report, "R-7"), "budget"),
        ["ivan for fatima"]
    );
    assert_eq!(
        report["outcomes"][6]["detail"],
        "ivan for fatima: approved for level budget (level complete)"
    );
}

#[test]
fn an_overdue_phase_is_escalated_once_and_the_decider_moves_it_on() {
    let report = SIMULATE.json(&["examples/buying/escalation.toml"]);
    assert_eq!(
        outcomes(&report),
        [
            "request.supplier-required",
            "accepted",
            "accepted",
            "accepted",
            "accepted",
            "member.role-missing",
            "accepted",
            "phase.approval-pending",
            "accepted",
            "accepted",
            "member.unknown",
        ]
    );
    // need-recognition lasts 5 days: entered 2026-03-02T09:05Z, due 03-07T09:05Z.
    assert_eq!(
        report["outcomes"][3]["detail"],
        "need-recognition was due 2026-03-07T09:05:00Z; escalated to decider (gustav, julia)"
    );
    assert_eq!(report["outcomes"][2]["detail"], "nothing to do");
    assert_eq!(report["outcomes"][4]["detail"], "nothing to do");
    let r8 = request(&report, "R-8");
    assert_eq!(r8["status"]["phase"], "order");
    assert_eq!(r8["version"], 5);
}

#[test]
fn the_table_lists_every_action_and_the_final_state() {
    let output = SIMULATE.run(&["examples/buying/veto.toml", "--format", "table"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("veto.not-allowed"), "{text}");
    assert!(text.contains("rejected"), "{text}");
    assert!(text.contains("every outcome as expected"), "{text}");
}

#[test]
fn a_malformed_policy_is_bad_input_naming_file_field_and_place() {
    let dir = std::env::temp_dir().join(format!("b2b-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let root = common::root().join("examples/buying");
    std::fs::copy(root.join("center.toml"), dir.join("center.toml")).expect("copy");
    let policy = std::fs::read_to_string(root.join("policy.toml"))
        .expect("policy")
        .replacen("quorum = 2", "quorum = 4", 1);
    std::fs::write(dir.join("policy.toml"), policy).expect("write");
    std::fs::copy(root.join("veto.toml"), dir.join("veto.toml")).expect("copy");
    let scenario = dir.join("veto.toml");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_b2b"))
        .args(["buying", "simulate"])
        .arg(&scenario)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("policy.toml: line 74, column 10: rules[1].levels[0].quorum: a quorum of 4 but only 3 member(s) of center \"rhein-plant\" hold influencer"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unexpected_outcome_fails_after_printing() {
    let dir = std::env::temp_dir().join(format!("b2b-sim-x-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let root = common::root().join("examples/buying");
    for file in ["center.toml", "policy.toml"] {
        std::fs::copy(root.join(file), dir.join(file)).expect("copy");
    }
    let scenario = std::fs::read_to_string(root.join("veto.toml"))
        .expect("scenario")
        .replace("expect = \"veto.not-allowed\"", "expect = \"accepted\"");
    std::fs::write(dir.join("s.toml"), scenario).expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_b2b"))
        .args(["buying", "simulate", "--format", "json"])
        .arg(dir.join("s.toml"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON printed");
    assert_eq!(report["unexpected"], 1);
    assert_eq!(report["outcomes"][1]["as_expected"], false);
    std::fs::remove_dir_all(&dir).ok();
}
