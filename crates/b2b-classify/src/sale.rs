//! A sale, as the user describes it: who buys, who sells, who pays, and why.
//!
//! Every enumerated field refuses an unknown value with a message that names
//! the field, the value and the accepted values; the file readers add the
//! line and column.

use crate::country::Country;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Defines a closed set of values written in kebab-case, tied to the field
/// that holds it, so that an unknown value names its field.
macro_rules! field_enum {
    ($(#[$doc:meta])* $name:ident, $field:literal, { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// The field of a sale that holds this value.
            pub const FIELD: &'static str = $field;
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// Every value as written in files.
            pub const NAMES: &'static [&'static str] = &[$($text,)+];

            /// The value as written in files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// Reads the value as written in files.
            ///
            /// # Errors
            ///
            /// [`UnknownValue`] for text that is not one of `NAMES`.
            pub fn parse(text: &str) -> Result<$name, UnknownValue> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        field: $field,
                        value: text.to_owned(),
                        accepted: $name::NAMES,
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;

            fn from_str(text: &str) -> Result<$name, UnknownValue> {
                $name::parse(text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                deserializer.deserialize_str(Parse {
                    field: $field,
                    expecting: $name::NAMES,
                    parse: |text: &str| $name::parse(text).map_err(|e| e.to_string()),
                })
            }
        }
    };
}

/// A value outside a field's closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: unknown value {:?}; expected one of: {}", b2b_core::excerpt(.value), accepted.join(", "))]
pub struct UnknownValue {
    /// The field, such as `purpose`.
    pub field: &'static str,
    /// The value as written.
    pub value: String,
    /// The values the field accepts.
    pub accepted: &'static [&'static str],
}

/// Deserializes a `T`, prefixing an error with the field's name: serde's
/// own type errors ("invalid type: string, expected a boolean") do not say
/// which field they are about. An error that already names the field, or
/// already carries its position (serde_json adds " at line "), is kept.
fn named<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    field: &str,
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(deserializer).map_err(|e| {
        let message = e.to_string();
        if message.starts_with(field) || message.contains(" at line ") {
            e
        } else {
            serde::de::Error::custom(format!("{field}: {message}"))
        }
    })
}

/// Reads a string and parses it inside the visitor, so that the parser's
/// error gets the position of the string itself.
struct Parse<F> {
    field: &'static str,
    /// The accepted values, for the message on a value of the wrong type
    /// (empty: any string of the right form).
    expecting: &'static [&'static str],
    parse: F,
}

impl<'de, T, F: FnOnce(&str) -> Result<T, String>> serde::de::Visitor<'de> for Parse<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.expecting.is_empty() {
            write!(f, "a string for {}", self.field)
        } else {
            write!(f, "{}: one of {}", self.field, self.expecting.join(", "))
        }
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(E::custom)
    }
}

field_enum!(
    /// What kind of party the buyer is.
    BuyerKind, "buyer.kind", {
        /// A company, association, public body or other legal person.
        Organisation => "organisation",
        /// A natural person running a business in their own name
        /// (enskild firma).
        SoleTrader => "sole-trader",
        /// A private individual.
        Person => "person",
    }
);

field_enum!(
    /// Whose money pays. For a sole trader, `organisation` means the
    /// business's money.
    PaidBy, "paid_by", {
        /// The buying organisation (or the sole trader's business).
        Organisation => "organisation",
        /// A private person, out of their own pocket.
        Person => "person",
    }
);

field_enum!(
    /// What the buyer does with what it buys (the source text's four B2B
    /// purposes first).
    Purpose, "purpose", {
        /// A fixed or auxiliary means of production, depreciated: machines,
        /// equipment, computers and licences used for work.
        MeansOfProduction => "means-of-production",
        /// Raw materials, consumables and parts consumed in production.
        ProductionInput => "production-input",
        /// Goods or services that take part in the buyer's business processes
        /// and create value: a translated machine manual, accounting software.
        ValueCreation => "value-creation",
        /// Modified, modernised, or re-packed into a different product.
        Transformation => "transformation",
        /// Resold as it is.
        Resale => "resale",
        /// Used inside the business without taking part in its processes:
        /// toilet paper for the factory.
        InternalNeeds => "internal-needs",
        /// A private person's own use.
        PersonalUse => "personal-use",
    }
);

field_enum!(
    /// Where the contract is made.
    Channel, "channel", {
        /// At a distance, online (a distance contract).
        Online => "online",
        /// Face to face, on or off the seller's premises.
        Offline => "offline",
    }
);

field_enum!(
    /// What is supplied, which decides the VAT rules that apply.
    Supply, "supply", {
        /// Goods.
        Goods => "goods",
        /// Services.
        Services => "services",
    }
);

/// One sale to classify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sale {
    /// The caller's reference, repeated in the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who buys.
    pub buyer: Buyer,
    /// Who sells.
    pub seller: Seller,
    /// Whose money pays.
    pub paid_by: PaidBy,
    /// What the buyer does with it.
    pub purpose: Purpose,
    /// Whether the person who decides, or allocates the money, personally
    /// consumes what is bought (the boss eating the office-party pizza).
    #[serde(
        default,
        deserialize_with = "decision_maker_consumes",
        skip_serializing_if = "Option::is_none"
    )]
    pub decision_maker_consumes: Option<bool>,
    /// Where the contract is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Goods or services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply: Option<Supply>,
    /// Whether the seller combines several suppliers' goods and services into
    /// one solution for the buyer's need (the integrator model).
    #[serde(
        default,
        deserialize_with = "integrated_solution",
        skip_serializing_if = "Option::is_none"
    )]
    pub integrated_solution: Option<bool>,
    /// The share, in percent (0-100), of the use that is private: the
    /// buyer's own or, for a business, its staff's. Without it: 100 for
    /// `personal-use`, else 0.
    #[serde(
        default,
        deserialize_with = "private_share",
        skip_serializing_if = "Option::is_none"
    )]
    pub private_share: Option<u8>,
    /// Free text for the reader; no rule reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    /// Organisation, sole trader or private person.
    pub kind: BuyerKind,
    /// Where the buyer is established (for a person: lives).
    #[serde(deserialize_with = "buyer_country", serialize_with = "country_code")]
    pub country: Country,
    /// The VAT number the buyer gave, with its country prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_id: Option<String>,
    /// The buyer's organisation number; only recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_number: Option<String>,
    /// The buyer's line of business, in kebab-case (`cleaning`, `catering`,
    /// `manufacturing`...): the seed rules read `cleaning` and `catering`.
    #[serde(
        default,
        deserialize_with = "industry",
        skip_serializing_if = "Option::is_none"
    )]
    pub industry: Option<String>,
}

/// The seller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seller {
    /// Where the seller is established.
    #[serde(deserialize_with = "seller_country", serialize_with = "country_code")]
    pub country: Country,
    /// The seller's VAT number, with its country prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_id: Option<String>,
}

fn decision_maker_consumes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    named("decision_maker_consumes", d).map(Some)
}

fn integrated_solution<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    named("integrated_solution", d).map(Some)
}

fn private_share<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let share: u64 = named("private_share", d)?;
    match u8::try_from(share) {
        Ok(share) if share <= 100 => Ok(Some(share)),
        _ => Err(serde::de::Error::custom(format!(
            "private_share: {share} is not a percentage from 0 to 100"
        ))),
    }
}

fn industry<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_str(Parse {
        field: "buyer.industry",
        expecting: &[],
        parse: |text: &str| {
            if is_kebab(text) {
                Ok(Some(text.to_owned()))
            } else {
                Err(format!(
                    "buyer.industry: {:?} is not a kebab-case word such as \"cleaning\" or \"catering\"",
                    b2b_core::excerpt(text)
                ))
            }
        },
    })
}

fn buyer_country<'de, D: Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
    country("buyer.country", d)
}

fn seller_country<'de, D: Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
    country("seller.country", d)
}

fn country<'de, D: Deserializer<'de>>(field: &'static str, d: D) -> Result<Country, D::Error> {
    d.deserialize_str(Parse {
        field,
        expecting: &[],
        parse: |code: &str| Country::parse(code).map_err(|e| format!("{field}: {e}")),
    })
}

fn country_code<S: serde::Serializer>(country: &Country, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(country.code())
}

/// Whether `text` is lower-case words joined by single hyphens.
pub(crate) fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A sale whose fields contradict each other.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Contradiction {
    /// The field that contradicts another.
    pub field: &'static str,
    /// What is contradictory.
    pub message: String,
}

impl Sale {
    /// Checks what the types cannot: a private share is a percentage, and
    /// the purpose is the predominant one, so `personal-use` with a private
    /// share under 50 % contradicts itself. The sale readers call it; a
    /// `Sale` built in code should be checked before it is classified.
    ///
    /// # Errors
    ///
    /// [`Contradiction`] on `private_share` above 100, or under 50 % for the
    /// purpose `personal-use`.
    pub fn check(&self) -> Result<(), Contradiction> {
        if let Some(share) = self.private_share.filter(|&share| share > 100) {
            return Err(Contradiction {
                field: "private_share",
                message: format!("{share} is not a percentage from 0 to 100"),
            });
        }
        match (self.purpose, self.private_share) {
            (Purpose::PersonalUse, Some(share)) if share < 50 => Err(Contradiction {
                field: "private_share",
                message: format!(
                    "{share} % private use contradicts purpose personal-use (the purpose is the predominant one)"
                ),
            }),
            _ => Ok(()),
        }
    }

    /// The share of private use, in percent, written or implied by the
    /// purpose.
    pub fn private_share(&self) -> u8 {
        self.private_share.unwrap_or(match self.purpose {
            Purpose::PersonalUse => 100,
            _ => 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_value_names_field_value_and_accepted_values() {
        let error = Purpose::parse("gift").expect_err("gift");
        assert_eq!(
            error.to_string(),
            "purpose: unknown value \"gift\"; expected one of: means-of-production, production-input, value-creation, transformation, resale, internal-needs, personal-use"
        );
        assert_eq!(BuyerKind::parse("sole-trader"), Ok(BuyerKind::SoleTrader));
        for kind in BuyerKind::ALL {
            assert_eq!(BuyerKind::parse(kind.as_str()), Ok(*kind));
        }
    }

    #[test]
    fn kebab_case_words() {
        for good in ["cleaning", "public-sector", "b2b", "iso-3166"] {
            assert!(is_kebab(good), "{good}");
        }
        for bad in ["", "Cleaning", "public_sector", "-a", "a-", "a--b", "a b"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }

    #[test]
    fn personal_use_must_be_the_predominant_purpose() {
        let mut sale: Sale = serde_json::from_str(
            r#"{"buyer": {"kind": "person", "country": "SE"}, "seller": {"country": "SE"},
                "paid_by": "person", "purpose": "personal-use"}"#,
        )
        .expect("sale");
        assert_eq!(sale.private_share(), 100);
        sale.private_share = Some(50);
        assert_eq!(sale.check(), Ok(()));
        sale.private_share = Some(49);
        assert_eq!(sale.check().map_err(|e| e.field), Err("private_share"));
        // Another purpose with private use is a dual purpose, not a contradiction.
        sale.purpose = Purpose::ValueCreation;
        sale.private_share = Some(100);
        assert_eq!(sale.check(), Ok(()));
        sale.private_share = None;
        assert_eq!(sale.private_share(), 0);
        // Built in code, a share is still a percentage.
        sale.private_share = Some(200);
        assert_eq!(
            sale.check().map_err(|e| e.to_string()),
            Err("private_share: 200 is not a percentage from 0 to 100".to_owned())
        );
    }
}
