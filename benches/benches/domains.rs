//! The other domains' hot paths, in memory unless said otherwise:
//!
//! - `classify/10000`: 10 000 sales (a deterministic mix of buyers,
//!   purposes, countries and VAT numbers) under the four shipped rule sets.
//! - `terms/due/10000`: `30% CWO, 70% net 30` scheduled for 10 000 invoices
//!   on the Swedish calendar with the following roll.
//! - `terms/interest/1000`: German statutory interest on 1 000 claims late
//!   between 30 and 1 000 days (half-year and year-end splits).
//! - `store/append-sqlite`: one event appended and committed to a SQLite
//!   file (WAL, `synchronous = FULL`): this one measures the disk.
//! - `buying/verify/1000`: the hash chain of a 1 000-event history checked.
//!
//! Run with `cargo bench -p b2b-benches --bench domains`.

use b2b_buying::Event;
use b2b_classify::input::{SaleFormat, parse_sale};
use b2b_classify::{classify, shipped};
use b2b_core::{Currency, Money};
use b2b_store::{EventStore, NewEvent, SqliteStore};
use b2b_terms::calendar::{Calendar, Roll};
use b2b_terms::late::{self, Claim, CountryProfile, RateSource, RateTable};
use b2b_terms::payment::PaymentTerms;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use time::Date;
use time::macros::date;

fn sales(count: usize) -> Vec<b2b_classify::sale::Sale> {
    let kinds = ["organisation", "sole-trader", "person"];
    let purposes = [
        "means-of-production",
        "production-input",
        "value-creation",
        "transformation",
        "resale",
        "internal-needs",
        "personal-use",
    ];
    let countries = [
        ("SE", "SE556043606401"),
        ("DE", "DE118619592"),
        ("FR", "FR19552008443"),
        ("NO", ""),
    ];
    (0..count)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            let purpose = purposes[(i / 3) % purposes.len()];
            let (country, vat) = countries[(i / 21) % countries.len()];
            let paid_by = if kind == "person" { "person" } else { "organisation" };
            let vat = if vat.is_empty() || kind == "person" { String::new() } else { format!(", \"vat_id\": \"{vat}\"") };
            let text = format!(
                r#"{{"purpose": "{purpose}", "paid_by": "{paid_by}", "supply": "{}", "channel": "{}",
                   "buyer": {{"kind": "{kind}", "country": "{country}"{vat}}}, "seller": {{"country": "SE"}}}}"#,
                if i % 2 == 0 { "goods" } else { "services" },
                if i % 5 == 0 { "online" } else { "offline" },
            );
            parse_sale(&text, SaleFormat::Json).expect("a valid sale")
        })
        .collect()
}

fn bench_classify(c: &mut Criterion) {
    let sets = shipped().expect("the shipped rule sets");
    let sales = sales(10_000);
    let mut group = c.benchmark_group("classify");
    group
        .throughput(Throughput::Elements(sales.len() as u64))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("10000", |b| {
        b.iter(|| {
            for sale in &sales {
                black_box(classify(sale, &sets));
            }
        });
    });
    group.finish();
}

fn bench_terms(c: &mut Criterion) {
    let terms: PaymentTerms = "30% CWO, 70% net 30".parse().expect("terms");
    let sweden = Calendar::sweden();
    let first = date!(2026 - 01 - 01);
    let invoices: Vec<(Date, Money)> = (0..10_000i64)
        .map(|i| {
            let amount = Money::new(b2b_core::Decimal::new(100_000 + i * 37, 2), Currency::SEK);
            (first + time::Duration::days(i % 1_500), amount)
        })
        .collect();
    let mut group = c.benchmark_group("terms");
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(invoices.len() as u64));
    group.bench_function("due/10000", |b| {
        b.iter(|| {
            for (date, amount) in &invoices {
                black_box(
                    terms
                        .schedule(*date, *amount, Some((&sweden, Roll::Following)))
                        .expect("schedule"),
                );
            }
        });
    });
    let table = RateTable::shipped();
    let germany = CountryProfile::germany();
    let claims: Vec<Claim> = (0..1_000i64)
        .map(|i| {
            let due = date!(2012 - 01 - 15) + time::Duration::days(i * 3);
            let paid = due + time::Duration::days(30 + (i * 37) % 970);
            Claim::new(
                Money::new(b2b_core::Decimal::new(250_000 + i, 2), Currency::EUR),
                due,
                paid,
            )
        })
        .collect();
    group.throughput(Throughput::Elements(claims.len() as u64));
    group.bench_function("interest/1000", |b| {
        b.iter(|| {
            for claim in &claims {
                black_box(
                    late::interest(claim, &germany, &RateSource::Table(table)).expect("interest"),
                );
            }
        });
    });
    group.finish();
}

fn bench_store(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("b2b-bench-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut store = SqliteStore::open(&dir.join("bench.sqlite")).expect("the store");
    let event = NewEvent {
        kind: "commented".to_owned(),
        payload: serde_json::json!({ "text": "x".repeat(200) }),
    };
    let mut version = 0;
    let mut group = c.benchmark_group("store");
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("append-sqlite", |b| {
        b.iter(|| {
            version = store
                .append("bench", version, std::slice::from_ref(&event))
                .expect("appended");
        });
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn bench_verify(c: &mut Criterion) {
    let events = chain(1_000);
    let mut group = c.benchmark_group("buying");
    group
        .throughput(Throughput::Elements(events.len() as u64))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("verify/1000", |b| {
        b.iter(|| b2b_buying::verify(black_box(&events)).expect("intact"))
    });
    group.finish();
}

/// A request history of `count` events: opened, then comments, replayed
/// through the service so the hashes are real.
fn chain(count: usize) -> Vec<Event> {
    use b2b_buying::command::{Action, Command};
    use b2b_buying::service::Service;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/buying/");
    let read = |name: &str| std::fs::read_to_string(format!("{root}{name}")).expect("example file");
    let mut service = Service::new(b2b_store::MemoryStore::new());
    service
        .create_center_from_toml(
            &read("center.toml"),
            "center.toml",
            &read("policy.toml"),
            "policy.toml",
        )
        .expect("the example center");
    let start = time::macros::datetime!(2026-03-02 09:00 UTC);
    let open = Command {
        actor: "anna".to_owned(),
        at: start,
        action: Action::Open {
            request: "R-1".to_owned(),
            title: "Bench".to_owned(),
            amount: Money::new(b2b_core::Decimal::new(120_000, 2), Currency::EUR),
            category: "maintenance".to_owned(),
            buy_class: b2b_buying::BuyClass::NewTask,
            supplier: None,
        },
    };
    let (id, mut version) = service.open_request("rhein-plant", &open).expect("opened");
    for i in 1..count {
        let comment = Command {
            actor: "bruno".to_owned(),
            at: start + time::Duration::minutes(i as i64),
            action: Action::Comment {
                text: format!("note {i}"),
            },
        };
        version = service
            .execute(&id, version, &comment)
            .expect("commented")
            .0;
    }
    service.load(&id).expect("loaded").0
}

criterion_group!(
    benches,
    bench_classify,
    bench_terms,
    bench_store,
    bench_verify
);
criterion_main!(benches);
