//! Reading input files and streams, bounded: every file is at most
//! `--max-input-size` bytes and every line (every record of a sales
//! stream) at most `--max-line-length`, so no input can make the tool
//! exhaust memory or echo megabytes back. Text is UTF-8, with an optional
//! byte-order mark.

use crate::failure::Failure;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::sync::OnceLock;

/// The default maximum size of an input file: 1 GiB (a million-bid CSV is
/// about 90 MB).
pub const DEFAULT_MAX_INPUT_SIZE: u64 = 1 << 30;

/// The default maximum length of a line: 1 MiB.
pub const DEFAULT_MAX_LINE_LENGTH: u64 = 1 << 20;

/// The bounds on input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes in one file.
    pub max_input_size: u64,
    /// Bytes in one line, or in one record of a sales stream.
    pub max_line_length: u64,
}

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the bounds for the run (once, from the command line).
pub fn set_limits(limits: Limits) {
    let _ = LIMITS.set(limits);
}

fn limits() -> Limits {
    LIMITS.get().copied().unwrap_or(Limits {
        max_input_size: DEFAULT_MAX_INPUT_SIZE,
        max_line_length: DEFAULT_MAX_LINE_LENGTH,
    })
}

fn too_large(name: &str, limit: u64) -> Failure {
    Failure::BadInput(format!(
        "{name}: larger than {limit} bytes, the maximum input size; raise it with --max-input-size or B2B_MAX_INPUT_SIZE"
    ))
}

fn line_too_long(name: &str, line: u64, limit: u64) -> Failure {
    Failure::BadInput(format!(
        "{name}: line {line} is longer than {limit} bytes, the maximum line length; raise it with --max-line-length or B2B_MAX_LINE_LENGTH"
    ))
}

/// The bytes of the file at `path`, at most the maximum input size.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    let limit = limits().max_input_size;
    let file = std::fs::File::open(path).map_err(|e| Failure::io(path, "read", e))?;
    let name = path.display().to_string();
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > limit)
    {
        return Err(too_large(&name, limit));
    }
    // A device or pipe has no length: stop one byte past the limit.
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::io(path, "read", e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&name, limit));
    }
    Ok(bytes)
}

/// Whether a file's lines are bounded: JSON files are often one line, and
/// only their size is.
fn has_lines(path: &Path) -> bool {
    !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Checks that no line of `bytes` is longer than the maximum line length.
pub fn check_lines(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if !has_lines(path) {
        return Ok(());
    }
    let limit = limits().max_line_length;
    let (mut line, mut start) = (1_u64, 0_usize);
    let mut previous = 0_u8;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' || byte == b'\r' {
            if (i - start) as u64 > limit {
                return Err(line_too_long(&path.display().to_string(), line, limit));
            }
            if !(byte == b'\n' && previous == b'\r') {
                line += 1;
            }
            start = i + 1;
        }
        previous = byte;
    }
    if (bytes.len() - start) as u64 > limit {
        return Err(line_too_long(&path.display().to_string(), line, limit));
    }
    Ok(())
}

/// The text of the file at `path`: bounded, UTF-8 (a byte-order mark is
/// dropped); anything else is bad input naming the file and the place.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = read_bytes(path)?;
    check_lines(path, &bytes)?;
    let start = match b2b_core::decode(&bytes) {
        Ok(text) => bytes.len() - text.len(),
        Err(e) => return Err(Failure::in_file(path, e)),
    };
    let mut bytes = bytes;
    bytes.drain(..start);
    // Checked above; no second copy of a large file.
    String::from_utf8(bytes).map_err(|e| Failure::in_file(path, e))
}

/// Why a [`Stream`] stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// A record is longer than the limit.
    #[error(
        "sale {record} (counting from 1) is longer than {limit} bytes, the maximum line length; raise it with --max-line-length or B2B_MAX_LINE_LENGTH"
    )]
    TooLong {
        /// The record, from 1.
        record: u64,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not UTF-8.
    #[error(transparent)]
    NotUtf8(b2b_core::NotUtf8),
}

impl StreamError {
    /// The stream error inside an I/O error, if it is one.
    pub fn of(error: &io::Error) -> Option<&StreamError> {
        error.get_ref()?.downcast_ref()
    }
}

/// A buffered reader over a stream of records (sales): it drops a leading
/// byte-order mark, refuses bytes that are not UTF-8 (with their offset and
/// line), and refuses a record longer than the maximum line length.
/// The counter of [`Stream::records`] marks where a record ends.
pub struct Stream<R> {
    inner: R,
    buffer: Box<[u8]>,
    /// Bytes `start..end` of `buffer` are checked and not yet consumed;
    /// `end..held` are the start of a character still incomplete.
    start: usize,
    end: usize,
    held: usize,
    /// Offset in the stream of `buffer[0]`, and lines before it.
    base: u64,
    lines: u64,
    last_was_cr: bool,
    first: bool,
    since_record: u64,
    record: u64,
    /// Records completed, counted by the reader's user.
    done: std::rc::Rc<std::cell::Cell<u64>>,
    limit: u64,
}

impl<R: Read> Stream<R> {
    /// Reads `inner`, bounded by the run's maximum line length.
    pub fn new(inner: R) -> Stream<R> {
        Stream {
            inner,
            buffer: vec![0; 64 << 10].into_boxed_slice(),
            start: 0,
            end: 0,
            held: 0,
            base: 0,
            lines: 0,
            last_was_cr: false,
            first: true,
            since_record: 0,
            record: 1,
            done: std::rc::Rc::default(),
            limit: limits().max_line_length,
        }
    }

    /// A counter of complete records: increment it when a record ends,
    /// and the next one has the whole maximum length again. (Shared, since
    /// the reader itself is lent to the parser.)
    pub fn records(&self) -> std::rc::Rc<std::cell::Cell<u64>> {
        std::rc::Rc::clone(&self.done)
    }

    fn refill(&mut self) -> io::Result<()> {
        // Everything before `end` was handed out: count its lines.
        let done = &self.buffer[..self.end];
        if self.last_was_cr && done.first() == Some(&b'\n') {
            self.lines = self.lines.saturating_sub(1);
        }
        if !done.is_empty() {
            self.lines += line_ends(done);
            self.last_was_cr = done.last() == Some(&b'\r');
        }
        self.base += self.end as u64;
        self.buffer.copy_within(self.end..self.held, 0);
        self.held -= self.end;
        self.start = 0;
        self.end = 0;
        loop {
            let read = self.inner.read(&mut self.buffer[self.held..])?;
            self.held += read;
            let mut skip = 0;
            if self.first && self.held >= 3 {
                self.first = false;
                if self.buffer.starts_with(b"\xef\xbb\xbf") {
                    skip = 3;
                }
            } else if self.first && read == 0 {
                self.first = false;
            }
            if self.first {
                continue;
            }
            match std::str::from_utf8(&self.buffer[skip..self.held]) {
                Ok(_) => self.end = self.held,
                Err(e) if e.error_len().is_none() && read > 0 => self.end = skip + e.valid_up_to(),
                Err(e) => {
                    let valid = skip + e.valid_up_to();
                    let mut lines = self.lines + line_ends(&self.buffer[..valid]);
                    if self.last_was_cr && self.buffer.first() == Some(&b'\n') {
                        lines -= 1;
                    }
                    let offset = usize::try_from(self.base).unwrap_or(usize::MAX) + valid;
                    let line = usize::try_from(lines).unwrap_or(usize::MAX) + 1;
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        StreamError::NotUtf8(b2b_core::NotUtf8 { offset, line }),
                    ));
                }
            }
            self.start = skip;
            if self.end > self.start || read == 0 {
                return Ok(());
            }
        }
    }
}

fn line_ends(bytes: &[u8]) -> u64 {
    b2b_core::count_line_ends(bytes) as u64
}

impl<R: Read> BufRead for Stream<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.done.get() + 1 != self.record {
            self.record = self.done.get() + 1;
            self.since_record = 0;
        }
        if self.since_record > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                StreamError::TooLong {
                    record: self.record,
                    limit: self.limit,
                },
            ));
        }
        if self.start == self.end {
            self.refill()?;
        }
        Ok(&self.buffer[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.end - self.start);
        self.start += amount;
        self.since_record += amount as u64;
    }
}

impl<R: Read> Read for Stream<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let amount = available.len().min(out.len());
        out[..amount].copy_from_slice(&available[..amount]);
        self.consume(amount);
        Ok(amount)
    }
}
