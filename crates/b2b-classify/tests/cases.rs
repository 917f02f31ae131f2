//! Every case of tests/data/cases.toml, under every shipped rule set: the
//! domain.md section 1 examples and cases the legal sources describe (each
//! case cites its source).

use b2b_classify::engine::View;
use b2b_classify::sale::Sale;
use b2b_classify::{classify, shipped};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    source: String,
    sale: Sale,
    expect: BTreeMap<String, Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    segment: String,
    by: Option<String>,
    model: Option<String>,
    tags: Option<Vec<String>>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

fn check(case: &Case, set: &str, view: &View, expect: &Expect) {
    let name = format!("{} [{set}] ({})", case.name, case.source);
    assert_eq!(view.segment, expect.segment, "{name}: {view:#?}");
    if let Some(by) = &expect.by {
        assert_eq!(view.reasons.first().map(|r| &r.rule), Some(by), "{name}");
    }
    if let Some(model) = &expect.model {
        assert_eq!(view.model.clone().unwrap_or_default(), *model, "{name}");
    }
    if let Some(tags) = &expect.tags {
        assert_eq!(&view.tags, tags, "{name}");
    }
    let topics: Vec<&str> = view.consequences.iter().map(|c| c.topic.as_str()).collect();
    for topic in &expect.topics {
        assert!(
            topics.contains(&topic.as_str()),
            "{name}: {topic} missing from {topics:?}"
        );
    }
    for topic in &expect.absent {
        assert!(
            !topics.contains(&topic.as_str()),
            "{name}: {topic} in {topics:?}"
        );
    }
    // Every reason is filled in: no placeholder is left.
    for reason in &view.reasons {
        assert!(!reason.text.contains('{'), "{name}: {}", reason.text);
    }
}

#[test]
fn every_case_under_every_shipped_rule_set() {
    let cases: Cases = toml::from_str(include_str!("data/cases.toml")).expect("cases.toml");
    let sets = shipped().expect("the shipped rule sets are valid");
    assert!(cases.case.len() >= 10);
    for case in &cases.case {
        case.sale.check().expect(&case.name);
        let result = classify(&case.sale, &sets);
        assert_eq!(
            case.expect.len(),
            sets.len(),
            "{}: one expectation per rule set",
            case.name
        );
        for (set, expect) in &case.expect {
            let view = result.views.get(set).expect(set);
            check(case, set, view, expect);
        }
    }
}
