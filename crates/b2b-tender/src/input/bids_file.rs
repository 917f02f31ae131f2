//! Bids files (CSV or JSON), checked against the tender into [`Bids`].
//!
//! Both formats feed the same [`Collector`], which checks each value and
//! appends it to its column; the formats differ only in how they find the
//! cells and how they say where a cell is.

use super::tender_file::json_error;
use super::{BidsFormat, InputError, Location, suggest};
use crate::bids::Bids;
use crate::column::{ColumnBuilder, Scaled};
use crate::par::*;
use crate::tender::{Better, CriterionKind, Formula, Tender, TieBreak};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{DefaultHasher, Hasher};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// What a bids-file column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Bid,
    Supplier,
    Requirement(usize),
    Criterion(usize),
    Cost(usize),
    SubmittedAt,
    Currency,
}

impl Role {
    /// Why the column is needed, for "missing column" messages.
    fn purpose(self) -> &'static str {
        match self {
            Role::Bid => "the bid id",
            Role::Supplier => "the supplier's name",
            Role::Requirement(_) => "a requirement",
            Role::Criterion(_) => "a criterion",
            Role::Cost(_) => "a cost item",
            Role::SubmittedAt => "tie_break uses submitted_at",
            Role::Currency => "the currency",
        }
    }
}

/// The columns a tender's bids file has.
struct Schema<'t> {
    columns: Vec<(&'t str, Role)>,
    /// Column name -> its index in `columns`.
    by_name: HashMap<&'t str, usize>,
    submitted_at_required: bool,
}

impl<'t> Schema<'t> {
    fn new(tender: &'t Tender) -> Schema<'t> {
        let mut columns = vec![("bid", Role::Bid), ("supplier", Role::Supplier)];
        columns.extend(
            tender
                .requirements
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), Role::Requirement(i))),
        );
        columns.extend(
            tender
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), Role::Criterion(i))),
        );
        if let Some(life_cycle) = &tender.life_cycle {
            columns.extend(
                life_cycle
                    .costs
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.id.as_str(), Role::Cost(i))),
            );
        }
        columns.push(("submitted_at", Role::SubmittedAt));
        columns.push(("currency", Role::Currency));
        let mut by_name = HashMap::with_capacity(columns.len());
        for (index, &(name, _)) in columns.iter().enumerate() {
            by_name.entry(name).or_insert(index);
        }
        Schema {
            columns,
            by_name,
            submitted_at_required: tender.tie_break.contains(&TieBreak::SubmittedAt),
        }
    }

    /// The index in `columns` and role of the column called `name`.
    fn lookup(&self, name: &str) -> Option<(usize, Role)> {
        let &index = self.by_name.get(name)?;
        self.columns.get(index).map(|&(_, role)| (index, role))
    }

    fn name(&self, role: Role) -> &'t str {
        self.columns
            .iter()
            .find(|(_, known)| *known == role)
            .map_or("", |&(name, _)| name)
    }

    fn is_required(&self, role: Role) -> bool {
        match role {
            Role::SubmittedAt => self.submitted_at_required,
            Role::Currency => false,
            _ => true,
        }
    }

    /// `unknown column "prise" (did you mean "price"?)`, or the list of columns.
    fn unknown(&self, name: &str, what: &str) -> String {
        match suggest(name, self.columns.iter().map(|&(known, _)| known)) {
            Some(close) => format!(
                "unknown {what} {:?} (did you mean {:?}?)",
                b2b_core::excerpt(name),
                b2b_core::excerpt(close)
            ),
            None => format!(
                "unknown {what} {:?}: expected {}",
                b2b_core::excerpt(name),
                self.expected()
            ),
        }
    }

    /// `bid, supplier, price, and optionally submitted_at, currency`.
    fn expected(&self) -> String {
        let (required, optional): (Vec<_>, Vec<_>) = self
            .columns
            .iter()
            .partition(|&&(_, role)| self.is_required(role));
        let join = |columns: Vec<&(&str, Role)>| {
            columns
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!("{}, and optionally {}", join(required), join(optional))
    }

    /// The required columns that are not `present` (by index in
    /// `columns`), or `None`.
    fn missing(&self, present: &[bool], what: &str, extra: Option<Role>) -> Option<String> {
        let missing: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .filter(|&(index, &(_, role))| {
                (self.is_required(role) || Some(role) == extra)
                    && !present.get(index).copied().unwrap_or(false)
            })
            .map(|(_, &(name, role))| {
                let purpose = if Some(role) == extra {
                    "other bids have it"
                } else {
                    role.purpose()
                };
                format!("{:?} ({purpose})", b2b_core::excerpt(name))
            })
            .collect();
        match missing.as_slice() {
            [] => None,
            [one] => Some(format!("missing {what} {one}")),
            many => Some(format!("missing {what}s {}", many.join(", "))),
        }
    }
}

/// How a criterion's values are range-checked.
enum Check {
    Price,
    /// Proportional quantity, lower better: the value is a divisor.
    Positive,
    /// Proportional quantity, higher better.
    NonNegative,
    /// Linear quantity: any decimal.
    Any,
    Points(Decimal),
    Feature(Vec<Decimal>),
}

impl Check {
    fn new(kind: &CriterionKind) -> Check {
        match kind {
            CriterionKind::Price { .. } => Check::Price,
            CriterionKind::Quantity {
                better: Better::Lower,
                formula: Formula::Proportional,
            } => Check::Positive,
            CriterionKind::Quantity {
                better: Better::Higher,
                formula: Formula::Proportional,
            } => Check::NonNegative,
            CriterionKind::Quantity {
                formula: Formula::Linear,
                ..
            } => Check::Any,
            CriterionKind::Points { scale } => Check::Points(*scale),
            CriterionKind::Feature { values } => Check::Feature(values.clone()),
        }
    }

    fn check(&self, value: Scaled, cell: &[u8]) -> Result<(), String> {
        let shown = || String::from_utf8_lossy(cell);
        match self {
            Check::Price if value.mantissa < 0 => Err(format!(
                "negative price {}: a price must be positive",
                shown()
            )),
            Check::Price if value.mantissa == 0 => {
                Err(format!("price must be positive, found {}", shown()))
            }
            Check::Positive if value.mantissa <= 0 => Err(format!(
                "must be positive for a proportional quantity where lower is better, found {}",
                shown()
            )),
            Check::NonNegative if value.mantissa < 0 => Err(format!(
                "must not be negative for a proportional quantity, found {}",
                shown()
            )),
            Check::Points(scale) => {
                let grade = value.to_decimal();
                if grade.is_none_or(|grade| grade < Decimal::ZERO || grade > *scale) {
                    Err(format!(
                        "grade {} is outside 0..{}",
                        shown(),
                        scale.normalize()
                    ))
                } else {
                    Ok(())
                }
            }
            Check::Feature(values) => {
                if value.to_decimal().is_some_and(|v| values.contains(&v)) {
                    Ok(())
                } else {
                    let offered: Vec<String> =
                        values.iter().map(|v| v.normalize().to_string()).collect();
                    Err(format!(
                        "{} is not one of the offered values {}",
                        shown(),
                        offered.join(", ")
                    ))
                }
            }
            _ => Ok(()),
        }
    }
}

/// A 64-bit hash of a bid id, for finding duplicates by sorting.
///
/// SipHash with fixed keys: equal hashes of different ids only send those
/// ids to the exact comparison, so collisions cost time, never correctness.
fn id_hash(id: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(id);
    hasher.finish()
}

/// A value that could not be used: which bid, which column, why.
struct Rejected {
    bid: usize,
    /// The bid's line (CSV) or 1-based index (JSON).
    line: u64,
    role: Role,
    message: String,
}

/// Checks values and appends them to the columns of the bids.
struct Collector<'t> {
    tender: &'t Tender,
    format: BidsFormat,
    checks: Vec<Check>,
    ids: Vec<String>,
    suppliers: Vec<String>,
    lines: Vec<u64>,
    requirements: Vec<Vec<bool>>,
    criteria: Vec<ColumnBuilder>,
    costs: Vec<ColumnBuilder>,
    submitted_at: Option<Vec<OffsetDateTime>>,
    /// [`id_hash`] of each bid id, for [`Collector::duplicate`].
    id_hashes: Vec<u64>,
}

impl<'t> Collector<'t> {
    fn new(
        tender: &'t Tender,
        format: BidsFormat,
        with_submitted_at: bool,
        capacity: usize,
    ) -> Collector<'t> {
        let cost_count = tender.life_cycle.as_ref().map_or(0, |lc| lc.costs.len());
        Collector {
            tender,
            format,
            checks: tender
                .criteria
                .iter()
                .map(|c| Check::new(&c.kind))
                .collect(),
            ids: Vec::with_capacity(capacity),
            suppliers: Vec::with_capacity(capacity),
            lines: Vec::with_capacity(capacity),
            requirements: (0..tender.requirements.len())
                .map(|_| Vec::with_capacity(capacity))
                .collect(),
            criteria: (0..tender.criteria.len())
                .map(|_| ColumnBuilder::with_capacity(capacity))
                .collect(),
            costs: (0..cost_count)
                .map(|_| ColumnBuilder::with_capacity(capacity))
                .collect(),
            submitted_at: with_submitted_at.then(|| Vec::with_capacity(capacity)),
            id_hashes: Vec::with_capacity(capacity),
        }
    }

    /// Starts a bid found at `line` (CSV line, or 1-based JSON index).
    fn start_bid(&mut self, line: u64) {
        self.lines.push(line);
    }

    /// One trimmed, non-empty cell. `json_number` marks a JSON number's
    /// text, which may use an exponent.
    fn text(&mut self, role: Role, cell: &[u8], json_number: bool) -> Result<(), String> {
        match role {
            Role::Bid => {
                let id = utf8(cell)?;
                self.id_hashes.push(id_hash(cell));
                self.ids.push(id.to_owned());
            }
            Role::Supplier => self.suppliers.push(utf8(cell)?.to_owned()),
            Role::Requirement(i) => {
                let met = yes_no(cell)?;
                if let Some(column) = self.requirements.get_mut(i) {
                    column.push(met);
                }
            }
            Role::Criterion(i) => {
                let value = number(cell, json_number)?;
                if let Some(check) = self.checks.get(i) {
                    check.check(value, cell)?;
                }
                if let Some(column) = self.criteria.get_mut(i) {
                    column.push(value);
                }
            }
            Role::Cost(i) => {
                let value = number(cell, json_number)?;
                if value.mantissa < 0 {
                    return Err(format!(
                        "a cost must not be negative, found {}",
                        String::from_utf8_lossy(cell)
                    ));
                }
                if let Some(column) = self.costs.get_mut(i) {
                    column.push(value);
                }
            }
            Role::SubmittedAt => {
                let text = utf8(cell)?;
                let time = utc_seconds(cell)
                    .map_or_else(|| OffsetDateTime::parse(text, &Rfc3339), Ok)
                    .map_err(|_| {
                        format!(
                            "{:?} is not an RFC 3339 date-time such as 2026-11-20T09:15:00Z",
                            b2b_core::excerpt(text)
                        )
                    })?;
                if let Some(times) = &mut self.submitted_at {
                    times.push(time);
                }
            }
            Role::Currency => {
                let code = utf8(cell)?;
                let tender_code = self.tender.currency.code();
                if !code.eq_ignore_ascii_case(tender_code) {
                    return Err(format!(
                        "bid is in {:?}, the tender is in {tender_code:?}",
                        b2b_core::excerpt(code)
                    ));
                }
            }
        }
        Ok(())
    }

    /// A JSON boolean; only requirement columns take them.
    fn boolean(&mut self, role: Role, value: bool) -> Result<(), String> {
        match role {
            Role::Requirement(i) => {
                if let Some(column) = self.requirements.get_mut(i) {
                    column.push(value);
                }
                Ok(())
            }
            _ => Err(format!("expected a string or a number, found {value}")),
        }
    }

    /// The first bid (in file order) whose id repeats an earlier bid's.
    ///
    /// Checked once at the end, and before reporting any other error so the
    /// error reported is always the first in the file: sorting the ids'
    /// hashes is much faster than a hash table on a million bids.
    fn duplicate(&self) -> Option<Rejected> {
        let mut sorted = self.id_hashes.clone();
        sorted.sort_unstable();
        let shared: HashSet<u64> = sorted
            .windows(2)
            .filter(|pair| pair[0] == pair[1])
            .map(|pair| pair[0])
            .collect();
        if shared.is_empty() {
            return None;
        }
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        for (bid, (id, hash)) in self.ids.iter().zip(&self.id_hashes).enumerate() {
            if !shared.contains(hash) {
                continue;
            }
            if let Some(&first) = first_of.get(id.as_str()) {
                let message = match self.format {
                    BidsFormat::Csv => format!(
                        "duplicate bid id {:?} (first on line {})",
                        b2b_core::excerpt(id),
                        self.lines.get(first).copied().unwrap_or(0)
                    ),
                    BidsFormat::Json => {
                        format!(
                            "duplicate bid id {:?} (first at bids[{first}])",
                            b2b_core::excerpt(id)
                        )
                    }
                };
                return Some(Rejected {
                    bid,
                    line: self.lines.get(bid).copied().unwrap_or(0),
                    role: Role::Bid,
                    message,
                });
            }
            first_of.insert(id, bid);
        }
        None
    }

    /// Appends the bids another collector gathered after this one's.
    fn append(&mut self, mut other: Collector<'t>) {
        self.ids.append(&mut other.ids);
        self.suppliers.append(&mut other.suppliers);
        self.lines.append(&mut other.lines);
        for (mine, theirs) in self.requirements.iter_mut().zip(&mut other.requirements) {
            mine.append(theirs);
        }
        for (mine, theirs) in self.criteria.iter_mut().zip(other.criteria) {
            mine.append(theirs);
        }
        for (mine, theirs) in self.costs.iter_mut().zip(other.costs) {
            mine.append(theirs);
        }
        if let (Some(mine), Some(theirs)) = (&mut self.submitted_at, &mut other.submitted_at) {
            mine.append(theirs);
        }
        self.id_hashes.append(&mut other.id_hashes);
    }

    fn finish(self) -> Result<Bids, Rejected> {
        if let Some(duplicate) = self.duplicate() {
            return Err(duplicate);
        }
        let lines = &self.lines;
        let overflow = |(bid, _), role| {
            Rejected {
            bid,
            line: lines.get(bid).copied().unwrap_or(0),
            role,
            message: "too many digits: written with as many decimals as the most precise value of this column, this value needs more than 18 significant digits".to_owned(),
        }
        };
        let mut criteria = Vec::with_capacity(self.criteria.len());
        for (i, builder) in self.criteria.into_iter().enumerate() {
            criteria.push(
                builder
                    .finish()
                    .map_err(|e| overflow(e, Role::Criterion(i)))?,
            );
        }
        let mut costs = Vec::with_capacity(self.costs.len());
        for (i, builder) in self.costs.into_iter().enumerate() {
            costs.push(builder.finish().map_err(|e| overflow(e, Role::Cost(i)))?);
        }
        Ok(Bids {
            ids: self.ids,
            suppliers: self.suppliers,
            lines: self.lines,
            requirements: self.requirements,
            criteria,
            costs,
            submitted_at: self.submitted_at,
        })
    }
}

fn utf8(cell: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(cell).map_err(|_| {
        format!(
            "{:?} is not valid UTF-8",
            b2b_core::excerpt(&String::from_utf8_lossy(cell))
        )
    })
}

/// `2026-11-20T09:15:00Z`, the most common RFC 3339 form, read without the
/// general parser, which takes longer; anything else,
/// including a leap second, is left to it.
fn utc_seconds(cell: &[u8]) -> Option<OffsetDateTime> {
    let &[
        y0,
        y1,
        y2,
        y3,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
        b'Z',
    ] = cell
    else {
        return None;
    };
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
    };
    let year = i32::from(two(y0, y1)?) * 100 + i32::from(two(y2, y3)?);
    let month = time::Month::try_from(two(m0, m1)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, two(d0, d1)?).ok()?;
    let time = time::Time::from_hms(two(h0, h1)?, two(i0, i1)?, two(s0, s1)?).ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc())
}

fn yes_no(cell: &[u8]) -> Result<bool, String> {
    for (word, value) in [
        (&b"yes"[..], true),
        (b"no", false),
        (b"true", true),
        (b"false", false),
        (b"1", true),
        (b"0", false),
    ] {
        if cell.eq_ignore_ascii_case(word) {
            return Ok(value);
        }
    }
    Err(format!(
        "{:?} is not yes or no (expected yes/no, true/false or 1/0)",
        b2b_core::excerpt(&String::from_utf8_lossy(cell))
    ))
}

/// A decimal cell: the fast path for plain decimals, then explanations.
fn number(cell: &[u8], json_number: bool) -> Result<Scaled, String> {
    if let Some(value) = Scaled::parse(cell) {
        return Ok(value);
    }
    let text = String::from_utf8_lossy(cell);
    let parsed = if json_number {
        Decimal::from_scientific(&text).ok()
    } else {
        None
    };
    let parsed = parsed.or_else(|| b2b_core::parse_decimal(&text).ok());
    if let Some(value) = parsed {
        return Scaled::from_decimal(value).ok_or_else(|| too_many_digits(&text, value));
    }
    if json_number {
        return Err(format!(
            "{text} does not fit an exact decimal of at most 18 significant digits"
        ));
    }
    if looks_like_decimal(cell) {
        return Err(format!(
            "{:?} has more than 18 significant digits",
            b2b_core::excerpt(&text)
        ));
    }
    Err(format!(
        "{:?} is not a decimal number",
        b2b_core::excerpt(&text)
    ))
}

fn too_many_digits(text: &str, value: Decimal) -> String {
    if value.normalize().scale() > crate::column::MAX_SCALE {
        format!("{:?} has more than 18 decimals", b2b_core::excerpt(text))
    } else {
        format!(
            "{:?} has more than 18 significant digits",
            b2b_core::excerpt(text)
        )
    }
}

/// Whether `cell` has the shape of a plain decimal (sign, digits, one point).
fn looks_like_decimal(cell: &[u8]) -> bool {
    let digits = cell
        .strip_prefix(b"-")
        .or_else(|| cell.strip_prefix(b"+"))
        .unwrap_or(cell);
    digits.iter().any(u8::is_ascii_digit)
        && digits.iter().all(|&b| b.is_ascii_digit() || b == b'.')
        && digits.iter().filter(|&&b| b == b'.').count() <= 1
}

// ---------------------------------------------------------------------------
// CSV.

/// CSV bodies at least this large are parsed on all cores.
const PARALLEL_CSV_BYTES: usize = 4 << 20;

pub(super) fn parse_csv(data: &[u8], source: &str, tender: &Tender) -> Result<Bids, InputError> {
    parse_csv_with(data, source, tender, PARALLEL_CSV_BYTES)
}

fn parse_csv_with(
    data: &[u8],
    source: &str,
    tender: &Tender,
    parallel_from: usize,
) -> Result<Bids, InputError> {
    let schema = Schema::new(tender);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(data);
    let header = reader
        .byte_headers()
        .map_err(|error| csv_error(source, &error))?
        .clone();
    let header_line = header.position().map_or(1, csv::Position::line);
    if header.is_empty() || (header.len() == 1 && header.as_slice().trim_ascii().is_empty()) {
        return Err(InputError::Columns {
            file: source.to_owned(),
            at: Location::File,
            message: format!(
                "the file is empty: expected a header row with the columns {}",
                schema.expected()
            ),
        });
    }
    let mut roles: Vec<Role> = Vec::with_capacity(header.len());
    // For each schema column, the header column it was first found in.
    let mut found: Vec<Option<usize>> = vec![None; schema.columns.len()];
    let mut names: Vec<&str> = Vec::with_capacity(header.len());
    for (index, raw) in header.iter().enumerate() {
        let raw = if index == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        let columns_error = |message: String| InputError::Columns {
            file: source.to_owned(),
            at: Location::LineColumn {
                line: header_line,
                column: index as u64 + 1,
            },
            message,
        };
        let Ok(name) = std::str::from_utf8(raw.trim_ascii()) else {
            return Err(columns_error(format!(
                "column name {:?} is not valid UTF-8",
                b2b_core::excerpt(&String::from_utf8_lossy(raw))
            )));
        };
        if name.is_empty() {
            return Err(columns_error(format!(
                "empty column name: expected {}",
                schema.expected()
            )));
        }
        let Some((column, role)) = schema.lookup(name) else {
            return Err(columns_error(schema.unknown(name, "column")));
        };
        if let Some(Some(first)) = found.get(column) {
            return Err(columns_error(format!(
                "duplicate column {:?} (also column {})",
                b2b_core::excerpt(name),
                first + 1
            )));
        }
        if let Some(slot) = found.get_mut(column) {
            *slot = Some(index);
        }
        roles.push(role);
        names.push(name);
    }
    let present: Vec<bool> = found.iter().map(Option::is_some).collect();
    if let Some(message) = schema.missing(&present, "column", None) {
        return Err(InputError::Columns {
            file: source.to_owned(),
            at: Location::Line(header_line),
            message,
        });
    }

    let with_submitted_at = roles.contains(&Role::SubmittedAt);
    let body_start = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
    if let Some(body) = data.get(body_start..)
        && body.len() >= parallel_from
        && let Some(collector) =
            read_csv_chunks(data, body_start, tender, with_submitted_at, &roles)
    {
        return collector
            .finish()
            .map_err(|rejected| value_error(source, &schema, &roles, rejected));
    }
    let capacity = estimate_rows(data, roles.len());
    let mut collector = Collector::new(tender, BidsFormat::Csv, with_submitted_at, capacity);
    let rows = read_csv_rows(data, &mut reader, &mut collector, &roles, &names, source);
    let rejected_error = |rejected: Rejected| value_error(source, &schema, &roles, rejected);
    if let Err(error) = rows {
        // A repeated bid id before the failing row is the first error.
        return Err(collector.duplicate().map_or(error, rejected_error));
    }
    collector.finish().map_err(rejected_error)
}

fn value_error(
    source: &str,
    schema: &Schema<'_>,
    roles: &[Role],
    rejected: Rejected,
) -> InputError {
    let column = roles.iter().position(|&r| r == rejected.role).unwrap_or(0);
    InputError::Value {
        file: source.to_owned(),
        at: Location::LineColumn {
            line: rejected.line,
            column: column as u64 + 1,
        },
        column: schema.name(rejected.role).to_owned(),
        message: rejected.message,
    }
}

/// Parses the CSV body from `body_start` in chunks on all cores and merges
/// them in file order, so the result equals the sequential parse.
///
/// Only takes files without any double quote (so every newline ends a
/// record) and only when every row is valid: `None` sends the caller to the
/// sequential parse, which then reports the first problem in the file with
/// the usual message.
fn read_csv_chunks<'t>(
    data: &[u8],
    body_start: usize,
    tender: &'t Tender,
    with_submitted_at: bool,
    roles: &[Role],
) -> Option<Collector<'t>> {
    let body = data.get(body_start..)?;
    if body.contains(&b'"') {
        return None;
    }
    let chunks = current_num_threads() * 4;
    let mut bounds = vec![body_start];
    for k in 1..chunks {
        let guess = (body_start + body.len() * k / chunks).max(*bounds.last()?);
        let end = data[guess..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| guess + i + 1);
        bounds.push(end);
    }
    bounds.push(data.len());
    // Line number of each chunk's first line: the lines before it, plus one.
    let newlines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    let per_chunk: Vec<u64> = bounds
        .par_windows(2)
        .map(|pair| newlines(&data[pair[0]..pair[1]]))
        .collect();
    let mut first_lines = Vec::with_capacity(per_chunk.len());
    let mut before = newlines(&data[..body_start]);
    for count in per_chunk {
        first_lines.push(before + 1);
        before += count;
    }
    let parts: Vec<Option<Collector<'t>>> = bounds
        .par_windows(2)
        .zip(first_lines.par_iter())
        .map(|(pair, &first_line)| {
            let chunk = &data[pair[0]..pair[1]];
            let mut collector = Collector::new(
                tender,
                BidsFormat::Csv,
                with_submitted_at,
                estimate_rows(chunk, roles.len()),
            );
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(chunk);
            let mut record = csv::ByteRecord::new();
            while reader.read_byte_record(&mut record).ok()? {
                if record.len() != roles.len() {
                    return None;
                }
                let line = record
                    .position()
                    .map_or(0, |position| record_line(chunk, position) + first_line - 1);
                collector.start_bid(line);
                for (cell, &role) in record.iter().zip(roles) {
                    let cell = cell.trim_ascii();
                    if cell.is_empty() {
                        return None;
                    }
                    collector.text(role, cell, false).ok()?;
                }
            }
            Some(collector)
        })
        .collect();
    let mut parts = parts.into_iter();
    let mut merged = parts.next()??;
    for part in parts {
        merged.append(part?);
    }
    Some(merged)
}

/// The line a record starts on. csv's position can point at the line ends
/// before the record (after a `\r\n` record end, or blank lines), with the
/// line number of where those start: count them in.
fn record_line(data: &[u8], position: &csv::Position) -> u64 {
    let start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let skipped = data
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&byte| byte == b'\r' || byte == b'\n')
        .filter(|&&byte| byte == b'\n')
        .count();
    position.line() + skipped as u64
}

fn read_csv_rows(
    data: &[u8],
    reader: &mut csv::Reader<&[u8]>,
    collector: &mut Collector<'_>,
    roles: &[Role],
    names: &[&str],
    source: &str,
) -> Result<(), InputError> {
    let mut record = csv::ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|error| csv_error(source, &error))?
    {
        let line = record
            .position()
            .map_or(0, |position| record_line(data, position));
        collector.start_bid(line);
        for (index, (cell, &role)) in record.iter().zip(roles).enumerate() {
            let cell = cell.trim_ascii();
            let result = if cell.is_empty() {
                Err("missing value".to_owned())
            } else {
                collector.text(role, cell, false)
            };
            if let Err(message) = result {
                return Err(InputError::Value {
                    file: source.to_owned(),
                    at: Location::LineColumn {
                        line,
                        column: index as u64 + 1,
                    },
                    column: names.get(index).copied().unwrap_or("").to_owned(),
                    message,
                });
            }
        }
    }
    Ok(())
}

/// A guess at the number of rows, to size the columns once: the line
/// count of the first 64 KiB, scaled to the whole file, and no more than
/// could fit (a row of `columns` non-empty cells takes `2 * columns` bytes).
fn estimate_rows(data: &[u8], columns: usize) -> usize {
    let sample = data.get(..64 * 1024).unwrap_or(data);
    let lines = sample.iter().filter(|&&byte| byte == b'\n').count().max(1);
    let estimate = data.len() as u128 * lines as u128 / sample.len().max(1) as u128 + 1;
    let most = data.len() / columns.saturating_mul(2).max(2) + 1;
    usize::try_from(estimate).unwrap_or(usize::MAX).min(most)
}

fn csv_error(source: &str, error: &csv::Error) -> InputError {
    let (at, message) = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            pos.as_ref()
                .map_or(Location::File, |p| Location::Line(p.line())),
            format!(
                "this row has {len} field{}, the header has {expected_len}",
                if *len == 1 { "" } else { "s" }
            ),
        ),
        _ => (
            error
                .position()
                .map_or(Location::File, |p| Location::Line(p.line())),
            error.to_string(),
        ),
    };
    InputError::Syntax {
        file: source.to_owned(),
        at,
        message,
    }
}

// ---------------------------------------------------------------------------
// JSON.

/// One bid as written: its fields in file order.
struct JsonBid(Vec<(String, Cell)>);

/// One field's value in a JSON bid, a number kept as the literal written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cell {
    Null,
    Bool(bool),
    Text(String),
    /// A JSON number's literal (`1.5e3`), never through `f64`.
    Number(String),
    List,
    Object,
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The raw text keeps a number's every digit without serde_json's
        // `arbitrary_precision`, which would change the user's own types.
        let raw = <&serde_json::value::RawValue>::deserialize(deserializer)?.get();
        Ok(match raw.as_bytes().first() {
            Some(b'"') => Cell::Text(serde_json::from_str(raw).map_err(de::Error::custom)?),
            Some(b't') => Cell::Bool(true),
            Some(b'f') => Cell::Bool(false),
            Some(b'n') => Cell::Null,
            Some(b'[') => Cell::List,
            Some(b'{') => Cell::Object,
            _ => Cell::Number(raw.to_owned()),
        })
    }
}

/// The whole file: `[...]` or `{"bids": [...]}`.
struct JsonBids(Vec<JsonBid>);

impl<'de> Deserialize<'de> for JsonBid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BidVisitor;
        impl<'de> Visitor<'de> for BidVisitor {
            type Value = JsonBid;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bid: an object of column names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonBid, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(entry) = map.next_entry::<String, Cell>()? {
                    fields.push(entry);
                }
                Ok(JsonBid(fields))
            }
        }
        deserializer.deserialize_map(BidVisitor)
    }
}

impl<'de> Deserialize<'de> for JsonBids {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FileVisitor;
        impl<'de> Visitor<'de> for FileVisitor {
            type Value = JsonBids;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of bids, or an object {\"bids\": [...]}")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonBids, A::Error> {
                let mut bids = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(bid) = seq.next_element::<JsonBid>()? {
                    bids.push(bid);
                }
                Ok(JsonBids(bids))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonBids, A::Error> {
                let mut bids = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "bids" {
                        return Err(de::Error::custom(format!(
                            "found the field {:?}: a bids file is an array of bids, or an object with the one field \"bids\"",
                            b2b_core::excerpt(&key)
                        )));
                    }
                    if bids.is_some() {
                        return Err(de::Error::duplicate_field("bids"));
                    }
                    bids = Some(map.next_value::<Vec<JsonBid>>()?);
                }
                bids.map(JsonBids)
                    .ok_or_else(|| de::Error::missing_field("bids"))
            }
        }
        deserializer.deserialize_any(FileVisitor)
    }
}

/// A JSON value as text for the collector, when it is a string or number.
///
/// Strings are trimmed of ASCII whitespace only, as CSV cells are: the same
/// bid reads the same in both formats (an id ending in a no-break space
/// keeps it in either).
fn json_text(value: &Cell) -> Option<(&str, bool)> {
    match value {
        Cell::Text(text) => Some((text.trim_ascii(), false)),
        Cell::Number(number) => Some((number, true)),
        _ => None,
    }
}

fn json_kind(value: &Cell) -> &'static str {
    match value {
        Cell::Null => "null",
        Cell::Bool(_) => "a boolean",
        Cell::Number(_) => "a number",
        Cell::Text(_) => "a string",
        Cell::List => "an array",
        Cell::Object => "an object",
    }
}

pub(super) fn parse_json(data: &[u8], source: &str, tender: &Tender) -> Result<Bids, InputError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let JsonBids(bids) =
        serde_json::from_slice(data).map_err(|error| json_error(source, &error))?;
    collect_json(bids, source, tender)
}

/// Bids given field by field, as JSON bids or [`super::BidsBuilder`] rows:
/// checked against `tender` exactly as a JSON bids file is.
pub(super) fn parse_fields(
    bids: Vec<Vec<(String, Cell)>>,
    source: &str,
    tender: &Tender,
) -> Result<Bids, InputError> {
    collect_json(bids.into_iter().map(JsonBid).collect(), source, tender)
}

fn collect_json(bids: Vec<JsonBid>, source: &str, tender: &Tender) -> Result<Bids, InputError> {
    let schema = Schema::new(tender);
    let any_submitted_at = bids
        .iter()
        .any(|bid| bid.0.iter().any(|(key, _)| key == "submitted_at"));
    // When some bids have submitted_at, all must.
    let submitted_at_everywhere =
        (any_submitted_at && !schema.submitted_at_required).then_some(Role::SubmittedAt);
    let mut collector = Collector::new(tender, BidsFormat::Json, any_submitted_at, bids.len());
    let rejected_error = |rejected: Rejected| InputError::Value {
        file: source.to_owned(),
        at: Location::JsonBid {
            index: rejected.bid,
            id: bids.get(rejected.bid).and_then(bid_id),
        },
        column: schema.name(rejected.role).to_owned(),
        message: rejected.message,
    };
    let read = read_json_bids(
        &bids,
        &schema,
        submitted_at_everywhere,
        &mut collector,
        source,
    );
    if let Err(error) = read {
        // A repeated bid id before the failing bid is the first error.
        return Err(collector.duplicate().map_or(error, rejected_error));
    }
    collector.finish().map_err(rejected_error)
}

/// The bid id of a JSON bid, for messages, when it has a usable one.
fn bid_id(bid: &JsonBid) -> Option<String> {
    bid.0
        .iter()
        .find(|(key, _)| key == "bid")
        .and_then(|(_, value)| json_text(value))
        .map(|(text, _)| text.to_owned())
        .filter(|text| !text.is_empty())
}

fn read_json_bids(
    bids: &[JsonBid],
    schema: &Schema<'_>,
    submitted_at_everywhere: Option<Role>,
    collector: &mut Collector<'_>,
    source: &str,
) -> Result<(), InputError> {
    let mut roles = Vec::with_capacity(schema.columns.len());
    let mut present = vec![false; schema.columns.len()];
    for (index, bid) in bids.iter().enumerate() {
        let at = || Location::JsonBid {
            index,
            id: bid_id(bid),
        };
        let columns_error = |message| InputError::Columns {
            file: source.to_owned(),
            at: at(),
            message,
        };
        roles.clear();
        present.fill(false);
        for (key, _) in &bid.0 {
            let Some((column, role)) = schema.lookup(key) else {
                return Err(columns_error(schema.unknown(key, "field")));
            };
            match present.get_mut(column) {
                Some(true) => {
                    return Err(columns_error(format!(
                        "duplicate field {:?}",
                        b2b_core::excerpt(key)
                    )));
                }
                Some(seen) => *seen = true,
                None => {}
            }
            roles.push(role);
        }
        if let Some(message) = schema.missing(&present, "field", submitted_at_everywhere) {
            return Err(columns_error(message));
        }
        collector.start_bid(index as u64 + 1);
        for ((key, value), &role) in bid.0.iter().zip(&roles) {
            let result = match (json_text(value), value) {
                (Some(("", _)), _) | (None, Cell::Null) => Err("missing value".to_owned()),
                (Some((text, is_number)), _) => collector.text(role, text.as_bytes(), is_number),
                (None, Cell::Bool(met)) => collector.boolean(role, *met),
                (None, other) => Err(format!(
                    "expected a string or a number, found {}",
                    json_kind(other)
                )),
            };
            if let Err(message) = result {
                return Err(InputError::Value {
                    file: source.to_owned(),
                    at: at(),
                    column: key.clone(),
                    message,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no() {
        for (cell, expected) in [
            ("yes", true),
            ("YES", true),
            ("No", false),
            ("true", true),
            ("False", false),
            ("1", true),
            ("0", false),
        ] {
            assert_eq!(yes_no(cell.as_bytes()), Ok(expected), "{cell}");
        }
        for cell in ["y", "n", "2", "-1", "oui", "yes!"] {
            assert!(yes_no(cell.as_bytes()).is_err(), "{cell}");
        }
    }

    #[test]
    fn numbers_and_why_not() {
        assert_eq!(
            number(b"1.50", false),
            Ok(Scaled {
                mantissa: 150,
                scale: 2
            })
        );
        assert_eq!(
            number(b"1e5", true),
            Ok(Scaled {
                mantissa: 100_000,
                scale: 0
            })
        );
        assert_eq!(
            number(b"1e5", false),
            Err("\"1e5\" is not a decimal number".to_owned())
        );
        assert_eq!(
            number(b"12345678901234567890", false),
            Err("\"12345678901234567890\" has more than 18 significant digits".to_owned())
        );
        assert_eq!(
            number(b"1234567890123456789012345678901234567890", false),
            Err(
                "\"1234567890123456789012345678901234567890\" has more than 18 significant digits"
                    .to_owned()
            )
        );
        assert!(looks_like_decimal(b"-1.5"));
        assert!(!looks_like_decimal(b"1.2.3"));
        assert!(!looks_like_decimal(b"."));
        assert!(!looks_like_decimal(b"1,5"));
    }

    #[test]
    fn the_fast_date_time_path_agrees_with_the_parser() {
        for text in [
            "2026-11-20T09:15:00Z",
            "2024-02-29T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-11-20T24:00:00Z",
            "2026-11-20T09:60:00Z",
            "2026-12-31T23:59:60Z",
            "2026-11-2AT09:15:00Z",
            "2026-11-20t09:15:00z",
            "2026-11-20T09:15:00+01:00",
            "2026-11-20T09:15:00.5Z",
        ] {
            let parsed = OffsetDateTime::parse(text, &Rfc3339).ok();
            if let Some(fast) = utc_seconds(text.as_bytes()) {
                assert_eq!(Some(fast), parsed, "{text}");
                assert_eq!(fast.offset(), time::UtcOffset::UTC);
            }
        }
        assert!(utc_seconds(b"2026-11-20T09:15:00Z").is_some());
        assert!(utc_seconds(b"2023-02-29T00:00:00Z").is_none());
    }

    #[test]
    fn row_estimates_are_bounded_by_the_data() {
        assert_eq!(estimate_rows(b"", 3), 1);
        let rows = b"a,b,c\n".repeat(1000);
        let estimate = estimate_rows(&rows, 3);
        assert!((1000..=1001).contains(&estimate), "{estimate}");
        // Blank lines do not make room for more rows than could exist.
        let blank = vec![b'\n'; 1 << 20];
        assert_eq!(estimate_rows(&blank, 4), (1 << 20) / 8 + 1);
    }

    #[test]
    fn record_lines_count_skipped_line_ends() {
        let data = b"h\r\na\r\n\r\nb\n";
        let mut reader = csv::ReaderBuilder::new().from_reader(&data[..]);
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut record).expect("csv") {
            lines.extend(record.position().map(|p| record_line(data, p)));
        }
        assert_eq!(lines, [2, 4]);
    }

    fn tender() -> Tender {
        crate::input::parse_tender(
            "id = \"T\"\ntitle = \"t\"\ncurrency = \"EUR\"\naward = \"lowest-price\"\n[[criteria]]\nid = \"price\"\nkind = \"price\"\n",
            crate::input::TenderFormat::Toml,
            "t.toml",
        )
        .expect("valid")
    }

    /// Found by the bids fuzz target: JSON trimmed all Unicode white space
    /// and CSV only ASCII, so the same bid had two ids. Both trim ASCII.
    #[test]
    fn csv_and_json_trim_the_same_white_space() {
        let tender = tender();
        let ids = ["\u{b}U1", "U2\u{a0}", "U3"];
        let csv = format!(
            "bid,supplier,price\n{},s, 1 \n {} ,s,2\n\t{},s,3\n",
            ids[0], ids[1], ids[2]
        );
        let json = format!(
            r#"[{{"bid": "{}", "supplier": "s", "price": " 1 "}}, {{"bid": " {} ", "supplier": "s", "price": 2}}, {{"bid": "\t{}", "supplier": "s", "price": 3}}]"#,
            "\\u000b U1".replace(' ', ""),
            "U2\u{a0}",
            "U3"
        );
        let from_csv = parse_csv(csv.as_bytes(), "b.csv", &tender).expect("csv");
        let from_json = parse_json(json.as_bytes(), "b.json", &tender).expect("json");
        assert_eq!(from_csv.ids, ids);
        assert_eq!(from_json.ids, from_csv.ids);
    }

    #[test]
    fn parallel_csv_parsing_equals_the_sequential_parse() {
        use crate::generate::{SyntheticSpec, write_bids, write_tender};
        let spec = SyntheticSpec {
            bids: 5_000,
            seed: 11,
        };
        let mut tender_text = Vec::new();
        write_tender(&spec, &mut tender_text).expect("writes");
        let tender = crate::input::parse_tender(
            std::str::from_utf8(&tender_text).expect("utf-8"),
            crate::input::TenderFormat::Toml,
            "tender.toml",
        )
        .expect("parses");
        let mut data = Vec::new();
        write_bids(&spec, &mut data).expect("writes");
        let sequential = parse_csv_with(&data, "bids.csv", &tender, usize::MAX);
        let parallel = parse_csv_with(&data, "bids.csv", &tender, 0);
        assert_eq!(parallel, sequential);
        assert_eq!(sequential.map(|b| b.len()).ok(), Some(5_000));

        // A bad cell or a repeated id late in the file: the parallel path
        // reports exactly what the sequential parse reports.
        let text = String::from_utf8(data).expect("utf-8");
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let last = lines.len() - 1;
        let mut duplicate = lines.clone();
        let first_id = lines[1].split(',').next().expect("id").to_owned();
        let rest: Vec<&str> = lines[last].splitn(2, ',').collect();
        duplicate[last] = format!("{first_id},{}", rest[1]);
        lines[4000] = lines[4000].replacen(",yes,", ",perhaps,", 1);
        for broken in [lines.join("\n"), duplicate.join("\n")] {
            let sequential = parse_csv_with(broken.as_bytes(), "bids.csv", &tender, usize::MAX);
            let parallel = parse_csv_with(broken.as_bytes(), "bids.csv", &tender, 0);
            assert!(sequential.is_err());
            assert_eq!(parallel, sequential);
        }
    }

    #[test]
    fn duplicates_are_found_through_hash_collisions() {
        let tender = tender();
        let mut collector = Collector::new(&tender, BidsFormat::Csv, false, 0);
        for (line, id) in [(2, "a"), (3, "b"), (5, "c"), (6, "b")] {
            collector.start_bid(line);
            collector.ids.push(id.to_owned());
            // Every id gets the same hash: only exact comparison tells them apart.
            collector.id_hashes.push(42);
        }
        let duplicate = collector.duplicate().expect("b repeats");
        assert_eq!(duplicate.bid, 3);
        assert_eq!(duplicate.role, Role::Bid);
        assert_eq!(
            duplicate.message,
            "duplicate bid id \"b\" (first on line 3)"
        );
        collector.ids.pop();
        collector.id_hashes.pop();
        collector.lines.pop();
        assert!(collector.duplicate().is_none());
        assert_ne!(id_hash(b"BID-00000001"), id_hash(b"BID-00000002"));
    }
}
