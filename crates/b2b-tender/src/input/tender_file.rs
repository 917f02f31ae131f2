//! Tender files: the raw TOML/JSON structure and its validation into a [`Tender`].

use super::{InputError, Location, TenderFormat, line_column, suggest};
use crate::tender::{
    AwardModel, Better, CostItem, CostPer, Criterion, CriterionKind, Formula, LifeCycle,
    Requirement, Tender, TieBreak,
};
use b2b_core::Currency;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Column names the bids file uses for itself; no tender id may take them.
pub(super) const RESERVED: [&str; 4] = ["bid", "supplier", "submitted_at", "currency"];

/// The largest fraction a feature may offer, and the largest sum of the
/// features' maxima (Prozorro's rule).
use crate::tender::FEATURE_MAX;

/// Parses and validates a tender file.
pub(super) fn parse(text: &str, format: TenderFormat, source: &str) -> Result<Tender, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawTender = match format {
        TenderFormat::Toml => b2b_core::exact_toml::from_str(text)
            .map_err(|error| toml_syntax_error(text, source, &error))?,
        TenderFormat::Json => {
            check_json_object(text, source)?;
            serde_json::from_str(text).map_err(|error| json_error(source, &error))?
        }
    };
    validate(raw).map_err(|problem| {
        let at = match format {
            TenderFormat::Toml => toml_locate(text, &problem.target),
            TenderFormat::Json => json_locate(text, &problem.target),
        };
        InputError::Tender {
            file: source.to_owned(),
            at: at.unwrap_or(Location::File),
            path: problem.target.path(),
            message: problem.message,
        }
    })
}

// ---------------------------------------------------------------------------
// The raw file structure.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTender {
    id: String,
    title: String,
    currency: String,
    award: String,
    abnormally_low: Option<Num>,
    tie_break: Option<Vec<String>>,
    years: Option<Num>,
    discount_rate: Option<Num>,
    #[serde(default)]
    requirements: Vec<RawRequirement>,
    #[serde(default)]
    criteria: Vec<RawCriterion>,
    #[serde(default)]
    costs: Vec<RawCost>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: String,
    kind: RawKind,
    name: Option<String>,
    weight: Option<Num>,
    formula: Option<RawFormula>,
    better: Option<RawBetter>,
    scale: Option<Num>,
    values: Option<Vec<Num>>,
    value: Option<Num>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Price,
    Quantity,
    Points,
    Feature,
}

impl RawKind {
    fn name(self) -> &'static str {
        match self {
            RawKind::Price => "price",
            RawKind::Quantity => "quantity",
            RawKind::Points => "points",
            RawKind::Feature => "feature",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawFormula {
    Proportional,
    Linear,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawBetter {
    Lower,
    Higher,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCost {
    id: String,
    per: RawPer,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawPer {
    Once,
    Year,
    End,
}

/// A number as written in a tender file (a number or a string), converted
/// exactly, or the reason it is not a usable decimal. Keeping the failure
/// lets validation report it with the entry it belongs to.
#[derive(Debug, Clone)]
struct Num(Result<Decimal, String>);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        b2b_core::try_deserialize_decimal(deserializer).map(Num)
    }
}

// ---------------------------------------------------------------------------
// Validation.

/// Which part of the tender a problem is about.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A top-level key, e.g. `award`.
    Key(&'static str),
    /// An element of a top-level array, e.g. `tie_break[1]`.
    Item(&'static str, usize),
    /// An entry of `requirements`, `criteria` or `costs`, optionally one of its fields.
    Entry {
        section: &'static str,
        index: usize,
        id: String,
        field: Option<&'static str>,
    },
}

impl Target {
    fn entry(section: &'static str, index: usize, id: &str, field: Option<&'static str>) -> Target {
        Target::Entry {
            section,
            index,
            id: id.to_owned(),
            field,
        }
    }

    /// The same entry, another field.
    fn field(&self, field: &'static str) -> Target {
        match self {
            Target::Entry {
                section, index, id, ..
            } => Target::entry(section, *index, id, Some(field)),
            other => other.clone(),
        }
    }

    /// The path shown in messages: `award`, `tie_break[1]`, `criteria[2] ("battery")`.
    fn path(&self) -> String {
        match self {
            Target::Key(key) => (*key).to_owned(),
            Target::Item(key, index) => format!("{key}[{index}]"),
            Target::Entry {
                section, index, id, ..
            } if id.is_empty() => format!("{section}[{index}]"),
            Target::Entry {
                section, index, id, ..
            } => format!("{section}[{index}] ({:?})", b2b_core::excerpt(id)),
        }
    }
}

#[derive(Debug)]
struct Problem {
    target: Target,
    message: String,
}

fn fail<T>(target: Target, message: impl Into<String>) -> Result<T, Problem> {
    Err(Problem {
        target,
        message: message.into(),
    })
}

/// The decimal of a number field, or the problem with it.
fn number(num: &Num, target: &Target, field: &str) -> Result<Decimal, Problem> {
    match &num.0 {
        Ok(value) => Ok(*value),
        Err(why) => match target {
            Target::Entry { .. } => fail(target.clone(), format!("{field}: {why}")),
            _ => fail(target.clone(), why.clone()),
        },
    }
}

fn award_names() -> String {
    AwardModel::ALL.map(AwardModel::name).join(", ")
}

/// Checks every rule and builds the tender; the first problem found wins.
fn validate(raw: RawTender) -> Result<Tender, Problem> {
    if raw.id.trim().is_empty() {
        return fail(Target::Key("id"), "the tender id must not be empty");
    }
    let currency: Currency = match raw.currency.trim().parse() {
        Ok(currency) => currency,
        Err(error) => return fail(Target::Key("currency"), error.to_string()),
    };
    let Some(award) = AwardModel::from_name(&raw.award) else {
        let hint = suggest(&raw.award, AwardModel::ALL.map(AwardModel::name))
            .map(|name| format!(" (did you mean {:?}?)", b2b_core::excerpt(name)))
            .unwrap_or_default();
        return fail(
            Target::Key("award"),
            format!(
                "unknown award model {:?}{hint}: expected one of {}",
                raw.award,
                award_names()
            ),
        );
    };
    let abnormally_low = match &raw.abnormally_low {
        None => Decimal::new(20, 2),
        Some(num) => {
            let target = Target::Key("abnormally_low");
            let value = number(num, &target, "abnormally_low")?;
            if value < Decimal::ZERO || value >= Decimal::ONE {
                return fail(
                    target,
                    format!("must be a fraction in [0, 1), found {value}"),
                );
            }
            value
        }
    };

    let mut ids = IdRegistry::default();
    let mut requirements = Vec::with_capacity(raw.requirements.len());
    for (index, requirement) in raw.requirements.into_iter().enumerate() {
        let target = Target::entry("requirements", index, &requirement.id, Some("id"));
        ids.check(&requirement.id, target)?;
        requirements.push(Requirement {
            id: requirement.id,
            text: requirement.text,
        });
    }

    let mut criteria = Vec::with_capacity(raw.criteria.len());
    for (index, criterion) in raw.criteria.into_iter().enumerate() {
        let target = Target::entry("criteria", index, &criterion.id, None);
        ids.check(&criterion.id, target.field("id"))?;
        criteria.push(criterion_from_raw(criterion, &target)?);
    }

    let mut costs = Vec::with_capacity(raw.costs.len());
    for (index, cost) in raw.costs.into_iter().enumerate() {
        let target = Target::entry("costs", index, &cost.id, Some("id"));
        ids.check(&cost.id, target)?;
        let per = match cost.per {
            RawPer::Once => CostPer::Once,
            RawPer::Year => CostPer::Year,
            RawPer::End => CostPer::End,
        };
        costs.push(CostItem { id: cost.id, per });
    }

    check_single_price(&criteria)?;
    check_award_rules(award, &criteria)?;
    let life_cycle = life_cycle(award, raw.years, raw.discount_rate, costs)?;
    let tie_break = tie_break(raw.tie_break.unwrap_or_default(), &criteria)?;

    Ok(Tender {
        id: raw.id,
        title: raw.title,
        currency,
        award,
        requirements,
        criteria,
        abnormally_low,
        life_cycle,
        tie_break,
    })
}

/// Every id seen so far (requirements, criteria, costs) and where.
#[derive(Default)]
struct IdRegistry {
    seen: HashMap<String, String>,
}

impl IdRegistry {
    fn check(&mut self, id: &str, target: Target) -> Result<(), Problem> {
        if id.trim().is_empty() {
            return fail(target, "id must not be empty");
        }
        if id.trim() != id {
            return fail(
                target,
                format!(
                    "id {:?} must not start or end with spaces",
                    b2b_core::excerpt(id)
                ),
            );
        }
        if RESERVED.contains(&id) {
            return fail(
                target,
                format!(
                    "id {:?} is reserved: bid, supplier, submitted_at and currency are the bids file's own columns",
                    b2b_core::excerpt(id)
                ),
            );
        }
        if let Some(first) = self.seen.get(id) {
            return fail(
                target,
                format!("duplicate id {:?} (also {first})", b2b_core::excerpt(id)),
            );
        }
        self.seen.insert(id.to_owned(), target.path());
        Ok(())
    }
}

/// One criterion's own rules (those that do not depend on the award model).
fn criterion_from_raw(raw: RawCriterion, target: &Target) -> Result<Criterion, Problem> {
    let kind_name = raw.kind.name();
    let forbidden = |field: &'static str, only: &str| {
        fail::<Criterion>(
            target.field(field),
            format!("{field} is only for {only} criteria, not for a {kind_name} criterion"),
        )
    };
    if raw.better.is_some() && raw.kind != RawKind::Quantity {
        return forbidden("better", "quantity");
    }
    if raw.formula.is_some() && !matches!(raw.kind, RawKind::Price | RawKind::Quantity) {
        return forbidden("formula", "price and quantity");
    }
    if raw.scale.is_some() && raw.kind != RawKind::Points {
        return forbidden("scale", "points");
    }
    if raw.values.is_some() && raw.kind != RawKind::Feature {
        return forbidden("values", "feature");
    }
    let weight = positive(raw.weight.as_ref(), target, "weight")?;
    let value = positive(raw.value.as_ref(), target, "value")?;
    let formula = raw.formula.map(|formula| match formula {
        RawFormula::Proportional => Formula::Proportional,
        RawFormula::Linear => Formula::Linear,
    });
    let kind = match raw.kind {
        RawKind::Price => CriterionKind::Price {
            formula: formula.unwrap_or(Formula::Proportional),
        },
        RawKind::Quantity => {
            let better = match raw.better {
                Some(RawBetter::Lower) => Better::Lower,
                Some(RawBetter::Higher) => Better::Higher,
                None => {
                    return fail(
                        target.clone(),
                        "a quantity criterion needs better = \"lower\" or \"higher\"",
                    );
                }
            };
            CriterionKind::Quantity {
                better,
                formula: formula.unwrap_or(Formula::Linear),
            }
        }
        RawKind::Points => {
            let Some(scale) = positive(raw.scale.as_ref(), target, "scale")? else {
                return fail(
                    target.clone(),
                    "a points criterion needs scale, its maximum grade (a positive number)",
                );
            };
            CriterionKind::Points { scale }
        }
        RawKind::Feature => {
            let Some(raw_values) = &raw.values else {
                return fail(
                    target.clone(),
                    "a feature criterion needs values, the fractions a bid can choose from (each in [0, 0.3])",
                );
            };
            CriterionKind::Feature {
                values: feature_values(raw_values, &target.field("values"))?,
            }
        }
    };
    Ok(Criterion {
        id: raw.id,
        name: raw.name,
        weight,
        value,
        kind,
    })
}

/// An optional field that, when present, must be a positive number.
fn positive(
    num: Option<&Num>,
    target: &Target,
    field: &'static str,
) -> Result<Option<Decimal>, Problem> {
    let Some(num) = num else {
        return Ok(None);
    };
    let target = target.field(field);
    let value = number(num, &target, field)?;
    if value <= Decimal::ZERO {
        return fail(target, format!("{field} must be positive, found {value}"));
    }
    Ok(Some(value))
}

/// A feature's offered values: each in `[0, 0.3]`, unique, sorted ascending.
fn feature_values(raw: &[Num], target: &Target) -> Result<Vec<Decimal>, Problem> {
    if raw.is_empty() {
        return fail(
            target.clone(),
            "values must offer at least one fraction in [0, 0.3]",
        );
    }
    let mut values: Vec<Decimal> = Vec::with_capacity(raw.len());
    for (index, num) in raw.iter().enumerate() {
        let value = number(num, target, &format!("values[{index}]"))?;
        if value < Decimal::ZERO || value > FEATURE_MAX {
            return fail(
                target.clone(),
                format!(
                    "values[{index}] is {value}, outside [0, 0.3]: each offered value is a fraction from 0 to 0.3"
                ),
            );
        }
        values.push(value);
    }
    values.sort();
    if let Some(pair) = values.windows(2).find(|pair| pair[0] == pair[1]) {
        return fail(
            target.clone(),
            format!(
                "values offers {} twice: each value must be unique",
                pair[1].normalize()
            ),
        );
    }
    Ok(values)
}

fn check_single_price(criteria: &[Criterion]) -> Result<(), Problem> {
    let mut first: Option<(usize, &str)> = None;
    for (index, criterion) in criteria.iter().enumerate() {
        if !matches!(criterion.kind, CriterionKind::Price { .. }) {
            continue;
        }
        match first {
            None => first = Some((index, &criterion.id)),
            Some((first_index, first_id)) => {
                return fail(
                    Target::entry("criteria", index, &criterion.id, Some("kind")),
                    format!(
                        "a second price criterion: exactly one criterion has kind = \"price\" (the first is criteria[{first_index}] ({:?}))",
                        b2b_core::excerpt(first_id)
                    ),
                );
            }
        }
    }
    if first.is_none() {
        return fail(
            Target::Key("criteria"),
            "no price criterion: exactly one criterion must have kind = \"price\"",
        );
    }
    Ok(())
}

/// The rules that depend on the award model.
fn check_award_rules(award: AwardModel, criteria: &[Criterion]) -> Result<(), Problem> {
    let award_name = award.name();
    for (index, criterion) in criteria.iter().enumerate() {
        let target = Target::entry("criteria", index, &criterion.id, None);
        let is_price = matches!(criterion.kind, CriterionKind::Price { .. });
        let is_feature = matches!(criterion.kind, CriterionKind::Feature { .. });
        match award {
            AwardModel::PriceFeatures if !is_price && !is_feature => {
                return fail(
                    target.field("kind"),
                    format!(
                        "award \"price-features\" allows only price and feature criteria, found a {} criterion",
                        criterion.kind.name()
                    ),
                );
            }
            _ if is_feature && award != AwardModel::PriceFeatures => {
                return fail(
                    target.field("kind"),
                    format!(
                        "feature criteria are only for award = \"price-features\", the award is {:?}",
                        b2b_core::excerpt(award_name)
                    ),
                );
            }
            AwardModel::BestPriceQuality if criterion.weight.is_none() => {
                return fail(
                    target,
                    "award \"best-price-quality\" needs a weight on every criterion",
                );
            }
            AwardModel::PricePerQuality if !is_price && criterion.weight.is_none() => {
                return fail(
                    target,
                    "award \"price-per-quality\" needs a weight on every non-price criterion",
                );
            }
            AwardModel::ValueDeduction if !is_price && criterion.value.is_none() => {
                return fail(
                    target,
                    "award \"value-deduction\" needs a value (the money value of full marks, positive) on every non-price criterion",
                );
            }
            _ => {}
        }
    }
    let has_non_price = criteria
        .iter()
        .any(|c| !matches!(c.kind, CriterionKind::Price { .. }));
    if matches!(
        award,
        AwardModel::PricePerQuality | AwardModel::ValueDeduction
    ) && !has_non_price
    {
        return fail(
            Target::Key("criteria"),
            format!(
                "award {:?} needs at least one non-price criterion",
                b2b_core::excerpt(award_name)
            ),
        );
    }
    if award == AwardModel::PriceFeatures {
        let sum: Decimal = criteria
            .iter()
            .filter_map(|c| match &c.kind {
                CriterionKind::Feature { values } => values.last().copied(),
                _ => None,
            })
            .sum();
        if sum > FEATURE_MAX {
            return fail(
                Target::Key("criteria"),
                format!("the features' largest values add up to {sum}, more than the 0.3 allowed"),
            );
        }
    }
    Ok(())
}

/// The life-cycle parameters: required for lowest-cost, forbidden otherwise.
fn life_cycle(
    award: AwardModel,
    years: Option<Num>,
    discount_rate: Option<Num>,
    costs: Vec<CostItem>,
) -> Result<Option<LifeCycle>, Problem> {
    if award != AwardModel::LowestCost {
        for (key, present) in [
            ("years", years.is_some()),
            ("discount_rate", discount_rate.is_some()),
            ("costs", !costs.is_empty()),
        ] {
            if present {
                return fail(
                    Target::Key(key),
                    format!(
                        "only allowed with award = \"lowest-cost\", the award is {:?}",
                        award.name()
                    ),
                );
            }
        }
        return Ok(None);
    }
    let Some(years) = years else {
        return fail(
            Target::Key("years"),
            "award \"lowest-cost\" needs years, the number of years of use (a whole number from 1 to 100)",
        );
    };
    let target = Target::Key("years");
    let value = number(&years, &target, "years")?;
    let years = match u32::try_from(value) {
        Ok(whole) if value.fract().is_zero() && (1..=100).contains(&whole) => whole,
        _ => {
            return fail(
                target,
                format!("must be a whole number from 1 to 100, found {value}"),
            );
        }
    };
    let Some(discount_rate) = discount_rate else {
        return fail(
            Target::Key("discount_rate"),
            "award \"lowest-cost\" needs discount_rate, the yearly discount rate as a fraction in [0, 1) (0.04 = 4 %)",
        );
    };
    let target = Target::Key("discount_rate");
    let discount_rate = number(&discount_rate, &target, "discount_rate")?;
    if discount_rate < Decimal::ZERO || discount_rate >= Decimal::ONE {
        return fail(
            target,
            format!("must be a fraction in [0, 1), found {discount_rate}"),
        );
    }
    if costs.is_empty() {
        return fail(
            Target::Key("costs"),
            "award \"lowest-cost\" needs at least one cost item ([[costs]] with id and per)",
        );
    }
    Ok(Some(LifeCycle {
        years,
        discount_rate,
        costs,
    }))
}

fn tie_break(names: Vec<String>, criteria: &[Criterion]) -> Result<Vec<TieBreak>, Problem> {
    let positions: HashMap<&str, usize> = criteria
        .iter()
        .enumerate()
        .map(|(position, c)| (c.id.as_str(), position))
        .collect();
    let mut rules = Vec::with_capacity(names.len());
    let mut used = std::collections::HashSet::with_capacity(names.len());
    for (index, name) in names.iter().enumerate() {
        let rule = if name == "submitted_at" {
            TieBreak::SubmittedAt
        } else if let Some(&position) = positions.get(name.as_str()) {
            TieBreak::Criterion(position)
        } else {
            let known = criteria
                .iter()
                .map(|c| c.id.as_str())
                .chain(["submitted_at"]);
            let hint = suggest(name, known)
                .map(|close| format!(" (did you mean {:?}?)", b2b_core::excerpt(close)))
                .unwrap_or_default();
            return fail(
                Target::Item("tie_break", index),
                format!(
                    "{:?} is not a criterion id or \"submitted_at\"{hint}",
                    b2b_core::excerpt(name)
                ),
            );
        };
        if !used.insert(name.as_str()) {
            return fail(
                Target::Item("tie_break", index),
                format!("{:?} is listed twice", b2b_core::excerpt(name)),
            );
        }
        rules.push(rule);
    }
    Ok(rules)
}

// ---------------------------------------------------------------------------
// Positions.

/// A JSON tender must be an object; serde would also take an array.
fn check_json_object(text: &str, source: &str) -> Result<(), InputError> {
    let start = text.len() - text.trim_start().len();
    match text.get(start..).and_then(|rest| rest.chars().next()) {
        Some('{') | None => Ok(()),
        Some(_) => Err(InputError::Syntax {
            file: source.to_owned(),
            at: line_column(text, start),
            message: "expected a JSON object with the tender's fields".to_owned(),
        }),
    }
}

/// A serde_json error as an [`InputError::Syntax`] at its line and column.
pub(super) fn json_error(source: &str, error: &serde_json::Error) -> InputError {
    let text = error.to_string();
    let (at, message) = if error.line() == 0 {
        (Location::File, text)
    } else {
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
        (
            Location::LineColumn {
                line: error.line() as u64,
                column: error.column().max(1) as u64,
            },
            message,
        )
    };
    InputError::Syntax {
        file: source.to_owned(),
        at,
        message: with_suggestion(&message),
    }
}

fn toml_syntax_error(text: &str, source: &str, error: &toml::de::Error) -> InputError {
    let message = with_suggestion(error.message().trim_end());
    let Some(span) = error.span() else {
        return InputError::Syntax {
            file: source.to_owned(),
            at: Location::File,
            message,
        };
    };
    let message = match toml_path_at(text, span.start) {
        Some(path) if !path.is_empty() => format!("{path}: {message}"),
        _ => message,
    };
    InputError::Syntax {
        file: source.to_owned(),
        at: line_column(text, span.start),
        message,
    }
}

/// Adds `(did you mean `weight`?)` to serde's "unknown field `wieght`,
/// expected one of `id`, ..." and "unknown variant" messages.
fn with_suggestion(message: &str) -> String {
    for prefix in ["unknown field `", "unknown variant `"] {
        let Some(rest) = message.strip_prefix(prefix) else {
            continue;
        };
        let Some((name, expected)) = rest.split_once('`') else {
            continue;
        };
        // ", expected one of `a`, `b`" splits into [", expected one of ", "a", ", ", "b", ""].
        let candidates = expected.split('`').skip(1).step_by(2);
        if let Some(close) = suggest(name, candidates) {
            return format!("{prefix}{name}` (did you mean `{close}`?){expected}");
        }
    }
    message.to_owned()
}

/// Where a problem's target is in a TOML file: the field's value, or the
/// entry's `id` (or the entry) when the field is absent.
fn toml_locate(text: &str, target: &Target) -> Option<Location> {
    let root = DeTable::parse(text).ok()?;
    let table = root.get_ref();
    let span = match target {
        Target::Key(key) => table.get(*key)?.span(),
        Target::Item(key, index) => table.get(*key)?.get_ref().as_array()?.get(*index)?.span(),
        Target::Entry {
            section,
            index,
            field,
            ..
        } => {
            let entry = table.get(*section)?.get_ref().as_array()?.get(*index)?;
            let fields = entry.get_ref().as_table()?;
            match field.and_then(|field| fields.get(field)) {
                Some(value) => value.span(),
                None => fields.get("id").map_or_else(|| entry.span(), Spanned::span),
            }
        }
    };
    Some(line_column(text, span.start))
}

/// Where a problem's target is in a JSON file, like [`toml_locate`].
fn json_locate(text: &str, target: &Target) -> Option<Location> {
    let candidates: Vec<Vec<JsonStep<'_>>> = match target {
        Target::Key(key) => vec![vec![JsonStep::Key(key)]],
        Target::Item(key, index) => vec![vec![JsonStep::Key(key), JsonStep::Index(*index)]],
        Target::Entry {
            section,
            index,
            field,
            ..
        } => {
            let entry = [JsonStep::Key(section), JsonStep::Index(*index)];
            let mut candidates = Vec::new();
            if let Some(field) = field {
                candidates.push([&entry[..], &[JsonStep::Key(field)]].concat());
            }
            candidates.push([&entry[..], &[JsonStep::Key("id")]].concat());
            candidates.push(entry.to_vec());
            candidates
        }
    };
    candidates
        .iter()
        .find_map(|path| json_offset(text, path))
        .map(|offset| line_column(text, offset))
}

/// The byte offset of the value at `path` in a JSON document, if it exists.
///
/// serde_json keeps no spans, so this walks the document with a seed that
/// stops with a marker error at the target: the error's line and column are
/// where the parser was, just before the value.
fn json_offset(text: &str, path: &[JsonStep<'_>]) -> Option<usize> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let error = JsonSeek(path).deserialize(&mut deserializer).err()?;
    if error.to_string().get(..FOUND.len()) != Some(FOUND) || error.line() == 0 {
        return None;
    }
    let line_start = if error.line() == 1 {
        0
    } else {
        text.match_indices('\n').nth(error.line() - 2)?.0 + 1
    };
    let offset = line_start + error.column();
    let rest = text.get(offset..)?;
    Some(offset + (rest.len() - rest.trim_start().len()))
}

const FOUND: &str = "found the target";

#[derive(Debug, Clone, Copy)]
enum JsonStep<'a> {
    Key(&'a str),
    Index(usize),
}

struct JsonSeek<'p, 'a>(&'p [JsonStep<'a>]);

impl<'de> DeserializeSeed<'de> for JsonSeek<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.0.split_first() {
            None => Err(de::Error::custom(FOUND)),
            Some((JsonStep::Key(key), rest)) => {
                deserializer.deserialize_any(JsonSeekIn(Some(key), 0, rest))
            }
            Some((JsonStep::Index(index), rest)) => {
                deserializer.deserialize_any(JsonSeekIn(None, *index, rest))
            }
        }
    }
}

/// Looks for a key (`Some`) or an index in the value being visited.
struct JsonSeekIn<'p, 'a>(Option<&'a str>, usize, &'p [JsonStep<'a>]);

impl<'de> Visitor<'de> for JsonSeekIn<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some(wanted) = self.0 else {
            return Ok(());
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == wanted {
                return map.next_value_seed(JsonSeek(self.2));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.0.is_some() {
            return Ok(());
        }
        for _ in 0..self.1 {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(JsonSeek(self.2)).map(|_| ())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// One step of a path into a TOML document.
enum Step<'a> {
    Key(&'a str),
    /// An array element, with the `id` of the table it is, if any.
    Index(usize, Option<&'a str>),
}

/// The path of the innermost value of a TOML document around byte
/// `offset`, e.g. `criteria[1] ("battery"): weight`; a key at `offset`
/// stands for the table that holds it.
fn toml_path_at(text: &str, offset: usize) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut steps = Vec::new();
    find_in_table(root.get_ref(), offset, &mut steps);
    let mut path = String::new();
    let mut after_index = false;
    for step in steps {
        match step {
            Step::Key(key) => {
                if after_index {
                    path.push_str(": ");
                } else if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                after_index = false;
            }
            Step::Index(index, id) => {
                path.push_str(&format!("[{index}]"));
                if let Some(id) = id {
                    path.push_str(&format!(" ({:?})", b2b_core::excerpt(id)));
                }
                after_index = true;
            }
        }
    }
    Some(path)
}

fn find_in_table<'a>(table: &'a DeTable<'_>, offset: usize, steps: &mut Vec<Step<'a>>) {
    for (key, value) in table.iter() {
        if key.span().contains(&offset) {
            return;
        }
        if contains(value, offset) {
            steps.push(Step::Key(key.get_ref()));
            find_in_value(value, offset, steps);
            return;
        }
    }
}

fn find_in_value<'a>(value: &'a Spanned<DeValue<'_>>, offset: usize, steps: &mut Vec<Step<'a>>) {
    match value.get_ref() {
        DeValue::Table(table) => find_in_table(table, offset, steps),
        DeValue::Array(array) => {
            if let Some((index, element)) = array
                .iter()
                .enumerate()
                .find(|(_, element)| contains(element, offset))
            {
                let id = element
                    .get_ref()
                    .as_table()
                    .and_then(|t| t.get("id"))
                    .and_then(|id| id.get_ref().as_str());
                steps.push(Step::Index(index, id));
                find_in_value(element, offset, steps);
            }
        }
        _ => {}
    }
}

/// Whether a value, or anything inside it (keys included), spans byte `offset`.
fn contains(value: &Spanned<DeValue<'_>>, offset: usize) -> bool {
    if value.span().contains(&offset) {
        return true;
    }
    match value.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .any(|(k, v)| k.span().contains(&offset) || contains(v, offset)),
        DeValue::Array(array) => array.iter().any(|v| contains(v, offset)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).expect("decimal")
    }

    const HEAD: &str = "id = \"T\"\ntitle = \"t\"\ncurrency = \"EUR\"\naward = \"lowest-price\"\n";

    fn toml(extra: &str) -> Result<Tender, InputError> {
        parse(
            &format!("{HEAD}{extra}\n[[criteria]]\nid = \"price\"\nkind = \"price\"\n"),
            TenderFormat::Toml,
            "t.toml",
        )
    }

    #[test]
    fn toml_floats_are_read_as_written() {
        let tender = toml("abnormally_low = 0.1").expect("valid");
        assert_eq!(tender.abnormally_low, dec("0.1"));
        // As an f64 this is 0.3.
        let tender = toml("abnormally_low = 0.30000000000000001").expect("valid");
        assert_eq!(tender.abnormally_low, dec("0.30000000000000001"));
    }

    #[test]
    fn strings_and_json_numbers_are_exact() {
        let tender = toml("abnormally_low = \"0.1234567890123456789012345678\"").expect("valid");
        assert_eq!(tender.abnormally_low, dec("0.1234567890123456789012345678"));
        let json = r#"{"id": "T", "title": "t", "currency": "EUR", "award": "lowest-price",
            "abnormally_low": 0.1234567890123456789012345678,
            "criteria": [{"id": "price", "kind": "price", "weight": 12345678901234567890123}]}"#;
        let tender = parse(json, TenderFormat::Json, "t.json").expect("valid");
        assert_eq!(tender.abnormally_low, dec("0.1234567890123456789012345678"));
        assert_eq!(
            tender.criteria[0].weight,
            Some(dec("12345678901234567890123"))
        );
        let exponents = r#"{"id": "T", "title": "t", "currency": "EUR", "award": "lowest-price",
            "abnormally_low": 2E-2, "criteria": [{"id": "price", "kind": "price"}]}"#;
        let tender = parse(exponents, TenderFormat::Json, "t.json").expect("valid");
        assert_eq!(tender.abnormally_low, dec("0.02"));
        let too_large = exponents.replace("2E-2", "1e40");
        let error = parse(&too_large, TenderFormat::Json, "t.json").expect_err("1e40");
        assert!(error.to_string().contains("abnormally_low"), "{error}");
    }

    #[test]
    fn defaults() {
        let tender = toml("").expect("valid");
        assert_eq!(tender.abnormally_low, dec("0.20"));
        assert!(tender.tie_break.is_empty());
        assert!(tender.requirements.is_empty());
        assert_eq!(tender.life_cycle, None);
        assert_eq!(
            tender.criteria[0].kind,
            CriterionKind::Price {
                formula: Formula::Proportional
            }
        );
        // A byte order mark is not part of the document.
        let with_bom = format!("\u{feff}{HEAD}[[criteria]]\nid = \"price\"\nkind = \"price\"\n");
        assert_eq!(parse(&with_bom, TenderFormat::Toml, "t.toml"), Ok(tender));
    }

    #[test]
    fn suggestions_in_serde_messages() {
        assert_eq!(
            with_suggestion("unknown field `wieght`, expected one of `id`, `weight`"),
            "unknown field `wieght` (did you mean `weight`?), expected one of `id`, `weight`"
        );
        assert_eq!(
            with_suggestion("unknown variant `prise`, expected `price` or `quantity`"),
            "unknown variant `prise` (did you mean `price`?), expected `price` or `quantity`"
        );
        assert_eq!(
            with_suggestion("unknown field `zzzzzz`, expected `id`"),
            "unknown field `zzzzzz`, expected `id`"
        );
        assert_eq!(with_suggestion("unknown field `"), "unknown field `");
        assert_eq!(with_suggestion("trailing comma"), "trailing comma");
    }

    #[test]
    fn toml_paths_and_locations() {
        let text = "id = \"T\"\n[[criteria]]\nid = \"a\"\nweight = 5\n[[criteria]]\nid = \"b\"\nweight = 7\n";
        let offset = text.find('7').expect("7");
        assert_eq!(
            toml_path_at(text, offset).as_deref(),
            Some("criteria[1] (\"b\"): weight")
        );
        assert_eq!(toml_path_at(text, 0).as_deref(), Some(""));
        let target = Target::entry("criteria", 1, "b", Some("weight"));
        assert_eq!(
            toml_locate(text, &target),
            Some(Location::LineColumn {
                line: 7,
                column: 10
            })
        );
        // An absent field points at the entry's id.
        let target = Target::entry("criteria", 0, "a", Some("scale"));
        assert_eq!(
            toml_locate(text, &target),
            Some(Location::LineColumn { line: 3, column: 6 })
        );
        assert_eq!(toml_locate(text, &Target::Key("years")), None);
        assert_eq!(toml_locate("not toml [", &Target::Key("id")), None);
    }

    #[test]
    fn json_locations() {
        let text = "{\"id\": \"T\",\n \"criteria\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\", \"weight\": 7}\n ],\n \"tie_break\": [\"x\", \"y\"]}";
        let target = Target::entry("criteria", 1, "b", Some("weight"));
        assert_eq!(
            json_locate(text, &target),
            Some(Location::LineColumn {
                line: 4,
                column: 25
            })
        );
        let target = Target::entry("criteria", 0, "a", Some("weight"));
        assert_eq!(
            json_locate(text, &target),
            Some(Location::LineColumn {
                line: 3,
                column: 10
            })
        );
        assert_eq!(
            json_locate(text, &Target::Item("tie_break", 1)),
            Some(Location::LineColumn {
                line: 6,
                column: 21
            })
        );
        assert_eq!(json_locate(text, &Target::Item("tie_break", 2)), None);
        assert_eq!(json_locate(text, &Target::Key("award")), None);
        assert_eq!(json_locate("[1, 2", &Target::Key("id")), None);
    }
}
