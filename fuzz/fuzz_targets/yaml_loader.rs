//! The YAML loader on any bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let limits = tighten_fuzz::limits();
    let Ok(text) = tighten::syntax::decode_text(data, &limits) else { return };
    match tighten::syntax::yaml::parse(text, 0, &limits) {
        Ok(root) => tighten_fuzz::check_tree(text, &root),
        Err(error) => tighten_fuzz::check_span(text, error.span, "error"),
    }
});
