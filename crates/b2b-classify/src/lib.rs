//! Is a sale B2B, B2C, corporate supply or resale? A small, data-driven
//! rule engine that answers under several named rule sets at once and
//! always explains itself.
//!
//! The source text (docs/domain: the Swedish compilation on B2B selling)
//! defines B2B strictly and contradicts itself; EU VAT law and EU consumer
//! law draw the line with other words. Each view is a rule set, written as
//! a TOML file ([`rules`]); four ship with the crate ([`shipped`]) and users
//! can write their own. A sale ([`sale::Sale`]) becomes facts
//! ([`facts::Facts`]); each rule set gives a [`engine::View`]: a segment, a
//! model, tags, the rules that applied with their reasons, and consequences.
//!
//! ```
//! use b2b_classify::{classify, input, shipped};
//!
//! let sale = input::parse_sale(r#"
//!     purpose = "internal-needs"
//!     paid_by = "organisation"
//!     description = "toilet paper for the factory's toilets"
//!     buyer = { kind = "organisation", country = "SE" }
//!     seller = { country = "SE" }
//! "#, input::SaleFormat::Toml)?;
//! let sets = shipped()?;
//! let result = classify(&sale, &sets);
//! assert_eq!(result.views.get("seed").map(|v| v.segment.as_str()), Some("corporate-supply"));
//! assert_eq!(result.views.get("broad").map(|v| v.segment.as_str()), Some("b2b"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod country;
pub mod engine;
pub mod facts;
pub mod input;
pub mod output;
pub mod rules;
pub mod sale;

use engine::View;
use facts::Facts;
use rules::{RuleSet, RuleSetError};
use sale::Sale;
use serde::Serialize;
use serde::ser::SerializeMap;

/// The rule sets that ship with the crate, by name, as their TOML text.
pub const SHIPPED: [(&str, &str); 4] = [
    ("seed", include_str!("../rules/seed.toml")),
    ("broad", include_str!("../rules/broad.toml")),
    ("eu-vat", include_str!("../rules/eu-vat.toml")),
    ("consumer-law", include_str!("../rules/consumer-law.toml")),
];

/// The shipped rule sets, read and validated, in the order of [`SHIPPED`].
///
/// # Errors
///
/// The [`RuleSetError`] of a shipped file that is not a valid rule set,
/// which the crate's tests rule out.
pub fn shipped() -> Result<Vec<RuleSet>, RuleSetError> {
    SHIPPED
        .iter()
        .map(|(_, text)| RuleSet::parse(text))
        .collect()
}

/// A sale's classification under each rule set asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Classification {
    /// The sale's `id`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One view per rule set, in the order asked for.
    pub views: Views,
}

/// Views by rule set name, in the order the rule sets were given (JSON: an
/// object whose keys keep that order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Views(pub Vec<(String, View)>);

impl Views {
    /// The view of rule set `name`.
    pub fn get(&self, name: &str) -> Option<&View> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, view)| view)
    }
}

impl Serialize for Views {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, view) in &self.0 {
            map.serialize_entry(name, view)?;
        }
        map.end()
    }
}

/// Classifies `sale` under every rule set of `sets`.
pub fn classify<'a>(sale: &Sale, sets: impl IntoIterator<Item = &'a RuleSet>) -> Classification {
    let facts = Facts::of(sale);
    Classification {
        id: sale.id.clone(),
        views: Views(
            sets.into_iter()
                .map(|set| (set.name.clone(), set.apply(&facts)))
                .collect(),
        ),
    }
}

/// A rule set name that is not among those loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule set {:?}; known: {}, all", b2b_core::excerpt(.name), known.join(", "))]
pub struct UnknownRuleSet {
    /// The name asked for.
    pub name: String,
    /// The names loaded.
    pub known: Vec<String>,
}

/// Picks rule sets by name from `available`, in the order named; `all`
/// stands for every available set. Names repeated are taken once.
///
/// # Errors
///
/// [`UnknownRuleSet`] for the first name that is neither `all` nor the
/// name of a set in `available`.
pub fn select<'a>(
    names: &[String],
    available: &'a [RuleSet],
) -> Result<Vec<&'a RuleSet>, UnknownRuleSet> {
    let mut chosen: Vec<&RuleSet> = Vec::new();
    for name in names {
        let found: Vec<&RuleSet> = if name == "all" {
            available.iter().collect()
        } else {
            match available.iter().find(|set| &set.name == name) {
                Some(set) => vec![set],
                None => {
                    return Err(UnknownRuleSet {
                        name: name.clone(),
                        known: available.iter().map(|set| set.name.clone()).collect(),
                    });
                }
            }
        };
        for set in found {
            if !chosen.iter().any(|c| c.name == set.name) {
                chosen.push(set);
            }
        }
    }
    Ok(chosen)
}
