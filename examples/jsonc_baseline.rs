//! The baseline for tighten's speed on one large JSON file: read it and build `jsonc-parser`'s
//! AST for strict JSON, nothing else. `scripts/bench.py` times this process beside
//! `tighten check` on the same file. tighten has its own parser; this one is the yardstick.
//!
//!     cargo run --release --example jsonc_baseline -- FILE

use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

// The allocator of the `tighten` binary, so that the two processes differ only in their work.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let path =
        std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: jsonc_baseline FILE"))?;
    let text = std::fs::read_to_string(path)?;
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let parsed = jsonc_parser::parse_to_ast(&text, &collect, &strict())?;
    println!("{}", u8::from(parsed.value.is_some()));
    Ok(())
}

/// RFC 8259 JSON, as tighten reads it: every tolerance of `jsonc-parser` off.
fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}
