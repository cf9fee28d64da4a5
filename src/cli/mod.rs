//! The command line: argument definitions and one module per subcommand.

mod check;
mod explain;
mod rules;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::{Format, Severity};

/// Offline linter for the security configuration of AWS serverless applications.
#[derive(Debug, Parser)]
#[command(name = "tighten", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories for insecure AWS configuration.
    Check(CheckArgs),
    /// List the rules.
    Rules,
    /// Print the documentation of a rule.
    Explain {
        /// A rule code (`NET001`) or name (`public-ingress`).
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and directories to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,

    /// Lowest severity that makes the run fail (exit code 1).
    #[arg(long, value_name = "SEVERITY", default_value = "low", value_parser = parse_severity)]
    pub fail_on: Severity,

    /// Only check walked files that match this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip walked files and directories that match this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Read the content from standard input and report it under this path.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Judge runtime deprecation as of this day instead of today, for reproducible runs.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<crate::catalog::Date>,

    /// When to use colour in pretty output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub budgets: Budgets,
}

/// Per-file budgets; over any of them a file gets a diagnostic and the run goes on.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Budgets")]
pub struct Budgets {
    /// Largest file read, in bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_file_bytes: Option<u64>,

    /// Deepest nesting of objects and arrays.
    #[arg(long, value_name = "LEVELS")]
    pub max_depth: Option<u32>,

    /// Most nodes in one file.
    #[arg(long, value_name = "NODES")]
    pub max_nodes: Option<u64>,

    /// Most nodes that YAML aliases may stand for in one file.
    #[arg(long, value_name = "NODES")]
    pub max_alias_nodes: Option<u64>,
}

impl Budgets {
    /// The default limits with the given overrides.
    #[must_use]
    pub fn limits(&self) -> crate::syntax::Limits {
        let mut limits = crate::syntax::Limits::default();
        if let Some(n) = self.max_file_bytes {
            limits.max_file_bytes = n;
        }
        if let Some(n) = self.max_depth {
            limits.max_depth = n;
        }
        if let Some(n) = self.max_nodes {
            limits.max_nodes = n;
        }
        if let Some(n) = self.max_alias_nodes {
            limits.max_alias_nodes = n;
        }
        limits
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// How a run ended, mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No finding at or above the threshold.
    Clean,
    /// Findings at or above the threshold.
    Findings,
    /// A usage error, or an input that could not be read or parsed.
    Error,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Error => ExitCode::from(2),
        }
    }
}

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> Outcome {
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules => rules::run(),
        Command::Explain { rule } => explain::run(&rule),
    };
    result.unwrap_or_else(|error| {
        eprintln!("tighten: {error:#}");
        Outcome::Error
    })
}
