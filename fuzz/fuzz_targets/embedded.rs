//! Documents held in strings: decoding, parsing, and spans mapped back into the file.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tighten_fuzz::embedded(data));
