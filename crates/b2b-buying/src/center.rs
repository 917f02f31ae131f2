//! The buying center: its members, their roles, influence and approval
//! limits, read from a TOML file.

use crate::file::{FileError, Invalid, invalid, locate, parse_toml};
use crate::model::Role;
use b2b_core::{Currency, Decimal, Money};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A member of the buying center.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// A short, unique id (`anna`), used in commands and events.
    pub id: String,
    /// The person's name.
    pub name: String,
    /// The roles the member holds (at least one).
    pub roles: Vec<Role>,
    /// Relative influence on the decision (zero or more; weights are
    /// compared with each other, not summed to one).
    #[serde(deserialize_with = "b2b_core::deserialize_decimal")]
    pub influence: Decimal,
    /// The largest request amount this member's approval covers; none
    /// means no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_limit: Option<Money>,
}

impl Member {
    /// Whether the member holds `role`.
    pub fn holds(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the member's approval covers `amount` (no limit, or a limit
    /// at least the amount).
    pub fn covers(&self, amount: &Money) -> bool {
        self.approval_limit
            .is_none_or(|limit| limit.amount() >= amount.amount())
    }
}

/// A standing delegation in the center file: while `from` is absent, `to`
/// acts for them in `role` on every request of the center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// The absent member.
    pub from: String,
    /// The member acting for them.
    pub to: String,
    /// The role handed over; both must hold it.
    pub role: Role,
    /// Start (inclusive).
    #[serde(
        serialize_with = "time::serde::rfc3339::serialize",
        deserialize_with = "file_time"
    )]
    pub start: OffsetDateTime,
    /// End (exclusive).
    #[serde(
        serialize_with = "time::serde::rfc3339::serialize",
        deserialize_with = "file_time"
    )]
    pub end: OffsetDateTime,
}

/// A time as TOML writes it natively (`2026-03-09T00:00:00+01:00`) or as
/// an RFC 3339 string (JSON).
fn file_time<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<OffsetDateTime, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Written::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom(
            "expected a date and time with offset, such as 2026-03-09T00:00:00+01:00",
        )
    })? {
        Written::Text(text) => text,
        Written::Toml(datetime) => datetime.to_string(),
    };
    OffsetDateTime::parse(&text, &Rfc3339).map_err(|e| {
        serde::de::Error::custom(format!(
            "{text:?} is not a date and time with offset, such as 2026-03-09T00:00:00+01:00: {e}"
        ))
    })
}

/// A buying center: the people who decide a purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Center {
    /// A short, unique id (`acme-plant`).
    pub id: String,
    /// A name for people.
    pub name: String,
    /// The currency of the approval limits and of the requests.
    pub currency: Currency,
    /// The members.
    pub members: Vec<Member>,
    /// Standing delegations for absences, valid on every request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absences: Vec<Absence>,
}

impl Center {
    /// Reads and validates a center from TOML text; `file` names it in
    /// errors.
    ///
    /// ```
    /// use b2b_buying::center::Center;
    ///
    /// let center = Center::parse(r#"
    ///     id = "plant"
    ///     name = "Plant purchasing"
    ///     currency = "EUR"
    ///     [[members]]
    ///     id = "anna"
    ///     name = "Anna Berg"
    ///     roles = ["initiator", "user"]
    ///     influence = 2
    /// "#, "center.toml")?;
    /// assert_eq!(center.members[0].roles.len(), 2);
    /// # Ok::<(), b2b_buying::file::FileError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`FileError::Syntax`] for text that is not TOML of the center schema
    /// (an unknown field, role or currency, a value of the wrong type);
    /// [`FileError::Invalid`], with the field and where it is written, for a
    /// center that [`Center::check`] refuses.
    pub fn parse(text: &str, file: &str) -> Result<Center, FileError> {
        let center: Center = parse_toml(text, file)?;
        center
            .validate()
            .map_err(|problem| locate(text, file, problem))?;
        Ok(center)
    }

    /// Checks a center built in code or read from JSON: unique member ids,
    /// at least one role each, no negative influence, limits in the
    /// center's currency.
    ///
    /// # Errors
    ///
    /// [`FileError::Invalid`], naming the field, for an empty id, no
    /// members, a member id that is empty, reserved or repeated, a member
    /// without roles or with one twice, a negative influence, an approval
    /// limit in another currency or not above zero, or an absence whose
    /// members do not exist or hold the role, that stands a member in for
    /// themselves, or that ends before it starts.
    pub fn check(&self) -> Result<(), FileError> {
        self.validate().map_err(|problem| FileError::Invalid {
            file: format!("center {}", self.id),
            at: crate::file::At(None),
            field: problem.field,
            message: problem.message,
        })
    }

    fn validate(&self) -> Result<(), Invalid> {
        if self.id.trim().is_empty() {
            return Err(invalid("id", "the center needs an id"));
        }
        if self.members.is_empty() {
            return Err(invalid("members", "the center has no members"));
        }
        let mut ids = BTreeSet::new();
        for (i, member) in self.members.iter().enumerate() {
            let field = |name: &str| format!("members[{i}].{name}");
            if member.id.trim().is_empty() || member.id == crate::event::SYSTEM {
                return Err(invalid(
                    field("id"),
                    format!("{:?} cannot be a member id", member.id),
                ));
            }
            if !ids.insert(member.id.as_str()) {
                return Err(invalid(
                    field("id"),
                    format!("member {:?} is listed twice", member.id),
                ));
            }
            if member.roles.is_empty() {
                return Err(invalid(field("roles"), "a member needs at least one role"));
            }
            let roles: BTreeSet<Role> = member.roles.iter().copied().collect();
            if roles.len() != member.roles.len() {
                return Err(invalid(field("roles"), "a role is listed twice"));
            }
            if member.influence.is_sign_negative() && !member.influence.is_zero() {
                return Err(invalid(
                    field("influence"),
                    format!("influence {} is negative", member.influence),
                ));
            }
            if let Some(limit) = member.approval_limit {
                if limit.currency() != self.currency {
                    return Err(invalid(
                        field("approval_limit.currency"),
                        format!(
                            "the limit is in {} but the center counts in {}",
                            limit.currency().code(),
                            self.currency.code()
                        ),
                    ));
                }
                if limit.amount() <= Decimal::ZERO {
                    return Err(invalid(
                        field("approval_limit.amount"),
                        format!("a limit of {} covers nothing", limit.amount()),
                    ));
                }
            }
        }
        self.validate_absences()
    }

    fn validate_absences(&self) -> Result<(), Invalid> {
        for (i, absence) in self.absences.iter().enumerate() {
            let field = |name: &str| format!("absences[{i}].{name}");
            for (name, id) in [("from", &absence.from), ("to", &absence.to)] {
                let Some(member) = self.member(id) else {
                    return Err(invalid(field(name), format!("no member {id:?}")));
                };
                if !member.holds(absence.role) {
                    return Err(invalid(
                        field(name),
                        format!(
                            "{id} does not hold the role {}: a delegation passes a role between two members who both hold it",
                            absence.role
                        ),
                    ));
                }
            }
            if absence.from == absence.to {
                return Err(invalid(
                    field("to"),
                    "a member cannot stand in for themselves",
                ));
            }
            if absence.end <= absence.start {
                return Err(invalid(field("end"), "the period ends before it starts"));
            }
        }
        Ok(())
    }

    /// The member with id `id`.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|member| member.id == id)
    }

    /// The members holding `role`.
    pub fn holders(&self, role: Role) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(move |member| member.holds(role))
    }

    /// How many distinct members hold at least one of `roles`.
    pub fn count_holding_any(&self, roles: &[Role]) -> usize {
        self.members
            .iter()
            .filter(|member| roles.iter().any(|role| member.holds(*role)))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
id = "plant"
name = "Plant"
currency = "EUR"

[[members]]
id = "anna"
name = "Anna"
roles = ["initiator"]
influence = 1

[[members]]
id = "bo"
name = "Bo"
roles = ["approver"]
influence = "2.5"
approval_limit = { amount = "5000", currency = "SEK" }
"#;

    #[test]
    fn a_limit_in_another_currency_is_named_with_its_place() {
        let error = Center::parse(BASE, "center.toml").expect_err("SEK limit in EUR center");
        assert_eq!(
            error.to_string(),
            "center.toml: line 17, column 48: members[1].approval_limit.currency: the limit is in SEK but the center counts in EUR"
        );
    }

    #[test]
    fn an_unknown_role_is_a_syntax_error_with_its_place() {
        let text = BASE.replace("[\"initiator\"]", "[\"boss\"]");
        let error = Center::parse(&text, "c.toml").expect_err("unknown role");
        let message = error.to_string();
        assert!(message.starts_with("c.toml: line 9, column"), "{message}");
        assert!(message.contains("unknown variant `boss`"), "{message}");
    }

    #[test]
    fn a_member_listed_twice_is_refused() {
        let text = BASE.replace("\"bo\"", "\"anna\"").replace("SEK", "EUR");
        let error = Center::parse(&text, "c.toml").expect_err("duplicate");
        assert!(
            error
                .to_string()
                .ends_with("members[1].id: member \"anna\" is listed twice"),
            "{error}"
        );
    }

    #[test]
    fn limits_cover_amounts_up_to_and_including_themselves() {
        let center = Center::parse(&BASE.replace("SEK", "EUR"), "c.toml").expect("valid");
        let bo = center.member("bo").expect("bo");
        let eur = |text: &str| Money::new(text.parse().expect("decimal"), Currency::EUR);
        assert!(bo.covers(&eur("5000")));
        assert!(!bo.covers(&eur("5000.01")));
        assert!(
            center
                .member("anna")
                .expect("anna")
                .covers(&eur("1000000000"))
        );
    }
}
