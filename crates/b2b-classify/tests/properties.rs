//! Invariants over arbitrary sales: every shipped rule set is total (one
//! segment, from one decision), classification is deterministic, and the
//! rule sets keep their definitions.

use b2b_classify::country::Country;
use b2b_classify::input::{SaleFormat, parse_sale};
use b2b_classify::rules::RuleSet;
use b2b_classify::sale::{Buyer, BuyerKind, Channel, PaidBy, Purpose, Sale, Seller, Supply};
use b2b_classify::{classify, shipped};
use proptest::prelude::*;
use proptest::sample::select;

const COUNTRIES: &[&str] = &["SE", "DE", "FR", "GR", "IE", "XI", "GB", "US", "NO", "CH"];

/// Valid numbers from python-stdnum's tests/test_eu_vat.doctest, numbers
/// of the wrong shape, and none.
const VAT_IDS: &[Option<&str>] = &[
    Some("SE556043606401"),
    Some("DE118619592"),
    Some("FR19552008443"),
    Some("EL094012834"),
    Some("12345"),
    Some(""),
    None,
];

fn country() -> impl Strategy<Value = Country> {
    select(COUNTRIES).prop_map(|code| Country::parse(code).expect("listed"))
}

fn vat_id() -> impl Strategy<Value = Option<String>> {
    select(VAT_IDS).prop_map(|id| id.map(str::to_owned))
}

fn sale() -> impl Strategy<Value = Sale> {
    let buyer = (
        select(BuyerKind::ALL),
        country(),
        vat_id(),
        proptest::option::of(select(&["cleaning", "catering", "retail"][..])),
        any::<bool>(),
    )
        .prop_map(|(kind, country, vat_id, industry, org)| Buyer {
            kind,
            country,
            vat_id,
            org_number: org.then(|| "556126-2493".to_owned()),
            industry: industry.map(str::to_owned),
        });
    let seller = (country(), vat_id()).prop_map(|(country, vat_id)| Seller { country, vat_id });
    (
        buyer,
        seller,
        select(PaidBy::ALL),
        select(Purpose::ALL),
        proptest::option::of(any::<bool>()),
        proptest::option::of(select(Channel::ALL)),
        proptest::option::of(select(Supply::ALL)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0u8..=100),
    )
        .prop_map(
            |(buyer, seller, paid_by, purpose, consumes, channel, supply, integrated, share)| {
                // Keep the sale consistent: personal use is the predominant one.
                let share = share.map(|s| {
                    if purpose == Purpose::PersonalUse {
                        s.max(50)
                    } else {
                        s
                    }
                });
                Sale {
                    id: None,
                    buyer,
                    seller,
                    paid_by,
                    purpose,
                    decision_maker_consumes: consumes,
                    channel,
                    supply,
                    integrated_solution: integrated,
                    private_share: share,
                    description: None,
                }
            },
        )
}

fn is_decision(set: &RuleSet, id: &str) -> bool {
    set.default.id == id || set.decisions.iter().any(|rule| rule.id == id)
}

proptest! {
    #[test]
    fn every_sale_gets_one_segment_from_one_decision(sale in sale()) {
        let sets = shipped().expect("valid");
        let result = classify(&sale, &sets);
        prop_assert_eq!(result.views.0.len(), sets.len());
        for (set, (name, view)) in sets.iter().zip(&result.views.0) {
            prop_assert_eq!(&set.name, name);
            prop_assert!(set.segments.contains(&view.segment), "{}: {}", name, view.segment);
            prop_assert!(is_decision(set, &view.reasons[0].rule));
            prop_assert!(view.reasons[1..].iter().all(|r| !is_decision(set, &r.rule)));
            if let Some(model) = &view.model {
                prop_assert!(set.models.contains(model));
            }
            for reason in &view.reasons {
                prop_assert!(!reason.text.contains('{'), "{}", reason.text);
            }
        }
    }

    #[test]
    fn classification_is_deterministic(sale in sale()) {
        let sets = shipped().expect("valid");
        prop_assert_eq!(classify(&sale, &sets), classify(&sale, &sets));
    }

    #[test]
    fn the_rule_sets_keep_their_definitions(sale in sale()) {
        let sets = shipped().expect("valid");
        let result = classify(&sale, &sets);
        let segment = |name: &str| result.views.get(name).expect(name).segment.clone();
        let business = sale.buyer.kind != BuyerKind::Person;
        // Seed: a person buyer, private money or personal use is never B2B;
        // B2B always has a model.
        if !business || sale.paid_by == PaidBy::Person || sale.purpose == Purpose::PersonalUse {
            prop_assert_eq!(segment("seed"), "b2c");
        }
        let seed = result.views.get("seed").expect("seed");
        prop_assert_eq!(seed.segment == "b2b", seed.model.is_some());
        if seed.tags.contains(&"e-commerce".to_owned()) {
            prop_assert_eq!(sale.channel, Some(Channel::Online));
        }
        // Broad: a business paying is B2B, nothing else is.
        prop_assert_eq!(segment("broad") == "b2b", business && sale.paid_by == PaidBy::Organisation);
        // Consumer law: only natural persons are consumers.
        if sale.buyer.kind == BuyerKind::Organisation {
            prop_assert_eq!(segment("consumer-law"), "b2b");
        }
        // EU VAT: exclusively private use is never B2B; the reverse charge
        // needs B2B, a border inside the EU and the buyer's valid number.
        if sale.private_share() == 100 {
            prop_assert_eq!(segment("eu-vat"), "b2c");
        }
        let vat = result.views.get("eu-vat").expect("eu-vat");
        let reverse = vat.consequences.iter().any(|c| {
            c.rule == "services-reverse-charge" || c.rule == "goods-intra-community"
        });
        if reverse {
            prop_assert_eq!(&vat.segment, "b2b");
            prop_assert_ne!(sale.buyer.country, sale.seller.country);
            prop_assert!(sale.buyer.vat_id.is_some());
        }
    }

    #[test]
    fn a_sale_reads_back_from_its_json(sale in sale()) {
        let json = serde_json::to_string(&sale).expect("json");
        prop_assert_eq!(parse_sale(&json, SaleFormat::Json).expect("reads back"), sale);
    }
}

proptest! {
    /// Bad input never panics: any text is a rule set or an error, a sale or
    /// an error.
    #[test]
    fn any_text_is_read_or_refused_without_a_panic(text in "\\PC{0,200}") {
        let _ = RuleSet::parse(&text);
        let _ = parse_sale(&text, SaleFormat::Toml);
        let _ = parse_sale(&text, SaleFormat::Json);
    }

    /// Rule files made of valid pieces in any order and with any conditions
    /// either load or are refused; those that load are total.
    #[test]
    fn generated_rule_files_load_or_are_refused(
        facts in proptest::collection::vec(select(&["purpose", "paid_by", "buyer.kind", "channel", "segment", "nonsense"][..]), 1..5),
        values in proptest::collection::vec(select(&["resale", "person", "online", "b2b", "x"][..]), 1..5),
        default_last in any::<bool>(),
        sale in sale(),
    ) {
        let mut text = String::from("name = \"gen\"\ntitle = \"t\"\nsource = \"s\"\nsegments = [\"b2b\", \"b2c\"]\n");
        for (i, (fact, value)) in facts.iter().zip(values.iter().cycle()).enumerate() {
            text.push_str(&format!(
                "[[rule]]\nid = \"r{i}\"\nwhen = {{ \"{fact}\" = \"{value}\" }}\nsegment = \"b2b\"\nreason = \"r\"\n"
            ));
        }
        let default = "[[rule]]\nid = \"default\"\nsegment = \"b2c\"\nreason = \"d\"\n";
        if default_last {
            text.push_str(default);
        } else {
            text = text.replacen("[[rule]]", &format!("{default}[[rule]]"), 1);
        }
        if let Ok(set) = RuleSet::parse(&text) {
            prop_assert!(default_last);
            let view = set.apply(&b2b_classify::facts::Facts::of(&sale));
            prop_assert!(set.segments.contains(&view.segment));
        }
    }
}
