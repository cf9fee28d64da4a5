//! What every fuzz target asserts besides "no panic": spans lie inside the file and on
//! character boundaries, and line and column agree with the byte offset.

use tighten::formats;
use tighten::lint::{self, Options};
use tighten::report::{FileResult, Finding};
use tighten::rules::{self, Context, Settings};
use tighten::syntax::{self, Document, Limits, LineIndex, Node, NodeKind, Span};

/// The budgets of a run, smaller where that makes the fuzzer faster without hiding a path:
/// hostile sizes are the hostile suite's job.
#[must_use]
pub fn limits() -> Limits {
    Limits { max_file_bytes: 1 << 20, ..Limits::default() }
}

/// `data` as text and its document, when it is valid UTF-8 that loads.
#[must_use]
pub fn load(data: &[u8]) -> Option<(&str, Document)> {
    let limits = limits();
    let text = syntax::decode_text(data, &limits).ok()?;
    let document = syntax::parse(text, syntax::sniff(text), &limits).ok()?;
    check_tree(text, &document.root);
    Some((text, document))
}

/// Asserts that `span` is a range of `source` between character boundaries.
pub fn check_span(source: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(span.end as usize <= source.len(), "{what}: {span:?} past {} bytes", source.len());
    assert!(source.is_char_boundary(span.start as usize), "{what}: {span:?} starts mid-character");
    assert!(source.is_char_boundary(span.end as usize), "{what}: {span:?} ends mid-character");
}

/// Asserts that the line and column of `offset` lead back to it: the line starts at a line
/// break, and the column counts the characters before it on the line (a leading byte order
/// mark excepted).
pub fn check_line_col(source: &str, index: &LineIndex, offset: u32) {
    let at = index.line_col(offset, source);
    let line_start = index.line_start(at.line as usize - 1) as usize;
    assert!(line_start == 0 || source.as_bytes()[line_start - 1] == b'\n', "line {}", at.line);
    let prefix = &source[line_start..offset as usize];
    assert!(!prefix.contains('\n'), "offset {offset} is not on line {}", at.line);
    let prefix =
        if line_start == 0 { prefix.strip_prefix('\u{feff}').unwrap_or(prefix) } else { prefix };
    assert_eq!(prefix.chars().count() as u32 + 1, at.column, "column of offset {offset}");
}

/// Every span of a loaded tree: nodes, keys and tags. Shared (aliased) subtrees are visited
/// where they are defined.
pub fn check_tree(source: &str, root: &Node) {
    check_tree_within(source, root, Span::new(0, source.len() as u32));
}

/// [`check_tree`], and every span inside `within`.
pub fn check_tree_within(source: &str, root: &Node, within: Span) {
    for node in root.descendants() {
        check_span(source, node.span, "node");
        assert!(within.contains(node.span), "node {:?} outside {within:?}", node.span);
        if let Some(tag) = node.tag.as_deref() {
            check_span(source, tag.span, "tag");
        }
        if let NodeKind::Mapping(entries) = &node.kind {
            for entry in entries {
                check_span(source, entry.key.span, "key");
                assert!(within.contains(entry.key.span), "key outside {within:?}");
            }
        }
    }
}

fn check_finding(source: &str, index: &LineIndex, finding: &Finding) {
    let spans = std::iter::once(finding.span)
        .chain(finding.labels.iter().map(|l| l.span))
        .chain(finding.redact.iter().copied());
    for span in spans {
        check_span(source, span, finding.code);
        check_line_col(source, index, span.start);
        check_line_col(source, index, span.end);
    }
}

/// Every finding and input error of a checked file.
pub fn check_result(result: &FileResult) {
    let source = &result.source;
    let index = LineIndex::new(source);
    for finding in &result.findings {
        check_finding(source, &index, finding);
    }
    for error in &result.errors {
        check_span(source, error.span, error.kind.code());
        check_line_col(source, &index, error.span.start);
    }
}

/// The whole pipeline on one file, named by the first byte (which chooses the syntax).
pub fn pipeline(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else { return };
    let name = ["input.json", "input.yaml", "input.template"][usize::from(first % 3)];
    let result = lint::lint_bytes(name, bytes, &Options::default());
    check_result(&result);
}

/// One extractor family (see `formats::extract_family`), then every rule on its model.
pub fn extract(family: &str, data: &[u8]) {
    let Some((text, document)) = load(data) else { return };
    let limits = limits();
    let Some(extracted) = formats::extract_family(family, &document, text, &limits) else {
        return;
    };
    let index = LineIndex::new(text);
    for error in &extracted.errors {
        check_span(text, error.span, error.kind.code());
    }

    let settings = Settings::default();
    let cx = Context::new(&extracted.model, text, &settings);
    for finding in rules::run(rules::builtin(), &cx) {
        check_finding(text, &index, &finding);
    }
}

/// Every string scalar of the file parsed as an embedded JSON document: its spans stay inside
/// the string, on character boundaries.
pub fn embedded(data: &[u8]) {
    let Some((text, document)) = load(data) else { return };
    let limits = limits();
    let mut stack = vec![&document.root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Scalar(_) => match syntax::parse_embedded_json(node, text, &limits) {
                Some(Ok(inner)) => check_tree_within(text, &inner.root, node.span),
                Some(Err(error)) => {
                    check_span(text, error.span, "embedded error");
                    assert!(node.span.contains(error.span), "error outside the string");
                }
                None => {}
            },
            NodeKind::Alias(target) => {
                if target.span == node.span {
                    stack.push(target);
                }
            }
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Mapping(entries) => stack.extend(entries.iter().map(|e| &e.value)),
        }
    }
}
