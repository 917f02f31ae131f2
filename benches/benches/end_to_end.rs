//! End to end from bytes in memory: parse the tender (TOML) and the bids
//! (CSV), evaluate, and serialise the JSON report, for 100 000 and 1 000 000
//! synthetic bids with 8 criteria.
//!
//! The files are written by `b2b_tender::generate` (seed 42) into memory
//! before timing starts, so no disk I/O is measured. The report goes into a
//! `Vec<u8>` that is cleared, not freed, between iterations: serialisation
//! is measured, not the growth of a 30 to 280 MB buffer.
//!
//! Run with `cargo bench -p b2b-benches --bench end_to_end`.

use b2b_tender::generate::{SyntheticSpec, write_bids, write_tender};
use b2b_tender::input::{BidsFormat, TenderFormat, parse_bids, parse_tender};
use b2b_tender::{Options, evaluate};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use std::hint::black_box;
use std::time::Duration;

/// Bid counts, with the number of samples and the measurement time for each.
const SIZES: [(usize, usize, u64); 2] = [(100_000, 10, 10), (1_000_000, 10, 40)];

/// The tender file's text and the bids file's bytes.
fn files(bids: usize) -> (String, Vec<u8>) {
    let spec = SyntheticSpec { bids, seed: 42 };
    let mut tender = Vec::new();
    write_tender(&spec, &mut tender).expect("writing to memory");
    let mut csv = Vec::with_capacity(bids * 96);
    write_bids(&spec, &mut csv).expect("writing to memory");
    let tender = String::from_utf8(tender).expect("the tender file is UTF-8");
    (tender, csv)
}

/// Parse, evaluate and serialise once; returns the report's length.
fn run(tender_text: &str, csv: &[u8], out: &mut Vec<u8>) -> usize {
    let tender = parse_tender(tender_text, TenderFormat::Toml, "tender.toml")
        .expect("the synthetic tender parses");
    let bids =
        parse_bids(csv, BidsFormat::Csv, "bids.csv", &tender).expect("the synthetic bids parse");
    let evaluation =
        evaluate(&tender, &bids, &Options::default()).expect("the synthetic bids evaluate");
    out.clear();
    evaluation
        .report()
        .write_json(out)
        .expect("writing to memory");
    out.len()
}

fn bench_end_to_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("end_to_end");
    group.sampling_mode(SamplingMode::Flat);
    for (bids, samples, seconds) in SIZES {
        let (tender_text, csv) = files(bids);
        let mut out = Vec::new();
        // Size the output buffer once, outside the measurement.
        run(&tender_text, &csv, &mut out);
        group
            .throughput(Throughput::Elements(bids as u64))
            .sample_size(samples)
            .measurement_time(Duration::from_secs(seconds));
        group.bench_with_input(BenchmarkId::from_parameter(bids), &csv, |b, csv| {
            b.iter(|| run(black_box(&tender_text), black_box(csv), &mut out));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_end_to_end);
criterion_main!(benches);
