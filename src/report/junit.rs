//! `JUnit` XML, for CI systems that show test reports (Jenkins, GitLab, Azure Pipelines).
//!
//! A test suite per file that was checked or failed to load, and in it a test case per rule
//! that ran: it passes when the rule found nothing there and carries one `<failure>` per
//! finding otherwise, with the location in its message. Input errors (a file that could not
//! be loaded, or a malformed embedded document in one that could) go in a `load` test case,
//! an `<error>` each. Files that are not AWS artifacts are not tests. The format shows no
//! source text.

use std::fmt::Write as _;
use std::io;

use super::{FileResult, FileStatus, Locator, RenderOptions};
use crate::syntax::Span;

pub(super) fn render(
    results: &[FileResult],
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut suites = String::new();
    let mut totals = Counts::default();

    for result in results {
        if result.status == FileStatus::Skipped && result.errors.is_empty() {
            continue;
        }
        let (cases, counts) = cases(result, options);
        let path = escape(&result.path);
        let _ = write!(
            suites,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n\
             {cases}  </testsuite>\n",
            counts.tests, counts.failures, counts.errors
        );
        totals.tests += counts.tests;
        totals.failures += counts.failures;
        totals.errors += counts.errors;
    }

    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="tighten" tests="{}" failures="{}" errors="{}">"#,
        totals.tests, totals.failures, totals.errors
    )?;
    out.write_all(suites.as_bytes())?;
    writeln!(out, "</testsuites>")
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
}

/// One file's test cases: the load, when it had input errors, then a case per rule.
fn cases(result: &FileResult, options: &RenderOptions) -> (String, Counts) {
    let locator = result.locator();
    let path = escape(&result.path);
    let mut xml = String::new();
    let mut counts = Counts::default();

    if !result.errors.is_empty() {
        let _ = writeln!(xml, r#"    <testcase classname="{path}" name="load">"#);
        for error in &result.errors {
            let at = location(&result.path, error.span, &locator);
            let _ = writeln!(
                xml,
                r#"      <error type="{}" message="{}">{}</error>"#,
                error.kind.code(),
                escape(&format!("{} at {at}", error.message)),
                escape(&format!("{at}: error {} {}", error.kind.code(), error.message))
            );
        }
        xml.push_str("    </testcase>\n");
        counts.tests += 1;
        counts.errors += result.errors.len();
    }
    if result.status == FileStatus::Failed {
        return (xml, counts);
    }

    // Rules that ran come in registry order; a finding of a rule the report was not told
    // about still gets a test case of its own.
    let mut rules: Vec<(&str, &str)> = options.rules.iter().map(|r| (r.code, r.name)).collect();
    for finding in &result.findings {
        if !rules.iter().any(|(code, _)| *code == finding.code) {
            rules.push((finding.code, finding.name));
        }
    }

    for (code, name) in &rules {
        counts.tests += 1;
        let _ = write!(xml, r#"    <testcase classname="{path}" name="{code} {name}""#);
        let found: Vec<_> = result.findings.iter().filter(|f| f.code == *code).collect();
        if found.is_empty() {
            xml.push_str("/>\n");
            continue;
        }
        xml.push_str(">\n");
        for finding in found {
            counts.failures += 1;
            let at = location(&result.path, finding.span, &locator);
            let mut body =
                format!("{at}: {} {} {}", finding.severity, finding.code, finding.message);
            if let Some(help) = &finding.help {
                let _ = write!(body, "\nhelp: {help}");
            }
            let _ = writeln!(
                xml,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                finding.severity,
                escape(&format!("{} at {at}", finding.message)),
                escape(&body)
            );
        }
        xml.push_str("    </testcase>\n");
    }
    (xml, counts)
}

/// `path:line:col`, the form editors and terminals turn into links.
fn location(path: &str, span: Span, locator: &Locator<'_>) -> String {
    let offset = span.start.min(u32::try_from(locator.source.len()).unwrap_or(u32::MAX));
    let at = locator.index.line_col(offset, locator.source);
    format!("{path}:{}:{}", at.line, at.column)
}

/// Text for an attribute or element: markup characters as entities, and the control
/// characters that XML 1.0 cannot hold at all as U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => escaped.push('\u{fffd}'),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_are_escaped() {
        assert_eq!(escape(r#"a<b & "c" 'd'>"#), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(escape("nul\u{0}bell\u{7}\ttab"), "nul\u{fffd}bell\u{fffd}\ttab");
    }
}
