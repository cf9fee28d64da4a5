//! `tighten check`: lint files, report, and decide the exit code.

use std::io::{IsTerminal, Read, Write};

use anyhow::Context as _;

use super::{CheckArgs, ColorChoice, Outcome};
use crate::discover::{self, Filter};
use crate::lint::{self, Options};
use crate::report::{self, FileResult, FileStatus, RenderOptions};
use crate::rules::Settings;

pub(super) fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let settings = Settings { today: args.today, ..Settings::default() };
    let options = Options { limits: args.budgets.limits(), settings, ..Options::default() };
    let filter = Filter::new(&args.include, &args.exclude).map_err(anyhow::Error::msg)?;

    let reads_stdin =
        args.stdin_filename.is_some() || args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut results = if reads_stdin {
        vec![lint_stdin(args, &options)?]
    } else {
        let candidates = discover::discover(&args.paths, &filter);
        lint::lint_candidates(&candidates, &options)
    };
    if reads_stdin {
        let others: Vec<_> = args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != "-" && p.as_os_str() != ".")
            .cloned()
            .collect();
        results.extend(lint::lint_candidates(&discover::discover(&others, &filter), &options));
        results.sort_by(|a, b| a.path.cmp(&b.path));
    }

    let render = RenderOptions { color: use_color(args.color), ..RenderOptions::default() };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    report::render(args.format, &results, &render, &mut out).context("cannot write the report")?;
    out.flush().context("cannot write the report")?;

    Ok(outcome(&results, args.fail_on))
}

fn lint_stdin(args: &CheckArgs, options: &Options) -> anyhow::Result<FileResult> {
    let mut bytes = Vec::new();
    let limit = options.limits.max_file_bytes;
    std::io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    let name = args
        .stdin_filename
        .as_ref()
        .map_or_else(|| "-".to_owned(), |p| p.to_string_lossy().into_owned());
    Ok(lint::lint_bytes(&name, &bytes, options))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Input errors decide first: a run that could not read everything has not checked everything.
fn outcome(results: &[FileResult], fail_on: crate::report::Severity) -> Outcome {
    let failed = results.iter().any(|r| r.status == FileStatus::Failed || !r.errors.is_empty());
    if failed {
        return Outcome::Error;
    }
    let blocking = results.iter().flat_map(|r| &r.findings).any(|f| f.severity >= fail_on);
    if blocking { Outcome::Findings } else { Outcome::Clean }
}
