//! Buying-center files: the center and the approval policy.

use b2b_buying::{Center, Policy};
use b2b_core::Money;
use rust_decimal::Decimal;
use std::sync::OnceLock;

const CENTER: &str = include_str!("../../../examples/buying/center.toml");
const POLICY: &str = include_str!("../../../examples/buying/policy.toml");

/// The example center, read once, that policies are checked against.
fn example_center() -> &'static Center {
    static PARSED: OnceLock<Center> = OnceLock::new();
    PARSED.get_or_init(|| Center::parse(CENTER, "center.toml").expect("the example center"))
}

/// A center or a policy file. First byte even: a center file, which when
/// valid must pass [`Center::check`] and is given the example policy;
/// odd: a policy file, read against the example center, which when valid
/// must pass [`Policy::check`] and is asked for the rule of a few amounts
/// and categories.
pub fn center_policy(data: &[u8]) {
    let Some((kind, text)) = crate::choose_and_text(data, 2) else {
        return;
    };
    if kind == 0 {
        let Ok(center) = Center::parse(text, "center.toml") else {
            return;
        };
        if let Err(error) = center.check() {
            panic!("a parsed center fails Center::check: {error}");
        }
        if let Ok(policy) = Policy::parse(POLICY, "policy.toml", &center) {
            ask(&policy);
        }
    } else {
        let center = example_center();
        let Ok(policy) = Policy::parse(text, "policy.toml", center) else {
            return;
        };
        if let Err(error) = policy.check(center) {
            panic!("a parsed policy fails Policy::check: {error}");
        }
        ask(&policy);
    }
}

/// Looks up the rule for amounts around the usual band edges.
fn ask(policy: &Policy) {
    let currency = policy.currency;
    for amount in [0, 4_999, 5_000, 50_000, 1_000_000_000] {
        let amount = Money::new(Decimal::from(amount), currency);
        for category in ["it", "maintenance", "*", ""] {
            if let Ok((_, rule)) = policy.rule_for(&amount, category) {
                let _ = policy.veto_roles_for(rule);
            }
        }
    }
}
