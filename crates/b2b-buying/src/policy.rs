//! The approval policy: amount bands by category, the approval levels each
//! requires, who may veto, the phase paths per buy class, and the phase
//! deadlines with their escalation role. Read from TOML and checked against
//! a [`Center`].

use crate::center::Center;
use crate::file::{FileError, Invalid, invalid, locate, parse_toml};
use crate::model::{BuyClass, Phase, Role};
use b2b_core::{Currency, Decimal, Money};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;

/// The category a rule uses for every category without its own rule.
pub const ANY_CATEGORY: &str = "*";

/// Whether an approval level waits for the levels before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Mode {
    /// Approvals may be given from the opening of the request, alongside
    /// other levels.
    #[default]
    Parallel,
    /// Approvals are taken only once every earlier level of the rule is
    /// complete.
    Sequence,
}

/// One approval level: `quorum` distinct members holding one of `roles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// A name unique in its rule (`technical`, `budget`).
    pub id: String,
    /// An approval counts when the approver holds at least one of these.
    pub roles: Vec<Role>,
    /// How many distinct members must approve.
    #[serde(default = "one")]
    pub quorum: u32,
    /// Parallel (default) or in sequence after the earlier levels.
    #[serde(default)]
    pub mode: Mode,
    /// The level must be complete before the request enters this phase or
    /// any later one in buygrid order (default `order`).
    #[serde(default = "order")]
    pub complete_before: Phase,
    /// Whether the approvers' approval limits apply (default true): an
    /// approver whose limit is below the amount does not count here.
    #[serde(default = "yes")]
    pub limits_apply: bool,
}

fn one() -> u32 {
    1
}

fn order() -> Phase {
    Phase::Order
}

fn yes() -> bool {
    true
}

/// A range of amounts: `from` inclusive, `to` exclusive (none: no upper
/// end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// A name (`small`).
    pub id: String,
    /// The lowest amount in the band (inclusive).
    #[serde(deserialize_with = "b2b_core::deserialize_decimal")]
    pub from: Decimal,
    /// The first amount above the band (exclusive); none for the top band.
    #[serde(
        default,
        deserialize_with = "optional_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub to: Option<Decimal>,
}

fn optional_decimal<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Decimal>, D::Error> {
    b2b_core::deserialize_decimal(deserializer).map(Some)
}

impl Band {
    /// Whether `amount` falls in the band.
    pub fn contains(&self, amount: Decimal) -> bool {
        amount >= self.from && self.to.is_none_or(|to| amount < to)
    }
}

/// The approvals a band and category require.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRule {
    /// The band's id.
    pub band: String,
    /// The category, or `*` for every category without its own rule.
    pub category: String,
    /// The levels, in order (sequence levels wait for the ones before).
    #[serde(default)]
    pub levels: Vec<Level>,
    /// Who may veto, replacing the policy's `veto_roles` for this rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto_roles: Option<Vec<Role>>,
}

/// The phases a buy class passes through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Path {
    /// The phases, in buygrid order.
    pub phases: Vec<Phase>,
    /// Phases of `phases` entered only when an advance asks for them
    /// (`supplier_search = true`); skipped otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional: Vec<Phase>,
}

/// How long a phase may last, and who is told when it lasts longer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// Whole days (of 24 hours) after entering the phase.
    #[serde(default)]
    pub days: u32,
    /// Further hours.
    #[serde(default)]
    pub hours: u32,
    /// The role whose members are called in when the deadline passes.
    pub escalate_to: Role,
}

/// The longest deadline a policy may set, in days (about ten years): a
/// phase allowed longer has no deadline worth the name, and a bound keeps
/// every due time far inside the range of dates.
pub const MAX_DEADLINE_DAYS: u32 = 3660;

impl Deadline {
    /// The allowed time in the phase. (At most `u32::MAX` days and hours,
    /// far inside `Duration`'s range, so this cannot overflow.)
    pub fn duration(&self) -> time::Duration {
        time::Duration::days(i64::from(self.days)) + time::Duration::hours(i64::from(self.hours))
    }

    /// When a phase entered at `since` is due, or `None` when that is past
    /// the last representable time (the deadline then never passes).
    pub fn due(&self, since: OffsetDateTime) -> Option<OffsetDateTime> {
        since.checked_add(self.duration())
    }

    /// Whether the deadline is within [`MAX_DEADLINE_DAYS`].
    fn within_bound(&self) -> bool {
        u64::from(self.days) * 24 + u64::from(self.hours) <= u64::from(MAX_DEADLINE_DAYS) * 24
    }
}

/// An approval policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// A name (`plant-2026`).
    pub id: String,
    /// The currency the bands count in; it must be the center's.
    pub currency: Currency,
    /// Who may open a request (default initiator, user, buyer).
    #[serde(default = "open_roles")]
    pub open_roles: Vec<Role>,
    /// Who may advance, close or cancel a request besides its requester
    /// (default buyer).
    #[serde(default = "advance_roles")]
    pub advance_roles: Vec<Role>,
    /// Who may veto (default gatekeeper), unless a rule says otherwise.
    #[serde(default = "veto_roles")]
    pub veto_roles: Vec<Role>,
    /// The phase path of each buy class.
    pub paths: BTreeMap<BuyClass, Path>,
    /// Deadlines by phase; a phase without one has none.
    #[serde(default)]
    pub deadlines: BTreeMap<Phase, Deadline>,
    /// The amount bands, ascending, without gaps or overlaps, from 0.
    pub bands: Vec<Band>,
    /// The rules by band and category.
    pub rules: Vec<ApprovalRule>,
}

fn open_roles() -> Vec<Role> {
    vec![Role::Initiator, Role::User, Role::Buyer]
}

fn advance_roles() -> Vec<Role> {
    vec![Role::Buyer]
}

fn veto_roles() -> Vec<Role> {
    vec![Role::Gatekeeper]
}

/// Why no rule applies to an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoRule {
    /// The amount is in another currency.
    #[error("the amount is in {found} but the policy counts in {expected}")]
    Currency {
        /// The policy's currency.
        expected: String,
        /// The amount's.
        found: String,
    },
    /// No band contains the amount.
    #[error("no amount band of the policy contains {0}")]
    NoBand(Decimal),
}

impl Policy {
    /// Reads a policy from TOML text and checks it against `center`;
    /// `file` names it in errors.
    ///
    /// # Errors
    ///
    /// [`FileError::Syntax`] for text that is not TOML of the policy schema
    /// (an unknown field, role or phase, a value of the wrong type);
    /// [`FileError::Invalid`], with the field and where it is written, for a
    /// policy that [`Policy::check`] refuses.
    pub fn parse(text: &str, file: &str, center: &Center) -> Result<Policy, FileError> {
        let policy: Policy = parse_toml(text, file)?;
        policy
            .validate(center)
            .map_err(|problem| locate(text, file, problem))?;
        Ok(policy)
    }

    /// Checks a policy built in code or read from JSON against `center`.
    ///
    /// # Errors
    ///
    /// [`FileError::Invalid`], naming the field, for a policy in another
    /// currency than `center`'s, open or advance roles no member holds, a
    /// missing or misordered path, a deadline that is empty, too long or
    /// escalates to a role no member holds, amount bands that are missing,
    /// do not start at 0, repeat or leave gaps or overlaps, a rule or level
    /// that is malformed or that `center`'s members could never meet, or a
    /// band without a `*` rule.
    pub fn check(&self, center: &Center) -> Result<(), FileError> {
        self.validate(center).map_err(|problem| FileError::Invalid {
            file: format!("policy {}", self.id),
            at: crate::file::At(None),
            field: problem.field,
            message: problem.message,
        })
    }

    /// The band and rule for `amount` in `category`: the rule naming the
    /// category, else the band's `*` rule.
    ///
    /// # Errors
    ///
    /// [`NoRule::Currency`] for an amount in another currency than the
    /// policy's; [`NoRule::NoBand`] when no band contains the amount (or, in
    /// a policy [`Policy::check`] would refuse, the band has no rule for the
    /// category and no `*` rule).
    pub fn rule_for(
        &self,
        amount: &Money,
        category: &str,
    ) -> Result<(&Band, &ApprovalRule), NoRule> {
        if amount.currency() != self.currency {
            return Err(NoRule::Currency {
                expected: self.currency.code().to_owned(),
                found: amount.currency().code().to_owned(),
            });
        }
        let band = self
            .bands
            .iter()
            .find(|band| band.contains(amount.amount()))
            .ok_or(NoRule::NoBand(amount.amount()))?;
        let in_band = || self.rules.iter().filter(|rule| rule.band == band.id);
        let rule = in_band()
            .find(|rule| rule.category == category)
            .or_else(|| in_band().find(|rule| rule.category == ANY_CATEGORY))
            .ok_or(NoRule::NoBand(amount.amount()))?;
        Ok((band, rule))
    }

    /// The roles that may veto under `rule`.
    pub fn veto_roles_for<'a>(&'a self, rule: &'a ApprovalRule) -> &'a [Role] {
        rule.veto_roles.as_deref().unwrap_or(&self.veto_roles)
    }

    fn validate(&self, center: &Center) -> Result<(), Invalid> {
        if self.currency != center.currency {
            return Err(invalid(
                "currency",
                format!(
                    "the policy counts in {} but center {:?} counts in {}",
                    self.currency.code(),
                    center.id,
                    center.currency.code()
                ),
            ));
        }
        for (field, roles) in [
            ("open_roles", &self.open_roles),
            ("advance_roles", &self.advance_roles),
        ] {
            if center.count_holding_any(roles) == 0 {
                return Err(invalid(
                    field,
                    format!(
                        "no member of center {:?} holds any of these roles",
                        center.id
                    ),
                ));
            }
        }
        self.validate_paths()?;
        self.validate_deadlines(center)?;
        self.validate_bands()?;
        self.validate_rules(center)
    }

    fn validate_paths(&self) -> Result<(), Invalid> {
        for class in BuyClass::ALL {
            let Some(path) = self.paths.get(&class) else {
                return Err(invalid("paths", format!("no path for buy class {class}")));
            };
            let field = |name: &str| format!("paths.{class}.{name}");
            if path.phases.is_empty() {
                return Err(invalid(field("phases"), "a path needs at least one phase"));
            }
            if let Some(pair) = path.phases.windows(2).find(|pair| pair[0] >= pair[1]) {
                return Err(invalid(
                    field("phases"),
                    format!(
                        "{} cannot follow {}: phases run in buygrid order, each once",
                        pair[1], pair[0]
                    ),
                ));
            }
            if !path.phases.contains(&Phase::Order) {
                return Err(invalid(field("phases"), "the path never reaches order"));
            }
            for phase in &path.optional {
                if !path.phases.contains(phase) {
                    return Err(invalid(
                        field("optional"),
                        format!("{phase} is not on the path"),
                    ));
                }
                if Some(phase) == path.phases.first() || *phase == Phase::Order {
                    return Err(invalid(
                        field("optional"),
                        format!("{phase} cannot be optional: it is the first phase or order"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_deadlines(&self, center: &Center) -> Result<(), Invalid> {
        for (phase, deadline) in &self.deadlines {
            let field = |name: &str| format!("deadlines.{phase}.{name}");
            if deadline.days == 0 && deadline.hours == 0 {
                return Err(invalid(field("days"), "a deadline needs days or hours"));
            }
            if !deadline.within_bound() {
                let name = if deadline.days > MAX_DEADLINE_DAYS {
                    "days"
                } else {
                    "hours"
                };
                return Err(invalid(
                    field(name),
                    format!(
                        "a deadline of {} days and {} hours is longer than the {MAX_DEADLINE_DAYS} days (about ten years) a deadline may be",
                        deadline.days, deadline.hours
                    ),
                ));
            }
            if center.holders(deadline.escalate_to).next().is_none() {
                return Err(invalid(
                    field("escalate_to"),
                    format!(
                        "no member of center {:?} holds {}",
                        center.id, deadline.escalate_to
                    ),
                ));
            }
        }
        Ok(())
    }

    fn validate_bands(&self) -> Result<(), Invalid> {
        let Some(first) = self.bands.first() else {
            return Err(invalid("bands", "the policy has no amount bands"));
        };
        if !first.from.is_zero() {
            return Err(invalid(
                "bands[0].from",
                format!("the first band starts at {}, not 0", first.from),
            ));
        }
        let mut ids = BTreeSet::new();
        for (i, band) in self.bands.iter().enumerate() {
            if !ids.insert(band.id.as_str()) {
                return Err(invalid(
                    format!("bands[{i}].id"),
                    format!("band {:?} is listed twice", band.id),
                ));
            }
            if let Some(to) = band.to
                && to <= band.from
            {
                return Err(invalid(
                    format!("bands[{i}].to"),
                    format!("the band ends at {to}, not above its start {}", band.from),
                ));
            }
            if i == 0 {
                continue;
            }
            let before = &self.bands[i - 1];
            match before.to {
                None => {
                    return Err(invalid(
                        format!("bands[{}].to", i - 1),
                        format!(
                            "band {:?} has no upper end, so band {:?} overlaps it",
                            before.id, band.id
                        ),
                    ));
                }
                Some(to) if to < band.from => {
                    return Err(invalid(
                        format!("bands[{i}].from"),
                        format!(
                            "amounts from {to} up to {} are in no band (a gap after {:?})",
                            band.from, before.id
                        ),
                    ));
                }
                Some(to) if to > band.from => {
                    return Err(invalid(
                        format!("bands[{i}].from"),
                        format!(
                            "amounts from {} up to {to} are in both {:?} and {:?} (an overlap)",
                            band.from, before.id, band.id
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn validate_rules(&self, center: &Center) -> Result<(), Invalid> {
        let mut seen = BTreeSet::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let field = |name: &str| format!("rules[{i}].{name}");
            if !self.bands.iter().any(|band| band.id == rule.band) {
                return Err(invalid(
                    field("band"),
                    format!("no band {:?} in bands", rule.band),
                ));
            }
            if rule.category.trim().is_empty() {
                return Err(invalid(field("category"), "the category is empty"));
            }
            if !seen.insert((rule.band.as_str(), rule.category.as_str())) {
                return Err(invalid(
                    field("category"),
                    format!(
                        "band {:?} already has a rule for category {:?}",
                        rule.band, rule.category
                    ),
                ));
            }
            let mut level_ids = BTreeSet::new();
            for (j, level) in rule.levels.iter().enumerate() {
                let field = |name: &str| format!("rules[{i}].levels[{j}].{name}");
                if !level_ids.insert(level.id.as_str()) {
                    return Err(invalid(
                        field("id"),
                        format!("level {:?} is listed twice in the rule", level.id),
                    ));
                }
                if level.roles.is_empty() {
                    return Err(invalid(field("roles"), "a level needs at least one role"));
                }
                if level.quorum == 0 {
                    return Err(invalid(field("quorum"), "a quorum of 0 approves nothing"));
                }
                let holders = center.count_holding_any(&level.roles);
                if level.quorum as usize > holders {
                    let roles: Vec<&str> = level.roles.iter().map(|role| role.name()).collect();
                    return Err(invalid(
                        field("quorum"),
                        format!(
                            "a quorum of {} but only {holders} member(s) of center {:?} hold {}",
                            level.quorum,
                            center.id,
                            roles.join(" or ")
                        ),
                    ));
                }
                for class in BuyClass::ALL {
                    let first = self.paths.get(&class).and_then(|path| path.phases.first());
                    if first.is_some_and(|first| level.complete_before <= *first) {
                        return Err(invalid(
                            field("complete_before"),
                            format!(
                                "the {class} path starts in {}, so a level due before {} could never be met",
                                first.map_or("", |p| p.name()),
                                level.complete_before
                            ),
                        ));
                    }
                }
            }
        }
        for (i, band) in self.bands.iter().enumerate() {
            if !self
                .rules
                .iter()
                .any(|rule| rule.band == band.id && rule.category == ANY_CATEGORY)
            {
                return Err(invalid(
                    format!("bands[{i}].id"),
                    format!("band {:?} has no rule for category \"*\"", band.id),
                ));
            }
        }
        Ok(())
    }
}
