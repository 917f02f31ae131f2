//! Who owes a payment, as the late-payment directive distinguishes them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Who owes a payment: Directive 2011/7/EU treats undertakings (Art. 3)
/// and public authorities (Art. 4) alike for interest and compensation, but
/// allows them different payment periods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Debtor {
    /// An undertaking (Art. 3).
    #[default]
    Business,
    /// A public authority (Art. 4), as defined in Art. 2(2).
    PublicAuthority,
}

impl Debtor {
    /// The kebab-case name: `business` or `public-authority`.
    pub fn name(self) -> &'static str {
        match self {
            Debtor::Business => "business",
            Debtor::PublicAuthority => "public-authority",
        }
    }
}

impl fmt::Display for Debtor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Debtor {
    type Err = UnknownDebtor;

    /// `business` (or `b2b`), `public-authority` (or `public`), ASCII
    /// case-insensitive.
    fn from_str(text: &str) -> Result<Debtor, UnknownDebtor> {
        match text.trim().to_ascii_lowercase().as_str() {
            "business" | "b2b" => Ok(Debtor::Business),
            "public-authority" | "public" => Ok(Debtor::PublicAuthority),
            _ => Err(UnknownDebtor {
                text: text.to_owned(),
            }),
        }
    }
}

/// A text that is not a [`Debtor`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown debtor {:?} (expected business or public-authority)", b2b_core::excerpt(.text))]
pub struct UnknownDebtor {
    /// The text as given.
    pub text: String,
}
