//! The facts rules test: read from a sale or derived from it (a VAT number's
//! validity, whether the sale crosses a border). The catalogue
//! [`FACTS`] is what rule files may name; docs/classification.md lists it.

use crate::country::Country;
use crate::sale::{BuyerKind, Channel, PaidBy, Purpose, Sale, Supply};
use std::collections::BTreeMap;
use std::fmt;

/// What values a fact takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// `true` or `false`.
    Bool,
    /// One of a closed set of kebab-case words.
    Enum(&'static [&'static str]),
    /// A country code (ISO 3166-1 alpha-2, or `XI`).
    Country,
    /// Any kebab-case word.
    Text,
}

/// A fact rules may test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactSpec {
    /// Its name in rule files, such as `buyer.kind`.
    pub name: &'static str,
    /// Its values.
    pub kind: FactKind,
    /// Whether a sale may leave it unknown (then no equality holds and only
    /// `unset` matches).
    pub optional: bool,
}

/// The VAT number states of `buyer.vat_id` and `seller.vat_id`.
pub const VAT_ID_STATES: &[&str] = &["none", "valid", "invalid", "foreign-prefix"];

/// The private-use bands of `private_use`.
pub const PRIVATE_USE_BANDS: &[&str] = &["none", "secondary", "predominant", "exclusive"];

const fn fact(name: &'static str, kind: FactKind, optional: bool) -> FactSpec {
    FactSpec {
        name,
        kind,
        optional,
    }
}

/// Every fact a rule file may test, besides `segment` and `model` (which
/// rules that add to a decision may test: see [`crate::rules`]).
pub const FACTS: &[FactSpec] = &[
    fact("buyer.kind", FactKind::Enum(BuyerKind::NAMES), false),
    fact("buyer.country", FactKind::Country, false),
    fact("buyer.in_eu", FactKind::Bool, false),
    fact("buyer.vat_id", FactKind::Enum(VAT_ID_STATES), false),
    fact("buyer.vat_valid", FactKind::Bool, false),
    fact("buyer.has_org_number", FactKind::Bool, false),
    fact("buyer.industry", FactKind::Text, true),
    fact("seller.country", FactKind::Country, false),
    fact("seller.in_eu", FactKind::Bool, false),
    fact("seller.vat_id", FactKind::Enum(VAT_ID_STATES), false),
    fact("seller.vat_valid", FactKind::Bool, false),
    fact("cross_border", FactKind::Bool, false),
    fact("both_in_eu", FactKind::Bool, false),
    fact("paid_by", FactKind::Enum(PaidBy::NAMES), false),
    fact("purpose", FactKind::Enum(Purpose::NAMES), false),
    fact("private_use", FactKind::Enum(PRIVATE_USE_BANDS), false),
    fact("decision_maker_consumes", FactKind::Bool, true),
    fact("channel", FactKind::Enum(Channel::NAMES), true),
    fact("supply", FactKind::Enum(Supply::NAMES), true),
    fact("integrated_solution", FactKind::Bool, true),
];

/// The spec of the fact called `name`, if there is one.
pub fn spec(name: &str) -> Option<&'static FactSpec> {
    FACTS.iter().find(|spec| spec.name == name)
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A boolean fact.
    Bool(bool),
    /// An enumerated, country or text fact.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text(text) => f.write_str(text),
        }
    }
}

/// The facts of one sale; a fact the sale leaves unknown is absent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts(BTreeMap<&'static str, Value>);

impl Facts {
    /// Derives the facts of `sale`.
    pub fn of(sale: &Sale) -> Facts {
        let goods = sale.supply == Some(Supply::Goods);
        let buyer_vat = vat_state(sale.buyer.vat_id.as_deref(), sale.buyer.country);
        let seller_vat = vat_state(sale.seller.vat_id.as_deref(), sale.seller.country);
        let buyer_in_eu = sale.buyer.country.in_eu_vat_area(goods);
        let seller_in_eu = sale.seller.country.in_eu_vat_area(goods);
        let mut facts = Facts::default();
        facts.text("buyer.kind", sale.buyer.kind.as_str());
        facts.text("buyer.country", sale.buyer.country.code());
        facts.bool("buyer.in_eu", buyer_in_eu);
        facts.text("buyer.vat_id", buyer_vat);
        facts.bool("buyer.vat_valid", buyer_vat == "valid");
        facts.bool("buyer.has_org_number", sale.buyer.org_number.is_some());
        if let Some(industry) = &sale.buyer.industry {
            facts.text("buyer.industry", industry);
        }
        facts.text("seller.country", sale.seller.country.code());
        facts.bool("seller.in_eu", seller_in_eu);
        facts.text("seller.vat_id", seller_vat);
        facts.bool("seller.vat_valid", seller_vat == "valid");
        facts.bool("cross_border", sale.buyer.country != sale.seller.country);
        facts.bool("both_in_eu", buyer_in_eu && seller_in_eu);
        facts.text("paid_by", sale.paid_by.as_str());
        facts.text("purpose", sale.purpose.as_str());
        facts.text("private_use", private_use_band(sale.private_share()));
        if let Some(consumes) = sale.decision_maker_consumes {
            facts.bool("decision_maker_consumes", consumes);
        }
        if let Some(channel) = sale.channel {
            facts.text("channel", channel.as_str());
        }
        if let Some(supply) = sale.supply {
            facts.text("supply", supply.as_str());
        }
        if let Some(integrated) = sale.integrated_solution {
            facts.bool("integrated_solution", integrated);
        }
        facts
    }

    /// The value of fact `name`, or `None` when the sale leaves it unknown.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Sets fact `name` (the engine adds `segment` and `model` this way).
    pub fn set(&mut self, name: &'static str, value: Value) {
        self.0.insert(name, value);
    }

    /// Every known fact, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.0.iter().map(|(name, value)| (*name, value))
    }

    fn text(&mut self, name: &'static str, value: &str) {
        self.set(name, Value::Text(value.to_owned()));
    }

    fn bool(&mut self, name: &'static str, value: bool) {
        self.set(name, Value::Bool(value));
    }
}

/// `none` without a number; `valid` when it validates (b2b-ident) and its
/// prefix is the party's country's; `foreign-prefix` when it validates but
/// is another country's; `invalid` otherwise.
fn vat_state(vat_id: Option<&str>, country: Country) -> &'static str {
    let Some(vat_id) = vat_id else {
        return "none";
    };
    match b2b_ident::vat::validate(vat_id) {
        Ok(number) if number.prefix == country.vat_prefix() => "valid",
        Ok(_) => "foreign-prefix",
        Err(_) => "invalid",
    }
}

/// The band of a private-use share: `none` 0 %, `secondary` 1-49 % (the
/// business purpose predominates), `predominant` 50-99 % (the business
/// purpose does not predominate: Directive 2011/83/EU recital 17),
/// `exclusive` 100 % (Implementing Regulation 282/2011 art. 19).
pub fn private_use_band(share: u8) -> &'static str {
    match share {
        0 => "none",
        1..=49 => "secondary",
        50..=99 => "predominant",
        _ => "exclusive",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_predominant_purpose() {
        assert_eq!(private_use_band(0), "none");
        assert_eq!(private_use_band(49), "secondary");
        // Half and half: the trade purpose is not predominant (recital 17).
        assert_eq!(private_use_band(50), "predominant");
        assert_eq!(private_use_band(99), "predominant");
        assert_eq!(private_use_band(100), "exclusive");
    }

    #[test]
    fn every_fact_is_named_once() {
        for (i, fact) in FACTS.iter().enumerate() {
            assert!(
                FACTS[..i].iter().all(|f| f.name != fact.name),
                "{}",
                fact.name
            );
        }
    }

    #[test]
    fn vat_numbers_must_be_the_partys_countrys() {
        let se = Country::parse("SE").expect("SE");
        let gr = Country::parse("GR").expect("GR");
        // python-stdnum tests/test_eu_vat.doctest lists both as valid.
        assert_eq!(vat_state(Some("SE556043606401"), se), "valid");
        assert_eq!(vat_state(Some("EL094012834"), gr), "valid");
        assert_eq!(vat_state(Some("DE118619592"), se), "foreign-prefix");
        assert_eq!(vat_state(Some("12345"), se), "invalid");
        assert_eq!(vat_state(None, se), "none");
    }
}
