//! Applying a rule set to a sale's facts: one segment, and why.

use crate::facts::{Facts, Value};
use crate::rules::{Rule, RuleSet, placeholders};
use serde::Serialize;

/// A rule set's answer for one sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct View {
    /// The segment the first matching decision gave.
    pub segment: String,
    /// The model, when a rule gave one.
    pub model: Option<String>,
    /// The tags rules added, without repeats, in rule order.
    pub tags: Vec<String>,
    /// Every rule that applied: the decision first, then the additions.
    pub reasons: Vec<Reason>,
    /// What follows from the classification.
    pub consequences: Vec<Consequence>,
}

/// A rule that applied, and its reason with the sale's facts filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Reason {
    /// The rule's id.
    pub rule: String,
    /// Its reason.
    pub text: String,
}

/// What follows for the sale under a rule set (VAT treatment, withdrawal
/// right, payment-term limits, price logic).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Consequence {
    /// The rule that gave it.
    pub rule: String,
    /// What it is about, such as `reverse-charge`.
    pub topic: String,
    /// What follows.
    pub text: String,
}

impl RuleSet {
    /// Classifies a sale, given its facts.
    ///
    /// The first decision that holds gives the segment (the default when
    /// none does). Then every addition that holds, in file order, adds its
    /// tags and consequences; an addition that gives a model applies only
    /// while no model is set, so the first one wins.
    pub fn apply(&self, facts: &Facts) -> View {
        let decision = self
            .decisions
            .iter()
            .find(|rule| rule.when.holds(facts))
            .unwrap_or(&self.default);
        let mut facts = facts.clone();
        let segment = decision.segment.clone().unwrap_or_default();
        facts.set("segment", Value::Text(segment.clone()));
        let mut view = View {
            segment,
            model: None,
            tags: Vec::new(),
            reasons: Vec::new(),
            consequences: Vec::new(),
        };
        view.take(decision, &mut facts);
        for rule in &self.additions {
            let gives_a_model_too_late = rule.model.is_some() && view.model.is_some();
            if !gives_a_model_too_late && rule.when.holds(&facts) {
                view.take(rule, &mut facts);
            }
        }
        view
    }
}

impl View {
    fn take(&mut self, rule: &Rule, facts: &mut Facts) {
        if let Some(model) = &rule.model {
            self.model = Some(model.clone());
            facts.set("model", Value::Text(model.clone()));
        }
        for tag in &rule.tags {
            if !self.tags.contains(tag) {
                self.tags.push(tag.clone());
            }
        }
        self.reasons.push(Reason {
            rule: rule.id.clone(),
            text: render(&rule.reason, facts),
        });
        self.consequences
            .extend(rule.consequences.iter().map(|consequence| Consequence {
                rule: rule.id.clone(),
                topic: consequence.topic.clone(),
                text: render(&consequence.text, facts),
            }));
    }
}

/// Fills the `{fact}` placeholders of a validated text; an unknown fact
/// reads "unknown".
fn render(text: &str, facts: &Facts) -> String {
    let Ok(names) = placeholders(text) else {
        return text.to_owned();
    };
    names.into_iter().fold(text.to_owned(), |text, name| {
        let value = facts
            .get(name)
            .map_or_else(|| "unknown".to_owned(), Value::to_string);
        text.replacen(&format!("{{{name}}}"), &value, 1)
    })
}
