//! Lambda API and CLI shapes: the extractor alone, then every rule on what it extracted.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tighten_fuzz::extract("lambda-api", data));
