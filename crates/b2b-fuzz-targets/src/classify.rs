//! Sales and rule sets.

use b2b_classify::input::{self, Hint};
use b2b_classify::rules::RuleSet;
use b2b_classify::sale::Sale;
use std::sync::OnceLock;

/// The shipped rule sets, read once.
fn shipped() -> &'static [RuleSet] {
    static SHIPPED: OnceLock<Vec<RuleSet>> = OnceLock::new();
    SHIPPED.get_or_init(|| b2b_classify::shipped().expect("the shipped rule sets are valid"))
}

/// A sales file. The first byte modulo 3 chooses how it is read: as TOML,
/// as JSON lines, or as JSON (one sale, an array or lines, as the file
/// shows); the rest is the file. Each sale read is classified under every
/// shipped rule set and its result serialised.
pub fn sales(data: &[u8]) {
    let Some((&first, file)) = data.split_first() else {
        return;
    };
    let hint = [Hint::Toml, Hint::JsonLines, Hint::Json][usize::from(first) % 3];
    let _ = input::read_sales(file, hint, |_, _, sale| {
        let classification = b2b_classify::classify(&sale, shipped());
        assert_eq!(
            classification.views.0.len(),
            shipped().len(),
            "one view per set"
        );
        serde_json::to_vec(&classification).map(drop)
    });
}

/// The example sales, read once, that user rule sets are applied to.
fn example_sales() -> &'static [Sale] {
    static SALES: OnceLock<Vec<Sale>> = OnceLock::new();
    SALES.get_or_init(|| {
        let files: [(&[u8], Hint); 3] = [
            (
                include_bytes!("../../../examples/sales/machine-manual.toml"),
                Hint::Toml,
            ),
            (
                include_bytes!("../../../examples/sales/domain-examples.json"),
                Hint::Json,
            ),
            (
                include_bytes!("../../../examples/sales/cross-border.jsonl"),
                Hint::JsonLines,
            ),
        ];
        let mut sales = Vec::new();
        for (file, hint) in files {
            input::read_sales(file, hint, |_, _, sale| {
                sales.push(sale);
                Ok::<(), ()>(())
            })
            .expect("the example sales are valid");
        }
        sales
    })
}

/// A rule-set file (the whole data is the text). A rule set that parses is
/// applied to every example sale, alone and after the shipped sets.
pub fn rule_set(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = RuleSet::parse(text) else {
        return;
    };
    for sale in example_sales() {
        let alone = b2b_classify::classify(sale, [&set]);
        assert!(alone.views.get(&set.name).is_some(), "the set gives a view");
        let all = b2b_classify::classify(sale, shipped().iter().chain([&set]));
        let _ = serde_json::to_vec(&all).expect("a classification serialises");
    }
}
