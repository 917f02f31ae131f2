//! The persistent buying commands on a real SQLite file: a request from
//! opening to order under the example policy (examples/buying), a stale
//! version refused, the hash chain verified, and a tampered database caught.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

const CENTER: &str = "examples/buying/center.toml";
const POLICY: &str = "examples/buying/policy.toml";

/// A fresh database path for one test.
fn database(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b2b-buying-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join("b2b.sqlite")
}

fn b2b(db: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--db", db.to_str().expect("a UTF-8 path"), "buying"];
    all.extend(args);
    common::B2b::new(&[]).run(&all)
}

fn ok(db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = b2b(db, &all);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn refused(db: &Path, args: &[&str]) -> String {
    let output = b2b(db, args);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
    String::from_utf8_lossy(&output.stderr)
        .trim_end()
        .to_owned()
}

/// `act` as `who` on R-0001 at version `version`, at minute `minute` of
/// 2 November 2026.
fn act(db: &Path, who: &str, version: u64, minute: u32, action: &[&str]) -> std::process::Output {
    let at = format!("2026-11-02T{:02}:{:02}:00Z", 9 + minute / 60, minute % 60);
    let version = version.to_string();
    let mut args = vec![
        "act",
        "R-0001",
        "--as",
        who,
        "--version",
        &version,
        "--at",
        &at,
    ];
    args.extend(action);
    b2b(db, &args)
}

fn opened(name: &str) -> PathBuf {
    opened_at(name, "2026-11-02T09:00:00Z")
}

/// A database with the example center and R-0001 opened by anna at `at`.
fn opened_at(name: &str, at: &str) -> PathBuf {
    let db = database(name);
    let created = ok(&db, &["center", "create", CENTER, POLICY]);
    assert_eq!(created["center"], "rhein-plant");
    let view = ok(
        &db,
        &[
            "open",
            "--center",
            "rhein-plant",
            "--as",
            "anna",
            "--title",
            "Pallet racking",
            "--amount",
            "30000",
            "--currency",
            "EUR",
            "--category",
            "equipment",
            "--buy-class",
            "new-task",
            "--at",
            at,
        ],
    );
    assert_eq!(
        (
            view["request"]["facts"]["id"].as_str(),
            view["version"].as_u64()
        ),
        (Some("R-0001"), Some(1))
    );
    db
}

#[test]
fn a_request_reaches_order_only_with_its_approvals() {
    let db = opened("order");
    let mut version = 1;
    let mut step = |who: &str, action: &[&str]| -> Result<(), String> {
        let output = act(&db, who, version, version as u32, action);
        if output.status.success() {
            version += 1;
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr)
                .trim_end()
                .to_owned())
        }
    };
    for _ in 0..4 {
        step("anna", &["advance"]).expect("advances to proposals");
    }
    // The technical level (2 of the influencers) must be complete before
    // evaluation starts.
    let refusal = step("anna", &["advance"]).expect_err("evaluation waits");
    assert!(
        refusal.starts_with("error: refused by rule phase.approval-pending"),
        "{refusal}"
    );
    step("clara", &["approve"]).expect("clara approves");
    // The requester never approves her own request.
    let refusal = step("anna", &["approve"]).expect_err("maker-checker");
    assert!(
        refusal.starts_with("error: refused by rule sod.own-request"),
        "{refusal}"
    );
    step("david", &["approve"]).expect("david approves");
    step("bruno", &["advance"]).expect("evaluation");
    // Budget: fatima's limit (25000.00 EUR) is below 30000, so her
    // approval does not count; gustav's (250000.00) does.
    step("fatima", &["approve"]).expect_err("below her limit");
    let refusal = step("bruno", &["advance"]).expect_err("order waits for the budget");
    assert!(
        refusal.starts_with("error: refused by rule phase.approval-pending"),
        "{refusal}"
    );
    step("gustav", &["approve"]).expect("gustav approves");
    step("bruno", &["advance"]).expect("order");
    let shown = ok(&db, &["show", "R-0001"]);
    assert_eq!(
        shown["request"]["status"],
        serde_json::json!({ "status": "active", "phase": "order" })
    );
    assert_eq!(shown["version"].as_u64(), Some(version));
    let verified = ok(&db, &["verify", "R-0001"]);
    assert_eq!(verified["problem"], Value::Null);
    assert_eq!(verified["events"].as_u64(), Some(version));
    let audit = ok(&db, &["audit", "R-0001", "--at", "2026-11-03T09:00:00Z"]);
    assert_eq!(audit["phases"].as_array().map(Vec::len), Some(7));
    assert_eq!(ok(&db, &["list"]), serde_json::json!(["R-0001"]));
}

#[test]
fn a_stale_version_is_refused_and_nothing_is_written() {
    let db = opened("stale");
    assert!(act(&db, "anna", 1, 1, &["advance"]).status.success());
    let output = act(
        &db,
        "bruno",
        1,
        2,
        &["comment", "--text", "seen at version 1"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "error: request R-0001 is at version 2, not 1: it changed since it was read; show it again and retry"
    );
    assert_eq!(ok(&db, &["show", "R-0001"])["version"].as_u64(), Some(2));
}

#[test]
fn a_tampered_database_fails_verify_at_the_altered_event() {
    let db = opened("tamper");
    for (version, who) in [(1, "anna"), (2, "anna"), (3, "bruno")] {
        assert!(
            act(&db, who, version, version as u32, &["advance"])
                .status
                .success()
        );
    }
    // An operator with the file drops the append-only trigger and rewrites
    // who advanced the request the second time.
    let raw = rusqlite::Connection::open(&db).expect("the database");
    raw.execute_batch(
        "DROP TRIGGER events_are_never_updated;
         UPDATE events SET payload = replace(payload, '\"actor\":\"anna\"', '\"actor\":\"bruno\"') WHERE version = 3;",
    )
    .expect("tampered");
    let message = refused(&db, &["verify", "R-0001", "--format", "json"]);
    // Index 2 counts from 0: the third event, version 3.
    assert_eq!(
        message,
        "error: request R-0001: event at index 2: the content does not match its hash: the event was altered"
    );
    let message = refused(&db, &["show", "R-0001"]);
    assert!(
        message.contains("the stored history is damaged"),
        "{message}"
    );
}

#[test]
fn a_history_cut_short_fails_against_its_receipt() {
    let db = opened("cut");
    // The store's record of the stream at version 1, which an operator
    // covering their tracks would put back.
    let head_at_1: String = rusqlite::Connection::open(&db)
        .and_then(|raw| raw.query_row("SELECT head FROM streams", [], |row| row.get(0)))
        .expect("the stream's head");
    assert!(act(&db, "anna", 1, 1, &["advance"]).status.success());
    let receipt = ok(&db, &["show", "R-0001"]);
    let head = receipt["head_hash"]
        .as_str()
        .expect("a head hash")
        .to_owned();
    assert_eq!(
        ok(
            &db,
            &["verify", "R-0001", "--version", "2", "--head", &head]
        )["problem"],
        Value::Null
    );
    // The newest event is removed behind the store's back, and the store's
    // record of the stream set back to match: the shorter chain is intact,
    // only the receipt shows the loss.
    let raw = rusqlite::Connection::open(&db).expect("the database");
    raw.execute_batch(&format!(
        "DROP TRIGGER events_are_never_deleted;
         DELETE FROM events WHERE version = 2;
         UPDATE streams SET version = 1, head = '{head_at_1}';"
    ))
    .expect("cut");
    assert_eq!(ok(&db, &["verify", "R-0001"])["problem"], Value::Null);
    let message = refused(
        &db,
        &["verify", "R-0001", "--version", "2", "--head", &head],
    );
    assert_eq!(
        message,
        "error: request R-0001: event at index 1: a receipt names event 2 but the history ends at event 1: events were cut off"
    );
}

#[test]
fn unknown_members_requests_and_bad_files_are_named() {
    let db = opened("unknown");
    let output = act(&db, "zoe", 1, 1, &["comment", "--text", "hello"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "error: refused by rule member.unknown: \"zoe\" is not a member of buying center \"rhein-plant\""
    );
    assert_eq!(
        refused(&db, &["show", "R-0099"]),
        "error: no request \"R-0099\""
    );
    let message = refused(
        &db,
        &[
            "act",
            "R-0001",
            "--as",
            "anna",
            "--version",
            "1",
            "delegate",
            "--to",
            "bruno",
            "--role",
            "boss",
            "--start",
            "2026-11-03T00:00:00Z",
            "--end",
            "2026-11-04T00:00:00Z",
        ],
    );
    assert!(
        message.contains("invalid value 'boss' for '--role <ROLE>'"),
        "{message}"
    );
    let message = refused(
        &db,
        &["center", "create", CENTER, "examples/buying/quorum.toml"],
    );
    assert!(
        message.starts_with("error: examples/buying/quorum.toml"),
        "{message}"
    );
}

#[test]
fn a_deadline_check_at_the_end_of_the_calendar_is_no_panic() {
    let db = opened_at("calendar-end", "9999-12-31T23:59:59Z");
    let view = ok(
        &db,
        &[
            "act",
            "R-0001",
            "--as",
            "anna",
            "--version",
            "1",
            "--at",
            "9999-12-31T23:59:59Z",
            "check-deadlines",
        ],
    );
    // The 5-day deadline would fall in year 10000: it never comes.
    assert_eq!(view["version"].as_u64(), Some(1));
}

#[test]
fn a_deadline_of_ten_thousand_years_is_refused_with_its_place() {
    let db = database("long-deadline");
    let policy = db.with_file_name("policy.toml");
    let text = std::fs::read_to_string(common::root().join(POLICY)).expect("the example policy");
    std::fs::write(&policy, text.replacen("days = 5", "days = 3650000", 1)).expect("written");
    let policy = policy.to_str().expect("a UTF-8 path");
    let message = refused(&db, &["center", "create", CENTER, policy]);
    assert_eq!(
        message,
        format!(
            "error: {policy}: line 24, column 8: deadlines.need-recognition.days: a deadline of 3650000 days and 0 hours is longer than the 3660 days (about ten years) a deadline may be"
        )
    );
}

#[test]
fn an_audit_before_the_last_event_is_refused() {
    let db = opened("audit-early");
    let message = refused(&db, &["audit", "R-0001", "--at", "2026-11-01T00:00:00Z"]);
    assert_eq!(
        message,
        "error: request R-0001: the audit time 2026-11-01T00:00:00Z is before the request's last event (event 1 at 2026-11-02T09:00:00Z): an audit covers the whole history, so measure to a time at or after it"
    );
}

#[test]
fn a_stored_center_is_replaced_only_with_replace() {
    let db = opened("replace");
    let message = refused(&db, &["center", "create", CENTER, POLICY]);
    assert_eq!(
        message,
        "error: center \"rhein-plant\" is stored already; replacing it (open requests keep the rules they were opened under) must be asked for explicitly (`--replace` replaces it)"
    );
    let replaced = ok(&db, &["center", "create", CENTER, POLICY, "--replace"]);
    assert_eq!(
        replaced["replaced"],
        serde_json::json!({ "members": 10, "policy": "rhein-plant-2026" })
    );
    // The open request still acts under the rules frozen when it opened.
    assert!(act(&db, "anna", 1, 1, &["advance"]).status.success());
    let text = b2b(
        &db,
        &[
            "center",
            "create",
            CENTER,
            POLICY,
            "--replace",
            "--format",
            "table",
        ],
    );
    assert!(text.status.success(), "{text:?}");
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .contains("it replaced the stored version (10 members, policy rhein-plant-2026)"),
        "{text:?}"
    );
}

#[test]
fn a_last_event_deleted_behind_the_store_fails_verify_and_show() {
    let db = opened("deleted-last");
    for version in 1..=4 {
        assert!(
            act(
                &db,
                "anna",
                version,
                version as u32,
                &["comment", "--text", "noted"]
            )
            .status
            .success()
        );
    }
    let raw = rusqlite::Connection::open(&db).expect("the database");
    raw.execute_batch(
        "DROP TRIGGER events_are_never_deleted;
         DELETE FROM events WHERE version = 5;",
    )
    .expect("deleted");
    let message = refused(&db, &["verify", "R-0001"]);
    assert_eq!(
        message,
        "error: request R-0001: event at index 4: stream request/R-0001 records version 5 but holds 4 events (the last numbered 4): events were removed or added behind the store's back"
    );
    let message = refused(&db, &["show", "R-0001"]);
    assert_eq!(
        message,
        "error: request R-0001: the stored history is damaged: event at index 4: stream request/R-0001 records version 5 but holds 4 events (the last numbered 4): events were removed or added behind the store's back"
    );
    let output = act(&db, "anna", 4, 9, &["comment", "--text", "stuck?"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("the stored history is damaged"),
        "{output:?}"
    );
}

#[test]
fn read_commands_leave_a_read_only_database_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let db = opened("read-only");
    assert!(act(&db, "anna", 1, 1, &["advance"]).status.success());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).expect("chmod 0444");
    let bytes = std::fs::read(&db).expect("the file");
    let modified = std::fs::metadata(&db)
        .and_then(|m| m.modified())
        .expect("mtime");
    // Tests run as root, whom permissions do not stop. What shows that the
    // commands only read: another connection holds the write lock all
    // along, and they still answer at once (a write-mode open migrates in a
    // write transaction: it would wait 10 s for the lock and fail). The
    // store's own test shows a read-only store refusing to append.
    let writer = rusqlite::Connection::open(&db).expect("a writer");
    writer
        .execute_batch("BEGIN IMMEDIATE;")
        .expect("the write lock");
    assert_eq!(ok(&db, &["show", "R-0001"])["version"].as_u64(), Some(2));
    assert_eq!(ok(&db, &["list"]), serde_json::json!(["R-0001"]));
    assert_eq!(ok(&db, &["verify", "R-0001"])["problem"], Value::Null);
    assert_eq!(
        ok(&db, &["audit", "R-0001", "--at", "2026-11-03T09:00:00Z"])["request"],
        "R-0001"
    );
    assert_eq!(
        ok(&db, &["center", "list"]),
        serde_json::json!(["rhein-plant"])
    );
    writer.execute_batch("ROLLBACK;").expect("released");
    drop(writer);
    assert_eq!(std::fs::read(&db).expect("the file"), bytes);
    assert_eq!(
        std::fs::metadata(&db)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
}

#[test]
fn a_mistyped_database_path_is_refused_and_not_created() {
    let db = database("typo").with_file_name("b2b.sqlte");
    let expected = format!(
        "error: no database at {}; `b2b buying center create` makes one",
        db.display()
    );
    for args in [
        &["show", "R-0001"][..],
        &["list"],
        &["verify", "R-0001"],
        &["audit", "R-0001"],
        &["center", "list"],
        &["act", "R-0001", "--as", "anna", "--version", "1", "advance"],
        &[
            "open",
            "--center",
            "rhein-plant",
            "--as",
            "anna",
            "--title",
            "Racking",
            "--amount",
            "100",
            "--currency",
            "EUR",
            "--category",
            "equipment",
            "--buy-class",
            "new-task",
        ],
    ] {
        assert_eq!(refused(&db, args), expected, "{args:?}");
        assert!(!db.exists(), "{args:?} created the file");
    }
    // Only the command that stores a center makes a database.
    ok(&db, &["center", "create", CENTER, POLICY]);
    assert!(db.exists());
}
