//! `path:line:col: severity CODE message`, one line per finding or input error.
//!
//! Input errors read `path:line:col: error <error-code> message`. Columns count characters from
//! 1. The format shows no source text, so there is nothing to mask.

use std::io;

use super::{Entry, FileResult, RenderOptions, each_entry};

pub(super) fn render(
    results: &[FileResult],
    _options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    each_entry(results, |result, locator, entry| {
        let at = locator.start(entry.span());
        let (severity, code, message) = match entry {
            Entry::Error(error) => ("error", error.kind.code(), error.message.as_str()),
            Entry::Finding(finding) => {
                (finding.severity.as_str(), finding.code, finding.message.as_str())
            }
        };
        writeln!(
            out,
            "{}:{}:{}: {severity} {code} {}",
            one_line(&result.path),
            at.line,
            at.column,
            one_line(message)
        )
    })
}

/// Keeps one entry on one line whatever a message or path holds.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r']) { text.replace(['\n', '\r'], " ").into() } else { text.into() }
}

#[cfg(test)]
mod tests {
    use super::super::{FileStatus, Finding, Format, Severity, render};
    use super::*;
    use crate::syntax::{LoadError, LoadErrorKind, Span};

    fn concise(results: &[FileResult]) -> String {
        let mut out = Vec::new();
        render(Format::Concise, results, &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn span_of(source: &str, needle: &str) -> Span {
        let start = source.find(needle).unwrap();
        Span::from_range(start..start + needle.len())
    }

    #[test]
    fn one_line_per_entry_with_errors_placed_by_position() {
        let source = "{\n  \"é\": \"0.0.0.0/0\",\n  \"Port\": 22\n}\n";
        let mut result = FileResult::new("a.json".to_owned(), FileStatus::Failed);
        result.source = source.to_owned();
        result.findings.push(
            Finding::new("NET001", "public-ingress", Severity::High, span_of(source, "\"0.0.0.0"))
                .message("security group allows SSH (22) from the whole internet"),
        );
        result.errors.push(LoadError::new(
            LoadErrorKind::Embedded,
            span_of(source, "22"),
            "invalid embedded document".to_owned(),
        ));
        let empty = FileResult::new("b.json".to_owned(), FileStatus::Skipped);

        assert_eq!(
            concise(&[result, empty]),
            "a.json:2:8: high NET001 security group allows SSH (22) from the whole internet\n\
             a.json:3:11: error embedded-syntax-error invalid embedded document\n"
        );
    }

    #[test]
    fn line_breaks_in_messages_do_not_break_lines() {
        let mut result = FileResult::new("x\ny.json".to_owned(), FileStatus::Failed);
        result.errors.push(LoadError::new(
            LoadErrorKind::Io,
            Span::at(0),
            "cannot read\nfile".to_owned(),
        ));
        assert_eq!(concise(&[result]), "x y.json:1:1: error io-error cannot read file\n");
    }
}
