#![no_main]
// The body is b2b_fuzz_targets::evaluate, shared with the stable replay test.
libfuzzer_sys::fuzz_target!(|data: &[u8]| b2b_fuzz_targets::evaluate(data));
