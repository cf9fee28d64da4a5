//! One file through the pipeline: decode, parse, recognize, extract, run rules.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::{Config, PathOverride};
use crate::discover::Candidate;
use crate::formats;
use crate::report::{FileResult, FileStatus, Finding, Severity};
use crate::rules::lambda::execution_role::{self, RunFacts};
use crate::rules::{self, Context, Rule, Settings};
use crate::suppress;
use crate::syntax::{self, Limits, LoadError, LoadErrorKind, Span, Syntax};

/// Severity overrides by rule code.
pub type Severities = HashMap<&'static str, Severity>;

/// What a run checks and how.
pub struct Options {
    pub limits: Limits,
    /// The rules to run, after selection.
    pub rules: Vec<&'static dyn Rule>,
    /// The options of those rules.
    pub settings: Settings,
    /// Severity overrides by rule code.
    pub severities: Severities,
    /// Other selections and severities for the files their globs match, applied in order.
    pub overrides: Vec<PathOverride>,
}

impl Options {
    /// The run's options as a configuration file sets them.
    #[must_use]
    pub fn from_config(config: &Config, limits: Limits) -> Self {
        Self {
            limits,
            rules: config.rules(),
            settings: config.settings(),
            severities: config.severities(),
            overrides: config.path_overrides(),
        }
    }

    /// The rules for the file at `path` and the severities they report at, after overrides.
    pub(crate) fn rules_for(
        &self,
        path: &str,
    ) -> (Cow<'_, [&'static dyn Rule]>, Cow<'_, Severities>) {
        let mut rules = Cow::Borrowed(self.rules.as_slice());
        let mut severities = Cow::Borrowed(&self.severities);
        let path = path.strip_prefix("./").unwrap_or(path);
        for over in self.overrides.iter().filter(|o| o.paths.is_match(path)) {
            rules = Cow::Owned(over.apply(&rules));
            severities.to_mut().extend(over.severity.iter().map(|(k, v)| (*k, *v)));
        }
        (rules, severities)
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            rules: rules::builtin().to_vec(),
            settings: Settings::default(),
            severities: HashMap::new(),
            overrides: Vec::new(),
        }
    }
}

/// Checks one file's bytes. `path` names the file in the output and chooses the syntax by its
/// extension; content decides the rest.
#[must_use]
pub fn lint_bytes(path: &str, bytes: &[u8], options: &Options) -> FileResult {
    lint_bytes_in_run(path, bytes, options, false).0
}

/// [`lint_bytes`], and, when `in_run` is set, what the file tells the run-wide phase
/// ([`crate::link`]) about roles and functions; `None` when it tells nothing.
fn lint_bytes_in_run(
    path: &str,
    bytes: &[u8],
    options: &Options,
    in_run: bool,
) -> (FileResult, Option<RunFacts>) {
    let text = match syntax::decode_text(bytes, &options.limits) {
        Ok(text) => text,
        Err(mut error) => {
            // The error's span counts the file's bytes; the text reported replaces each invalid
            // sequence by U+FFFD, so the span grows to whole characters of that text.
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            error.span = whole_characters(error.span, &lossy);
            return (failed(path, lossy, error), None);
        }
    };

    let syntax = syntax_for(path, text);
    let document = match syntax::parse(text, syntax, &options.limits) {
        Ok(document) => document,
        Err(_) if is_foreign_template(path, text) || is_foreign_jsonc(syntax, text, options) => {
            return (FileResult::new(path.to_owned(), FileStatus::Skipped), None);
        }
        Err(error) => return (failed(path, text.to_owned(), error), None),
    };

    // A large file is worth spreading over the pool: repeated keys are looked for while the
    // model is extracted, and the rules run side by side.
    let large = text.len() >= LARGE_FILE_BYTES;
    let (duplicates, extracted) = if large {
        rayon::join(
            || syntax::duplicate_keys(&document.root),
            || formats::extract(&document, text, &options.limits),
        )
    } else {
        (Vec::new(), formats::extract(&document, text, &options.limits))
    };
    let Some(extracted) = extracted else {
        return (FileResult::new(path.to_owned(), FileStatus::Skipped), None);
    };

    let cx = Context::new(&extracted.model, text, &options.settings);
    let (rules, severities) = options.rules_for(path);
    let mut facts = in_run
        .then(|| execution_role::run_facts(&cx, crate::link::wants_functions(&rules)))
        .filter(|facts| !facts.is_empty());
    // A function whose role another file holds may get a finding in the run-wide phase.
    let pending = facts.as_ref().is_some_and(|f| !f.functions.is_empty());
    let mut findings = if large {
        rules::run_parallel(&rules, &extracted.model, text, &options.settings)
    } else {
        rules::run(&rules, &cx)
    };
    let today = options.settings.today();
    let outcome =
        suppress::apply(text, document.syntax, &document.root, today, &mut findings, pending);
    if let Some(facts) = &mut facts {
        facts.suppressions = outcome.deferred;
    }
    let selected = |f: &Finding| rules.iter().any(|rule| rule.meta().code == f.code);
    findings.extend(outcome.findings.into_iter().filter(selected));
    for finding in &mut findings {
        refine_path(&mut finding.path, document.root.path_to(finding.span));
        if let Some(severity) = severities.get(finding.code) {
            finding.severity = *severity;
        }
    }

    // A repeated key is an input error of a recognized document only: a `package.json` with
    // one is none of tighten's business.
    let mut errors = if large { duplicates } else { syntax::duplicate_keys(&document.root) };
    errors.extend(extracted.errors);
    errors.sort_by_key(|e| e.span.start);
    // Two extractors reading the same embedded document would report its errors twice.
    errors.dedup_by(|a, b| a.span == b.span && a.kind == b.kind && a.message == b.message);
    if large {
        // Freeing a large tree and model node by node is work the result does not wait for.
        let model = extracted.model;
        rayon::spawn(move || drop((document, model)));
    } else {
        drop(document);
    }
    findings.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));

    let mut result =
        FileResult::new(path.to_owned(), FileStatus::Checked { format: extracted.format });
    result.findings = findings;
    result.suppressed = outcome.suppressed;
    result.errors = errors;
    if !result.findings.is_empty()
        || !result.errors.is_empty()
        || !result.suppressed.is_empty()
        || pending
    {
        text.clone_into(&mut result.source);
    }
    (result, facts)
}

/// Replaces a rule's document path by the path of the token in the file when that one says
/// more: the rule knows the object (`SecurityGroupIngress[0]`), the tree knows the field
/// (`SecurityGroupIngress[0].CidrIp`). Inside an embedded document the tree stops at the
/// string, and the rule's path, which goes on inside it, stays.
fn refine_path(rule_path: &mut String, token_path: String) {
    let extends = token_path.len() > rule_path.len()
        && token_path.starts_with(rule_path.as_str())
        && (rule_path.is_empty() || matches!(token_path.as_bytes()[rule_path.len()], b'.' | b'['));
    if extends {
        *rule_path = token_path;
    }
}

/// `span` widened to the character boundaries around it, within `text`.
fn whole_characters(span: Span, text: &str) -> Span {
    let mut start = (span.start as usize).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::from_range(start..end)
}

fn failed(path: &str, source: String, error: LoadError) -> FileResult {
    let mut result = FileResult::new(path.to_owned(), FileStatus::Failed);
    result.source = source;
    result.errors.push(error);
    result
}

/// `.json` files are JSON and `.yaml`/`.yml` files YAML; anything else (`.template`, stdin
/// without a name) is sniffed.
fn syntax_for(path: &str, text: &str) -> Syntax {
    let extension = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
    if extension.eq_ignore_ascii_case("json") {
        Syntax::Json
    } else if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
        Syntax::Yaml
    } else {
        syntax::sniff(text)
    }
}

/// Whether `path` is a `.template` file of another tool (a Jinja, Go or build-system
/// template) rather than a CloudFormation template that fails to parse: it names none of
/// CloudFormation's sections or resource types. Such files are common in the trees a walk
/// goes through, and are not AWS artifacts any more than an unrelated `.json` file is.
fn is_foreign_template(path: &str, text: &str) -> bool {
    let extension = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
    let markers = ["AWSTemplateFormatVersion", "Resources", "AWS::"];
    extension.eq_ignore_ascii_case("template")
        && !markers.iter().any(|m| memchr::memmem::find(text.as_bytes(), m.as_bytes()).is_some())
}

/// Whether `text` is JSON with comments or trailing commas (`tsconfig.json`, editor settings)
/// that, read leniently, is no AWS artifact. Such a file is not ours to refuse; an AWS
/// document written that way still gets its syntax error, since AWS refuses it too.
fn is_foreign_jsonc(syntax: Syntax, text: &str, options: &Options) -> bool {
    if syntax != Syntax::Json {
        return false;
    }
    let Some(strict) = syntax::json::jsonc::blank(text) else { return false };
    syntax::parse(&strict, Syntax::Json, &options.limits)
        .is_ok_and(|document| formats::extract(&document, &strict, &options.limits).is_none())
}

/// Reads and checks one file. Files over the size budget are refused before they are read.
#[must_use]
pub fn lint_file(path: &Path, options: &Options) -> FileResult {
    lint_file_in_run(path, options, false).0
}

fn lint_file_in_run(
    path: &Path,
    options: &Options,
    in_run: bool,
) -> (FileResult, Option<RunFacts>) {
    let display = path.to_string_lossy().into_owned();

    let budget = options.limits.max_file_bytes;
    let too_large = |message: String| {
        let error = LoadError::new(LoadErrorKind::TooLarge, Span::at(0), message)
            .with_help("raise `limits.max-file-bytes` if this file is meant to be checked");
        (failed(&display, String::new(), error), None)
    };

    match read_at_most(path, budget) {
        Ok(Contents::Bytes(bytes)) => lint_bytes_in_run(&display, &bytes, options, in_run),
        Ok(Contents::TooLarge { size: Some(size) }) => {
            too_large(format!("file is {size} bytes, over the {budget} byte budget"))
        }
        Ok(Contents::TooLarge { size: None }) => {
            too_large(format!("file holds more than the {budget} byte budget"))
        }
        Err(error) => (failed(&display, String::new(), unreadable(&error)), None),
    }
}

/// What [`read_at_most`] read.
#[derive(Debug)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// More than the limit: `size` when the file told it before it was read.
    TooLarge {
        size: Option<u64>,
    },
}

/// Reads `path` whole, up to `limit` bytes. A regular file says its size, and one over the
/// limit is refused unread. A device or a pipe has no size to check first (`/dev/zero` never
/// ends), and a file may grow after its size was read, so the read itself is bounded too.
///
/// # Errors
///
/// When the file cannot be opened or read, or is a named pipe that nothing wrote to.
pub fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Contents> {
    use std::io::Read;

    let file = open_without_waiting(path)?;
    let metadata = file.metadata()?;
    if metadata.is_file() && metadata.len() > limit {
        return Ok(Contents::TooLarge { size: Some(metadata.len()) });
    }
    if !metadata.is_file() {
        wait_when_reading(&file)?;
    }

    let size = metadata.len().min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Contents::TooLarge { size: None });
    }

    // Nothing from a pipe means nothing had it open for writing: say so rather than report an
    // empty file, which YAML would pass over as a document holding nothing.
    if bytes.is_empty() && is_pipe(&metadata) {
        return Err(std::io::Error::other("a named pipe with nothing writing to it"));
    }
    Ok(Contents::Bytes(bytes))
}

/// Opens `path` for reading. A named pipe opened the usual way blocks until something opens it
/// for writing, which may be never; opened non-blocking, it returns at once.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;

    let non_blocking = rustix::fs::OFlags::NONBLOCK.bits().cast_signed();
    std::fs::OpenOptions::new().read(true).custom_flags(non_blocking).open(path)
}

/// Turns blocking back on for a file that is not a regular one (where it changes nothing), so
/// a pipe being written is read to its end, while a pipe with no writer reads as ended.
#[cfg(unix)]
fn wait_when_reading(file: &std::fs::File) -> std::io::Result<()> {
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};

    fcntl_setfl(file, fcntl_getfl(file)? - OFlags::NONBLOCK)?;
    Ok(())
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(not(unix))]
fn wait_when_reading(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn is_pipe(metadata: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&metadata.file_type())
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::Metadata) -> bool {
    false
}

/// The budget of the files a run reads besides its inputs: configuration, custom rules,
/// baseline, IAM catalog. Each of these is far smaller.
pub const SIDE_FILE_BYTES: u64 = 64 << 20;

/// Reads a configuration, rule, baseline or catalog file as text, within
/// [`SIDE_FILE_BYTES`].
///
/// # Errors
///
/// When the file cannot be read, holds more than the budget or is not UTF-8.
pub fn read_side_file(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind};

    let Contents::Bytes(bytes) = read_at_most(path, SIDE_FILE_BYTES)? else {
        let message = format!("over the {SIDE_FILE_BYTES} byte budget");
        return Err(Error::new(ErrorKind::FileTooLarge, message));
    };
    String::from_utf8(bytes).map_err(|_| Error::from(ErrorKind::InvalidData))
}

/// An input error for a file that could not be read at all.
#[must_use]
pub fn unreadable(error: &std::io::Error) -> LoadError {
    LoadError::new(
        LoadErrorKind::Io,
        Span::at(0),
        format!("cannot read file: {}", io_reason(error)),
    )
}

/// A terse, lowercase reason for an I/O error, without the OS error number.
#[must_use]
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::IsADirectory => "is a directory".to_owned(),
        ErrorKind::InvalidData => "not valid text".to_owned(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
        }
    }
}

/// From this size a file's checks are spread over the thread pool ([`rules::run_parallel`]):
/// far above any template, so that a run of many files keeps one file per thread.
const LARGE_FILE_BYTES: usize = 1 << 20;

/// Counters that another thread may read while a run goes on, for a progress display.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files found so far (all of them once discovery is over).
    pub found: AtomicUsize,
    /// Files done.
    pub files: AtomicUsize,
    /// Findings so far.
    pub findings: AtomicUsize,
}

/// Checks every candidate in parallel, then links what files say about each other (a
/// function's role described in another file). Results come back sorted by path, so output
/// never depends on thread scheduling.
#[must_use]
pub fn lint_candidates(candidates: &[Candidate], options: &Options) -> Vec<FileResult> {
    lint_candidates_with(candidates, options, &Progress::default())
}

/// [`lint_candidates`], counting files and findings in `progress` as they are done.
#[must_use]
pub fn lint_candidates_with(
    candidates: &[Candidate],
    options: &Options,
    progress: &Progress,
) -> Vec<FileResult> {
    use rayon::prelude::*;

    progress.found.store(candidates.len(), Ordering::Relaxed);
    let checked = candidates.par_iter().map(|candidate| check(candidate, options, progress));
    finish(checked.collect(), options)
}

/// [`lint_candidates_with`] over candidates as discovery yields them, so that checking starts
/// with the first file found instead of after the last directory listed. The results are the
/// same, in the same order.
#[must_use]
pub fn lint_discovered(
    candidates: impl Iterator<Item = Candidate> + Send,
    options: &Options,
    progress: &Progress,
) -> Vec<FileResult> {
    use rayon::prelude::*;

    let mut counted = candidates.inspect(|_| {
        progress.found.fetch_add(1, Ordering::Relaxed);
    });

    // One file, as an editor on save or a hook with one staged file asks for: checked on this
    // thread, since starting the pool's threads would cost as much as the check itself.
    let (first, second) = (counted.next(), counted.next());
    if second.is_none() {
        let checked = first.iter().map(|candidate| check(candidate, options, progress));
        return finish(checked.collect(), options);
    }

    // The walk goes on in a thread of its own: walked inside the pool, every directory listing
    // held the pool's shared iterator, and the other thread slept until it was released.
    let (found, walked) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for candidate in counted {
                if found.send(candidate).is_err() {
                    break;
                }
            }
        });
        let all = first.into_iter().chain(second).chain(walked);
        let checked = all.par_bridge().map(|candidate| check(&candidate, options, progress));
        finish(checked.collect(), options)
    })
}

fn check(
    candidate: &Candidate,
    options: &Options,
    progress: &Progress,
) -> (FileResult, Option<RunFacts>) {
    let checked = match candidate {
        Candidate::File(path) => lint_file_in_run(path, options, true),
        Candidate::Unreadable { path, reason } => {
            let error =
                LoadError::new(LoadErrorKind::Io, Span::at(0), format!("cannot read: {reason}"));
            (failed(&path.to_string_lossy(), String::new(), error), None)
        }
    };
    progress.files.fetch_add(1, Ordering::Relaxed);
    progress.findings.fetch_add(checked.0.findings.len(), Ordering::Relaxed);
    checked
}

/// Puts the results in path order, whatever order threads finished them in, then runs the
/// run-wide phase over them.
fn finish(mut checked: Vec<(FileResult, Option<RunFacts>)>, options: &Options) -> Vec<FileResult> {
    checked.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let (mut results, facts): (Vec<FileResult>, Vec<Option<RunFacts>>) =
        checked.into_iter().unzip();
    crate::link::link(&mut results, &facts, options);
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checking files as they are found gives what checking the list gives, in the same order,
    /// and counts every file.
    #[test]
    fn files_checked_as_found_match_files_checked_from_a_list() {
        let paths = [std::path::PathBuf::from("fixtures")];
        let filter = crate::discover::Filter::default();
        let options = Options::default();
        let listed = lint_candidates(&crate::discover::discover(&paths, &filter), &options);

        let progress = Progress::default();
        let found =
            lint_discovered(crate::discover::candidates(&paths, &filter), &options, &progress);
        let summary = |results: &[FileResult]| -> Vec<(String, usize, usize)> {
            results.iter().map(|r| (r.path.clone(), r.findings.len(), r.errors.len())).collect()
        };
        assert!(listed.len() > 50, "{} files", listed.len());
        assert_eq!(summary(&listed), summary(&found));
        assert_eq!(progress.found.load(Ordering::Relaxed), listed.len());
        assert_eq!(progress.files.load(Ordering::Relaxed), listed.len());
    }

    /// Found by the `pipeline` fuzz target: the span of an encoding error ended inside the
    /// U+FFFD that stands for the invalid bytes in the reported text.
    #[test]
    fn encoding_errors_cover_whole_characters_of_the_reported_text() {
        let inputs: [&[u8]; 4] =
            [b"{\"a\": \"x\xff\"}", b"a: \xe2\x82", b"\xff\xfe{\0}\0", b"\xfe\xff\0{\0}"];
        for bytes in inputs {
            let result = lint_bytes("input.json", bytes, &Options::default());
            let error = &result.errors[0];
            let text = &result.source;
            assert!(text.is_char_boundary(error.span.start as usize), "{bytes:?}");
            assert!(text.is_char_boundary(error.span.end as usize), "{bytes:?}");
            assert_eq!(error.span.slice(text).chars().next(), Some('\u{fffd}'), "{bytes:?}");
        }
    }

    /// A `.template` file that does not parse is another tool's template unless it names
    /// something of CloudFormation; then the syntax error is what the user needs to see.
    #[test]
    fn unparsable_templates_of_other_tools_are_skipped() {
        let meson = "project('${name}', ['c'],\n  version : '0.1')\ncc = meson.get_compiler('c')\n";
        let broken = "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n";
        let options = Options::default();

        assert_eq!(
            lint_bytes("build.template", meson.as_bytes(), &options).status,
            FileStatus::Skipped
        );
        let result = lint_bytes("stack.template", broken.as_bytes(), &options);
        assert_eq!(result.status, FileStatus::Failed);
        assert_eq!(result.errors[0].kind, LoadErrorKind::Syntax);
        // A `.yaml` file is YAML by its name: a syntax error whatever it holds.
        assert_eq!(lint_bytes("build.yaml", meson.as_bytes(), &options).status, FileStatus::Failed);
    }

    /// JSON with comments is another tool's configuration unless, read leniently, it is an
    /// AWS document: then AWS would refuse it too, and the syntax error stands.
    #[test]
    fn json_with_comments_is_skipped_unless_it_is_an_aws_document() {
        let tsconfig =
            "{\n  // emitted code\n  \"compilerOptions\": {\"target\": \"es2022\",},\n}\n";
        let policy = "{\n  \"Version\": \"2012-10-17\", // latest\n  \"Statement\": [{\"Effect\": \
                      \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},]\n}\n";
        let options = Options::default();

        let result = lint_bytes("tsconfig.json", tsconfig.as_bytes(), &options);
        assert_eq!(result.status, FileStatus::Skipped);
        assert!(result.errors.is_empty());

        let result = lint_bytes("policy.json", policy.as_bytes(), &options);
        assert_eq!(result.status, FileStatus::Failed);
        assert_eq!(result.errors[0].message, "invalid JSON: comments are not allowed");
        assert_eq!(result.errors[0].span.slice(policy), "// latest");
    }
}
