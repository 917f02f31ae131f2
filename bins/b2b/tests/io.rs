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

/// A scratch file named `name` holding `bytes`, in a directory of its own.
fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("b2b-io-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn an_endless_stream_of_sales_stops_at_the_line_limit() {
    let zeros = File::open("/dev/zero").expect("/dev/zero");
    let output = b2b()
        .args(["classify", "-", "--max-line-length", "64K"])
        .stdin(Stdio::from(zeros))
        .output()
        .expect("runs");
    assert_no_panic(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("longer than 65536 bytes, the maximum line length; raise it with --max-line-length or B2B_MAX_LINE_LENGTH"),
        "{stderr}"
    );
}

#[test]
fn a_long_csv_line_is_refused_with_its_line_and_not_echoed() {
    let mut csv = "a".repeat(3 << 20).into_bytes();
    csv.extend(b",b\n");
    let bids = scratch("long.csv", &csv);
    let output = b2b()
        .args(["tender", "check", "examples/office-laptops/tender.toml"])
        .arg(&bids)
        .output()
        .expect("runs");
    assert_no_panic(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("long.csv: line 1 is longer than 1048576 bytes"),
        "{stderr}"
    );
    // Raised, the header is read; its error quotes only the start of it.
    let output = b2b()
        .args(["--max-line-length", "8M", "tender", "check"])
        .arg("examples/office-laptops/tender.toml")
        .arg(&bids)
        .output()
        .expect("runs");
    assert_no_panic(&output, 2);
    assert!(output.stderr.len() < 1000, "{} bytes", output.stderr.len());
}

#[test]
fn a_file_larger_than_the_limit_is_refused_for_every_command() {
    let commands: [&[&str]; 3] = [
        &["tender", "check", "examples/office-laptops/tender.toml"],
        &[
            "classify",
            "x.json",
            "--rules-file",
            "examples/sales/machine-manual.toml",
        ],
        &[
            "contract",
            "schedule",
            "examples/contracts/forklift-parts.toml",
        ],
    ];
    for args in commands {
        let output = b2b()
            .args(args)
            .env("B2B_MAX_INPUT_SIZE", "100")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_no_panic(&output, 2);
        assert!(
            stderr.contains("larger than 100 bytes, the maximum input size; raise it with --max-input-size or B2B_MAX_INPUT_SIZE"),
            "{args:?}: {stderr}"
        );
    }
}

/// `bytes` with a UTF-8 byte order mark in front.
fn with_bom(bytes: &[u8]) -> Vec<u8> {
    [b"\xef\xbb\xbf".as_slice(), bytes].concat()
}

fn read_example(path: &str) -> Vec<u8> {
    std::fs::read(common::root().join(path)).expect("example")
}

#[test]
fn a_byte_order_mark_is_accepted_in_every_text_input() {
    let contract = scratch(
        "contract.toml",
        &with_bom(&read_example("examples/contracts/forklift-parts.toml")),
    );
    let calendar = scratch(
        "closing.txt",
        &with_bom(&read_example("examples/calendars/company-closing-days.txt")),
    );
    let sales = with_bom(&read_example("examples/sales/cross-border.jsonl"));
    let sales_file = scratch("sales.jsonl", &sales);
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["contract".into(), "schedule".into(), contract.into()],
        vec![
            "terms".into(),
            "due".into(),
            "--terms".into(),
            "net 30".into(),
            "--invoice-date".into(),
            "2026-12-01".into(),
            "--calendar".into(),
            calendar.into(),
        ],
        vec!["classify".into(), sales_file.into()],
    ];
    for args in runs {
        let output = b2b()
            .args(&args)
            .args(["--format", "json"])
            .output()
            .expect("runs");
        assert_no_panic(&output, 0);
    }
    let mut child = b2b()
        .args(["classify", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), &sales).expect("write");
    let output = child.wait_with_output().expect("runs");
    assert_no_panic(&output, 0);
}

#[test]
fn invalid_utf8_is_bad_input_with_its_offset_everywhere() {
    let mut bad = read_example("examples/contracts/forklift-parts.toml");
    bad.insert(20, 0xff);
    let contract = scratch("bad-contract.toml", &bad);
    let calendar = scratch("bad-closing.txt", b"2026-12-28 a\r2026-12-29 \xff\n");
    let sales = scratch("bad-sales.jsonl", b"\n\n{\"id\": \"\xff\"}\n");
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec!["contract".into(), "schedule".into(), contract.into()],
            "bad-contract.toml: not UTF-8 text: invalid byte at offset 20 (line",
        ),
        (
            vec![
                "terms".into(),
                "due".into(),
                "--terms".into(),
                "net 30".into(),
                "--invoice-date".into(),
                "2026-12-01".into(),
                "--calendar".into(),
                calendar.into(),
            ],
            "bad-closing.txt: not UTF-8 text: invalid byte at offset 24 (line 2)",
        ),
        (
            vec!["classify".into(), sales.into()],
            "bad-sales.jsonl: not UTF-8 text: invalid byte at offset 10 (line 3)",
        ),
    ];
    for (args, expected) in cases {
        let output = b2b()
            .args(&args)
            .args(["--format", "json"])
            .output()
            .expect("runs");
        assert_no_panic(&output, 2);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn tables_escape_control_characters_from_input() {
    let mut bids = read_example("examples/office-laptops/bids.csv");
    let at = bids
        .windows(7)
        .position(|w| w == b"Nordlun")
        .expect("supplier");
    bids.splice(at..at, b"\x1b[31m\xc2\x9b".iter().copied());
    let bids = scratch("escape.csv", &bids);
    let output = b2b()
        .args(["tender", "evaluate", "examples/office-laptops/tender.toml"])
        .arg(&bids)
        .args(["--format", "table"])
        .output()
        .expect("runs");
    assert_no_panic(&output, 0);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{9b}'));
    assert!(stdout.contains("\\u{1b}[31m\\u{9b}Nordlund"), "{stdout}");

    let output = b2b()
        .args(["ident", "check", "SE\u{1b}]0;x\u{7}", "--format", "table"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("SE\\u{1b}]0;x\\u{7}"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr}");

    let output = b2b()
        .args([
            "terms",
            "due",
            "--terms",
            "net \u{1b}[2J",
            "--invoice-date",
            "2026-01-01",
        ])
        .output()
        .expect("runs");
    assert_no_panic(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains('\u{1b}') && stderr.contains("\\u{1b}"),
        "{stderr}"
    );
}

#[test]
fn the_output_file_is_never_an_input_and_is_written_whole() {
    let bids = scratch(
        "out-bids.csv",
        &read_example("examples/office-laptops/bids.csv"),
    );
    let before = std::fs::read(&bids).expect("bids");
    let tender = "examples/office-laptops/tender.toml";
    // The same file by its own name, through `..`, and as a hard link.
    let dir = bids.parent().expect("dir").to_owned();
    let link = dir.join("link.csv");
    let _ = std::fs::remove_file(&link);
    std::fs::hard_link(&bids, &link).expect("hard link");
    let dotted = dir
        .join("..")
        .join(dir.file_name().expect("name"))
        .join("out-bids.csv");
    for output in [&bids, &dotted, &link] {
        let out = b2b()
            .args(["tender", "evaluate", tender])
            .arg(&bids)
            .arg("-o")
            .arg(output)
            .output()
            .expect("runs");
        assert_no_panic(&out, 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("the output file is the input"), "{stderr}");
        assert_eq!(std::fs::read(&bids).expect("bids"), before);
    }
    let out = b2b()
        .args(["tender", "evaluate"])
        .arg(common::root().join(tender))
        .arg(&bids)
        .arg("-o")
        .arg(common::root().join(tender))
        .output()
        .expect("runs");
    assert_no_panic(&out, 2);

    // A good run replaces the file whole and leaves no temporary file.
    let report = dir.join("report.json");
    std::fs::write(&report, "old").expect("write");
    let out = b2b()
        .args(["tender", "evaluate", tender])
        .arg(&bids)
        .args(["--format", "json", "-o"])
        .arg(&report)
        .output()
        .expect("runs");
    assert_no_panic(&out, 0);
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON");
    assert!(written["ranking"].is_array(), "{written}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
