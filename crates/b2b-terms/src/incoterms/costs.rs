//! Splitting cost lines between seller and buyer under an Incoterms rule.
//!
//! Each cost line has a [`CostCategory`]; [`split`] gives every line to the
//! seller or the buyer with the reason, and totals each party's share per
//! currency (exact sums of the given amounts, so nothing is rounded).
//!
//! Two facts the rule alone does not settle are inputs:
//!
//! - [`FcaPlace`]: under FCA, whether delivery is at the seller's premises
//!   (the buyer's carrier collects there) or elsewhere (the seller carries
//!   the goods there itself). Only pre-carriage depends on it.
//! - a line's `in_carriage_contract` flag: under CPT, CIP, CFR, CIF, DAP and
//!   DDP, costs after arrival (destination terminal charges, unloading) are
//!   the buyer's unless the seller's contract of carriage includes them, in
//!   which case they are the seller's.
//!
//! Cost-lines files are CSV or TOML; see [`parse_csv`], [`parse_toml`] and
//! docs/incoterms.md.

mod file;

pub use file::{parse_csv, parse_toml};

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use b2b_core::{Money, wire};
use serde::{Deserialize, Serialize};

use super::{Incoterm, IncotermError, Party};

/// What a cost line pays for, in the order the goods travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostCategory {
    /// Packing the goods for export transport.
    ExportPacking,
    /// Checking operations before delivery: quality, measuring, weighing, counting.
    Checking,
    /// Loading the goods on a vehicle at the seller's premises.
    LoadingAtSellerPremises,
    /// Export formalities, licences, export duties and security clearance.
    ExportClearance,
    /// Carriage from the seller's premises to the departure terminal or port.
    PreCarriage,
    /// Terminal handling at origin, including unloading the pre-carriage vehicle.
    OriginTerminalCharges,
    /// Loading on the main means of transport (on board the vessel).
    LoadingOnVessel,
    /// The main carriage, to the named destination (C and D rules) or to the
    /// place of arrival (E and F rules).
    MainCarriage,
    /// Cargo insurance for the main carriage.
    Insurance,
    /// Customs formalities for transit through a third country.
    TransitClearance,
    /// Terminal handling at the destination terminal or port.
    DestinationTerminalCharges,
    /// Unloading from the arriving means of transport at destination.
    UnloadingAtDestination,
    /// Carriage beyond the named destination or port of arrival.
    OnCarriage,
    /// Import formalities.
    ImportClearance,
    /// Import duties and taxes (customs duty, import VAT).
    ImportDutiesTaxes,
}

impl CostCategory {
    /// Every category, in the order the goods travel.
    pub const ALL: [CostCategory; 15] = [
        CostCategory::ExportPacking,
        CostCategory::Checking,
        CostCategory::LoadingAtSellerPremises,
        CostCategory::ExportClearance,
        CostCategory::PreCarriage,
        CostCategory::OriginTerminalCharges,
        CostCategory::LoadingOnVessel,
        CostCategory::MainCarriage,
        CostCategory::Insurance,
        CostCategory::TransitClearance,
        CostCategory::DestinationTerminalCharges,
        CostCategory::UnloadingAtDestination,
        CostCategory::OnCarriage,
        CostCategory::ImportClearance,
        CostCategory::ImportDutiesTaxes,
    ];

    /// The name used in files: `export-packing`, `main-carriage`, ...
    pub fn name(self) -> &'static str {
        match self {
            CostCategory::ExportPacking => "export-packing",
            CostCategory::Checking => "checking",
            CostCategory::LoadingAtSellerPremises => "loading-at-seller-premises",
            CostCategory::ExportClearance => "export-clearance",
            CostCategory::PreCarriage => "pre-carriage",
            CostCategory::OriginTerminalCharges => "origin-terminal-charges",
            CostCategory::LoadingOnVessel => "loading-on-vessel",
            CostCategory::MainCarriage => "main-carriage",
            CostCategory::Insurance => "insurance",
            CostCategory::TransitClearance => "transit-clearance",
            CostCategory::DestinationTerminalCharges => "destination-terminal-charges",
            CostCategory::UnloadingAtDestination => "unloading-at-destination",
            CostCategory::OnCarriage => "on-carriage",
            CostCategory::ImportClearance => "import-clearance",
            CostCategory::ImportDutiesTaxes => "import-duties-taxes",
        }
    }

    fn parse(text: &str, line: usize) -> Result<CostCategory, IncotermError> {
        let wanted = text.trim();
        CostCategory::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| IncotermError::UnknownCategory {
                line,
                category: text.to_owned(),
                valid: CostCategory::ALL.map(CostCategory::name).join(", "),
            })
    }
}

impl fmt::Display for CostCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// Where delivery takes place under FCA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FcaPlace {
    /// At the seller's premises: the seller loads the buyer's collecting vehicle.
    SellerPremises,
    /// Anywhere else: the seller carries the goods there and does not unload.
    Elsewhere,
}

impl FromStr for FcaPlace {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "seller-premises" => Ok(FcaPlace::SellerPremises),
            "elsewhere" => Ok(FcaPlace::Elsewhere),
            _ => Err(format!(
                "{:?} is not an FCA place of delivery (seller-premises or elsewhere)",
                b2b_core::excerpt(text)
            )),
        }
    }
}

/// One cost line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostLine {
    /// The line's position (1-based: the file line for CSV, the entry for TOML).
    pub line: usize,
    /// What it pays for.
    pub category: CostCategory,
    /// Free text.
    pub description: String,
    /// The amount.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
    /// Whether the seller's contract of carriage includes this cost.
    pub in_carriage_contract: bool,
}

/// A cost line with the party that bears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AllocatedLine {
    /// The line's position.
    pub line: usize,
    /// What it pays for.
    pub category: CostCategory,
    /// Free text.
    pub description: String,
    /// The amount.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
    /// Who pays.
    pub party: Party,
    /// Why, under the rule.
    pub reason: &'static str,
}

/// One party's total in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PartyTotal {
    /// The party.
    pub party: Party,
    /// The exact sum of its lines in that currency.
    #[serde(serialize_with = "wire::money::serialize")]
    pub total: Money,
}

/// The split of cost lines under a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CostSplit {
    /// The rule.
    pub rule: Incoterm,
    /// The FCA place of delivery, if given.
    pub place: Option<FcaPlace>,
    /// Every line with its party.
    pub lines: Vec<AllocatedLine>,
    /// Totals per party (seller first) and currency (by code).
    pub totals: Vec<PartyTotal>,
}

/// Gives every line to the seller or the buyer under `rule`.
///
/// # Errors
///
/// [`IncotermError::PlaceNeeded`] for a pre-carriage line under FCA without
/// `place`; [`IncotermError::Overflow`] if a total does not fit.
pub fn split(
    rule: Incoterm,
    place: Option<FcaPlace>,
    lines: &[CostLine],
) -> Result<CostSplit, IncotermError> {
    let allocated = lines
        .iter()
        .map(|line| {
            let (party, reason) = allocate(rule, place, line.category, line.in_carriage_contract)
                .ok_or(IncotermError::PlaceNeeded {
                line: line.line,
                category: line.category.name(),
            })?;
            Ok(AllocatedLine {
                line: line.line,
                category: line.category,
                description: line.description.clone(),
                amount: line.amount,
                party,
                reason,
            })
        })
        .collect::<Result<Vec<_>, IncotermError>>()?;
    let totals = totals(&allocated)?;
    Ok(CostSplit {
        rule,
        place,
        lines: allocated,
        totals,
    })
}

fn totals(lines: &[AllocatedLine]) -> Result<Vec<PartyTotal>, IncotermError> {
    let mut sums: BTreeMap<(Party, &'static str), Money> = BTreeMap::new();
    for line in lines {
        let currency = line.amount.currency();
        let key = (line.party, currency.code());
        let sum = sums.entry(key).or_insert_with(|| Money::zero(currency));
        *sum = sum
            .checked_add(&line.amount)
            .map_err(|_| IncotermError::Overflow {
                party: line.party,
                currency: currency.code().to_owned(),
            })?;
    }
    Ok(sums
        .into_iter()
        .map(|((party, _), total)| PartyTotal { party, total })
        .collect())
}

/// Who bears a cost of `category` under `rule`, and why; `None` when the
/// answer depends on the FCA place and none was given.
pub fn allocate(
    rule: Incoterm,
    place: Option<FcaPlace>,
    category: CostCategory,
    in_carriage_contract: bool,
) -> Option<(Party, &'static str)> {
    use CostCategory as C;
    use Incoterm::*;
    use Party::{Buyer, Seller};
    let e = rule == Exw;
    let d = matches!(rule, Dap | Dpu | Ddp);
    let after_arrival = || {
        if in_carriage_contract {
            (
                Seller,
                "included in the seller's contract of carriage, so the seller's",
            )
        } else {
            (
                Buyer,
                "after the goods arrive; the buyer's unless the seller's contract of carriage includes it",
            )
        }
    };
    Some(match category {
        C::ExportPacking | C::Checking => (
            Seller,
            "the seller packages and checks the goods at its own cost under every rule",
        ),
        C::LoadingAtSellerPremises if e => (
            Buyer,
            "EXW: the seller need not load; loading is at the buyer's risk and cost",
        ),
        C::LoadingAtSellerPremises if rule == Fca => match place {
            Some(FcaPlace::SellerPremises) => (
                Seller,
                "FCA at the seller's premises: the seller loads the buyer's vehicle",
            ),
            Some(FcaPlace::Elsewhere) => (
                Seller,
                "FCA elsewhere: the seller loads its own transport to the named place",
            ),
            None => (
                Seller,
                "FCA: the seller loads at its premises (onto the buyer's vehicle there, or its own transport to another named place)",
            ),
        },
        C::LoadingAtSellerPremises => (Seller, "before delivery, so the seller's"),
        C::ExportClearance if e => (Buyer, "EXW: the buyer clears the goods for export"),
        C::ExportClearance => (Seller, "the seller clears the goods for export"),
        C::PreCarriage if e => (
            Buyer,
            "EXW: everything after the seller's premises is the buyer's",
        ),
        C::PreCarriage if rule == Fca => match place? {
            FcaPlace::SellerPremises => (
                Buyer,
                "FCA at the seller's premises: the buyer's carrier collects the goods there",
            ),
            FcaPlace::Elsewhere => (
                Seller,
                "FCA elsewhere: the seller brings the goods to the named place",
            ),
        },
        C::PreCarriage => (Seller, "before delivery, so the seller's"),
        C::OriginTerminalCharges if matches!(rule, Exw | Fca) => (
            Buyer,
            "after delivery: under FCA the seller does not unload at the named place",
        ),
        C::OriginTerminalCharges => (Seller, "before delivery or part of the seller's carriage"),
        C::LoadingOnVessel if matches!(rule, Exw | Fca | Fas) => (
            Buyer,
            "after delivery (alongside the ship under FAS), so the buyer's",
        ),
        C::LoadingOnVessel => (
            Seller,
            "the seller delivers on board (FOB, CFR, CIF) or pays the carriage (CPT, CIP, D rules)",
        ),
        C::MainCarriage if matches!(rule, Exw | Fca | Fas | Fob) => (
            Buyer,
            "E and F rules: the buyer contracts the main carriage",
        ),
        C::MainCarriage => (
            Seller,
            "C and D rules: the seller contracts and pays the carriage to the named destination",
        ),
        C::Insurance if matches!(rule, Cip | Cif) => (
            Seller,
            "CIP (clauses A) and CIF (clauses C): the seller must insure for the buyer",
        ),
        C::Insurance if d => (
            Seller,
            "no duty to insure; the seller bears the risk in transit, so insuring is its cost",
        ),
        C::Insurance => (
            Buyer,
            "no duty to insure; the buyer bears the risk in main carriage, so insuring is its cost",
        ),
        C::TransitClearance if d => (Seller, "D rules: the seller clears transit"),
        C::TransitClearance => (Buyer, "the buyer clears transit under E, F and C rules"),
        C::DestinationTerminalCharges if d => (
            Seller,
            "D rules: costs before arrival at the named place are the seller's",
        ),
        C::DestinationTerminalCharges if matches!(rule, Cpt | Cip | Cfr | Cif) => after_arrival(),
        C::DestinationTerminalCharges => (Buyer, "E and F rules: after delivery, so the buyer's"),
        C::UnloadingAtDestination if rule == Dpu => {
            (Seller, "DPU: the seller unloads at destination")
        }
        C::UnloadingAtDestination if matches!(rule, Cpt | Cip | Cfr | Cif | Dap | Ddp) => {
            after_arrival()
        }
        C::UnloadingAtDestination => (Buyer, "E and F rules: after delivery, so the buyer's"),
        C::OnCarriage => (
            Buyer,
            "beyond the named destination or port of arrival, so the buyer's",
        ),
        C::ImportClearance | C::ImportDutiesTaxes if rule == Ddp => (
            Seller,
            "DDP: the seller clears for import and pays duties and taxes",
        ),
        C::ImportClearance | C::ImportDutiesTaxes => (
            Buyer,
            "the buyer clears for import and pays duties and taxes (all rules but DDP)",
        ),
    })
}
