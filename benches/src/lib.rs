//! Benchmarks of the b2b workspace live in `benches/`; this library is empty.
