//! Country codes: [`b2b_core::Country`], the one country type of the
//! workspace (ISO 3166-1 alpha-2, the EU member states, `XI` for Northern
//! Ireland), re-exported where the sale formats have always named it.

pub use b2b_core::country::{Country, CountryError, NORTHERN_IRELAND};
