//! miette's graphical reports, one per finding or input error, with masked source excerpts.
//!
//! A finding's excerpt shows the file with every secret of the file masked (a neighbour's
//! secret may sit in the context lines). An input error's excerpt shows only the file's shape:
//! a file that could not be parsed was never searched for secrets.

use std::fmt;
use std::io;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::{Entry, FileResult, Finding, IndexedSource, RenderOptions, Severity, entries};
use super::{masked, shape_only};
use crate::syntax::{LineIndex, LoadError, Span};

pub(super) fn render(
    results: &[FileResult],
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let handler = handler(options);
    for result in results {
        if result.findings.is_empty() && result.errors.is_empty() {
            continue;
        }

        let index = LineIndex::new(&result.source);
        let secrets: Vec<Span> =
            result.findings.iter().flat_map(|f| f.redact.iter().copied()).collect();
        let shown = masked(&result.source, &secrets);
        let shape = (!result.errors.is_empty()).then(|| shape_only(&result.source));

        for entry in entries(result) {
            let source =
                |text| IndexedSource::new(&result.path, text, &index).columns_from(&result.source);
            let report = match entry {
                Entry::Finding(finding) => Report::finding(finding, source(&shown)),
                Entry::Error(error) => {
                    Report::error(error, source(shape.as_deref().unwrap_or_default()))
                }
            };

            let mut text = String::new();
            handler.render_report(&mut text, &report).map_err(|_| {
                io::Error::other(format!("cannot render a report for {}", result.path))
            })?;
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Narrower than this, miette breaks rule codes and paths mid-word.
const MIN_WIDTH: usize = 40;

fn handler(options: &RenderOptions) -> GraphicalReportHandler {
    let theme =
        if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width.max(MIN_WIDTH))
        .with_links(false)
}

/// One diagnostic as miette sees it.
struct Report<'a> {
    header: String,
    severity: miette::Severity,
    /// The help, then each note on a line of its own.
    help: Option<String>,
    source: IndexedSource<'a>,
    labels: Vec<LabeledSpan>,
}

impl<'a> Report<'a> {
    fn finding(finding: &'a Finding, source: IndexedSource<'a>) -> Self {
        let others = finding.labels.iter().map(|label| (label.message.clone(), label.span));
        let (source, labels) = place(source, finding.label.clone(), finding.span, others);

        let resource = finding.resource.as_ref().map(|id| format!(" in {id}")).unwrap_or_default();
        let mut help = finding.help.clone();
        for note in &finding.notes {
            let text = help.get_or_insert_with(String::new);
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str("note: ");
            text.push_str(note);
        }

        Self {
            header: format!(
                "{} {} ({}){resource}: {}",
                finding.code, finding.name, finding.severity, finding.message
            ),
            severity: match finding.severity {
                Severity::Critical | Severity::High => miette::Severity::Error,
                Severity::Medium => miette::Severity::Warning,
                Severity::Low => miette::Severity::Advice,
            },
            help,
            source,
            labels,
        }
    }

    fn error(error: &'a LoadError, source: IndexedSource<'a>) -> Self {
        let (source, labels) = place(source, None, error.span, std::iter::empty());
        Self {
            header: format!("{}: {}", error.kind.code(), error.message),
            severity: miette::Severity::Error,
            help: error.help.clone(),
            source,
            labels,
        }
    }
}

/// The labels of one report as miette gets them, and the source to read them from. A primary
/// span on a long line is shown alone, in a window of its line; another label on a long line
/// is left out.
fn place(
    source: IndexedSource<'_>,
    label: Option<String>,
    primary: Span,
    others: impl Iterator<Item = (String, Span)>,
) -> (IndexedSource<'_>, Vec<LabeledSpan>) {
    let text = source.text();
    let primary = fit(primary, text);
    if source.touches_long_line(primary) {
        let (source, cut) = source.window(primary);
        return (source, vec![LabeledSpan::new_primary_with_span(label, cut)]);
    }

    let mut labels = vec![LabeledSpan::new_primary_with_span(label, primary)];
    for (message, span) in others {
        let span = fit(span, text);
        if !source.touches_long_line(span) {
            labels.push(LabeledSpan::new_with_span(Some(message), span));
        }
    }
    (source, labels)
}

/// `span` clamped to `text` and widened to character boundaries, so that miette can always
/// read it.
fn fit(span: Span, text: &str) -> Span {
    let mut start = (span.start as usize).min(text.len());
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::from_range(start..end)
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FileStatus, Format, render as render_any};
    use super::*;
    use crate::syntax::LoadErrorKind;

    fn span_of(source: &str, needle: &str) -> Span {
        let start = source.find(needle).unwrap();
        Span::from_range(start..start + needle.len())
    }

    fn pretty(results: &[FileResult], color: bool) -> String {
        let mut out = Vec::new();
        let options = RenderOptions { color, width: 100, ..RenderOptions::default() };
        render_any(Format::Pretty, results, &options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    const FUNCTION: &str = "{\n  \"FunctionName\": \"api\",\n  \"Environment\": {\"Variables\": {\n    \"DB_PASSWORD\": \"correct-horse-battery\",\n    \"STAGE\": \"prod\"\n  }}\n}\n";

    fn secret_finding() -> FileResult {
        let secret = span_of(FUNCTION, "\"correct-horse-battery\"");
        let mut result =
            FileResult::new("f.json".to_owned(), FileStatus::Checked { format: "lambda" });
        result.source = FUNCTION.to_owned();
        result.findings.push(
            Finding::new("LAM001", "plaintext-secret", Severity::High, secret)
                .message("environment variable DB_PASSWORD holds a literal secret")
                .label("21 characters, shown masked")
                .secondary(span_of(FUNCTION, "\"api\""), "this function")
                .help("store it in Secrets Manager and pass its ARN")
                .redact(secret),
        );
        result
    }

    #[test]
    fn finding_shows_header_labels_help_and_the_masked_value() {
        let expected = [
            "  × LAM001 plaintext-secret (high): environment variable DB_PASSWORD holds a literal secret",
            "   ╭─[f.json:4:20]",
            " 1 │ {",
            " 2 │   \"FunctionName\": \"api\",",
            "   ·                   ──┬──",
            "   ·                     ╰── this function",
            " 3 │   \"Environment\": {\"Variables\": {",
            " 4 │     \"DB_PASSWORD\": \"co*******************\",",
            "   ·                    ───────────┬───────────",
            "   ·                               ╰── 21 characters, shown masked",
            " 5 │     \"STAGE\": \"prod\"",
            "   ╰────",
            "  help: store it in Secrets Manager and pass its ARN",
            "",
        ];
        assert_eq!(pretty(&[secret_finding()], false), expected.join("\n") + "\n");
    }

    #[test]
    fn tiny_widths_still_render() {
        for width in [0, 1, 5] {
            let mut out = Vec::new();
            render_any(
                Format::Pretty,
                &[secret_finding()],
                &RenderOptions { color: false, width, ..RenderOptions::default() },
                &mut out,
            )
            .unwrap();
            assert!(String::from_utf8(out).unwrap().contains("LAM001"));
        }
    }

    #[test]
    fn color_is_added_only_when_asked() {
        assert!(!pretty(&[secret_finding()], false).contains('\u{1b}'));
        assert!(pretty(&[secret_finding()], true).contains("\u{1b}["));
    }

    #[test]
    fn input_error_shows_only_the_shape_of_the_file() {
        let source = "{\n  \"tökén\": \"abc123\" \"next\": 1\n}";
        let mut result = FileResult::new("bad.json".to_owned(), FileStatus::Failed);
        result.source = source.to_owned();
        result.errors.push(
            LoadError::new(
                LoadErrorKind::Syntax,
                span_of(source, "\"next\""),
                "invalid JSON: expected comma".to_owned(),
            )
            .with_help("separate members with `,`"),
        );

        let out = pretty(&[result], false);
        assert!(out.starts_with("  × syntax-error: invalid JSON: expected comma\n"));
        // The column counts the characters of the file, not the stars that replaced them.
        assert!(out.contains("   ╭─[bad.json:2:21]\n"));
        assert!(out.contains(" 2 │   \"*******\": \"******\" \"****\": *\n"));
        assert!(out.contains("  help: separate members with `,`\n"));
        assert!(!out.contains("abc123") && !out.contains("tökén"));
    }

    #[test]
    fn unreadable_file_still_names_the_file() {
        let mut result = FileResult::new("gone.json".to_owned(), FileStatus::Failed);
        result.errors.push(LoadError::new(
            LoadErrorKind::Io,
            Span::at(0),
            "cannot read file: permission denied".to_owned(),
        ));
        let out = pretty(&[result], false);
        assert_eq!(
            out,
            "  × io-error: cannot read file: permission denied\n   ╭─[gone.json:1:1]\n   ╰────\n\n"
        );
    }

    /// A minified file is one long line: a finding deep into it is shown in a window of the
    /// line, with its true column, and its secret masked. Whole, the line would be printed for
    /// every finding, and miette panics on a label more than 65,535 columns into a line.
    #[test]
    fn a_finding_deep_into_a_long_line_is_shown_in_a_window() {
        let filler = "é".repeat(70_000);
        let source =
            format!("{{\"Description\": \"{filler}\", \"DB_PASSWORD\": \"hunter2-hunter2\"}}");
        let secret = span_of(&source, "\"hunter2-hunter2\"");
        let mut result =
            FileResult::new("min.json".to_owned(), FileStatus::Checked { format: "lambda" });
        result.source.clone_from(&source);
        result.findings.push(
            Finding::new("LAM001", "plaintext-secret", Severity::High, secret)
                .label("shown masked")
                .secondary(span_of(&source, "\"Description\""), "on the same line")
                .redact(secret),
        );

        let out = pretty(&[result], false);
        assert!(out.contains("   ╭─[min.json:1:70036]\n"), "{out}");
        assert!(out.contains("\"DB_PASSWORD\": \"***************\"}\n"), "{out}");
        assert!(out.contains("╰── shown masked"), "{out}");
        assert!(!out.contains("hunter2") && !out.contains("on the same line"), "{out}");
        let widest = out.lines().map(|line| line.chars().count()).max().unwrap();
        assert!(widest < 200, "{widest} characters:\n{out}");
    }

    /// A long line next to a finding is left out of its context lines; short ones stay.
    #[test]
    fn long_lines_are_left_out_of_the_context() {
        let source = format!("{{\n  \"Code\": \"{}\",\n  \"Port\": 22\n}}\n", "x".repeat(600));
        let mut result =
            FileResult::new("f.json".to_owned(), FileStatus::Checked { format: "template" });
        result.source.clone_from(&source);
        result.findings.push(Finding::new("NET001", "n", Severity::Low, span_of(&source, "22")));

        let out = pretty(&[result], false);
        assert!(out.contains(" 3 │   \"Port\": 22\n") && out.contains(" 4 │ }\n"), "{out}");
        assert!(!out.contains("xxx") && !out.contains(" 2 │"), "{out}");
    }

    /// An input error deep into a minified file, with only the file's shape shown.
    #[test]
    fn an_input_error_deep_into_a_long_line_is_shown_in_a_window() {
        let source = format!("[{}1 2", "0, ".repeat(30_000));
        let at = source.rfind('2').unwrap();
        // One error on a token, one at the end of the file, where an unclosed array ends.
        for (span, column) in
            [(Span::from_range(at..at + 1), 90_004), (Span::at(at as u32 + 1), 90_005)]
        {
            let mut result = FileResult::new("bad.json".to_owned(), FileStatus::Failed);
            result.source.clone_from(&source);
            result.errors.push(LoadError::new(
                LoadErrorKind::Syntax,
                span,
                "invalid JSON".to_owned(),
            ));

            let out = pretty(&[result], false);
            assert!(out.contains(&format!("   ╭─[bad.json:1:{column}]\n")), "{out}");
            assert!(out.lines().all(|line| line.chars().count() < 200), "{out}");
        }
    }

    #[test]
    fn spans_outside_the_text_or_inside_a_character_are_fitted() {
        let text = "aé";
        assert_eq!(fit(Span::new(2, 2), text), Span::new(1, 3));
        assert_eq!(fit(Span::new(1, 2), text), Span::new(1, 3));
        assert_eq!(fit(Span::new(9, 12), text), Span::new(3, 3));
    }

    /// A diagnostic over any source, to compare ours with miette's own.
    struct Probe<'a> {
        source: &'a dyn SourceCode,
        labels: Vec<LabeledSpan>,
    }

    impl fmt::Display for Probe<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("probe")
        }
    }

    impl fmt::Debug for Probe<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("probe")
        }
    }

    impl std::error::Error for Probe<'_> {}

    impl Diagnostic for Probe<'_> {
        fn source_code(&self) -> Option<&dyn SourceCode> {
            Some(self.source)
        }

        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    #[test]
    fn indexed_source_renders_exactly_like_miettes_own() {
        let text = "first: 1\r\nsecond: [\r\n  2,\r\n  3\r\n]\r\nthird: x\r\n\r\nlast: 4";
        let index = LineIndex::new(text);
        let ours = IndexedSource::new("t.yaml", text, &index);
        let stock = miette::NamedSource::new("t.yaml", text.to_owned());
        let handler = handler(&RenderOptions::default());
        let label = |needle: &str, primary: bool| {
            let span = fit(span_of(text, needle), text);
            if primary {
                LabeledSpan::new_primary_with_span(Some(format!("at {needle}")), span)
            } else {
                LabeledSpan::new_with_span(Some(format!("near {needle}")), span)
            }
        };
        let cases = vec![
            vec![label("first", true)],
            vec![label("[\r\n  2,\r\n  3\r\n]", true), label("x", false)],
            vec![label("4", true), label("first", false)],
        ];
        let render = |source: &dyn SourceCode, labels: &[LabeledSpan]| {
            let mut out = String::new();
            let probe = Probe { source, labels: labels.to_vec() };
            handler.render_report(&mut out, &probe).unwrap();
            out
        };
        for labels in cases {
            assert_eq!(render(&ours, &labels), render(&stock, &labels));
        }

        // The one difference: miette's own source counts an excerpt's lines from the top of
        // the file, which merges excerpts that are far apart, with every line between. Here
        // labels whose context lines do not touch get excerpts of their own.
        let apart = [label("3", true), LabeledSpan::new_with_span(None, (text.len(), 0))];
        let ours = render(&ours, &apart);
        assert!(ours.contains("t.yaml:8:8") && !ours.contains("third"), "{ours}");
        assert!(render(&stock, &apart).contains("third"));
    }
}
