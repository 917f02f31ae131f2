//! Synthetic tenders and bids, for benchmarks and load tests.
//!
//! A [`SyntheticSpec`] (number of bids and a seed) determines one
//! best-price-quality tender for office laptops and its bids, byte for byte:
//! [`write_tender`] and [`write_bids`] write them as a TOML tender file and a
//! CSV bids file, and [`synthetic`] builds the very same [`Tender`] and
//! [`Bids`] in memory, equal to what [`crate::input`] parses from those files.
//!
//! The tender has two requirements (`certified`, `warranty_3y`, each failed by
//! about 1 % of the bids) and eight weighted criteria:
//!
//! | criterion | kind | weight | values |
//! |---|---|---|---|
//! | `price` | price, proportional | 40 | 800.00–1600.00, clustered around 1200 |
//! | `battery_hours` | quantity, higher, linear | 10 | 6.0–20.0 |
//! | `delivery_days` | quantity, lower, linear | 10 | 5–60 |
//! | `weight_kg` | quantity, lower, proportional | 5 | 0.90–2.50 |
//! | `support` | points, scale 5 | 10 | 0–5 in steps of 0.5 |
//! | `ergonomics` | points, scale 10 | 10 | 0–10 in steps of 0.5 |
//! | `security` | points, scale 5 | 10 | 0–5 in steps of 0.5 |
//! | `sustainability` | points, scale 10 | 5 | 0–10 in steps of 0.5 |
//!
//! A price is 800.00 plus the sum of four uniform draws, so prices cluster
//! around 1200 and about 2 % are abnormally low (more than 20 % below the
//! mean), as in a real call with many bids. Each bid's `submitted_at` is 1 to
//! 30 seconds after the previous one, starting at 2026-11-20T09:15:00Z, so
//! the times are distinct and ascend in file order.
//!
//! Randomness comes from a small in-house splitmix64 generator, so the output
//! depends on the seed alone, on every platform and in every version of the
//! dependencies. Writing does its own integer formatting into a 1 MiB buffer:
//! a million bids (about 90 MB of CSV) take a fraction of a second.

use crate::bids::Bids;
use crate::column::{Column, ColumnBuilder, Scaled};
use crate::tender::{AwardModel, Better, Criterion, CriterionKind, Formula, Requirement, Tender};
use b2b_core::Currency;
use rust_decimal::Decimal;
use std::io::{self, Write};
use time::OffsetDateTime;

/// What to generate: how many bids, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SyntheticSpec {
    /// Number of bids (rows of the bids file).
    pub bids: usize,
    /// Seed of the generator: the same seed and number of bids always give
    /// the same tender and bids.
    pub seed: u64,
}

/// Writes the synthetic tender as a TOML tender file, accepted by
/// [`crate::input::parse_tender`].
///
/// # Errors
///
/// Any error of `out`.
pub fn write_tender(spec: &SyntheticSpec, out: &mut impl Write) -> io::Result<()> {
    let mut text = format!(
        "# A synthetic tender from b2b_tender::generate ({bids} bids, seed {seed}).\n\
         id = \"{id}\"\n\
         title = \"{title}\"\n\
         currency = \"{CURRENCY}\"\n\
         award = \"{award}\"\n",
        bids = spec.bids,
        seed = spec.seed,
        id = tender_id(spec),
        title = tender_title(spec),
        award = AWARD.name(),
    );
    for requirement in REQUIREMENTS {
        text.push_str(&format!(
            "\n[[requirements]]\nid = \"{}\"\ntext = \"{}\"\n",
            requirement.id, requirement.text
        ));
    }
    for criterion in CRITERIA {
        text.push_str(&format!(
            "\n[[criteria]]\nid = \"{}\"\nname = \"{}\"\nkind = \"{}\"\nweight = {}\n",
            criterion.id,
            criterion.name,
            criterion.kind.file_kind(),
            criterion.weight
        ));
        match criterion.kind {
            Spec::Price => text.push_str("formula = \"proportional\"\n"),
            Spec::Quantity {
                better, formula, ..
            } => {
                let better = match better {
                    Better::Lower => "lower",
                    Better::Higher => "higher",
                };
                let formula = match formula {
                    Formula::Proportional => "proportional",
                    Formula::Linear => "linear",
                };
                text.push_str(&format!("better = \"{better}\"\nformula = \"{formula}\"\n"));
            }
            Spec::Points { scale } => text.push_str(&format!("scale = {scale}\n")),
        }
    }
    out.write_all(text.as_bytes())
}

/// Writes the synthetic bids as a CSV bids file with the columns
/// `bid,supplier,certified,warranty_3y,<the 8 criteria>,submitted_at`,
/// accepted by [`crate::input::parse_bids`] against [`write_tender`]'s tender.
///
/// Output goes out in writes of about 1 MiB; wrapping `out` in a
/// `BufWriter` is the caller's choice.
///
/// # Errors
///
/// Any error of `out`.
pub fn write_bids(spec: &SyntheticSpec, out: &mut impl Write) -> io::Result<()> {
    const CHUNK: usize = 1 << 20;
    let mut buffer: Vec<u8> = Vec::with_capacity(CHUNK + 256);
    buffer.extend_from_slice(b"bid,supplier");
    for requirement in REQUIREMENTS {
        buffer.push(b',');
        buffer.extend_from_slice(requirement.id.as_bytes());
    }
    for criterion in CRITERIA {
        buffer.push(b',');
        buffer.extend_from_slice(criterion.id.as_bytes());
    }
    buffer.extend_from_slice(b",submitted_at\n");
    let mut dates = DateCache::default();
    for (index, row) in Rows::new(spec).enumerate() {
        let number = index as u64 + 1;
        buffer.push(b'B');
        push_padded(&mut buffer, number, 6);
        buffer.extend_from_slice(b",Supplier ");
        push_padded(&mut buffer, number, 1);
        for met in row.requirements {
            buffer.extend_from_slice(if met { b",yes" } else { b",no" });
        }
        for (criterion, &value) in CRITERIA.iter().zip(&row.criteria) {
            buffer.push(b',');
            push_fixed(&mut buffer, value, criterion.kind.decimals());
        }
        buffer.push(b',');
        dates.push(&mut buffer, row.submitted_at);
        buffer.push(b'\n');
        if buffer.len() >= CHUNK {
            out.write_all(&buffer)?;
            buffer.clear();
        }
    }
    out.write_all(&buffer)
}

/// Builds the synthetic tender and bids in memory, without writing or
/// parsing text.
///
/// The result equals what [`crate::input::parse_tender`] and
/// [`crate::input::parse_bids`] make of [`write_tender`]'s and
/// [`write_bids`]'s output, down to each column's decimal scale and each
/// bid's CSV line number.
///
/// # Panics
///
/// Not in practice. Every value of a column has the scale of its
/// criterion, so no column needs rescaling and none can overflow; and the
/// submission times pass the year 9999, the last an [`OffsetDateTime`]
/// holds, only after more than eight billion bids, which would need more
/// than a terabyte of memory.
pub fn synthetic(spec: &SyntheticSpec) -> (Tender, Bids) {
    let tender = Tender {
        id: tender_id(spec),
        title: tender_title(spec),
        currency: Currency::EUR,
        award: AWARD,
        requirements: REQUIREMENTS
            .iter()
            .map(|r| Requirement {
                id: r.id.to_owned(),
                text: r.text.to_owned(),
            })
            .collect(),
        criteria: CRITERIA
            .iter()
            .map(|c| Criterion {
                id: c.id.to_owned(),
                name: Some(c.name.to_owned()),
                weight: Some(Decimal::from(c.weight)),
                value: None,
                kind: match c.kind {
                    Spec::Price => CriterionKind::Price {
                        formula: Formula::Proportional,
                    },
                    Spec::Quantity {
                        better, formula, ..
                    } => CriterionKind::Quantity { better, formula },
                    Spec::Points { scale } => CriterionKind::Points {
                        scale: Decimal::from(scale),
                    },
                },
            })
            .collect(),
        abnormally_low: Decimal::new(20, 2),
        life_cycle: None,
        tie_break: Vec::new(),
    };

    let n = spec.bids;
    let mut ids = Vec::with_capacity(n);
    let mut suppliers = Vec::with_capacity(n);
    let mut requirements: Vec<Vec<bool>> =
        REQUIREMENTS.iter().map(|_| Vec::with_capacity(n)).collect();
    let mut columns: Vec<ColumnBuilder> = CRITERIA
        .iter()
        .map(|_| ColumnBuilder::with_capacity(n))
        .collect();
    let mut submitted_at = Vec::with_capacity(n);
    for (index, row) in Rows::new(spec).enumerate() {
        let number = index as u64 + 1;
        ids.push(format!("B{number:06}"));
        suppliers.push(format!("Supplier {number}"));
        for (column, met) in requirements.iter_mut().zip(row.requirements) {
            column.push(met);
        }
        for ((column, criterion), &value) in columns.iter_mut().zip(CRITERIA).zip(&row.criteria) {
            column.push(Scaled {
                mantissa: value,
                scale: criterion.kind.decimals(),
            });
        }
        submitted_at.push(
            OffsetDateTime::from_unix_timestamp(row.submitted_at)
                .expect("synthetic times stay within a few years of 2026"),
        );
    }
    let criteria: Vec<Column> = columns
        .into_iter()
        .map(|builder| {
            builder
                .finish()
                .expect("synthetic values have at most 6 digits")
        })
        .collect();
    let bids = Bids {
        ids,
        suppliers,
        // The header is line 1, bid i (0-based) is on line i + 2.
        lines: (0..n as u64).map(|i| i + 2).collect(),
        requirements,
        criteria,
        costs: Vec::new(),
        submitted_at: Some(submitted_at),
    };
    (tender, bids)
}

// ---------------------------------------------------------------------------
// The tender's shape.

const CURRENCY: &str = "EUR";
const AWARD: AwardModel = AwardModel::BestPriceQuality;

fn tender_id(spec: &SyntheticSpec) -> String {
    format!("synthetic-{}-{}", spec.seed, spec.bids)
}

fn tender_title(spec: &SyntheticSpec) -> String {
    format!(
        "Synthetic office laptops ({} bids, seed {})",
        spec.bids, spec.seed
    )
}

struct RequirementSpec {
    id: &'static str,
    text: &'static str,
}

const REQUIREMENTS: [RequirementSpec; 2] = [
    RequirementSpec {
        id: "certified",
        text: "TCO Certified, generation 9 or later",
    },
    RequirementSpec {
        id: "warranty_3y",
        text: "Three-year on-site warranty, next business day",
    },
];

/// One in this many bids fails each requirement.
const FAIL_ONE_IN: u64 = 100;

struct CriterionSpec {
    id: &'static str,
    name: &'static str,
    weight: u32,
    kind: Spec,
}

/// A criterion's kind and the range of its generated values, as scaled
/// integers (`lowest`, `highest` inclusive, with `decimals` decimals).
#[derive(Clone, Copy)]
enum Spec {
    /// 800.00 plus four uniform draws from 0.00 to 200.00.
    Price,
    Quantity {
        better: Better,
        formula: Formula,
        decimals: u32,
        lowest: i64,
        highest: i64,
    },
    /// Grades from 0 to `scale` in steps of 0.5, written with one decimal.
    Points { scale: u32 },
}

impl Spec {
    fn file_kind(self) -> &'static str {
        match self {
            Spec::Price => "price",
            Spec::Quantity { .. } => "quantity",
            Spec::Points { .. } => "points",
        }
    }

    /// The number of decimals every value of this criterion is written with.
    fn decimals(self) -> u32 {
        match self {
            Spec::Price => 2,
            Spec::Quantity { decimals, .. } => decimals,
            Spec::Points { .. } => 1,
        }
    }
}

const CRITERIA: [CriterionSpec; 8] = [
    CriterionSpec {
        id: "price",
        name: "Price",
        weight: 40,
        kind: Spec::Price,
    },
    CriterionSpec {
        id: "battery_hours",
        name: "Battery life (hours)",
        weight: 10,
        kind: Spec::Quantity {
            better: Better::Higher,
            formula: Formula::Linear,
            decimals: 1,
            lowest: 60,
            highest: 200,
        },
    },
    CriterionSpec {
        id: "delivery_days",
        name: "Delivery time (days)",
        weight: 10,
        kind: Spec::Quantity {
            better: Better::Lower,
            formula: Formula::Linear,
            decimals: 0,
            lowest: 5,
            highest: 60,
        },
    },
    CriterionSpec {
        id: "weight_kg",
        name: "Weight (kg)",
        weight: 5,
        kind: Spec::Quantity {
            better: Better::Lower,
            formula: Formula::Proportional,
            decimals: 2,
            lowest: 90,
            highest: 250,
        },
    },
    CriterionSpec {
        id: "support",
        name: "Support",
        weight: 10,
        kind: Spec::Points { scale: 5 },
    },
    CriterionSpec {
        id: "ergonomics",
        name: "Ergonomics",
        weight: 10,
        kind: Spec::Points { scale: 10 },
    },
    CriterionSpec {
        id: "security",
        name: "Security",
        weight: 10,
        kind: Spec::Points { scale: 5 },
    },
    CriterionSpec {
        id: "sustainability",
        name: "Sustainability",
        weight: 5,
        kind: Spec::Points { scale: 10 },
    },
];

/// 2026-11-20T09:15:00Z as a Unix timestamp: the first bid comes 1 to 30
/// seconds after it.
const START: i64 = time::macros::datetime!(2026-11-20 09:15:00 UTC).unix_timestamp();

/// The longest gap between two consecutive submissions, in seconds.
const MAX_GAP: u64 = 30;

// ---------------------------------------------------------------------------
// The bids, as numbers.

/// splitmix64 (Steele, Lea and Flood 2014; Vigna's public-domain C version).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), by multiply-shift (bias below 2^-40 here).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lowest..=highest`.
    fn between(&mut self, lowest: i64, highest: i64) -> i64 {
        lowest + self.below((highest - lowest + 1) as u64) as i64
    }
}

/// One generated bid: requirement answers, scaled criterion values (in
/// [`CRITERIA`] order, with [`Spec::decimals`] decimals) and Unix time.
struct Row {
    requirements: [bool; 2],
    criteria: [i64; 8],
    submitted_at: i64,
}

/// The bids of a spec, in order; both the writer and [`synthetic`] read
/// them from here, so they cannot disagree.
struct Rows {
    rng: SplitMix64,
    left: usize,
    time: i64,
}

impl Rows {
    fn new(spec: &SyntheticSpec) -> Rows {
        Rows {
            rng: SplitMix64(spec.seed),
            left: spec.bids,
            time: START,
        }
    }
}

impl Iterator for Rows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let rng = &mut self.rng;
        let requirements = [rng.below(FAIL_ONE_IN) != 0, rng.below(FAIL_ONE_IN) != 0];
        let mut criteria = [0i64; 8];
        for (value, criterion) in criteria.iter_mut().zip(&CRITERIA) {
            *value = match criterion.kind {
                Spec::Price => 80_000 + (0..4).map(|_| rng.between(0, 20_000)).sum::<i64>(),
                Spec::Quantity {
                    lowest, highest, ..
                } => rng.between(lowest, highest),
                // Half steps: 0.0, 0.5, ..., scale.0 written with one decimal.
                Spec::Points { scale } => rng.between(0, i64::from(scale) * 2) * 5,
            };
        }
        self.time += 1 + self.rng.below(MAX_GAP) as i64;
        Some(Row {
            requirements,
            criteria,
            submitted_at: self.time,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

// ---------------------------------------------------------------------------
// Formatting.

/// Appends `value` in decimal, zero-padded to at least `width` digits.
fn push_padded(buffer: &mut Vec<u8>, mut value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    while value > 0 || digits.len() - start < width {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    buffer.extend_from_slice(&digits[start..]);
}

/// Appends a non-negative scaled integer as a decimal with exactly
/// `decimals` decimals: `push_fixed(b, 123450, 2)` appends `1234.50`.
fn push_fixed(buffer: &mut Vec<u8>, value: i64, decimals: u32) {
    let value = value.unsigned_abs();
    if decimals == 0 {
        push_padded(buffer, value, 1);
        return;
    }
    let unit = 10u64.pow(decimals);
    push_padded(buffer, value / unit, 1);
    buffer.push(b'.');
    push_padded(buffer, value % unit, decimals as usize);
}

/// Formats Unix times as `2026-11-20T09:15:00Z`, the date part computed
/// once per day.
#[derive(Default)]
struct DateCache {
    day: Option<i64>,
    date: Vec<u8>,
}

impl DateCache {
    fn push(&mut self, buffer: &mut Vec<u8>, unix: i64) {
        let day = unix.div_euclid(86_400);
        let seconds = unix.rem_euclid(86_400) as u64;
        if self.day != Some(day) {
            let (year, month, day_of_month) = civil_from_days(day);
            self.date.clear();
            push_padded(&mut self.date, year.unsigned_abs(), 4);
            self.date.push(b'-');
            push_padded(&mut self.date, month, 2);
            self.date.push(b'-');
            push_padded(&mut self.date, day_of_month, 2);
            self.date.push(b'T');
            self.day = Some(day);
        }
        buffer.extend_from_slice(&self.date);
        push_padded(buffer, seconds / 3600, 2);
        buffer.push(b':');
        push_padded(buffer, seconds / 60 % 60, 2);
        buffer.push(b':');
        push_padded(buffer, seconds % 60, 2);
        buffer.push(b'Z');
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u64, u64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u64;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u64;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{BidsFormat, TenderFormat, parse_bids, parse_tender};

    fn files(bids: usize, seed: u64) -> (String, Vec<u8>) {
        let spec = SyntheticSpec { bids, seed };
        let mut tender = Vec::new();
        write_tender(&spec, &mut tender).expect("writes to a Vec");
        let mut csv = Vec::new();
        write_bids(&spec, &mut csv).expect("writes to a Vec");
        (String::from_utf8(tender).expect("UTF-8"), csv)
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(files(3000, 42), files(3000, 42));
    }

    #[test]
    fn different_seeds_differ() {
        let (tender_a, bids_a) = files(100, 1);
        let (tender_b, bids_b) = files(100, 2);
        assert_ne!(tender_a, tender_b, "the id names the seed");
        assert_ne!(bids_a, bids_b);
        // Same header, different rows.
        let header = |csv: &[u8]| csv.split(|&b| b == b'\n').next().map(<[u8]>::to_vec);
        assert_eq!(header(&bids_a), header(&bids_b));
    }

    #[test]
    fn one_row_per_bid_after_the_header() {
        for bids in [0, 1, 7, 2500] {
            let (_, csv) = files(bids, 9);
            let lines = csv.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(lines, bids + 1, "{bids} bids");
            assert_eq!(csv.last(), Some(&b'\n'));
        }
    }

    #[test]
    fn the_header_names_the_tenders_requirements_and_criteria() {
        let spec = SyntheticSpec { bids: 1, seed: 7 };
        let (tender, _) = synthetic(&spec);
        let (_, csv) = files(spec.bids, spec.seed);
        let text = String::from_utf8(csv).expect("UTF-8");
        let header: Vec<&str> = text.lines().next().expect("a header").split(',').collect();
        let mut expected = vec!["bid", "supplier"];
        expected.extend(tender.requirements.iter().map(|r| r.id.as_str()));
        expected.extend(tender.criteria.iter().map(|c| c.id.as_str()));
        expected.push("submitted_at");
        assert_eq!(header, expected);
        assert_eq!(tender.requirements.len(), 2);
        assert_eq!(tender.criteria.len(), 8);
    }

    #[test]
    fn the_first_rows_look_as_documented() {
        let (tender, csv) = files(2, 42);
        assert!(tender.contains("id = \"synthetic-42-2\"\n"), "{tender}");
        let text = String::from_utf8(csv).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "bid,supplier,certified,warranty_3y,price,battery_hours,delivery_days,weight_kg,support,ergonomics,security,sustainability,submitted_at"
        );
        assert!(lines[1].starts_with("B000001,Supplier 1,"), "{}", lines[1]);
        assert!(lines[2].starts_with("B000002,Supplier 2,"), "{}", lines[2]);
        assert!(lines[1].ends_with('Z') && lines[1].contains(",2026-11-20T09:15:"));
        assert_eq!(lines[1].split(',').count(), 13);
    }

    #[test]
    fn parsing_the_files_gives_the_in_memory_data() {
        for (bids, seed) in [(0, 5), (1, 6), (5000, 42)] {
            let spec = SyntheticSpec { bids, seed };
            let (tender_text, csv) = files(bids, seed);
            let (tender, expected) = synthetic(&spec);

            let parsed = parse_tender(&tender_text, TenderFormat::Toml, "tender.toml")
                .expect("the synthetic tender is valid");
            assert_eq!(parsed.id, tender.id);
            assert_eq!(parsed.title, tender.title);
            assert_eq!(parsed.currency, tender.currency);
            assert_eq!(parsed.award, tender.award);
            assert_eq!(parsed.requirements, tender.requirements);
            assert_eq!(parsed.criteria, tender.criteria);
            assert_eq!(parsed.abnormally_low, tender.abnormally_low);
            assert_eq!(parsed.life_cycle, tender.life_cycle);
            assert_eq!(parsed.tie_break, tender.tie_break);
            assert_eq!(parsed, tender);

            let got = parse_bids(&csv, BidsFormat::Csv, "bids.csv", &tender)
                .expect("the synthetic bids are valid");
            assert_eq!(got.len(), bids);
            assert_eq!(got.ids, expected.ids);
            assert_eq!(got.suppliers, expected.suppliers);
            assert_eq!(got.lines, expected.lines);
            assert_eq!(got.requirements, expected.requirements);
            assert_eq!(got.criteria.len(), expected.criteria.len());
            for (criterion, (a, b)) in tender
                .criteria
                .iter()
                .zip(got.criteria.iter().zip(&expected.criteria))
            {
                assert_eq!(a.scale(), b.scale(), "scale of {}", criterion.id);
                assert_eq!(a.raw(), b.raw(), "values of {}", criterion.id);
            }
            assert_eq!(got.costs, expected.costs);
            assert_eq!(got.submitted_at, expected.submitted_at);
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn values_stay_in_their_documented_ranges() {
        let (tender, bids) = synthetic(&SyntheticSpec {
            bids: 20_000,
            seed: 3,
        });
        let decimal = |text: &str| text.parse::<Decimal>().expect("decimal");
        let ranges = [
            ("800.00", "1600.00"),
            ("6.0", "20.0"),
            ("5", "60"),
            ("0.90", "2.50"),
            ("0", "5"),
            ("0", "10"),
            ("0", "5"),
            ("0", "10"),
        ];
        for ((criterion, column), (low, high)) in
            tender.criteria.iter().zip(&bids.criteria).zip(ranges)
        {
            for i in 0..column.len() {
                let value = column.decimal(i);
                assert!(
                    decimal(low) <= value && value <= decimal(high),
                    "{}: {value}",
                    criterion.id
                );
                if let CriterionKind::Points { .. } = criterion.kind {
                    assert!((value * Decimal::TWO).fract().is_zero(), "{value}");
                }
            }
        }
        // About 1 % fail each requirement.
        for met in &bids.requirements {
            let failed = met.iter().filter(|&&m| !m).count();
            assert!((100..=300).contains(&failed), "{failed} of 20000 failed");
        }
        // Submission times are distinct and ascend.
        let times = bids.submitted_at.as_ref().expect("times");
        assert!(times.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            times[0].date(),
            time::macros::date!(2026 - 11 - 20),
            "starts on the documented day"
        );
    }

    #[test]
    fn dates_format_like_the_time_crate() {
        for unix in [
            0,
            START,
            951_782_400,   // 2000-02-29
            4_107_542_399, // 2100-02-28T23:59:59
            1_709_251_199, // 2024-02-29T23:59:59
        ] {
            let mut buffer = Vec::new();
            DateCache::default().push(&mut buffer, unix);
            let expected = OffsetDateTime::from_unix_timestamp(unix)
                .expect("in range")
                .format(&time::format_description::well_known::Rfc3339)
                .expect("formats");
            assert_eq!(String::from_utf8(buffer).expect("ASCII"), expected);
        }
    }

    #[test]
    fn fixed_point_formatting() {
        let text = |value, decimals| {
            let mut buffer = Vec::new();
            push_fixed(&mut buffer, value, decimals);
            String::from_utf8(buffer).expect("ASCII")
        };
        assert_eq!(text(123_450, 2), "1234.50");
        assert_eq!(text(5, 2), "0.05");
        assert_eq!(text(0, 1), "0.0");
        assert_eq!(text(60, 0), "60");
        assert_eq!(text(0, 0), "0");
    }
}
