//! The rules' data. Wording is ours, summarising ICC's Incoterms 2020 as
//! published in ICC's and the US International Trade Administration's public
//! summaries (sources in docs/incoterms.md).

use super::{Incoterm, Insurance, Mode, Party, RuleInfo};

const NOT_UNLOADING: &str = "The seller does not unload at destination; unloading costs are the buyer's unless the seller's contract of carriage includes them, in which case the seller may not recover them from the buyer.";

/// Where CPT and CIP deliver and pass risk.
const C_ANY_DELIVERY: &str = "by handing the goods over to the carrier the seller contracted with, at the agreed place of delivery";
const C_ANY_RISK: &str =
    "when the goods are handed over to the first carrier, not at the destination";
/// Where CFR and CIF deliver and pass risk.
const C_SEA_DELIVERY: &str = "on board the vessel at the port of shipment";
const C_SEA_RISK: &str = "when the goods are on board the vessel at the port of shipment";
const C_SEA_UNLOADING: &str = "Unloading at the port of destination, lighterage and wharfage are the buyer's unless the seller's contract of carriage includes them.";

static TABLE: [RuleInfo; 11] = [
    RuleInfo {
        rule: Incoterm::Exw,
        code: "EXW",
        name: "Ex Works",
        mode: Mode::Any,
        delivery: "at the seller's premises or another named place, placed at the buyer's disposal, not loaded on any collecting vehicle and not cleared for export",
        risk_transfer: "when the goods are placed at the buyer's disposal at the named place",
        main_carriage: Party::Buyer,
        insurance: Insurance::None,
        export_clearance: Party::Buyer,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "The seller need not load the goods; if it does, it does so at the buyer's risk and cost.",
            "The buyer carries out export clearance; the seller only assists with information at the buyer's request and cost.",
        ],
    },
    RuleInfo {
        rule: Incoterm::Fca,
        code: "FCA",
        name: "Free Carrier",
        mode: Mode::Any,
        delivery: "to the carrier or other person nominated by the buyer at the named place: at the seller's premises, loaded on the buyer's means of transport; elsewhere, on the seller's means of transport ready for unloading",
        risk_transfer: "on delivery at the named place (after loading at the seller's premises; before unloading elsewhere)",
        main_carriage: Party::Buyer,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "At the seller's premises the seller loads the goods on the buyer's collecting vehicle.",
            "Anywhere else the seller brings the goods there on its own transport and does not unload them.",
            "The parties may agree that the buyer instructs its carrier to issue an on-board bill of lading to the seller (new in 2020).",
        ],
    },
    RuleInfo {
        rule: Incoterm::Cpt,
        code: "CPT",
        name: "Carriage Paid To",
        mode: Mode::Any,
        delivery: C_ANY_DELIVERY,
        risk_transfer: C_ANY_RISK,
        main_carriage: Party::Seller,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "Risk passes at shipment while the seller pays carriage to the named destination: two critical points.",
            NOT_UNLOADING,
        ],
    },
    RuleInfo {
        rule: Incoterm::Cip,
        code: "CIP",
        name: "Carriage and Insurance Paid To",
        mode: Mode::Any,
        delivery: C_ANY_DELIVERY,
        risk_transfer: C_ANY_RISK,
        main_carriage: Party::Seller,
        insurance: Insurance::SellerIccA,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "The seller must insure the goods for the buyer with all-risks cover (Institute Cargo Clauses (A) or similar), for at least 110% of the contract price; in Incoterms 2010 the minimum was clauses (C).",
            NOT_UNLOADING,
        ],
    },
    RuleInfo {
        rule: Incoterm::Dap,
        code: "DAP",
        name: "Delivered at Place",
        mode: Mode::Any,
        delivery: "at the named place of destination, on the arriving means of transport ready for unloading",
        risk_transfer: "at the named place of destination, before unloading",
        main_carriage: Party::Seller,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[NOT_UNLOADING],
    },
    RuleInfo {
        rule: Incoterm::Dpu,
        code: "DPU",
        name: "Delivered at Place Unloaded",
        mode: Mode::Any,
        delivery: "at the named place of destination, unloaded from the arriving means of transport",
        risk_transfer: "at the named place of destination, once the goods are unloaded",
        main_carriage: Party::Seller,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Seller,
        notes: &[
            "The only rule under which the seller unloads at destination.",
            "Replaced DAT (Delivered at Terminal) of Incoterms 2010: the place need not be a terminal.",
        ],
    },
    RuleInfo {
        rule: Incoterm::Ddp,
        code: "DDP",
        name: "Delivered Duty Paid",
        mode: Mode::Any,
        delivery: "at the named place of destination, cleared for import, on the arriving means of transport ready for unloading",
        risk_transfer: "at the named place of destination, before unloading",
        main_carriage: Party::Seller,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Seller,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "The seller clears the goods for import and pays import duties and taxes.",
            NOT_UNLOADING,
        ],
    },
    RuleInfo {
        rule: Incoterm::Fas,
        code: "FAS",
        name: "Free Alongside Ship",
        mode: Mode::Sea,
        delivery: "alongside the vessel nominated by the buyer (on the quay or a barge) at the named port of shipment",
        risk_transfer: "when the goods are alongside the ship",
        main_carriage: Party::Buyer,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &["The buyer pays for loading the goods on board."],
    },
    RuleInfo {
        rule: Incoterm::Fob,
        code: "FOB",
        name: "Free On Board",
        mode: Mode::Sea,
        delivery: "on board the vessel nominated by the buyer at the named port of shipment",
        risk_transfer: "when the goods are on board the vessel",
        main_carriage: Party::Buyer,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "Meant for goods loaded on board by the seller; for containers handed over at a terminal, FCA fits better.",
        ],
    },
    RuleInfo {
        rule: Incoterm::Cfr,
        code: "CFR",
        name: "Cost and Freight",
        mode: Mode::Sea,
        delivery: C_SEA_DELIVERY,
        risk_transfer: C_SEA_RISK,
        main_carriage: Party::Seller,
        insurance: Insurance::None,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "The seller pays freight to the named port of destination, but risk passes at loading.",
            C_SEA_UNLOADING,
        ],
    },
    RuleInfo {
        rule: Incoterm::Cif,
        code: "CIF",
        name: "Cost, Insurance and Freight",
        mode: Mode::Sea,
        delivery: C_SEA_DELIVERY,
        risk_transfer: C_SEA_RISK,
        main_carriage: Party::Seller,
        insurance: Insurance::SellerIccC,
        export_clearance: Party::Seller,
        import_clearance: Party::Buyer,
        unloading_at_destination: Party::Buyer,
        notes: &[
            "The seller must insure the goods for the buyer with at least the minimum cover of the Institute Cargo Clauses (C), for at least 110% of the contract price; the parties may agree higher cover.",
            C_SEA_UNLOADING,
        ],
    },
];

/// The entry of `rule`.
pub(super) fn info(rule: Incoterm) -> &'static RuleInfo {
    // TABLE is in the order of `Incoterm::ALL`, whose discriminants are 0..11.
    &TABLE[rule as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_rule_order() {
        for (index, rule) in Incoterm::ALL.into_iter().enumerate() {
            assert_eq!(TABLE[index].rule, rule);
            assert_eq!(format!("{:?}", rule).to_uppercase(), TABLE[index].code);
        }
    }
}
