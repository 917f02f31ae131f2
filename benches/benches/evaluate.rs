//! In-memory evaluation: `b2b_tender::evaluate` on synthetic best-price-quality
//! tenders with 1 000, 100 000 and 1 000 000 bids and 8 criteria.
//!
//! The tender and bids are built by `b2b_tender::generate::synthetic` (seed
//! 42) before timing starts, so only `evaluate` is measured: exclusion,
//! normalisation, exact scores, ranking, ties and abnormally-low flags.
//!
//! Run with `cargo bench -p b2b-benches --bench evaluate`.

use b2b_tender::generate::{SyntheticSpec, synthetic};
use b2b_tender::{Options, evaluate};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use std::hint::black_box;
use std::time::Duration;

/// Bid counts, with the number of samples and the measurement time for each.
const SIZES: [(usize, usize, u64); 3] = [(1_000, 100, 5), (100_000, 20, 10), (1_000_000, 10, 20)];

fn bench_evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    for (bids, samples, seconds) in SIZES {
        let (tender, bids_data) = synthetic(&SyntheticSpec { bids, seed: 42 });
        group
            .throughput(Throughput::Elements(bids as u64))
            .sample_size(samples)
            .measurement_time(Duration::from_secs(seconds))
            // One iteration of the large sizes takes long enough to time on
            // its own: run every sample with the same number of iterations.
            .sampling_mode(if bids >= 100_000 {
                SamplingMode::Flat
            } else {
                SamplingMode::Auto
            });
        group.bench_with_input(
            BenchmarkId::from_parameter(bids),
            &bids_data,
            |b, bids_data| {
                b.iter(|| {
                    let evaluation = evaluate(
                        black_box(&tender),
                        black_box(bids_data),
                        &Options::default(),
                    )
                    .expect("the synthetic bids evaluate");
                    black_box(evaluation.winner_index());
                    evaluation
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_evaluate);
criterion_main!(benches);
