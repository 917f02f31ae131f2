//! Tenders whose weights have 28 significant digits, through the real binary.

mod common;

use common::B2b;

const EVALUATE: B2b = B2b::new(&["tender", "evaluate"]);

#[test]
fn long_weights_rank_the_best_bid_first_with_sensitivity() {
    let report = EVALUATE.json(&[
        "bins/b2b/tests/data/long-weights/tender.toml",
        "bins/b2b/tests/data/long-weights/bids.csv",
        "--sensitivity",
    ]);
    assert_eq!(report["winner"], "B");
    let values: Vec<&str> = report["ranking"]
        .as_array()
        .expect("ranking")
        .iter()
        .map(|row| row["value"].as_str().expect("value"))
        .collect();
    assert_eq!(values, ["82.5000", "55.0000", "49.3750"]);
    let price = &report["sensitivity"]["weights"][0];
    assert_eq!(price["share"], "43.75");
    assert_eq!(price["max_share"], "66.67");
}
