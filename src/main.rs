use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tighten::cli::Cli::parse();
    tighten::cli::run(cli).into()
}
