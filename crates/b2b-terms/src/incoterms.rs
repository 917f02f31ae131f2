//! The eleven Incoterms® 2020 rules as data, and the split of cost lines
//! between seller and buyer.
//!
//! Each rule says where the seller delivers, where risk passes, who
//! contracts and pays the main carriage, who must insure, who clears the
//! goods for export and import, and who unloads at destination. The
//! [`costs`] module allocates cost lines by category under a rule. The
//! table, the subtleties and the public sources are in docs/incoterms.md.
//!
//! ```
//! use b2b_terms::incoterms::{Insurance, Party, Incoterm};
//!
//! let cip: Incoterm = "cip".parse()?;
//! assert_eq!(cip.info().insurance, Insurance::SellerIccA);
//! assert_eq!(Incoterm::Cif.info().insurance, Insurance::SellerIccC);
//! assert_eq!(Incoterm::Exw.info().export_clearance, Party::Buyer);
//! let err = "DAT".parse::<Incoterm>().unwrap_err();
//! assert!(err.to_string().contains("replaced by DPU"));
//! # Ok::<(), b2b_terms::incoterms::IncotermError>(())
//! ```

pub mod costs;
mod table;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An Incoterms 2020 rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Incoterm {
    /// Ex Works.
    Exw,
    /// Free Carrier.
    Fca,
    /// Carriage Paid To.
    Cpt,
    /// Carriage and Insurance Paid To.
    Cip,
    /// Delivered at Place.
    Dap,
    /// Delivered at Place Unloaded (replaced DAT of Incoterms 2010).
    Dpu,
    /// Delivered Duty Paid.
    Ddp,
    /// Free Alongside Ship.
    Fas,
    /// Free On Board.
    Fob,
    /// Cost and Freight.
    Cfr,
    /// Cost, Insurance and Freight.
    Cif,
}

impl Incoterm {
    /// All eleven rules in ICC's order: the seven for any mode of transport,
    /// then the four for sea and inland waterway transport.
    pub const ALL: [Incoterm; 11] = [
        Incoterm::Exw,
        Incoterm::Fca,
        Incoterm::Cpt,
        Incoterm::Cip,
        Incoterm::Dap,
        Incoterm::Dpu,
        Incoterm::Ddp,
        Incoterm::Fas,
        Incoterm::Fob,
        Incoterm::Cfr,
        Incoterm::Cif,
    ];

    /// The three-letter code, such as `"CIF"`.
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// What the rule says: delivery, risk, carriage, insurance, clearance.
    pub fn info(self) -> &'static RuleInfo {
        table::info(self)
    }
}

impl fmt::Display for Incoterm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for Incoterm {
    type Err = IncotermError;

    /// Parses a code such as `"FOB"` (ASCII case-insensitive, surrounding
    /// whitespace ignored).
    ///
    /// # Errors
    ///
    /// [`IncotermError::UnknownRule`], which names the valid codes and, for
    /// a withdrawn rule of an older edition (such as DAT), its replacement.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let code = text.trim();
        Incoterm::ALL
            .into_iter()
            .find(|rule| rule.code().eq_ignore_ascii_case(code))
            .ok_or_else(|| IncotermError::UnknownRule {
                text: text.to_owned(),
                hint: withdrawn_hint(code),
            })
    }
}

/// What an older edition's rule became, or the list of valid codes.
fn withdrawn_hint(code: &str) -> String {
    let old = [
        (
            "DAT",
            "DAT (Delivered at Terminal, Incoterms 2010) was replaced by DPU (Delivered at Place Unloaded) in Incoterms 2020",
        ),
        (
            "DAF",
            "DAF (Delivered at Frontier) is an Incoterms 2000 rule, withdrawn in 2010; DAP is its successor",
        ),
        (
            "DES",
            "DES (Delivered Ex Ship) is an Incoterms 2000 rule, withdrawn in 2010; DAP is its successor",
        ),
        (
            "DEQ",
            "DEQ (Delivered Ex Quay) is an Incoterms 2000 rule, withdrawn in 2010; DPU (formerly DAT) is its successor",
        ),
        (
            "DDU",
            "DDU (Delivered Duty Unpaid) is an Incoterms 2000 rule, withdrawn in 2010; DAP is its successor",
        ),
    ];
    let valid = Incoterm::ALL.map(Incoterm::code).join(", ");
    match old.iter().find(|(c, _)| c.eq_ignore_ascii_case(code)) {
        Some((_, why)) => format!("{why}; the Incoterms 2020 rules are {valid}"),
        None => format!("the Incoterms 2020 rules are {valid}"),
    }
}

impl Serialize for Incoterm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Incoterm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The modes of transport a rule may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Any mode, including multimodal transport.
    Any,
    /// Sea and inland waterway transport only.
    Sea,
}

/// Seller or buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// The seller (exporter).
    Seller,
    /// The buyer (importer).
    Buyer,
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Party::Seller => "seller",
            Party::Buyer => "buyer",
        })
    }
}

/// The seller's insurance obligation under a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Insurance {
    /// Neither party owes the other insurance (each may insure its own risk).
    None,
    /// The seller insures for the buyer with at least the minimum cover of
    /// the Institute Cargo Clauses (C) (CIF).
    SellerIccC,
    /// The seller insures for the buyer with the all-risks cover of the
    /// Institute Cargo Clauses (A) (CIP, raised from (C) in 2020).
    SellerIccA,
}

impl fmt::Display for Insurance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Insurance::None => "none",
            Insurance::SellerIccC => "seller-icc-c",
            Insurance::SellerIccA => "seller-icc-a",
        })
    }
}

/// One rule's allocation of delivery, risk, carriage, insurance and
/// clearance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleInfo {
    /// The rule.
    pub rule: Incoterm,
    /// Its three-letter code (not serialised; `rule` carries it).
    #[serde(skip)]
    pub code: &'static str,
    /// Its full name, such as "Cost, Insurance and Freight".
    pub name: &'static str,
    /// The modes of transport it is meant for.
    pub mode: Mode,
    /// Where and how the seller delivers.
    pub delivery: &'static str,
    /// Where risk of loss or damage passes to the buyer.
    pub risk_transfer: &'static str,
    /// Who contracts and pays for the main carriage.
    pub main_carriage: Party,
    /// The seller's insurance obligation.
    pub insurance: Insurance,
    /// Who clears the goods for export.
    pub export_clearance: Party,
    /// Who clears the goods for import and pays duties and taxes.
    pub import_clearance: Party,
    /// Who unloads at the destination (and pays for it), unless the
    /// seller's contract of carriage includes unloading (see `notes`).
    pub unloading_at_destination: Party,
    /// The subtleties of the rule.
    pub notes: &'static [&'static str],
}

/// What can go wrong with Incoterms input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IncotermError {
    /// Not an Incoterms 2020 rule.
    #[error("{:?} is not an Incoterms 2020 rule: {hint}", b2b_core::excerpt(.text))]
    UnknownRule {
        /// The text as given.
        text: String,
        /// The valid rules, and the successor of a withdrawn rule.
        hint: String,
    },
    /// A cost line has a category this crate does not know.
    #[error("cost line {line}: unknown category {:?}; the categories are {valid}", b2b_core::excerpt(.category))]
    UnknownCategory {
        /// The line (1-based: the file line for CSV, the `[[line]]` entry for TOML).
        line: usize,
        /// The category as given.
        category: String,
        /// The valid categories.
        valid: String,
    },
    /// A cost line's amount or currency cannot be read.
    #[error("cost line {line}: {message}")]
    BadLine {
        /// The line (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A cost-lines file cannot be read at all.
    #[error("cost lines: {0}")]
    BadFile(String),
    /// Under FCA, a line's party depends on whether delivery is at the
    /// seller's premises, which was not given.
    #[error(
        "cost line {line} ({category}): under FCA this depends on the place of delivery; give the place: seller-premises or elsewhere"
    )]
    PlaceNeeded {
        /// The line (1-based).
        line: usize,
        /// The line's category.
        category: &'static str,
    },
    /// Totals overflowed.
    #[error("cost lines: the total for the {party} in {currency} is too large")]
    Overflow {
        /// The party.
        party: Party,
        /// The currency code.
        currency: String,
    },
}
