//! The baseline for tighten's speed on one large JSON file: read it and build `jsonc-parser`'s
//! AST with the options tighten uses, nothing else. `scripts/bench.py` times this process
//! beside `tighten check` on the same file.
//!
//!     cargo run --release --example jsonc_baseline -- FILE

use jsonc_parser::{CollectOptions, CommentCollectionStrategy};

// The allocator of the `tighten` binary, so that the two processes differ only in their work.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let path =
        std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: jsonc_baseline FILE"))?;
    let text = std::fs::read_to_string(path)?;
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let options = tighten::syntax::json::strict();
    let parsed = jsonc_parser::parse_to_ast(&text, &collect, &options)?;
    println!("{}", u8::from(parsed.value.is_some()));
    Ok(())
}
