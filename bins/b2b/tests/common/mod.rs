//! Running the real `b2b` binary from the integration tests.

// Each test file uses only some of these.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where the example paths start.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A `b2b` subcommand, such as `b2b terms due`, run from the repository root.
pub struct B2b {
    command: &'static [&'static str],
}

impl B2b {
    /// The subcommand given by its words (`&["terms", "due"]`; `&[]` for
    /// plain `b2b`).
    pub const fn new(command: &'static [&'static str]) -> B2b {
        B2b { command }
    }

    /// Runs the subcommand with `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_b2b"))
            .args(self.command)
            .args(args)
            .current_dir(root())
            .output()
            .expect("the b2b binary runs")
    }

    /// Runs the subcommand with `args` and `--format json`; it must succeed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let output = self.run(&all);
        assert!(
            output.status.success(),
            "b2b {} {args:?} failed: {}",
            self.command.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("valid JSON")
    }

    /// Runs the subcommand, which must fail as bad input (exit code 2,
    /// nothing on standard output); gives its standard error.
    pub fn bad_input(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "b2b {} {args:?}: {output:?}",
            self.command.join(" ")
        );
        assert!(output.stdout.is_empty(), "{args:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}
