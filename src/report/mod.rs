//! Findings and how they are rendered.
//!
//! Each output format is one module with a `render` function of the same shape, and one arm in
//! [`render`]. Renderers that show source text take it from [`masked`] (findings) or
//! [`shape_only`] (input errors), never from [`FileResult::source`] directly.

mod concise;
mod finding;
mod github;
mod json;
mod junit;
pub(crate) mod mask;
mod pretty;
mod sarif;
mod source;

use std::io;

pub use finding::{Finding, Label, Severity, Suppressed};
pub use mask::{masked, shape_only};
pub use source::IndexedSource;

use crate::syntax::{LineCol, LineIndex, LoadError, Span};

/// An output format, as `--format` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical reports with source excerpts, for people.
    Pretty,
    /// `path:line:col: severity CODE message`, one line each, for editors and grep.
    Concise,
    /// One JSON object with every finding and input error, for programs.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, GitLab).
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on a pull request.
    Github,
    /// `JUnit` XML: a test suite per file and a test case per rule, for CI test reports.
    Junit,
}

impl Format {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pretty => "pretty",
            Self::Concise => "concise",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Github => "github",
            Self::Junit => "junit",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How output looks; the command line decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours in the pretty output: on for a terminal when `NO_COLOR` is unset.
    pub color: bool,
    /// Column at which the pretty output wraps messages and help (at least 40).
    pub width: usize,
    /// The rules that ran, for formats that describe them (SARIF).
    pub rules: Vec<RuleDescriptor>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self { color: false, width: 100, rules: Vec::new() }
    }
}

/// What a report says about a rule, taken from its documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDescriptor {
    pub code: &'static str,
    pub name: &'static str,
    /// The rule family in lower case: `iam`, `network`, `lambda`.
    pub family: &'static str,
    pub severity: Severity,
    pub summary: String,
    pub why: String,
    pub fix: String,
    /// For a custom rule, its first reference; built-in rules are documented in this
    /// repository.
    pub custom_uri: Option<Option<String>>,
}

impl RuleDescriptor {
    /// Where the rule's documentation is published: this repository for a built-in rule, the
    /// first reference of a custom one (none when it has none).
    #[must_use]
    pub fn help_uri(&self) -> Option<String> {
        match &self.custom_uri {
            Some(uri) => uri.clone(),
            None => Some(format!(
                "{}/blob/main/rules/{}-{}.yaml",
                env!("CARGO_PKG_REPOSITORY"),
                self.code,
                self.name
            )),
        }
    }
}

/// Writes every finding and input error of `results` to `out` in `format`.
///
/// `results` come sorted by path and each file's findings by position; the output keeps that
/// order, with a file's input errors placed by position among its findings.
pub fn render(
    format: Format,
    results: &[FileResult],
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::render(results, options, out),
        Format::Concise => concise::render(results, options, out),
        Format::Json => json::render(results, options, out),
        Format::Sarif => sarif::render(results, options, out),
        Format::Github => github::render(results, options, out),
        Format::Junit => junit::render(results, options, out),
    }
}

/// One thing to report about a file.
#[derive(Clone, Copy, Debug)]
enum Entry<'a> {
    Error(&'a LoadError),
    Finding(&'a Finding),
}

impl Entry<'_> {
    fn span(self) -> Span {
        match self {
            Self::Error(error) => error.span,
            Self::Finding(finding) => finding.span,
        }
    }
}

/// A file's input errors and findings by position; an error comes first on a tie, since it may
/// explain what follows.
fn entries(result: &FileResult) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = result
        .errors
        .iter()
        .map(Entry::Error)
        .chain(result.findings.iter().map(Entry::Finding))
        .collect();
    entries.sort_by_key(|entry| entry.span().start);
    entries
}

/// Calls `write` for every input error and finding of `results`, file by file, in position
/// order: the shape of every one-line-per-entry format.
fn each_entry(
    results: &[FileResult],
    mut write: impl FnMut(&FileResult, &Locator<'_>, Entry<'_>) -> io::Result<()>,
) -> io::Result<()> {
    for result in results.iter().filter(|r| !r.findings.is_empty() || !r.errors.is_empty()) {
        let locator = result.locator();
        for entry in entries(result) {
            write(result, &locator, entry)?;
        }
    }
    Ok(())
}

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileStatus {
    /// Recognized and checked; `format` names what it was read as.
    Checked { format: &'static str },
    /// Not an AWS artifact tighten reads.
    Skipped,
    /// Could not be read or parsed; see `errors`.
    Failed,
}

/// The outcome of checking one file.
#[derive(Clone, Debug)]
pub struct FileResult {
    /// The path as the user gave it (or `--stdin-filename`).
    pub path: String,
    /// The file's text, kept only when something refers to it.
    pub source: String,
    pub status: FileStatus,
    pub findings: Vec<Finding>,
    /// Findings that suppressions silenced.
    pub suppressed: Vec<Suppressed>,
    /// Input problems: unreadable, unparsable, over a budget, a malformed embedded document.
    pub errors: Vec<LoadError>,
}

impl FileResult {
    #[must_use]
    pub fn new(path: String, status: FileStatus) -> Self {
        Self {
            path,
            source: String::new(),
            status,
            findings: Vec::new(),
            suppressed: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Line and column conversion for this file's spans.
    #[must_use]
    pub fn locator(&self) -> Locator<'_> {
        Locator { source: &self.source, index: LineIndex::new(&self.source) }
    }
}

/// Converts spans of one file to lines and columns.
pub struct Locator<'a> {
    pub source: &'a str,
    pub index: LineIndex,
}

impl Locator<'_> {
    /// `span` clamped to the file, so that a position always names a real place in it.
    #[must_use]
    pub fn clamp(&self, span: Span) -> Span {
        let len = u32::try_from(self.source.len()).unwrap_or(u32::MAX);
        let start = span.start.min(len);
        Span::new(start, span.end.clamp(start, len))
    }

    #[must_use]
    pub fn start(&self, span: Span) -> LineCol {
        self.index.line_col(span.start, self.source)
    }

    #[must_use]
    pub fn end(&self, span: Span) -> LineCol {
        self.index.line_col(span.end, self.source)
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn formats_are_named_as_the_command_line_spells_them() {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .map(|format| format.to_possible_value().unwrap().get_name().to_owned())
            .collect();
        assert_eq!(names, ["pretty", "concise", "json", "sarif", "github", "junit"]);
        for format in Format::value_variants() {
            assert_eq!(Format::from_str(format.as_str(), false), Ok(*format));
        }
    }

    #[test]
    fn errors_and_findings_interleave_by_position() {
        let mut result = FileResult::new("a.json".to_owned(), FileStatus::Failed);
        result.findings.push(Finding::new("IAM001", "x", Severity::Low, Span::new(2, 3)));
        result.findings.push(Finding::new("IAM002", "y", Severity::Low, Span::new(9, 9)));
        let error =
            |at| LoadError::new(crate::syntax::LoadErrorKind::Embedded, Span::at(at), "e".into());
        result.errors.push(error(9));
        result.errors.push(error(0));

        let order: Vec<String> = entries(&result)
            .into_iter()
            .map(|entry| match entry {
                Entry::Error(error) => format!("error@{}", error.span.start),
                Entry::Finding(finding) => finding.code.to_owned(),
            })
            .collect();
        assert_eq!(order, ["error@0", "IAM001", "error@9", "IAM002"]);
    }
}
