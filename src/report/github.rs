//! GitHub Actions workflow commands: each finding becomes an annotation on the line of the
//! pull request it is about.
//!
//! `::error file=PATH,line=L,endLine=L,col=C,endColumn=C,title=CODE name::message`, with
//! critical and high findings as `error`, medium as `warning` and low as `notice`, and input
//! errors as `error`. Values are escaped as the runner reads them: `%`, CR and LF everywhere,
//! and `:` and `,` in properties too. The format shows no source text.

use std::borrow::Cow;
use std::io;

use super::{Entry, FileResult, Locator, RenderOptions, Severity, each_entry};
use crate::syntax::Span;

pub(super) fn render(
    results: &[FileResult],
    _options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    each_entry(results, |result, locator, entry| {
        let (command, title, message) = match entry {
            Entry::Error(error) => {
                let mut message = error.message.clone();
                if let Some(help) = &error.help {
                    message = format!("{message}\n{help}");
                }
                ("error", format!("tighten {}", error.kind.code()), message)
            }
            Entry::Finding(finding) => {
                let mut message = format!("{} ({})", finding.message, finding.severity);
                if let Some(help) = &finding.help {
                    message = format!("{message}\n{help}");
                }
                (command(finding.severity), format!("{} {}", finding.code, finding.name), message)
            }
        };
        writeln!(
            out,
            "::{command} file={},{},title={}::{}",
            property(&result.path),
            position(entry.span(), locator),
            property(&title),
            data(&message)
        )
    })
}

const fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "notice",
    }
}

/// `line=..,endLine=..,col=..,endColumn=..`, clamped to the file. GitHub's columns are
/// 1-based and the end column is inclusive of the last character, unlike our spans.
fn position(span: Span, locator: &Locator<'_>) -> String {
    let span = locator.clamp(span);
    let (from, to) = (locator.start(span), locator.end(span));
    let end_column =
        if to.line == from.line { to.column.saturating_sub(1).max(from.column) } else { to.column };
    format!("line={},endLine={},col={},endColumn={end_column}", from.line, to.line, from.column)
}

/// A command's message.
fn data(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// A command's property value.
fn property(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '%' | '\r' | '\n') || (property && matches!(c, ':' | ','));
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            ':' if property => escaped.push_str("%3A"),
            ',' if property => escaped.push_str("%2C"),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::super::{FileStatus, Finding, Format, render};
    use super::*;
    use crate::syntax::{LoadError, LoadErrorKind};

    fn github(results: &[FileResult]) -> String {
        let mut out = Vec::new();
        render(Format::Github, results, &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn findings_become_annotations_with_inclusive_end_columns() {
        let source = "{\n  \"CidrIp\": \"0.0.0.0/0\"\n}\n";
        let start = source.find("\"0.0").unwrap();
        let span = Span::from_range(start..start + "\"0.0.0.0/0\"".len());
        let mut result =
            FileResult::new("sg, a:b.json".to_owned(), FileStatus::Checked { format: "ec2" });
        result.source = source.to_owned();
        result.findings.push(
            Finding::new("NET001", "public-ingress", Severity::Medium, span)
                .message("security group allows 100% of IPv4")
                .help("restrict it"),
        );
        assert_eq!(
            github(&[result]),
            "::warning file=sg%2C a%3Ab.json,line=2,endLine=2,col=13,endColumn=23,\
             title=NET001 public-ingress::security group allows 100%25 of IPv4 (medium)%0A\
             restrict it\n"
        );
    }

    #[test]
    fn input_errors_are_errors_and_severities_map_to_commands() {
        let mut result = FileResult::new("bad.json".to_owned(), FileStatus::Failed);
        result.source = "{,}".to_owned();
        result.errors.push(LoadError::new(
            LoadErrorKind::Syntax,
            Span::at(1),
            "unexpected `,`".to_owned(),
        ));
        assert_eq!(
            github(&[result]),
            "::error file=bad.json,line=1,endLine=1,col=2,endColumn=2,\
             title=tighten syntax-error::unexpected `,`\n"
        );
        assert_eq!(command(Severity::Critical), "error");
        assert_eq!(command(Severity::High), "error");
        assert_eq!(command(Severity::Low), "notice");
    }
}
