//! Failures and their exit codes.

use std::fmt::Display;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Why a command failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The input is wrong (a file's content, an argument): exit code 2.
    BadInput(String),
    /// Anything else, such as a file that cannot be read: exit code 1.
    Other(String),
}

impl Failure {
    /// Bad input, with the library's message (which names file and place).
    pub fn bad_input(error: impl Display) -> Failure {
        Failure::BadInput(error.to_string())
    }

    /// An I/O failure on `path`.
    pub fn io(path: &Path, action: &str, error: std::io::Error) -> Failure {
        Failure::Other(format!("cannot {action} {}: {error}", path.display()))
    }

    /// Bad input in the file at `path`: the library's message after the
    /// file's name.
    pub fn in_file(path: &Path, error: impl Display) -> Failure {
        Failure::BadInput(format!("{}: {error}", path.display()))
    }

    /// Prints the message to standard error and gives the exit code.
    pub fn report(self) -> ExitCode {
        let (message, code) = match self {
            Failure::BadInput(message) => (message, 2),
            Failure::Other(message) => (message, 1),
        };
        // Messages quote input, which must not drive the terminal either.
        note(&crate::report::printable_lines(&format!(
            "error: {message}"
        )));
        ExitCode::from(code)
    }
}

/// Writes a line to standard error. A closed or full standard error is
/// ignored (unlike `eprintln!`, which panics): there is nowhere left to say
/// so, and the exit code still tells.
pub fn note(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{message}").and_then(|()| err.flush());
}

pub use crate::input::read_text;

/// A reader that stops early (`| head`) is not a failure.
pub fn ignore_closed_pipe(error: std::io::Error) -> std::io::Result<()> {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(error)
    }
}
