//! Rendering cost on a large file: miette's own string source against the line-indexed one.
//!
//! Every iteration renders [`DIAGNOSTICS`] reports spread over a generated file of about 20 MB;
//! divide the time per iteration by that count for the cost of one report.

use std::fmt::{self, Write as _};
use std::sync::LazyLock;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use tighten::report::{
    FileResult, FileStatus, Finding, Format, IndexedSource, RenderOptions, Severity, render,
};
use tighten::syntax::{LineIndex, Span};

const DIAGNOSTICS: usize = 100;
const TARGET_BYTES: usize = 20 * 1024 * 1024;

fn main() {
    divan::main();
}

/// A `describe-security-groups` response padded to the target size, and the spans of
/// [`DIAGNOSTICS`] `CidrIp` values spread evenly through it.
struct Corpus {
    text: String,
    spans: Vec<Span>,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let mut text = String::from("{\n  \"SecurityGroups\": [\n");
    let mut cidrs = Vec::new();
    let mut group = 0;
    while text.len() < TARGET_BYTES {
        if group > 0 {
            text.push_str(",\n");
        }
        write!(
            text,
            "    {{\n      \"GroupId\": \"sg-{group:08x}\",\n      \"IpPermissions\": [{{\n        \
             \"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443,\n        \
             \"IpRanges\": [{{ \"CidrIp\": "
        )
        .unwrap();
        let start = text.len();
        text.push_str("\"10.0.0.0/16\"");
        cidrs.push(Span::from_range(start..text.len()));
        text.push_str(" }]\n      }]\n    }");
        group += 1;
    }
    text.push_str("\n  ]\n}\n");

    let step = cidrs.len() / DIAGNOSTICS;
    let spans = cidrs.into_iter().step_by(step.max(1)).take(DIAGNOSTICS).collect();
    Corpus { text, spans }
});

/// One labelled span over any source.
struct Probe<'a> {
    source: &'a dyn SourceCode,
    span: Span,
}

impl fmt::Debug for Probe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("probe")
    }
}

impl fmt::Display for Probe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NET001 public-ingress (high): security group allows HTTPS from a wide range")
    }
}

impl std::error::Error for Probe<'_> {}

impl Diagnostic for Probe<'_> {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_primary_with_span(Some("this range".into()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}

fn render_probes(source: &dyn SourceCode, spans: &[Span]) -> usize {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    let mut written = 0;
    for &span in spans {
        let mut out = String::new();
        handler.render_report(&mut out, &Probe { source, span }).unwrap();
        written += out.len();
    }
    written
}

/// miette's `SourceCode` for `String`, which scans from the start of the file on every read.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn stock_string_source() -> usize {
    let corpus = &*CORPUS;
    render_probes(&corpus.text, &corpus.spans)
}

/// The line-indexed source, with its index built once outside the timing, as a run does per
/// file.
#[divan::bench(sample_count = 20)]
fn indexed_source(bencher: divan::Bencher<'_, '_>) {
    let corpus = &*CORPUS;
    let index = LineIndex::new(&corpus.text);
    let source = IndexedSource::new("groups.json", &corpus.text, &index);
    bencher.bench(|| render_probes(&source, &corpus.spans));
}

/// The whole pretty renderer on one file with [`DIAGNOSTICS`] findings: line index, masking
/// and reports included.
#[divan::bench(sample_count = 10)]
fn pretty_file(bencher: divan::Bencher<'_, '_>) {
    let corpus = &*CORPUS;
    let mut result =
        FileResult::new("groups.json".to_owned(), FileStatus::Checked { format: "ec2" });
    result.source.clone_from(&corpus.text);
    result.findings = corpus
        .spans
        .iter()
        .map(|&span| {
            Finding::new("NET001", "public-ingress", Severity::High, span)
                .message("security group allows HTTPS from a wide range")
                .label("this range")
                .redact(span)
        })
        .collect();
    let results = [result];

    bencher.bench(|| {
        let mut out = Vec::new();
        render(Format::Pretty, &results, &RenderOptions::default(), &mut out).unwrap();
        out.len()
    });
}
