//! A purchase request through a buying center: the center and its approval
//! policy read from text, a request opened, who must act next, an approval,
//! a refusal for separation of duties, and the verified, hash-chained
//! history.
//!
//! Run with `cargo run -p b2b-buying --example approve_a_purchase`.

use b2b_buying::service::Service;
use b2b_buying::{Action, BuyClass, Command};
use b2b_core::{Currency, Money};
use b2b_store::MemoryStore;
use time::macros::datetime;

const CENTER: &str = include_str!("../../../examples/buying/center.toml");
const POLICY: &str = include_str!("../../../examples/buying/policy.toml");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut service = Service::new(MemoryStore::new());
    service.create_center_from_toml(CENTER, "center.toml", POLICY, "policy.toml")?;

    let open = Command {
        actor: "anna".to_owned(),
        at: datetime!(2026-11-26 09:00 UTC),
        action: Action::Open {
            request: "R-0001".to_owned(),
            title: "Service of forklift 3".to_owned(),
            amount: Money::new("4200.00".parse()?, Currency::EUR),
            category: "maintenance".to_owned(),
            buy_class: BuyClass::ModifiedRebuy,
            supplier: None,
        },
    };
    let (id, mut version) = service.open_request("rhein-plant", &open)?;
    show(&service, &id)?;

    // Anna opened the request: she may not approve it herself.
    let approve = |actor: &str| Command {
        actor: actor.to_owned(),
        at: datetime!(2026-11-26 10:00 UTC),
        action: Action::Approve {
            on_behalf_of: None,
            level: None,
        },
    };
    if let Err(refused) = service.execute(&id, version, &approve("anna")) {
        println!("anna approving: refused: {refused}");
    }
    (version, _) = service.execute(&id, version, &approve("fatima"))?;
    println!("fatima approved: the request is at version {version}");
    show(&service, &id)?;
    match service.events(&id)? {
        Ok(events) => println!("the history of {} events verifies", events.len()),
        Err(broken) => println!("the history is broken: {broken}"),
    }
    Ok(())
}

fn show(service: &Service<MemoryStore>, id: &str) -> Result<(), Box<dyn std::error::Error>> {
    let view = service.show(id, datetime!(2026-11-26 12:00 UTC))?;
    println!(
        "{id} version {}, head {}…",
        view.version,
        view.head_hash.get(..12).unwrap_or(&view.head_hash)
    );
    for step in &view.next {
        println!(
            "  next: {} by one of {}",
            step.action,
            step.members.join(", ")
        );
    }
    Ok(())
}
