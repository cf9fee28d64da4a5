use std::process::ExitCode;

use clap::Parser;

// The loaders allocate one small string per scalar and free whole trees at once; glibc's
// allocator spent over a third of a large file's run consolidating chunks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = tighten::cli::Cli::parse();
    tighten::cli::run(cli).into()
}
