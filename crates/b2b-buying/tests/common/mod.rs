//! The example center and policy, and a helper to write commands.

#![allow(dead_code)]

use b2b_buying::{Action, BuyClass, Center, Command, Policy};
use b2b_core::{Currency, Money};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/buying")
}

pub fn read(name: &str) -> String {
    std::fs::read_to_string(examples().join(name)).expect("example file")
}

pub fn center() -> Center {
    Center::parse(&read("center.toml"), "center.toml").expect("example center")
}

pub fn policy(center: &Center) -> Policy {
    Policy::parse(&read("policy.toml"), "policy.toml", center).expect("example policy")
}

pub fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).expect("test time")
}

pub fn eur(amount: &str) -> Money {
    Money::new(amount.parse().expect("decimal"), Currency::EUR)
}

pub fn command(actor: &str, when: &str, action: Action) -> Command {
    Command {
        actor: actor.to_owned(),
        at: at(when),
        action,
    }
}

pub fn open(id: &str, amount: &str, class: BuyClass) -> Action {
    Action::Open {
        request: id.to_owned(),
        title: "Test purchase".to_owned(),
        amount: eur(amount),
        category: "maintenance".to_owned(),
        buy_class: class,
        supplier: (class == BuyClass::StraightRebuy).then(|| "Nordlift AB".to_owned()),
    }
}

pub fn approve() -> Action {
    Action::Approve {
        on_behalf_of: None,
        level: None,
    }
}
