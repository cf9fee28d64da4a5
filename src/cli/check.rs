//! `tighten check`: lint files, report, and decide the exit code.

use std::io::{IsTerminal, Read, Write};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::{BaselineArgs, CheckArgs, ColorChoice, Inputs, Outcome, watch};
use crate::baseline::{self, Baseline};
use crate::config::{self, Config};
use crate::discover::{self, Candidate, Filter};
use crate::lint::{self, Options, Progress};
use crate::report::{self, FileResult, FileStatus, Format, RenderOptions, Severity};
use crate::rules::{self, Settings};

/// `tighten check`; `settings` carry what the command line set before any file is read (the
/// IAM catalog).
pub(super) fn run(args: &CheckArgs, settings: &Settings) -> anyhow::Result<Outcome> {
    let (mut options, filter, config) = configured(&args.inputs, settings)?;
    options.settings.today = args.today;
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Low);
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;

    let paths = &args.inputs.paths;
    let reads_stdin = args.stdin_filename.is_some() || paths.iter().any(|p| p.as_os_str() == "-");
    let render = RenderOptions {
        color: args.output.is_none() && use_color(args.color),
        // Only these formats describe the rules; parsing every rule's documentation costs more
        // than checking a small file.
        rules: if matches!(args.format, Format::Sarif | Format::Junit) {
            rules::descriptors(&options.rules)
        } else {
            Vec::new()
        },
        ..RenderOptions::default()
    };

    if args.watch {
        anyhow::ensure!(!reads_stdin, "--watch cannot watch standard input; name files instead");
        watch::run(args, &options, &filter, |results| write_report(args, results, &render))?;
        return Ok(Outcome::Clean);
    }

    let started = Instant::now();
    let mut results = if reads_stdin {
        vec![lint_stdin(args, &options)?]
    } else {
        let show = args.format == Format::Pretty && std::io::stderr().is_terminal();
        lint_with_progress(discover::candidates(paths, &filter), &options, show)
    };
    if reads_stdin {
        let others: Vec<_> = paths
            .iter()
            .filter(|p| p.as_os_str() != "-" && p.as_os_str() != ".")
            .cloned()
            .collect();
        results.extend(lint::lint_candidates(&discover::discover(&others, &filter), &options));
        results.sort_by(|a, b| a.path.cmp(&b.path));
    }

    let accepted = baseline.map_or(0, |baseline| baseline.apply(&mut results));

    write_report(args, &results, &render)?;
    if args.format == Format::Pretty {
        let mut line = summary(&results, started.elapsed());
        if accepted > 0 {
            line = format!("{line}; {accepted} in the baseline not shown");
        }
        eprintln!("{line}");
    }

    let outcome = outcome(&results, fail_on);
    // The process ends next: freeing every file's text and findings one by one is serial work
    // nobody waits for, a tenth of a run over the 841 templates of the corpus.
    std::mem::forget(results);
    Ok(outcome)
}

/// `tighten baseline`: records every current finding.
pub(super) fn baseline(args: &BaselineArgs, settings: &Settings) -> anyhow::Result<Outcome> {
    let (options, filter, _) = configured(&args.inputs, settings)?;
    let candidates = discover::discover(&args.inputs.paths, &filter);
    let results = lint::lint_candidates(&candidates, &options);
    std::fs::write(&args.output, baseline::record(&results))
        .with_context(|| format!("cannot write the baseline to {}", args.output.display()))?;

    let findings: usize = results.iter().map(|r| r.findings.len()).sum();
    eprintln!("recorded {findings} findings in {}", args.output.display());
    // Files that could not be read may hold findings nobody has seen: the baseline is written,
    // but the run says it is incomplete.
    Ok(if has_input_errors(&results) { Outcome::Error } else { Outcome::Clean })
}

/// `tighten init`: the starter configuration, unless one is there.
pub(super) fn init(force: bool) -> anyhow::Result<Outcome> {
    let path = std::path::Path::new(config::FILE_NAME);
    anyhow::ensure!(
        force || !path.exists(),
        "{} exists; pass --force to replace it",
        path.display()
    );
    std::fs::write(path, config::STARTER)
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(Outcome::Clean)
}

/// The run's options, file filter and configuration: `--config`, or the `.tighten.yaml` found
/// from the working directory up, or the defaults; command-line globs add to the file's.
fn configured(inputs: &Inputs, settings: &Settings) -> anyhow::Result<(Options, Filter, Config)> {
    let config = load_config(&inputs.source)?;
    let mut options = Options::from_config(&config, inputs.budgets.limits());
    options.settings.catalog.clone_from(&settings.catalog);
    let include: Vec<String> = config.include.iter().chain(&inputs.include).cloned().collect();
    let exclude: Vec<String> = config.exclude.iter().chain(&inputs.exclude).cloned().collect();
    let filter = Filter::new(&include, &exclude).map_err(anyhow::Error::msg)?;
    Ok((options, filter, config))
}

/// The configuration (`--config`, or the `.tighten.yaml` found from the working directory up,
/// or the defaults) with the custom rules of `--rules` and its `rules-dir`.
pub(super) fn load_config(source: &super::RuleSource) -> anyhow::Result<Config> {
    let path = match &source.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir().ok().and_then(|dir| Config::find(&dir)),
    };
    Ok(match path {
        Some(path) => {
            let text = crate::lint::read_side_file(&path)
                .with_context(|| format!("cannot read the configuration {}", path.display()))?;
            Config::parse_with(&text, &path, &source.rules)?
        }
        None => Config::with_rules(&source.rules)?,
    })
}

fn read_baseline(path: &std::path::Path) -> anyhow::Result<Baseline> {
    let text = crate::lint::read_side_file(path)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    Baseline::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Checks the candidates; on a terminal, a run that takes more than a second shows how far it
/// is on stderr, on one line that is cleared when it ends.
fn lint_with_progress(
    candidates: impl Iterator<Item = Candidate> + Send,
    options: &Options,
    show: bool,
) -> Vec<FileResult> {
    let progress = Progress::default();
    if !show {
        return lint::lint_discovered(candidates, options, &progress);
    }
    let (done, finished) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let progress = &progress;
        scope.spawn(move || {
            let started = Instant::now();
            let mut shown = false;
            // The sender is dropped when the run ends, which wakes this thread at once.
            while finished.recv_timeout(Duration::from_millis(100))
                == Err(RecvTimeoutError::Timeout)
            {
                if started.elapsed() < Duration::from_secs(1) {
                    continue;
                }
                let files = progress.files.load(Ordering::Relaxed);
                let found = progress.found.load(Ordering::Relaxed);
                let findings = progress.findings.load(Ordering::Relaxed);
                eprint!("\r\x1b[2Kchecked {files}/{found} files, {findings} findings");
                shown = true;
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        let results = lint::lint_discovered(candidates, options, progress);
        drop(done);
        results
    })
}

/// One line about the whole run, after the pretty output: what was checked and found.
fn summary(results: &[FileResult], elapsed: Duration) -> String {
    let count =
        |status: fn(&FileStatus) -> bool| results.iter().filter(|r| status(&r.status)).count();
    let checked = count(|s| matches!(s, FileStatus::Checked { .. }));
    let skipped = count(|s| *s == FileStatus::Skipped);
    let failed = count(|s| *s == FileStatus::Failed);

    let findings: Vec<_> = results.iter().flat_map(|r| &r.findings).collect();
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|severity| {
            let n = findings.iter().filter(|f| f.severity == *severity).count();
            (n > 0).then(|| format!("{n} {severity}"))
        })
        .collect();
    let found = match findings.len() {
        0 => "no findings".to_owned(),
        1 => format!("1 finding ({})", by_severity.join(", ")),
        n => format!("{n} findings ({})", by_severity.join(", ")),
    };
    let files = |n: usize| if n == 1 { "1 file".to_owned() } else { format!("{n} files") };
    format!(
        "{found} in {} checked; {skipped} skipped as not AWS, {failed} failed to load; {:.2} s",
        files(checked),
        elapsed.as_secs_f64()
    )
}

/// Renders to `--output` when given (a CI job keeps the SARIF file apart from its log), to
/// standard output otherwise.
fn write_report(
    args: &CheckArgs,
    results: &[FileResult],
    render: &RenderOptions,
) -> anyhow::Result<()> {
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            Box::new(std::io::BufWriter::new(file))
        }
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    report::render(args.format, results, render, &mut out).context("cannot write the report")?;
    if args.show_suppressed && matches!(args.format, Format::Pretty | Format::Concise) {
        for result in results.iter().filter(|r| !r.suppressed.is_empty()) {
            let locator = result.locator();
            for silenced in &result.suppressed {
                let at = locator.start(silenced.finding.span);
                let finding = &silenced.finding;
                writeln!(
                    out,
                    "{}:{}:{}: suppressed {} {} -- {}",
                    result.path, at.line, at.column, finding.code, finding.message, silenced.reason
                )
                .context("cannot write the report")?;
            }
        }
    }
    out.flush().context("cannot write the report")
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
    if has_input_errors(results) {
        return Outcome::Error;
    }
    let blocking = results.iter().flat_map(|r| &r.findings).any(|f| f.severity >= fail_on);
    if blocking { Outcome::Findings } else { Outcome::Clean }
}

fn has_input_errors(results: &[FileResult]) -> bool {
    results.iter().any(|r| r.status == FileStatus::Failed || !r.errors.is_empty())
}
