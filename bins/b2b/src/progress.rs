//! Progress on standard error, only when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A spinner naming the current phase of a long run; silent when standard
/// error is not a terminal (pipes, CI, tests).
pub struct Phases {
    bar: Option<ProgressBar>,
}

impl Phases {
    /// Shows phases when standard error is a terminal and `long` is true.
    pub fn new(long: bool) -> Phases {
        let bar = (long && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        Phases { bar }
    }

    /// Starts a new phase.
    pub fn phase(&self, message: impl Into<String>) {
        if let Some(bar) = &self.bar {
            bar.set_message(message.into());
        }
    }
}

impl Drop for Phases {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
