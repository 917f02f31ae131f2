//! Contract files: schedules of hand-checked contracts, and every bad file
//! under tests/data/contract/bad with the exact message it must give.
//!
//! Period arithmetic follows BGB § 187(2), § 188(2) and (3): a term of 24
//! months from 1 January 2026 ends on 31 December 2027; one month from
//! 31 January ends on the last day of February.

use b2b_terms::contract::{Contract, ContractFormat, EventKind};
use std::path::Path;
use time::Date;
use time::macros::date;

fn contract(text: &str) -> Contract {
    Contract::parse(text, ContractFormat::Toml).expect("a valid contract")
}

const PARTIES: &str = r#"
id = "C-1"
currency = "EUR"
parties = [
    { role = "supplier", name = "Nordlift AB", id = "SE556677889901", country = "SE" },
    { role = "buyer", name = "Rhein Logistik GmbH", country = "DE" },
]
"#;

fn events(contract: &Contract, until: Option<Date>) -> Vec<(Date, EventKind, Option<u32>)> {
    contract
        .schedule(until)
        .expect("a schedule")
        .events
        .iter()
        .map(|e| (e.date, e.kind, e.term))
        .collect()
}

#[test]
fn a_two_year_term_renewing_yearly_with_three_months_notice() {
    let c = contract(&format!(
        "{PARTIES}
[term]
start = 2026-01-01
duration = \"24 months\"
[renewal]
kind = \"auto\"
period = \"12 months\"
notice = \"3 months\"
"
    ));
    let schedule = c.schedule(None).expect("a schedule");
    assert_eq!(schedule.until, date!(2029 - 12 - 31));
    use EventKind::*;
    assert_eq!(
        events(&c, None),
        vec![
            (date!(2026 - 01 - 01), Start, Some(0)),
            (date!(2027 - 09 - 30), NoticeDeadline, Some(0)),
            (date!(2027 - 12 - 31), TermEnd, Some(0)),
            (date!(2028 - 01 - 01), RenewalStart, Some(1)),
            (date!(2028 - 09 - 30), NoticeDeadline, Some(1)),
            (date!(2028 - 12 - 31), TermEnd, Some(1)),
            (date!(2029 - 01 - 01), RenewalStart, Some(2)),
            (date!(2029 - 09 - 30), NoticeDeadline, Some(2)),
            (date!(2029 - 12 - 31), TermEnd, Some(2)),
        ]
    );
}

#[test]
fn a_limited_renewal_ends_the_contract_without_a_last_notice() {
    let c = contract(&format!(
        "{PARTIES}
[term]
start = 2026-03-15
end = 2026-09-14
[renewal]
kind = \"auto\"
period = \"6 months\"
notice = \"30 days\"
max_renewals = 1
"
    ));
    use EventKind::*;
    assert_eq!(
        events(&c, None),
        vec![
            (date!(2026 - 03 - 15), Start, Some(0)),
            // 30 days from 16 August run to 14 September inclusive.
            (date!(2026 - 08 - 15), NoticeDeadline, Some(0)),
            (date!(2026 - 09 - 14), TermEnd, Some(0)),
            (date!(2026 - 09 - 15), RenewalStart, Some(1)),
            (date!(2027 - 03 - 14), ContractEnd, Some(1)),
        ]
    );
}

#[test]
fn monthly_billing_from_the_31st_keeps_its_day_where_the_month_has_it() {
    let c = contract(&format!(
        "{PARTIES}
[term]
start = 2026-01-31
duration = \"4 months\"
[billing]
first_invoice = 2026-01-31
every = \"1 month\"
amount = \"1250.00\"
"
    ));
    let invoices: Vec<Date> = events(&c, None)
        .into_iter()
        .filter(|(_, kind, _)| *kind == EventKind::Invoice)
        .map(|(date, _, _)| date)
        .collect();
    // The term runs 31 January to 30 May (the day before 31 May).
    assert_eq!(c.term.end, date!(2026 - 05 - 30));
    assert_eq!(
        invoices,
        vec![
            date!(2026 - 01 - 31),
            date!(2026 - 02 - 28),
            date!(2026 - 03 - 31),
            date!(2026 - 04 - 30)
        ]
    );
}

#[test]
fn a_horizon_limits_the_schedule() {
    let c = contract(&format!(
        "{PARTIES}
[term]
start = 2026-01-01
duration = \"1 year\"
[renewal]
kind = \"auto\"
period = \"1 year\"
notice = \"3 months\"
"
    ));
    let schedule = c.schedule(Some(date!(2035 - 06 - 30))).expect("a schedule");
    assert_eq!(schedule.terms.len(), 10);
    assert_eq!(schedule.terms[9].start, date!(2035 - 01 - 01));
    let last = schedule.events.last().expect("events");
    // The tenth term's notice deadline, 30 September 2035, is past the horizon.
    assert_eq!(
        (last.date, last.kind),
        (date!(2035 - 01 - 01), EventKind::RenewalStart)
    );
}

/// Every file in tests/data/contract/bad starts with `# error: <message>`
/// (for JSON files the message is in a neighbouring `.expected` file).
/// `B2B_BLESS=1 cargo test` rewrites the expectations after a deliberate
/// change of wording; review the diff.
#[test]
fn bad_contract_files_say_what_is_wrong() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/contract/bad");
    let bless = std::env::var_os("B2B_BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("the bad files")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
        .collect();
    entries.sort();
    let mut mismatches = Vec::new();
    for path in &entries {
        let text = std::fs::read_to_string(path).expect("readable");
        let is_json = path.extension().is_some_and(|e| e == "json");
        let format = if is_json {
            ContractFormat::Json
        } else {
            ContractFormat::Toml
        };
        let expected = if is_json {
            std::fs::read_to_string(path.with_extension("expected")).expect("an .expected file")
        } else {
            let first = text.lines().next().unwrap_or_default();
            first
                .strip_prefix("# error: ")
                .expect("a first line `# error: ...`")
                .to_owned()
        };
        let actual = match Contract::parse(&text, format) {
            Ok(_) => "(accepted)".to_owned(),
            Err(error) => error.to_string(),
        };
        if actual != expected.trim() {
            if bless {
                if is_json {
                    std::fs::write(path.with_extension("expected"), format!("{actual}\n"))
                        .expect("writable");
                } else {
                    let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
                    std::fs::write(path, format!("# error: {actual}\n{rest}")).expect("writable");
                }
            }
            mismatches.push(format!(
                "{}:\n  expected {expected:?}\n    actual {actual:?}",
                path.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(entries.len() >= 10, "only {} bad files", entries.len());
}

#[test]
fn invoices_are_paid_in_instalments_on_swedish_business_days() {
    // 2026-12-26 (invoice of 26 November + 30 days) is a Saturday and
    // Boxing Day in Sweden (lag 1989:253): the next business day is Monday
    // 28 December. 30 % of 1000.01 SEK is 300.003, 300.00 after half-even
    // rounding; the last instalment takes the remainder, 700.01.
    let c = contract(
        r#"
id = "C-2"
currency = "SEK"
payment_terms = "30% CWO, 70% net 30"
parties = [
    { role = "supplier", name = "Verkstad AB" },
    { role = "buyer", name = "Region Exempel", kind = "public-authority" },
]
[term]
start = 2026-11-01
duration = "1 year"
[business_days]
calendar = "SE"
[[invoices]]
reference = "F-1001"
date = 2026-11-26
amount = "1000.01"
"#,
    );
    let schedule = c.schedule(Some(date!(2026 - 12 - 31))).expect("a schedule");
    let payments: Vec<(String, String, Date)> = schedule
        .payments
        .iter()
        .map(|p| (p.terms.clone(), p.amount.amount().to_string(), p.due))
        .collect();
    assert_eq!(
        payments,
        vec![
            ("CWO".to_owned(), "300.00".to_owned(), date!(2026 - 11 - 26)),
            (
                "net 30".to_owned(),
                "700.01".to_owned(),
                date!(2026 - 12 - 28)
            ),
        ]
    );
    // 30 days is within the 30 a public authority may agree (Directive
    // 2011/7/EU Art. 4(3)): no warning.
    assert!(schedule.warnings.is_empty(), "{:?}", schedule.warnings);
}

#[test]
fn long_payment_periods_are_warned_about_once_with_the_longest() {
    // net 60 EOM from invoices of 15 January (16 + 60 = 76 days) and
    // 15 February (13 + 60 = 73 days): both beyond Art. 3(5)'s 60 days.
    let c = contract(&format!(
        "{PARTIES}payment_terms = \"net 60 EOM\"
[term]
start = 2026-01-01
duration = \"1 year\"
[[invoices]]
date = 2026-01-15
amount = \"100.00\"
[[invoices]]
date = 2026-02-15
amount = \"100.00\"
"
    ));
    let schedule = c.schedule(None).expect("a schedule");
    let warnings: Vec<(&str, i64)> = schedule.warnings.iter().map(|w| (w.code, w.days)).collect();
    assert_eq!(warnings, vec![("b2b-over-60-days", 76)]);
}

#[test]
fn notice_deadlines_on_a_weekend_also_give_the_business_day_before() {
    // A term ending 2026-09-30: 3 months' notice by 2026-06-30 (Tuesday).
    // A term ending 2027-03-31: by 2026-12-31 (New Year's Eve, not a Swedish
    // business day), so 2026-12-30.
    let c = contract(&format!(
        "{PARTIES}
[term]
start = 2026-04-01
end = 2026-09-30
[renewal]
kind = \"auto\"
period = \"6 months\"
notice = \"3 months\"
[business_days]
calendar = \"SE\"
"
    ));
    let schedule = c.schedule(None).expect("a schedule");
    let notices: Vec<(Option<Date>, Option<Date>)> = schedule
        .terms
        .iter()
        .map(|t| (t.notice_by, t.notice_by_business_day))
        .collect();
    assert_eq!(
        notices[..2],
        [
            (Some(date!(2026 - 06 - 30)), Some(date!(2026 - 06 - 30))),
            (Some(date!(2026 - 12 - 31)), Some(date!(2026 - 12 - 30))),
        ]
    );
}

#[test]
fn the_contracts_own_closing_days_join_the_calendar() {
    // Invoice 2026-06-20 + net 30 = 2026-07-20, a Monday the supplier's
    // factory is closed (a closing day listed in the contract): the next
    // business day is Tuesday 21 July.
    let c = contract(&format!(
        "{PARTIES}payment_terms = \"net 30\"
[term]
start = 2026-01-01
duration = \"1 year\"
[business_days]
calendar = \"SE\"
holidays = [ {{ date = 2026-07-20, name = \"summer closing\" }}, {{ date = \"2026-07-21\" }} ]
[[invoices]]
date = 2026-06-20
amount = \"100.00\"
"
    ));
    let schedule = c.schedule(None).expect("a schedule");
    assert_eq!(schedule.payments[0].due, date!(2026 - 07 - 22));
    let calendar = &c.business_days.as_ref().expect("business days").calendar;
    assert_eq!(calendar.name(), "SE+contract");
    // Midsummer Eve 2026 (19 June) is still closed: the shipped part stays.
    assert_eq!(calendar.is_business_day(date!(2026 - 06 - 19)), Ok(false));
}
