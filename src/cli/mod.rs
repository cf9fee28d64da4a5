//! The command line: argument definitions and one module per subcommand.

mod check;
mod explain;
mod rules;
mod server;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::Catalog;
use crate::report::{Format, Severity};
use crate::rules::Settings;

/// Offline linter for the security configuration of AWS serverless applications.
#[derive(Debug, Parser)]
#[command(
    name = "tighten",
    version = concat!(env!("CARGO_PKG_VERSION"), " (IAM catalog ", crate::catalog_date!(), ")"),
    about,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Check IAM actions against this catalog instead of the compiled-in one: cfn-lint's
    /// `Policies.json` (cfnlint/data/AdditionalSpecs/Policies.json).
    #[arg(long, global = true, value_name = "FILE")]
    pub iam_catalog: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories for insecure AWS configuration.
    Check(CheckArgs),
    /// List the rules, built-in and custom, with their state under the configuration.
    Rules(RuleSource),
    /// Print the documentation of a rule.
    Explain {
        /// A rule code (`NET001`) or name (`public-ingress`).
        rule: String,
        #[command(flatten)]
        source: RuleSource,
    },
    /// Write a commented starter `.tighten.yaml` in the working directory.
    Init {
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Record the current findings in a baseline file, so that `check --baseline` reports only
    /// new ones.
    Baseline(BaselineArgs),
    /// Serve diagnostics to an editor over the Language Server Protocol (stdin and stdout).
    Server,
}

/// What to read: the paths, the globs that narrow a walk, the budgets.
#[derive(Debug, clap::Args)]
pub struct Inputs {
    /// Files and directories to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Only check walked files that match this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip walked files and directories that match this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    #[command(flatten)]
    pub source: RuleSource,

    #[command(flatten)]
    pub budgets: Budgets,
}

/// Where the configuration and the custom rules come from.
#[derive(Debug, Default, clap::Args)]
pub struct RuleSource {
    /// The configuration file; by default `.tighten.yaml` in the working directory or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Load every `*.yaml` custom rule file in this directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Lowest severity that makes the run fail (exit code 1); `low` unless the configuration
    /// says otherwise.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,

    /// Report only findings that are not in this baseline file (see `tighten baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Also list the findings that suppressions silenced, with their reasons (pretty and
    /// concise formats; json and sarif always carry them).
    #[arg(long)]
    pub show_suppressed: bool,

    /// Read the content from standard input and report it under this path.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Check again whenever a checked file changes, until interrupted.
    #[arg(long)]
    pub watch: bool,

    /// Judge runtime deprecation as of this day instead of today, for reproducible runs.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<crate::catalog::Date>,

    /// When to use colour in pretty output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// The baseline file to write.
    #[arg(long, short = 'o', value_name = "FILE", default_value = ".tighten-baseline.json")]
    pub output: PathBuf,
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
    let settings = match load_settings(&cli) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("tighten: {error:#}");
            return Outcome::Error;
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(&args, &settings),
        Command::Rules(source) => rules::run(&source),
        Command::Explain { rule, source } => explain::run(&rule, &source),
        Command::Baseline(args) => check::baseline(&args, &settings),
        Command::Init { force } => check::init(force),
        Command::Server => server::run(),
    };
    result.unwrap_or_else(|error| {
        eprintln!("tighten: {error:#}");
        Outcome::Error
    })
}

/// The rule options of this run: the user's IAM catalog, when one is given, is read and
/// checked before any file, so a bad catalog stops the run with a usage error.
fn load_settings(cli: &Cli) -> anyhow::Result<Settings> {
    let settings = Settings::default();
    let Some(path) = &cli.iam_catalog else {
        return Ok(settings);
    };

    let shown = path.display();
    let text = crate::lint::read_side_file(path).map_err(|e| {
        anyhow::anyhow!("cannot read IAM catalog {shown}: {}", crate::lint::io_reason(&e))
    })?;
    let catalog = Catalog::from_policies_json(&text).map_err(|e| {
        anyhow::anyhow!(
            "{shown} is not an IAM catalog: {e}; give cfn-lint's \
             cfnlint/data/AdditionalSpecs/Policies.json"
        )
    })?;
    Ok(settings.with_catalog(catalog))
}
