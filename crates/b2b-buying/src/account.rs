//! The seller's view of a customer's buying center: who holds which role,
//! how much they weigh, where they stand, and the gaps a salesperson
//! should close before the decision.
//!
//! The roles are the same seven as the buyer's side (Webster and Wind);
//! the source text (domain.md section 2) stresses that B2B selling reaches
//! every member of the buying center through personal meetings, and that
//! the decider and the gatekeepers decide what gets through. Two gap rules
//! come from common sales practice rather than the source and say so:
//! a deal that rests on one contact (single-threaded) and a deal without a
//! champion. See docs/buying-team.md.

use crate::model::Role;
use b2b_core::{Decimal, Percent};
use serde::{Deserialize, Serialize};
use time::Date;

/// Influence at or above this (on the 1-to-5 scale) makes a member
/// influential.
pub const INFLUENTIAL: u8 = 4;

/// Contacts older than this many days are stale unless the file says
/// otherwise.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 45;

/// Where a member stands on the seller's offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Stance {
    /// Sells for the seller inside the customer.
    Champion,
    /// In favour.
    Supporter,
    /// Undecided.
    Neutral,
    /// Doubtful.
    Sceptic,
    /// Works against the offer.
    Blocker,
    /// Not known.
    Unknown,
}

/// A member of the customer's buying center, as the seller knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Job title.
    #[serde(default)]
    pub title: Option<String>,
    /// Buying-center roles.
    pub roles: Vec<Role>,
    /// Influence on the decision, 1 (little) to 5 (decisive).
    pub influence: u8,
    /// Where they stand.
    #[serde(default = "unknown")]
    pub stance: Stance,
    /// Whether someone on the seller's side is in touch with them.
    #[serde(default)]
    pub contact: bool,
    /// The last meeting or call (a TOML date or a `YYYY-MM-DD` string).
    #[serde(default, deserialize_with = "b2b_core::deserialize_optional_date")]
    pub last_contact: Option<Date>,
}

fn unknown() -> Stance {
    Stance::Unknown
}

/// An account map file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountMap {
    /// The customer.
    pub customer: String,
    /// The deal being pursued.
    #[serde(default)]
    pub deal: Option<String>,
    /// Days after which a contact is stale.
    #[serde(default = "stale_after")]
    pub stale_after_days: u32,
    /// The people.
    pub people: Vec<Person>,
}

fn stale_after() -> u32 {
    DEFAULT_STALE_AFTER_DAYS
}

/// What is wrong with an account map file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AccountError {
    /// Not valid TOML, or a value of the wrong form.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// The parser's message.
        message: String,
    },
    /// A value that is well-formed but wrong.
    #[error("{field}: {message}")]
    Invalid {
        /// The field (`people[2].influence`).
        field: String,
        /// What is wrong.
        message: String,
    },
}

/// How urgent a gap is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Severity {
    /// Can lose the deal.
    High,
    /// Weakens the position.
    Medium,
    /// Worth tidying.
    Low,
}

/// Something the salesperson should close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Gap {
    /// A stable rule id (`decider.no-contact`).
    pub rule: &'static str,
    /// How urgent.
    pub severity: Severity,
    /// What to do about whom.
    pub text: String,
}

/// One role's holders and how many the seller reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RoleCoverage {
    /// The role.
    pub role: Role,
    /// Who holds it.
    pub holders: Vec<String>,
    /// Of them, who the seller is in touch with.
    pub contacted: Vec<String>,
}

/// The map analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Analysis {
    /// The customer.
    pub customer: String,
    /// The deal.
    pub deal: Option<String>,
    /// Per role, in the order of the seven roles.
    pub roles: Vec<RoleCoverage>,
    /// Influence-weighted share of the buying center the seller is in
    /// touch with, in percent (2 decimals).
    pub coverage_percent: Percent,
    /// The gaps, most urgent first.
    pub gaps: Vec<Gap>,
}

impl AccountMap {
    /// Reads an account map from TOML text.
    ///
    /// # Errors
    ///
    /// [`AccountError`] with the line and column, or the field.
    pub fn parse(text: &str) -> Result<AccountMap, AccountError> {
        let map: AccountMap = b2b_core::exact_toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((0, 0), |span| b2b_core::line_column(text, span.start));
            AccountError::Syntax {
                line,
                column,
                message: e.message().trim_end().to_owned(),
            }
        })?;
        map.check()?;
        Ok(map)
    }

    fn check(&self) -> Result<(), AccountError> {
        if self.people.is_empty() {
            return Err(AccountError::Invalid {
                field: "people".to_owned(),
                message: "the map lists nobody".to_owned(),
            });
        }
        for (index, person) in self.people.iter().enumerate() {
            let invalid = |field: &str, message: String| AccountError::Invalid {
                field: format!("people[{index}].{field}"),
                message,
            };
            if !(1..=5).contains(&person.influence) {
                return Err(invalid(
                    "influence",
                    format!("{} is outside 1 to 5", person.influence),
                ));
            }
            if person.roles.is_empty() {
                return Err(invalid("roles", format!("{} has no role", person.name)));
            }
            if person.last_contact.is_some() && !person.contact {
                return Err(invalid(
                    "last_contact",
                    format!("{} has a last contact but contact = false", person.name),
                ));
            }
        }
        Ok(())
    }

    /// The coverage and gaps as of `today` (stale contacts are only judged
    /// with a date).
    pub fn analyse(&self, today: Option<Date>) -> Analysis {
        let roles: Vec<RoleCoverage> = Role::ALL
            .into_iter()
            .map(|role| {
                let holders: Vec<&Person> = self
                    .people
                    .iter()
                    .filter(|p| p.roles.contains(&role))
                    .collect();
                RoleCoverage {
                    role,
                    holders: holders.iter().map(|p| p.name.clone()).collect(),
                    contacted: holders
                        .iter()
                        .filter(|p| p.contact)
                        .map(|p| p.name.clone())
                        .collect(),
                }
            })
            .collect();
        // Influence is 1 to 5 per person and a map cannot hold 2^61 people,
        // so the u64 sums and the decimal percentage (at most 100 × 2^64)
        // cannot overflow; the checked forms keep that a guarantee.
        let total: u64 = self.people.iter().map(|p| u64::from(p.influence)).sum();
        let reached: u64 = self
            .people
            .iter()
            .filter(|p| p.contact)
            .map(|p| u64::from(p.influence))
            .sum();
        let coverage_percent = Decimal::from(reached)
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|hundredfold| hundredfold.checked_div(Decimal::from(total)))
            .map_or(Decimal::ZERO, |share| share.round_dp(2));
        let mut gaps = self.gaps(&roles, today);
        gaps.sort_by_key(|gap| gap.severity);
        Analysis {
            customer: self.customer.clone(),
            deal: self.deal.clone(),
            roles,
            coverage_percent: Percent::new(coverage_percent),
            gaps,
        }
    }

    fn gaps(&self, roles: &[RoleCoverage], today: Option<Date>) -> Vec<Gap> {
        let mut gaps = Vec::new();
        let mut gap = |rule, severity, text: String| {
            gaps.push(Gap {
                rule,
                severity,
                text,
            })
        };
        let holders = |role: Role| roles.iter().find(|r| r.role == role);
        match holders(Role::Decider) {
            Some(decider) if decider.holders.is_empty() => gap(
                "decider.unknown",
                Severity::High,
                "Nobody is mapped as the decider: find out who signs off the purchase.".to_owned(),
            ),
            Some(decider) if decider.contacted.is_empty() => gap(
                "decider.no-contact",
                Severity::High,
                format!(
                    "No contact with the decider ({}): get a meeting before the evaluation.",
                    decider.holders.join(", ")
                ),
            ),
            _ => {}
        }
        for person in &self.people {
            let influential = person.influence >= INFLUENTIAL;
            match person.stance {
                Stance::Blocker if influential => gap(
                    "blocker.influential",
                    Severity::High,
                    format!(
                        "{} blocks with influence {}: learn the objection and answer it, or win over those they listen to.",
                        person.name, person.influence
                    ),
                ),
                Stance::Blocker | Stance::Sceptic => gap(
                    if person.stance == Stance::Blocker {
                        "blocker"
                    } else {
                        "sceptic"
                    },
                    if influential {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    format!(
                        "{} is a {} (influence {}): address their doubts.",
                        person.name,
                        stance_name(person.stance),
                        person.influence
                    ),
                ),
                Stance::Unknown if influential => gap(
                    "stance.unknown-influential",
                    Severity::Medium,
                    format!(
                        "{} has influence {} but where they stand is unknown.",
                        person.name, person.influence
                    ),
                ),
                _ => {}
            }
        }
        for role in [Role::Gatekeeper, Role::User, Role::Buyer, Role::Influencer] {
            if holders(role).is_some_and(|r| r.holders.is_empty()) {
                gap(
                    "role.unmapped",
                    Severity::Medium,
                    format!(
                        "Nobody is mapped as {role}: every role of the buying center shapes the decision."
                    ),
                );
            }
        }
        let contacted = self.people.iter().filter(|p| p.contact).count();
        if contacted <= 1 {
            gap(
                "single-threaded",
                Severity::Medium,
                format!(
                    "The deal rests on {contacted} contact(s): reach more members (sales practice: multi-threading)."
                ),
            );
        }
        if !self.people.iter().any(|p| p.stance == Stance::Champion) {
            gap(
                "champion.missing",
                Severity::Low,
                "No champion inside the customer (sales practice): find someone who sells for you when you are not there.".to_owned(),
            );
        }
        if let Some(today) = today {
            for person in self.people.iter().filter(|p| p.contact) {
                match person.last_contact {
                    Some(last)
                        if (today - last).whole_days() > i64::from(self.stale_after_days) =>
                    {
                        gap(
                            "contact.stale",
                            Severity::Low,
                            format!(
                                "Last contact with {} was {} days ago ({last}).",
                                person.name,
                                (today - last).whole_days()
                            ),
                        )
                    }
                    None => gap(
                        "contact.undated",
                        Severity::Low,
                        format!("The contact with {} has no date.", person.name),
                    ),
                    _ => {}
                }
            }
        }
        gaps
    }
}

fn stance_name(stance: Stance) -> &'static str {
    match stance {
        Stance::Champion => "champion",
        Stance::Supporter => "supporter",
        Stance::Neutral => "neutral",
        Stance::Sceptic => "sceptic",
        Stance::Blocker => "blocker",
        Stance::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const MAP: &str = r#"
customer = "Rhein Logistik GmbH"
deal = "Forklift fleet renewal 2027"

[[people]]
name = "Gustav Brandt"
roles = ["decider", "approver"]
influence = 5
stance = "unknown"

[[people]]
name = "Clara Diaz"
roles = ["influencer", "user"]
influence = 3
stance = "champion"
contact = true
last_contact = 2026-11-20

[[people]]
name = "Helga Stein"
roles = ["gatekeeper"]
influence = 4
stance = "blocker"
contact = true
last_contact = 2026-09-01
"#;

    #[test]
    fn the_gaps_of_a_deal_without_the_decider() {
        let analysis = AccountMap::parse(MAP)
            .expect("valid")
            .analyse(Some(date!(2026 - 11 - 26)));
        let gaps: Vec<(&str, Severity)> =
            analysis.gaps.iter().map(|g| (g.rule, g.severity)).collect();
        assert_eq!(
            gaps,
            [
                ("decider.no-contact", Severity::High),
                ("blocker.influential", Severity::High),
                ("stance.unknown-influential", Severity::Medium),
                ("role.unmapped", Severity::Medium),
                ("contact.stale", Severity::Low),
            ]
        );
        // Buyer is the unmapped role; Helga's last contact is 86 days old.
        assert!(
            analysis.gaps[3]
                .text
                .starts_with("Nobody is mapped as buyer")
        );
        assert_eq!(
            analysis.gaps[4].text,
            "Last contact with Helga Stein was 86 days ago (2026-09-01)."
        );
        // Reached: 3 + 4 of 5 + 3 + 4 = 58.33 %.
        assert_eq!(analysis.coverage_percent.value().to_string(), "58.33");
    }

    #[test]
    fn bad_maps_name_the_field() {
        let error = |text: &str| AccountMap::parse(text).expect_err("refused").to_string();
        assert_eq!(
            error(
                "customer = \"X\"\n[[people]]\nname = \"A\"\nroles = [\"boss\"]\ninfluence = 3\n"
            ),
            "line 4, column 10: unknown variant `boss`, expected one of `initiator`, `user`, `influencer`, `buyer`, `decider`, `gatekeeper`, `approver`"
        );
        assert_eq!(
            error(
                "customer = \"X\"\n[[people]]\nname = \"A\"\nroles = [\"user\"]\ninfluence = 9\n"
            ),
            "people[0].influence: 9 is outside 1 to 5"
        );
        assert_eq!(
            error("customer = \"X\"\npeople = []\n"),
            "people: the map lists nobody"
        );
    }
}
