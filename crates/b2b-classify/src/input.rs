//! Reading sales: one sale from a TOML or JSON file, or many from a JSON
//! array or a JSON-lines stream, one at a time, so that a large file is
//! never held in memory.

use crate::sale::Sale;
use serde::de::{IgnoredAny, SeqAccess, Visitor};
use std::fmt;
use std::io::BufRead;

/// The syntax of a single-sale file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleFormat {
    /// TOML.
    Toml,
    /// JSON, same schema.
    Json,
}

/// Which record of a stream an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The element at this index (from 0) of a JSON array.
    Element(usize),
    /// The record on this line (from 1) of a JSON-lines stream.
    Line(u64),
}

/// What is wrong with a sale, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}{message}", record_text(*record), at_text(*at))]
pub struct SaleError {
    /// The record, when the input holds many sales.
    pub record: Option<Record>,
    /// Line and column, when known.
    pub at: Option<(u64, u64)>,
    /// What is wrong, naming the field.
    pub message: String,
}

fn record_text(record: Option<Record>) -> String {
    match record {
        Some(Record::Element(index)) => format!("sale [{index}]: "),
        Some(Record::Line(line)) => format!("sale on line {line}: "),
        None => String::new(),
    }
}

/// `line L, column C: `, or nothing when the place is unknown.
pub(crate) fn at_text(at: Option<(u64, u64)>) -> String {
    at.map(|(line, column)| format!("line {line}, column {column}: "))
        .unwrap_or_default()
}

/// Reads one sale from the text of a TOML or JSON file.
///
/// # Errors
///
/// [`SaleError`], with the line and column when known, for text that is
/// not a sale in `format` (a syntax error, an unknown field or value, a
/// missing field, a value of the wrong type), or for a sale whose fields
/// contradict each other ([`Sale::check`]).
pub fn parse_sale(text: &str, format: SaleFormat) -> Result<Sale, SaleError> {
    let sale: Sale = match format {
        SaleFormat::Toml => b2b_core::exact_toml::from_str(text).map_err(|e| SaleError {
            record: None,
            at: e.span().map(|span| b2b_core::line_column(text, span.start)),
            message: e.message().trim_end().to_owned(),
        })?,
        SaleFormat::Json => serde_json::from_str(text).map_err(|e| json_error(None, &e))?,
    };
    sale.check().map_err(|e| SaleError {
        record: None,
        at: None,
        message: e.to_string(),
    })?;
    Ok(sale)
}

fn json_error(record: Option<Record>, error: &serde_json::Error) -> SaleError {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) if error.line() > 0 => message[..i].to_owned(),
        _ => message,
    };
    SaleError {
        record,
        at: (error.line() > 0).then(|| (error.line() as u64, error.column() as u64)),
        message,
    }
}

/// How the input was laid out, which decides how results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One sale.
    Single,
    /// A JSON array of sales: results as a JSON array.
    Array,
    /// One JSON sale per line: one result per line.
    Lines,
}

/// What the caller knows of the input, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// A `.toml` file: one sale.
    Toml,
    /// `.jsonl` or `.ndjson`: JSON lines.
    JsonLines,
    /// Anything else: JSON, laid out as one sale, an array or JSON lines,
    /// as its first line shows.
    Json,
}

impl Hint {
    /// The hint for a file name: by its extension.
    pub fn from_name(name: &str) -> Hint {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Hint::Toml
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Hint::JsonLines
        } else {
            Hint::Json
        }
    }
}

/// Why reading sales stopped.
#[derive(Debug, thiserror::Error)]
pub enum ReadError<E> {
    /// A sale is wrong.
    #[error(transparent)]
    Sale(#[from] SaleError),
    /// The input cannot be read.
    #[error("cannot read the sales: {0}")]
    Io(#[from] std::io::Error),
    /// The callback failed (writing a result).
    #[error("{0}")]
    Sink(E),
}

/// Reads the sales of `reader` one at a time and hands each to `each` with
/// the layout and its index (from 0), before reading the next. Gives the
/// layout and the number of sales.
///
/// A JSON array is read element by element through serde's `SeqAccess`;
/// JSON lines line by line (blank lines are skipped). Without a hint, JSON
/// whose first line is a complete value followed by more lines is JSON
/// lines; otherwise it is one sale or, starting with `[`, an array.
///
/// # Errors
///
/// Reading stops at the first error, after handing `each` the sales
/// before it: [`ReadError::Sale`] for a sale that [`parse_sale`] would
/// refuse (or JSON that is not an array of sales), naming its record;
/// [`ReadError::Io`] when `reader` fails, or text outside a JSON array is
/// not UTF-8; [`ReadError::Sink`] with the error `each` returned.
pub fn read_sales<R: BufRead, E>(
    mut reader: R,
    hint: Hint,
    mut each: impl FnMut(Layout, usize, Sale) -> Result<(), E>,
) -> Result<(Layout, usize), ReadError<E>> {
    match hint {
        Hint::Toml => {
            let mut text = String::new();
            reader.read_to_string(&mut text)?;
            let sale = parse_sale(&text, SaleFormat::Toml)?;
            each(Layout::Single, 0, sale).map_err(ReadError::Sink)?;
            Ok((Layout::Single, 1))
        }
        Hint::JsonLines => read_lines(reader, Vec::new(), 0, &mut each),
        Hint::Json => {
            if first_byte(&mut reader)? == Some(b'[') {
                return read_array(reader, &mut each);
            }
            let mut first = String::new();
            let mut line = 0;
            while first.trim().is_empty() {
                if !read_line(&mut reader, &mut first)? {
                    break;
                }
                line += 1;
            }
            let complete = serde_json::from_str::<IgnoredAny>(&first).is_ok();
            let mut next = String::new();
            let mut next_line = line;
            if complete {
                while next.trim().is_empty() {
                    if !read_line(&mut reader, &mut next)? {
                        break;
                    }
                    next_line += 1;
                }
            }
            if complete && !next.trim().is_empty() {
                let pending = vec![(line, first), (next_line, next)];
                return read_lines(reader, pending, next_line, &mut each);
            }
            let mut text = "\n".repeat(line.saturating_sub(1) as usize) + &first + "\n";
            reader.read_to_string(&mut text)?;
            let sale = parse_sale(&text, SaleFormat::Json)?;
            each(Layout::Single, 0, sale).map_err(ReadError::Sink)?;
            Ok((Layout::Single, 1))
        }
    }
}

fn first_byte<R: BufRead>(reader: &mut R) -> std::io::Result<Option<u8>> {
    loop {
        let buffer = reader.fill_buf()?;
        let Some(&byte) = buffer.first() else {
            return Ok(None);
        };
        if byte.is_ascii_whitespace() {
            reader.consume(1);
        } else {
            return Ok(Some(byte));
        }
    }
}

/// Reads the next line of `reader` into `line` (replacing it, without its
/// end): a line ends at `\n`, `\r\n` or a lone `\r`. False at the end of
/// the input.
fn read_line<R: BufRead>(reader: &mut R, line: &mut String) -> std::io::Result<bool> {
    let mut bytes = Vec::new();
    let mut any = false;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            break;
        }
        any = true;
        match buffer.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(end) => {
                let cr = buffer[end] == b'\r';
                bytes.extend_from_slice(&buffer[..end]);
                reader.consume(end + 1);
                if cr && reader.fill_buf()?.first() == Some(&b'\n') {
                    reader.consume(1);
                }
                break;
            }
            None => {
                bytes.extend_from_slice(buffer);
                let length = buffer.len();
                reader.consume(length);
            }
        }
    }
    *line = String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    Ok(any)
}

fn read_lines<R: BufRead, E>(
    mut reader: R,
    pending: Vec<(u64, String)>,
    lines_read: u64,
    each: &mut impl FnMut(Layout, usize, Sale) -> Result<(), E>,
) -> Result<(Layout, usize), ReadError<E>> {
    let mut number = lines_read;
    let rest = std::iter::from_fn(move || {
        let mut text = String::new();
        number += 1;
        read_line(&mut reader, &mut text)
            .map(|more| more.then_some((number, text)))
            .transpose()
    });
    let mut count = 0;
    for item in pending.into_iter().map(Ok).chain(rest) {
        let (number, text) = item?;
        if text.trim().is_empty() {
            continue;
        }
        let record = Some(Record::Line(number));
        let sale: Sale = serde_json::from_str(&text).map_err(|e| {
            // The line number is the record's; the column is in its line.
            SaleError {
                at: None,
                message: format!("column {}: {}", e.column(), json_error(None, &e).message),
                record,
            }
        })?;
        sale.check().map_err(|e| SaleError {
            record,
            at: None,
            message: e.to_string(),
        })?;
        each(Layout::Lines, count, sale).map_err(ReadError::Sink)?;
        count += 1;
    }
    Ok((Layout::Lines, count))
}

fn read_array<R: BufRead, E>(
    reader: R,
    each: &mut impl FnMut(Layout, usize, Sale) -> Result<(), E>,
) -> Result<(Layout, usize), ReadError<E>> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let mut visitor = EachSale {
        each,
        count: 0,
        sink: None,
        _error: std::marker::PhantomData,
    };
    let result = serde::Deserializer::deserialize_seq(&mut deserializer, &mut visitor)
        .and_then(|()| deserializer.end());
    if let Some(error) = visitor.sink.take() {
        return Err(ReadError::Sink(error));
    }
    match result {
        Ok(()) => Ok((Layout::Array, visitor.count)),
        Err(e) if e.is_io() => Err(ReadError::Io(std::io::Error::from(e))),
        Err(e) => {
            // An error after the last element (trailing text) has no record.
            let record =
                (!e.is_eof() || visitor.count > 0).then_some(Record::Element(visitor.count));
            Err(json_error(record, &e).into())
        }
    }
}

/// Hands each element of a JSON array to the callback as soon as it is read.
struct EachSale<'a, F, E> {
    each: &'a mut F,
    count: usize,
    /// The callback's error, which stops the reading.
    sink: Option<E>,
    _error: std::marker::PhantomData<E>,
}

impl<'de, F, E> Visitor<'de> for &mut EachSale<'_, F, E>
where
    F: FnMut(Layout, usize, Sale) -> Result<(), E>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of sales")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(sale) = seq.next_element::<Sale>()? {
            sale.check().map_err(serde::de::Error::custom)?;
            if let Err(error) = (self.each)(Layout::Array, self.count, sale) {
                self.sink = Some(error);
                return Err(serde::de::Error::custom("stopped by the output"));
            }
            self.count += 1;
        }
        Ok(())
    }
}
