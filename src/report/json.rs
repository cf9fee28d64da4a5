//! One JSON object for programs: `{ "version", "findings", "errors" }`.
//!
//! Findings and input errors are separate arrays because a CI consumer treats them differently
//! (an input error is not a finding to triage and has no fingerprint to baseline). Keys come in a
//! fixed order, positions carry a 1-based line, a 1-based character column and a byte offset,
//! and `version` changes only when a key is removed or changes meaning. The format shows no
//! source text.

use std::io;

use serde::Serialize;

use super::{FileResult, Finding, Locator, RenderOptions};
use crate::syntax::{LineCol, LoadError, Span};

/// The version of this output shape.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<FindingOut<'a>>,
    /// Findings that suppressions silenced, each with the reason written with it.
    suppressed: Vec<SuppressedOut<'a>>,
    errors: Vec<ErrorOut<'a>>,
}

#[derive(Serialize)]
struct SuppressedOut<'a> {
    #[serde(flatten)]
    finding: FindingOut<'a>,
    reason: &'a str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    code: &'a str,
    name: &'a str,
    severity: super::Severity,
    message: &'a str,
    help: Option<&'a str>,
    notes: &'a [String],
    path: &'a str,
    document_path: &'a str,
    resource: Option<&'a str>,
    start: Position,
    end: Position,
    label: Option<&'a str>,
    labels: Vec<LabelOut<'a>>,
    fingerprint: String,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    message: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    path: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
    offset: u32,
}

pub(super) fn render(
    results: &[FileResult],
    _options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut output = Output {
        version: VERSION,
        findings: Vec::new(),
        suppressed: Vec::new(),
        errors: Vec::new(),
    };
    for result in results {
        if result.findings.is_empty() && result.errors.is_empty() && result.suppressed.is_empty() {
            continue;
        }

        let locator = result.locator();
        output.findings.extend(result.findings.iter().map(|f| finding(f, &result.path, &locator)));
        output.suppressed.extend(result.suppressed.iter().map(|s| SuppressedOut {
            finding: finding(&s.finding, &result.path, &locator),
            reason: &s.reason,
        }));
        output.errors.extend(result.errors.iter().map(|e| error(e, &result.path, &locator)));
    }

    serde_json::to_writer_pretty(&mut *out, &output)?;
    out.write_all(b"\n")
}

fn finding<'a>(finding: &'a Finding, path: &'a str, locator: &Locator<'_>) -> FindingOut<'a> {
    let (start, end) = positions(finding.span, locator);
    FindingOut {
        code: finding.code,
        name: finding.name,
        severity: finding.severity,
        message: &finding.message,
        help: finding.help.as_deref(),
        notes: &finding.notes,
        path,
        document_path: &finding.path,
        resource: finding.resource.as_deref(),
        start,
        end,
        label: finding.label.as_deref(),
        labels: finding
            .labels
            .iter()
            .map(|label| {
                let (start, end) = positions(label.span, locator);
                LabelOut { message: &label.message, start, end }
            })
            .collect(),
        fingerprint: finding.fingerprint(path),
    }
}

fn error<'a>(error: &'a LoadError, path: &'a str, locator: &Locator<'_>) -> ErrorOut<'a> {
    let (start, end) = positions(error.span, locator);
    ErrorOut {
        code: error.kind.code(),
        message: &error.message,
        help: error.help.as_deref(),
        path,
        start,
        end,
    }
}

/// Offsets are clamped to the file, so that a position always names a real place in it.
fn positions(span: Span, locator: &Locator<'_>) -> (Position, Position) {
    let span = locator.clamp(span);
    let at = |offset: u32| {
        let LineCol { line, column } = locator.index.line_col(offset, locator.source);
        Position { line, column, offset }
    };
    (at(span.start), at(span.end))
}
