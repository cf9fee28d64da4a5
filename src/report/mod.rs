//! Findings and how they are rendered.

mod finding;

pub use finding::{Finding, Label, Severity};

use crate::syntax::{LineCol, LineIndex, LoadError, Span};

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
#[derive(Debug)]
pub struct FileResult {
    /// The path as the user gave it (or `--stdin-filename`).
    pub path: String,
    /// The file's text, kept only when something refers to it.
    pub source: String,
    pub status: FileStatus,
    pub findings: Vec<Finding>,
    /// Input problems: unreadable, unparsable, over a budget, a malformed embedded document.
    pub errors: Vec<LoadError>,
}

impl FileResult {
    #[must_use]
    pub fn new(path: String, status: FileStatus) -> Self {
        Self { path, source: String::new(), status, findings: Vec::new(), errors: Vec::new() }
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
    #[must_use]
    pub fn start(&self, span: Span) -> LineCol {
        self.index.line_col(span.start, self.source)
    }

    #[must_use]
    pub fn end(&self, span: Span) -> LineCol {
        self.index.line_col(span.end, self.source)
    }
}
