//! One file through the whole pipeline, as `tighten check` runs it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tighten_fuzz::pipeline(data));
