//! Rule files: every bad file of tests/data/bad-rules is refused with the
//! message its first line (`# error: ...`) gives; a user's file works.

use b2b_classify::input::{SaleFormat, parse_sale};
use b2b_classify::rules::RuleSet;
use b2b_classify::{SHIPPED, classify, select, shipped};
use std::path::Path;

#[test]
fn every_bad_rule_file_is_refused_with_its_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad-rules");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("bad-rules") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let expected = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# error: "))
            .expect("first line: # error: ...");
        let error = RuleSet::parse(&text).expect_err(&path.display().to_string());
        assert!(
            error.to_string().contains(expected),
            "{}:\n  got      {error}\n  expected {expected}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn shipped_rule_sets_are_valid_and_named_as_listed() {
    let sets = shipped().expect("valid");
    let names: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, SHIPPED.map(|(name, _)| name));
}

#[test]
fn a_users_rule_file_classifies_next_to_the_shipped_ones() {
    let mine = RuleSet::parse(include_str!("data/custom-rules.toml")).expect("custom rules");
    let mut sets = shipped().expect("valid");
    sets.push(mine);
    let chosen = select(&["sales-team".to_owned(), "seed".to_owned()], &sets).expect("known");
    let sale = parse_sale(
        r#"
        purpose = "means-of-production"
        paid_by = "organisation"
        channel = "offline"
        buyer = { kind = "organisation", country = "NO" }
        seller = { country = "SE" }
        "#,
        SaleFormat::Toml,
    )
    .expect("sale");
    let result = classify(&sale, chosen);
    let names: Vec<&str> = result.views.0.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["sales-team", "seed"]);
    let view = result.views.get("sales-team").expect("view");
    assert_eq!(view.segment, "key-account");
    assert_eq!(view.model.as_deref(), Some("field-sales"));
    assert_eq!(view.tags, ["export"]);
    assert_eq!(
        view.consequences[0].text,
        "Ship to NO under an Incoterms rule."
    );
    assert_eq!(
        view.reasons[1].text,
        "The buyer is in another country (NO)."
    );
}

#[test]
fn unknown_facts_read_unknown_in_texts() {
    let mine = RuleSet::parse(include_str!("data/custom-rules.toml")).expect("custom rules");
    let sale = parse_sale(
        r#"{"purpose": "resale", "paid_by": "organisation",
            "buyer": {"kind": "organisation", "country": "SE"}, "seller": {"country": "SE"}}"#,
        SaleFormat::Json,
    )
    .expect("sale");
    // No channel: `not { channel = "online" }` holds, so key-account.
    assert_eq!(classify(&sale, [&mine]).views.0[0].1.segment, "key-account");
    let online = parse_sale(
        r#"{"purpose": "resale", "paid_by": "organisation", "channel": "online",
            "buyer": {"kind": "organisation", "country": "SE"}, "seller": {"country": "SE"}}"#,
        SaleFormat::Json,
    )
    .expect("sale");
    let view = &classify(&online, [&mine]).views.0[0].1;
    assert_eq!(view.segment, "web-shop");
    assert_eq!(view.reasons[0].text, "A business buying online (online).");
}

#[test]
fn unknown_rule_set_names_are_refused_with_the_known_ones() {
    let sets = shipped().expect("valid");
    let error = select(&["seed".to_owned(), "vat".to_owned()], &sets).expect_err("vat");
    assert_eq!(
        error.to_string(),
        "unknown rule set \"vat\"; known: seed, broad, eu-vat, consumer-law, all"
    );
    let all = select(&["all".to_owned(), "seed".to_owned()], &sets).expect("all");
    assert_eq!(all.len(), 4);
}

#[test]
fn the_documentation_lists_every_shipped_rule() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/classification.md"),
    )
    .expect("docs/classification.md");
    for set in shipped().expect("valid") {
        assert!(doc.contains(&format!("### `{}`", set.name)), "{}", set.name);
        let rules = set
            .decisions
            .iter()
            .chain([&set.default])
            .chain(&set.additions);
        for rule in rules {
            assert!(
                doc.contains(&format!("| `{}` |", rule.id)),
                "{}: rule {} is not in docs/classification.md",
                set.name,
                rule.id
            );
        }
    }
}
