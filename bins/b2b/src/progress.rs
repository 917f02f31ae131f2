//! Progress on standard error, only when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, IsTerminal, Write};
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

/// A writer that advances a bar by one per line written after the first
/// (the CSV header): progress of `generate` writing its bids file. Silent
/// when standard error is not a terminal or `long` is false.
pub struct LineBar<W> {
    inner: W,
    bar: Option<ProgressBar>,
    header_seen: bool,
}

impl<W: Write> LineBar<W> {
    /// Wraps `inner`; the bar counts up to `total` lines.
    pub fn new(inner: W, total: usize, long: bool) -> LineBar<W> {
        let bar = (long && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
            bar.set_style(
                ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message("writing bids");
            bar
        });
        LineBar {
            inner,
            bar,
            header_seen: false,
        }
    }
}

impl<W: Write> Write for LineBar<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        if let Some(bar) = &self.bar {
            let mut lines = buf[..written].iter().filter(|&&b| b == b'\n').count();
            if !self.header_seen && lines > 0 {
                self.header_seen = true;
                lines -= 1;
            }
            bar.inc(lines as u64);
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W> Drop for LineBar<W> {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
