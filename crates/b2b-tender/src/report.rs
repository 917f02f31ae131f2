//! The public JSON report of an evaluation (names are a public contract).
//!
//! ```json
//! { "tender": "…", "award": "best-price-quality", "currency": "EUR",
//!   "winner": "B3" | null,
//!   "ranking": [ { "rank": 1, "bid": "B3", "supplier": "…", "value": "87.1234",
//!                  "breakdown": { "price": "45.0000", … }, "flags": [] } ],
//!   "excluded": [ { "bid": "B5", "supplier": "…", "reasons": ["tco"] } ],
//!   "warnings": [ { "code": "abnormally-low", "message": "…", "bids": ["B6"] } ],
//!   "sensitivity": { … } }            // only when requested
//! ```
//! Rows are serialised one at a time, so a million-bid report is never held
//! in memory as a whole.

use crate::Bids;
use crate::Tender;
use crate::evaluate::{Evaluation, Flag, Row};
use crate::par::*;
use crate::sensitivity::Sensitivity;
use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use std::io::Write;
use std::ops::Range;

/// Serialises an [`Evaluation`] as the public JSON report.
#[derive(Debug, Clone, Copy)]
pub struct Report<'e, 'a> {
    evaluation: &'e Evaluation<'a>,
}

impl<'a> Evaluation<'a> {
    /// The report, ready for `serde_json::to_writer`.
    pub fn report(&self) -> Report<'_, 'a> {
        Report { evaluation: self }
    }
}

/// Rows formatted per parallel task when writing JSON.
const ROWS_PER_TASK: usize = 8192;

impl Report<'_, '_> {
    /// Writes the report as JSON: the same bytes as
    /// `serde_json::to_writer(out, &report)`, with the ranking rows formatted
    /// on all cores, a batch of tasks at a time, each batch written out while
    /// the next is formatted.
    ///
    /// # Errors
    ///
    /// Any error of `out`.
    pub fn write_json<W: Write + Send>(&self, out: &mut W) -> std::io::Result<()> {
        let e = self.evaluation;
        let tender = e.tender();
        let bids = e.bids();
        out.write_all(b"{\"tender\":")?;
        serde_json::to_writer(&mut *out, &tender.id)?;
        out.write_all(b",\"award\":")?;
        serde_json::to_writer(&mut *out, tender.award.name())?;
        out.write_all(b",\"currency\":")?;
        serde_json::to_writer(&mut *out, tender.currency.code())?;
        out.write_all(b",\"winner\":")?;
        serde_json::to_writer(&mut *out, &e.winner())?;
        out.write_all(b",\"ranking\":[")?;
        let view = e.ranked_view();
        let tasks: Vec<Range<usize>> = (0..e.ranked_len())
            .step_by(ROWS_PER_TASK)
            .map(|start| start..(start + ROWS_PER_TASK).min(e.ranked_len()))
            .collect();
        let format = |batch: &[Range<usize>]| -> Vec<serde_json::Result<Vec<u8>>> {
            batch
                .par_iter()
                .map(|range| {
                    // Copy the task's ids and names together first: in rank
                    // order they are scattered over the heap, and a tight
                    // copy loop overlaps those cache misses far better than
                    // the formatting loop would.
                    let mut names = String::with_capacity(range.len() * 32);
                    let mut ends = Vec::with_capacity(range.len());
                    for position in range.clone() {
                        let (bid, supplier) = view.names(position);
                        names.push_str(bid);
                        let bid_end = names.len();
                        names.push_str(supplier);
                        ends.push((bid_end, names.len()));
                    }
                    let mut buffer = Vec::with_capacity(range.len() * 256);
                    let mut start = 0;
                    for (position, (bid_end, end)) in range.clone().zip(ends) {
                        if position > 0 {
                            buffer.push(b',');
                        }
                        let mut row = view.row(position);
                        row.bid = &names[start..bid_end];
                        row.supplier = &names[bid_end..end];
                        start = end;
                        write_row(&row, &mut buffer)?;
                    }
                    Ok(buffer)
                })
                .collect()
        };
        let write = |out: &mut W, buffers: Vec<serde_json::Result<Vec<u8>>>| {
            buffers
                .into_iter()
                .try_for_each(|buffer| out.write_all(&buffer?))
        };
        // Batch k is written while batch k + 1 is formatted.
        let mut pending = Vec::new();
        for batch in tasks.chunks(4 * current_num_threads()) {
            let (formatted, written) = join(
                || format(batch),
                || write(out, std::mem::take(&mut pending)),
            );
            written?;
            pending = formatted;
        }
        write(out, pending)?;
        out.write_all(b"],\"excluded\":")?;
        serde_json::to_writer(&mut *out, &Excluded(e))?;
        out.write_all(b",\"warnings\":")?;
        serde_json::to_writer(&mut *out, &Warnings(e))?;
        if let Some(sensitivity) = e.sensitivity() {
            out.write_all(b",\"sensitivity\":")?;
            let report = SensitivityReport {
                sensitivity,
                tender,
                bids,
            };
            serde_json::to_writer(&mut *out, &report)?;
        }
        out.write_all(b"}")
    }
}

impl Serialize for Report<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let e = self.evaluation;
        let tender = e.tender();
        let bids = e.bids();
        let fields = if e.sensitivity().is_some() { 8 } else { 7 };
        let mut report = serializer.serialize_struct("Report", fields)?;
        report.serialize_field("tender", &tender.id)?;
        report.serialize_field("award", tender.award.name())?;
        report.serialize_field("currency", tender.currency.code())?;
        report.serialize_field("winner", &e.winner())?;
        report.serialize_field("ranking", &Rows(e))?;
        report.serialize_field("excluded", &Excluded(e))?;
        report.serialize_field("warnings", &Warnings(e))?;
        if let Some(sensitivity) = e.sensitivity() {
            report.serialize_field(
                "sensitivity",
                &SensitivityReport {
                    sensitivity,
                    tender,
                    bids,
                },
            )?;
        }
        report.end()
    }
}

struct Rows<'r, 'a>(&'r Evaluation<'a>);

impl Serialize for Rows<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.ranked_len()))?;
        for row in self.0.rows() {
            seq.serialize_element(&RowReport(&row))?;
        }
        seq.end()
    }
}

/// Writes one ranking row as JSON, byte for byte what [`RowReport`]
/// serialises to, without serde's per-field machinery: this is the inner
/// loop of a million-row report.
fn write_row(row: &Row<'_>, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let mut number = [0u8; 48];
    out.extend_from_slice(b"{\"rank\":");
    out.extend_from_slice(row.rank.to_string().as_bytes());
    out.extend_from_slice(b",\"bid\":");
    write_string(row.bid, out)?;
    out.extend_from_slice(b",\"supplier\":");
    write_string(row.supplier, out)?;
    out.extend_from_slice(b",\"value\":\"");
    out.extend_from_slice(format_decimal_bytes(row.value, &mut number));
    out.extend_from_slice(b"\",\"breakdown\":{");
    for (i, (id, value)) in row.breakdown.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(id, out)?;
        out.extend_from_slice(b":\"");
        out.extend_from_slice(format_decimal_bytes(*value, &mut number));
        out.push(b'"');
    }
    out.extend_from_slice(b"},\"flags\":[");
    for (i, flag) in row.flags.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(flag.name().as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// A JSON string: copied as it is when nothing needs escaping (the usual
/// case for ids and names), else escaped by serde_json.
fn write_string(text: &str, out: &mut Vec<u8>) -> serde_json::Result<()> {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(out, text)
    }
}

struct RowReport<'r, 'a>(&'r Row<'a>);

impl Serialize for RowReport<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let row = self.0;
        let mut out = serializer.serialize_struct("Row", 6)?;
        out.serialize_field("rank", &row.rank)?;
        out.serialize_field("bid", row.bid)?;
        out.serialize_field("supplier", row.supplier)?;
        out.serialize_field("value", &DecimalText(row.value))?;
        out.serialize_field("breakdown", &Breakdown(&row.breakdown))?;
        out.serialize_field("flags", &Names(row.flags.iter().map(Flag::name)))?;
        out.end()
    }
}

struct Breakdown<'r, 'a>(&'r [(&'a str, Decimal)]);

impl Serialize for Breakdown<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, value) in self.0 {
            map.serialize_entry(id, &DecimalText(*value))?;
        }
        map.end()
    }
}

/// A decimal as a JSON string, formatted by hand into a stack buffer (a
/// million-bid report has nine million of them, and `Decimal`'s `Display`
/// goes through the formatting machinery each time).
struct DecimalText(Decimal);

impl Serialize for DecimalText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buffer = [0u8; 48];
        serializer.serialize_str(format_decimal(self.0, &mut buffer))
    }
}

/// Writes `value` as plain decimal text (`-12.50`, `0.0001`) into `buffer`,
/// keeping its scale, and returns the text.
fn format_decimal(value: Decimal, buffer: &mut [u8; 48]) -> &str {
    // Only ASCII digits, '.' and '-' are written.
    std::str::from_utf8(format_decimal_bytes(value, buffer)).unwrap_or("0")
}

/// [`format_decimal`] as bytes. Digits come from a `u64` when the mantissa
/// fits one (always, for rounded output values), as `u128` division by ten
/// is a library call.
fn format_decimal_bytes(value: Decimal, buffer: &mut [u8; 48]) -> &[u8] {
    let scale = value.scale() as usize;
    let mantissa = value.mantissa().unsigned_abs();
    let mut end = buffer.len();
    let mut digits = 0;
    let mut push = |digit: u8, end: &mut usize, digits: &mut usize| {
        if *digits == scale && scale > 0 {
            *end -= 1;
            buffer[*end] = b'.';
        }
        *end -= 1;
        buffer[*end] = b'0' + digit;
        *digits += 1;
    };
    match u64::try_from(mantissa) {
        Ok(mut small) => {
            while small > 0 || digits <= scale {
                push((small % 10) as u8, &mut end, &mut digits);
                small /= 10;
            }
        }
        Err(_) => {
            let mut large = mantissa;
            while large > 0 || digits <= scale {
                push((large % 10) as u8, &mut end, &mut digits);
                large /= 10;
            }
        }
    }
    if value.is_sign_negative() && !value.is_zero() {
        end -= 1;
        buffer[end] = b'-';
    }
    &buffer[end..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_format_like_display() {
        for text in [
            "0",
            "0.0000",
            "12.50",
            "-12.50",
            "0.0001",
            "-0.5",
            "1234567.8901",
            "100",
            "79228162514264337593543950335",
            "-0.0000000000000000000000000001",
        ] {
            let value = Decimal::from_str(text).expect("decimal");
            let mut buffer = [0u8; 48];
            assert_eq!(
                format_decimal(value, &mut buffer),
                value.to_string(),
                "{text}"
            );
        }
    }
}

/// A sequence of strings from an iterator.
struct Names<I>(I);

impl<I: Iterator<Item = &'static str> + Clone> Serialize for Names<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.clone())
    }
}

struct Excluded<'r, 'a>(&'r Evaluation<'a>);

impl Serialize for Excluded<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bids = self.0.bids();
        let mut seq = serializer.serialize_seq(Some(self.0.excluded().len()))?;
        for exclusion in self.0.excluded() {
            seq.serialize_element(&ExclusionReport {
                bid: &bids.ids[exclusion.bid],
                supplier: &bids.suppliers[exclusion.bid],
                reasons: &exclusion.reasons,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct ExclusionReport<'r> {
    bid: &'r str,
    supplier: &'r str,
    reasons: &'r [String],
}

struct Warnings<'r, 'a>(&'r Evaluation<'a>);

impl Serialize for Warnings<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bids = self.0.bids();
        serializer.collect_seq(self.0.warnings().iter().map(|w| WarningReport {
            code: w.code.name(),
            message: &w.message,
            bids: w.bids.iter().map(|&b| bids.ids[b].as_str()).collect(),
        }))
    }
}

#[derive(Serialize)]
struct WarningReport<'r> {
    code: &'static str,
    message: &'r str,
    bids: Vec<&'r str>,
}

struct SensitivityReport<'r> {
    sensitivity: &'r Sensitivity,
    tender: &'r Tender,
    bids: &'r Bids,
}

#[derive(Serialize)]
struct WeightRangeReport<'r> {
    criterion: &'r str,
    /// Percent of the total weight now.
    share: Decimal,
    min_share: Decimal,
    max_share: Decimal,
    rival_below: Option<&'r str>,
    rival_above: Option<&'r str>,
}

#[derive(Serialize)]
struct RankReversalReport<'r> {
    removed: &'r str,
    swapped: Vec<[&'r str; 2]>,
    winner_changes: bool,
}

impl Serialize for SensitivityReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let id = |b: usize| self.bids.ids[b].as_str();
        let percent = |fraction: Decimal| (fraction * Decimal::ONE_HUNDRED).round_dp(2).normalize();
        let weights: Vec<WeightRangeReport<'_>> = self
            .sensitivity
            .weights
            .iter()
            .map(|w| WeightRangeReport {
                criterion: &self.tender.criteria[w.criterion].id,
                share: percent(w.share),
                min_share: percent(w.min_share),
                max_share: percent(w.max_share),
                rival_below: w.rival_below.map(id),
                rival_above: w.rival_above.map(id),
            })
            .collect();
        let reversals: Vec<RankReversalReport<'_>> = self
            .sensitivity
            .rank_reversals
            .iter()
            .map(|r| RankReversalReport {
                removed: id(r.removed),
                swapped: r.swapped.iter().map(|&(a, b)| [id(a), id(b)]).collect(),
                winner_changes: r.winner_changes,
            })
            .collect();
        let tried: Vec<&str> = self
            .sensitivity
            .removals_tried
            .iter()
            .map(|&b| id(b))
            .collect();
        let mut out = serializer.serialize_struct("Sensitivity", 3)?;
        out.serialize_field("weights", &weights)?;
        out.serialize_field("rank_reversals", &reversals)?;
        out.serialize_field("removals_tried", &tried)?;
        out.end()
    }
}
