//! The structured (serde) form of payment terms, beside the notation.

use std::fmt;

use b2b_core::Percent;
use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Discount, Due, Instalment, PaymentTerms, TermsError};

/// `{"notation": ..., "instalments": [...]}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notation: Option<String>,
    instalments: Vec<InstalmentForm>,
}

/// One instalment: `share`, `kind` and the fields that kind uses.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstalmentForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    share: Option<Percent>,
    kind: KindForm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end_of_month: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    discount: Option<DiscountForm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum KindForm {
    Net,
    DayOfNextMonth,
    DueOnReceipt,
    CashInAdvance,
    CashWithOrder,
    CashOnDelivery,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscountForm {
    percent: Percent,
    days: u32,
}

impl InstalmentForm {
    fn from_instalment(instalment: &Instalment) -> InstalmentForm {
        let mut form = InstalmentForm {
            share: Some(instalment.share),
            kind: KindForm::DueOnReceipt,
            days: None,
            end_of_month: None,
            discount: None,
            day: None,
        };
        match instalment.due {
            Due::OnReceipt => {}
            Due::CashInAdvance => form.kind = KindForm::CashInAdvance,
            Due::CashWithOrder => form.kind = KindForm::CashWithOrder,
            Due::CashOnDelivery => form.kind = KindForm::CashOnDelivery,
            Due::DayOfNextMonth { day } => {
                form.kind = KindForm::DayOfNextMonth;
                form.day = Some(u32::from(day));
            }
            Due::Net {
                days,
                end_of_month,
                discount,
            } => {
                form.kind = KindForm::Net;
                form.days = Some(days);
                form.end_of_month = Some(end_of_month);
                form.discount = discount.map(|d| DiscountForm {
                    percent: d.percent,
                    days: d.days,
                });
            }
        }
        form
    }

    /// The instalment, checking that exactly the fields its kind uses are
    /// present (`instalment` numbers it in messages).
    fn into_instalment(self, instalment: usize, single: bool) -> Result<Instalment, TermsError> {
        let fail = |message: String| TermsError::Form {
            instalment,
            message,
        };
        let share = match self.share {
            Some(share) => share,
            None if single => Percent::new(Decimal::ONE_HUNDRED),
            None => {
                return Err(fail(
                    "\"share\" is missing (needed when there are several instalments)".to_owned(),
                ));
            }
        };
        let unused = |name: &str, present: bool| {
            if present {
                Err(fail(format!("\"{name}\" does not apply to this kind")))
            } else {
                Ok(())
            }
        };
        let due = match self.kind {
            KindForm::Net => {
                unused("day", self.day.is_some())?;
                let days = self
                    .days
                    .ok_or_else(|| fail("kind \"net\" needs \"days\"".to_owned()))?;
                Due::Net {
                    days,
                    end_of_month: self.end_of_month.unwrap_or(false),
                    discount: self.discount.map(|d| Discount {
                        percent: d.percent,
                        days: d.days,
                    }),
                }
            }
            KindForm::DayOfNextMonth => {
                unused("days", self.days.is_some())?;
                unused("end_of_month", self.end_of_month.is_some())?;
                unused("discount", self.discount.is_some())?;
                let day = self
                    .day
                    .ok_or_else(|| fail("kind \"day-of-next-month\" needs \"day\"".to_owned()))?;
                let day = u8::try_from(day)
                    .map_err(|_| fail(format!("the day of the month {day} is not 1 to 31")))?;
                Due::DayOfNextMonth { day }
            }
            simple => {
                unused("days", self.days.is_some())?;
                unused("end_of_month", self.end_of_month.is_some())?;
                unused("discount", self.discount.is_some())?;
                unused("day", self.day.is_some())?;
                match simple {
                    KindForm::CashInAdvance => Due::CashInAdvance,
                    KindForm::CashWithOrder => Due::CashWithOrder,
                    KindForm::CashOnDelivery => Due::CashOnDelivery,
                    _ => Due::OnReceipt,
                }
            }
        };
        Ok(Instalment { share, due })
    }
}

impl TermsForm {
    fn into_terms(self) -> Result<PaymentTerms, TermsError> {
        let single = self.instalments.len() == 1;
        let instalments = self
            .instalments
            .into_iter()
            .enumerate()
            .map(|(index, form)| form.into_instalment(index + 1, single))
            .collect::<Result<Vec<_>, _>>()?;
        let terms = PaymentTerms::new(instalments)?;
        if let Some(notation) = self.notation {
            let written: PaymentTerms = notation.parse()?;
            if written != terms {
                return Err(TermsError::Form {
                    instalment: 1,
                    message: format!(
                        "\"notation\" says {:?} but the instalments say {:?}",
                        written.to_string(),
                        terms.to_string()
                    ),
                });
            }
        }
        Ok(terms)
    }
}

impl Serialize for PaymentTerms {
    /// The structured form, with the canonical notation alongside.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TermsForm {
            notation: Some(self.to_string()),
            instalments: self
                .instalments
                .iter()
                .map(InstalmentForm::from_instalment)
                .collect(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PaymentTerms {
    /// The notation string, or the structured form.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TermsVisitor)
    }
}

struct TermsVisitor;

impl<'de> Visitor<'de> for TermsVisitor {
    type Value = PaymentTerms;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("payment terms, as a notation such as \"2/10 net 30\" or as a table with \"instalments\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<PaymentTerms, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PaymentTerms, A::Error> {
        let form = TermsForm::deserialize(de::value::MapAccessDeserializer::new(map))?;
        form.into_terms().map_err(de::Error::custom)
    }
}
