//! Rule sets: the file format, its reading and its validation.
//!
//! A rule set is a TOML file. Its rules come in two kinds:
//! *decisions* (a rule with `segment`) are tried in order and the first that
//! holds decides the segment; the last decision has no `when` and is the
//! default, so every sale gets exactly one segment. *Additions* (no
//! `segment`) are then all tried in order, may test the decided `segment`
//! and `model`, and add a model, tags and consequences. The full format is
//! in docs/classification.md.

use crate::country::Country;
use crate::facts::{self, FactKind, Value};
use crate::input::at_text;
use crate::sale::is_kebab;
use serde::Deserialize;

/// A validated rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    /// Its name, used on the command line (`seed`, `eu-vat`).
    pub name: String,
    /// One line saying what it is.
    pub title: String,
    /// Where its rules come from.
    pub source: String,
    /// The segments its decisions may give.
    pub segments: Vec<String>,
    /// The models it may give.
    pub models: Vec<String>,
    /// The conditional decisions, in file order.
    pub decisions: Vec<Rule>,
    /// The last decision, without a condition.
    pub default: Rule,
    /// The additions, in file order.
    pub additions: Vec<Rule>,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its id, unique in its rule set.
    pub id: String,
    /// When it holds ([`Condition::Always`] without `when`).
    pub when: Condition,
    /// The segment it decides (decisions only).
    pub segment: Option<String>,
    /// The model it gives.
    pub model: Option<String>,
    /// The tags it adds.
    pub tags: Vec<String>,
    /// The consequences it adds.
    pub consequences: Vec<ConsequenceRule>,
    /// Why, with `{fact}` placeholders.
    pub reason: String,
}

/// A consequence a rule adds: a topic and a text with `{fact}` placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsequenceRule {
    /// What it is about, in kebab-case (`place-of-supply`).
    pub topic: String,
    /// What follows for the sale.
    pub text: String,
}

/// A condition over facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Always holds (a rule without `when`).
    Always,
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The fact is known and has this value.
    Is {
        /// The fact.
        fact: String,
        /// The value.
        value: Value,
    },
    /// The fact is known and has one of these values.
    In {
        /// The fact.
        fact: String,
        /// The values.
        values: Vec<Value>,
    },
    /// The fact is unknown (the sale leaves it out).
    Unset(String),
}

impl Condition {
    /// Whether the condition holds for `facts`.
    pub fn holds(&self, facts: &facts::Facts) -> bool {
        match self {
            Condition::Always => true,
            Condition::All(all) => all.iter().all(|c| c.holds(facts)),
            Condition::Any(any) => any.iter().any(|c| c.holds(facts)),
            Condition::Not(inner) => !inner.holds(facts),
            Condition::Is { fact, value } => facts.get(fact) == Some(value),
            Condition::In { fact, values } => facts.get(fact).is_some_and(|v| values.contains(v)),
            Condition::Unset(fact) => facts.get(fact).is_none(),
        }
    }
}

/// What is wrong with a rule file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleSetError {
    /// Not valid TOML, or a key the format does not have.
    #[error("{}{message}", at_text(*at))]
    Syntax {
        /// Line and column, when known.
        at: Option<(u64, u64)>,
        /// The parser's message.
        message: String,
    },
    /// Well-formed, but wrong.
    #[error("{}rule set {:?}{}: {field}: {message}", at_text(*at), b2b_core::excerpt(.set), rule.as_ref().map(|id| format!(", rule {:?}", b2b_core::excerpt(id))).unwrap_or_default())]
    Invalid {
        /// Line and column of the rule, when known.
        at: Option<(u64, u64)>,
        /// The rule set's name.
        set: String,
        /// The rule's id, when the error is in a rule.
        rule: Option<String>,
        /// The field, such as `when.buyer.kind`.
        field: String,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuleSet {
    name: String,
    title: String,
    source: String,
    segments: Vec<String>,
    #[serde(default)]
    models: Vec<String>,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    #[serde(default)]
    when: Option<toml::Table>,
    #[serde(default)]
    segment: Option<String>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    consequence: Vec<ConsequenceRule>,
    reason: String,
}

/// Where an error is found: the set, the rule, and the text for positions.
struct Place<'a> {
    text: &'a str,
    set: &'a str,
    rule: Option<&'a str>,
}

impl Place<'_> {
    fn error(&self, field: impl Into<String>, message: impl Into<String>) -> RuleSetError {
        RuleSetError::Invalid {
            at: self.rule.and_then(|id| locate_rule(self.text, id)),
            set: self.set.to_owned(),
            rule: self.rule.map(str::to_owned),
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The line and column of `id = "<id>"` in a rule file.
fn locate_rule(text: &str, id: &str) -> Option<(u64, u64)> {
    let quoted = format!("\"{id}\"");
    b2b_core::lines(text).enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix("id")?.trim_start().strip_prefix('=')?;
        (rest.trim() == quoted).then(|| (i as u64 + 1, (line.len() - trimmed.len()) as u64 + 1))
    })
}

impl RuleSet {
    /// Reads and validates a rule set from the text of its TOML file.
    ///
    /// ```
    /// use b2b_classify::rules::RuleSet;
    ///
    /// let set = RuleSet::parse(r#"
    ///     name = "payer"
    ///     title = "Who pays"
    ///     source = "our sales manual, 2026"
    ///     segments = ["b2b", "b2c"]
    ///
    ///     [[rule]]
    ///     id = "company-money"
    ///     when = { paid_by = "organisation" }
    ///     segment = "b2b"
    ///     reason = "paid by the organisation"
    ///
    ///     [[rule]]
    ///     id = "otherwise"
    ///     segment = "b2c"
    ///     reason = "paid by a person"
    /// "#)?;
    /// assert_eq!(set.decisions.len(), 1);
    /// # Ok::<(), b2b_classify::rules::RuleSetError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RuleSetError::Syntax`] for text that is not TOML, or has a key or
    /// a type of value the format does not have; [`RuleSetError::Invalid`]
    /// for a well-formed file that breaks a rule of the format (a name not
    /// in kebab-case, a repeated id, an unknown fact, segment or model, ...),
    /// naming the field.
    pub fn parse(text: &str) -> Result<RuleSet, RuleSetError> {
        let raw: RawRuleSet =
            b2b_core::exact_toml::from_str(text).map_err(|e| RuleSetError::Syntax {
                at: e.span().map(|span| b2b_core::line_column(text, span.start)),
                message: e.message().trim_end().to_owned(),
            })?;
        raw.validate(text)
    }
}

impl RawRuleSet {
    fn validate(self, text: &str) -> Result<RuleSet, RuleSetError> {
        let place = Place {
            text,
            set: &self.name,
            rule: None,
        };
        if !is_kebab(&self.name) {
            return Err(place.error("name", "must be kebab-case, such as \"eu-vat\""));
        }
        for (field, value) in [("title", &self.title), ("source", &self.source)] {
            if value.trim().is_empty() {
                return Err(place.error(field, "must not be empty"));
            }
        }
        check_names(&place, "segments", &self.segments, false)?;
        check_names(&place, "models", &self.models, true)?;
        let mut decisions = Vec::new();
        let mut default = None;
        let mut additions = Vec::new();
        for (i, raw) in self.rule.iter().enumerate() {
            let place = Place {
                rule: Some(&raw.id),
                ..place
            };
            if !is_kebab(&raw.id) {
                return Err(place.error("id", format!("{:?} must be kebab-case", raw.id)));
            }
            if self.rule[..i].iter().any(|r| r.id == raw.id) {
                return Err(place.error("id", "the same id is used by an earlier rule"));
            }
            let rule = raw.validate(&place, &self)?;
            match (&rule.segment, &rule.when, &default) {
                (Some(_), _, Some(Rule { id, .. })) => {
                    return Err(place.error(
                        "segment",
                        format!(
                            "unreachable: the default decision {:?} comes before it",
                            b2b_core::excerpt(id)
                        ),
                    ));
                }
                (Some(_), Condition::Always, None) => default = Some(rule),
                (Some(_), _, None) => decisions.push(rule),
                (None, _, _) => additions.push(rule),
            }
        }
        let Some(default) = default else {
            return Err(place.error(
                "rule",
                "no default rule: the last rule with a segment must have no `when`, so that every sale gets a segment",
            ));
        };
        Ok(RuleSet {
            name: self.name,
            title: self.title,
            source: self.source,
            segments: self.segments,
            models: self.models,
            decisions,
            default,
            additions,
        })
    }
}

fn check_names(
    place: &Place<'_>,
    field: &str,
    names: &[String],
    may_be_empty: bool,
) -> Result<(), RuleSetError> {
    if names.is_empty() && !may_be_empty {
        return Err(place.error(field, "must list at least one name"));
    }
    for (i, name) in names.iter().enumerate() {
        if !is_kebab(name) {
            return Err(place.error(
                format!("{field}[{i}]"),
                format!("{:?} must be kebab-case", b2b_core::excerpt(name)),
            ));
        }
        if names[..i].contains(name) {
            return Err(place.error(
                format!("{field}[{i}]"),
                format!("{:?} is listed twice", b2b_core::excerpt(name)),
            ));
        }
    }
    Ok(())
}

impl RawRule {
    fn validate(&self, place: &Place<'_>, set: &RawRuleSet) -> Result<Rule, RuleSetError> {
        let decision = self.segment.is_some();
        let checker = Checker {
            place,
            set,
            decision,
        };
        if let Some(segment) = &self.segment
            && !set.segments.contains(segment)
        {
            return Err(place.error(
                "segment",
                format!(
                    "{:?} is not among the rule set's segments: {}",
                    b2b_core::excerpt(segment),
                    set.segments.join(", ")
                ),
            ));
        }
        if let Some(model) = &self.model
            && !set.models.contains(model)
        {
            return Err(place.error(
                "model",
                format!(
                    "{:?} is not among the rule set's models: {}",
                    b2b_core::excerpt(model),
                    listed(&set.models)
                ),
            ));
        }
        if !decision && self.model.is_none() && self.tags.is_empty() && self.consequence.is_empty()
        {
            return Err(place.error(
                "rule",
                "gives nothing: a rule needs a segment, a model, tags or a consequence",
            ));
        }
        for (i, tag) in self.tags.iter().enumerate() {
            if !is_kebab(tag) {
                return Err(place.error(
                    format!("tags[{i}]"),
                    format!("{:?} must be kebab-case", b2b_core::excerpt(tag)),
                ));
            }
        }
        for (i, consequence) in self.consequence.iter().enumerate() {
            if !is_kebab(&consequence.topic) {
                return Err(place.error(
                    format!("consequence[{i}].topic"),
                    format!("{:?} must be kebab-case", consequence.topic),
                ));
            }
            checker.template(&format!("consequence[{i}].text"), &consequence.text)?;
        }
        checker.template("reason", &self.reason)?;
        let when = match &self.when {
            None => Condition::Always,
            Some(table) => checker.condition("when", table)?,
        };
        Ok(Rule {
            id: self.id.clone(),
            when,
            segment: self.segment.clone(),
            model: self.model.clone(),
            tags: self.tags.clone(),
            consequences: self.consequence.clone(),
            reason: self.reason.clone(),
        })
    }
}

fn listed(names: &[String]) -> String {
    if names.is_empty() {
        "(none)".to_owned()
    } else {
        names.join(", ")
    }
}

/// Checks a rule's condition and texts against the facts it may name.
struct Checker<'a> {
    place: &'a Place<'a>,
    set: &'a RawRuleSet,
    /// Decisions cannot test `segment` and `model`: they are deciding them.
    decision: bool,
}

/// What a fact named in a rule accepts.
enum Accepts<'a> {
    Bool,
    Names(Vec<&'a str>),
    Country,
    Text,
}

impl Checker<'_> {
    fn fact(&self, field: &str, name: &str) -> Result<(Accepts<'_>, bool), RuleSetError> {
        fn own(names: &[String]) -> Accepts<'_> {
            Accepts::Names(names.iter().map(String::as_str).collect())
        }
        match name {
            "segment" | "model" if self.decision => Err(self.place.error(
                field,
                format!("a rule with a segment cannot test {:?}: only rules without a segment, which run after the decision, can", b2b_core::excerpt(name)),
            )),
            "segment" => Ok((own(&self.set.segments), false)),
            "model" => Ok((own(&self.set.models), true)),
            _ => match facts::spec(name) {
                Some(spec) => Ok((
                    match spec.kind {
                        FactKind::Bool => Accepts::Bool,
                        FactKind::Enum(names) => Accepts::Names(names.to_vec()),
                        FactKind::Country => Accepts::Country,
                        FactKind::Text => Accepts::Text,
                    },
                    spec.optional,
                )),
                None => Err(self.place.error(
                    field,
                    format!(
                        "unknown fact {:?}; the facts are: {}, segment, model",
                        b2b_core::excerpt(name),
                        facts::FACTS.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    ),
                )),
            },
        }
    }

    fn condition(&self, field: &str, table: &toml::Table) -> Result<Condition, RuleSetError> {
        if table.is_empty() {
            return Err(self.place.error(
                field,
                "an empty condition; leave `when` out for a rule that always holds",
            ));
        }
        let mut all = Vec::new();
        for (key, value) in table {
            let field = format!("{field}.{key}");
            all.push(match key.as_str() {
                "all" | "any" => {
                    let items = value
                        .as_array()
                        .filter(|items| !items.is_empty())
                        .ok_or_else(|| {
                            self.place
                                .error(&field, "expected a non-empty array of conditions")
                        })?;
                    let conditions = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.nested(&format!("{field}[{i}]"), item))
                        .collect::<Result<Vec<_>, _>>()?;
                    if key == "all" {
                        Condition::All(conditions)
                    } else {
                        Condition::Any(conditions)
                    }
                }
                "not" => Condition::Not(Box::new(self.nested(&field, value)?)),
                "unset" => {
                    let name = value
                        .as_str()
                        .ok_or_else(|| self.place.error(&field, "expected a fact name"))?;
                    let (_, optional) = self.fact(&field, name)?;
                    if !optional {
                        return Err(self.place.error(
                            &field,
                            format!(
                                "{:?} is always known; `unset` can only test an optional fact",
                                b2b_core::excerpt(name)
                            ),
                        ));
                    }
                    Condition::Unset(name.to_owned())
                }
                fact => {
                    let (accepts, _) = self.fact(&field, fact)?;
                    match value {
                        toml::Value::Array(items) if !items.is_empty() => Condition::In {
                            fact: fact.to_owned(),
                            values: items
                                .iter()
                                .map(|item| self.value(&field, &accepts, item))
                                .collect::<Result<_, _>>()?,
                        },
                        toml::Value::Array(_) => {
                            return Err(self.place.error(&field, "an empty list of values"));
                        }
                        _ => Condition::Is {
                            fact: fact.to_owned(),
                            value: self.value(&field, &accepts, value)?,
                        },
                    }
                }
            });
        }
        Ok(match all.len() {
            1 => all.remove(0),
            _ => Condition::All(all),
        })
    }

    fn nested(&self, field: &str, value: &toml::Value) -> Result<Condition, RuleSetError> {
        match value.as_table() {
            Some(table) => self.condition(field, table),
            None => Err(self.place.error(
                field,
                "expected a table of conditions, such as { purpose = \"resale\" }",
            )),
        }
    }

    fn value(
        &self,
        field: &str,
        accepts: &Accepts<'_>,
        value: &toml::Value,
    ) -> Result<Value, RuleSetError> {
        match (accepts, value) {
            (Accepts::Bool, toml::Value::Boolean(b)) => Ok(Value::Bool(*b)),
            (Accepts::Bool, other) => Err(self
                .place
                .error(field, format!("expected true or false, found {other}"))),
            (_, toml::Value::String(text)) => match accepts {
                Accepts::Names(names) if !names.contains(&text.as_str()) => Err(self.place.error(
                    field,
                    format!(
                        "unknown value {:?}; expected one of: {}",
                        b2b_core::excerpt(text),
                        names.join(", ")
                    ),
                )),
                Accepts::Country => Country::parse(text)
                    .map(|_| Value::Text(text.clone()))
                    .map_err(|e| self.place.error(field, e.to_string())),
                Accepts::Text if !is_kebab(text) => Err(self.place.error(
                    field,
                    format!("{:?} must be kebab-case", b2b_core::excerpt(text)),
                )),
                _ => Ok(Value::Text(text.clone())),
            },
            (_, other) => Err(self
                .place
                .error(field, format!("expected a string, found {other}"))),
        }
    }

    /// Checks the `{fact}` placeholders of a text.
    fn template(&self, field: &str, text: &str) -> Result<(), RuleSetError> {
        if text.trim().is_empty() {
            return Err(self.place.error(field, "must not be empty"));
        }
        for name in placeholders(text).map_err(|message| self.place.error(field, message))? {
            if name != "segment" && name != "model" && facts::spec(name).is_none() {
                return Err(self
                    .place
                    .error(field, format!("unknown fact {{{name}}} in the text")));
            }
        }
        Ok(())
    }
}

/// The names between braces in `text`, or why the braces do not pair.
pub(crate) fn placeholders(text: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a '}' without its '{'".to_owned());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a '{' without its '}'")?;
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    Ok(names)
}
