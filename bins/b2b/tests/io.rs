//! Input and output at the edges of the real `b2b` binary: broken or full
//! standard streams, input limits, text encodings and output files.

use std::fs::File;
use std::process::{Command, Output, Stdio};

mod common;

fn b2b() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_b2b"));
    command.current_dir(common::root());
    command
}

/// `/dev/full`: every write fails with "no space left on device".
fn full() -> Stdio {
    Stdio::from(
        File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full exists"),
    )
}

fn assert_no_panic(output: &Output, code: i32) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(code), "{output:?}");
}

#[test]
fn a_long_identifier_in_a_table_does_not_panic() {
    let id = "1".repeat(70_000);
    let output = b2b()
        .args(["ident", "check", &id, "--format", "table"])
        .output()
        .expect("runs");
    assert_no_panic(&output, 2);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("INVALID  111"), "{}", &stdout[..40]);
}

#[test]
fn a_full_or_closed_standard_error_keeps_the_exit_code() {
    let output = b2b()
        .args(["ident", "check", "XX", "--format", "json"])
        .stdout(Stdio::null())
        .stderr(full())
        .output()
        .expect("runs");
    assert_no_panic(&output, 2);
    // Standard error closed altogether (`2>&-`); a panic would exit 101.
    let output = Command::new("sh")
        .arg("-c")
        .arg("exec 2>&-; exec \"$0\" ident check XX --format json")
        .arg(env!("CARGO_BIN_EXE_b2b"))
        .stdout(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let output = b2b()
        .args(["tender", "generate", "--bids", "3", "--out"])
        .arg(std::env::temp_dir().join("b2b-io-generate"))
        .stderr(full())
        .output()
        .expect("runs");
    assert_no_panic(&output, 0);
}

#[test]
fn a_full_standard_output_is_a_failure() {
    let commands: [&[&str]; 4] = [
        &["tender", "check", "examples/office-laptops/tender.toml"],
        &["ident", "check", "SE556043606401", "--format", "table"],
        &[
            "terms",
            "due",
            "--terms",
            "net 30",
            "--invoice-date",
            "2026-01-01",
        ],
        &[
            "classify",
            "examples/sales/machine-manual.toml",
            "--format",
            "json",
        ],
    ];
    for args in commands {
        let output = b2b().args(args).stdout(full()).output().expect("runs");
        assert_no_panic(&output, 1);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("cannot write standard output"),
            "{args:?}: {stderr}"
        );
    }
}
