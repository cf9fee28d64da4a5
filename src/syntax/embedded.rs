//! Documents stored as strings inside other documents: a policy given as a JSON string in an
//! AWS CLI request, in a YAML block scalar of a template, or URL-encoded in raw IAM API output.
//!
//! The string's source text is decoded again here, this time recording for every decoded byte
//! the file bytes that produced it. The inner document is parsed from the decoded text and each
//! of its spans is mapped through that table, so a finding lands on `\"*\"` inside the string,
//! escapes included. Where the table cannot be built exactly (folded block scalars, or a
//! decoding that disagrees with the loader's), every span is the whole string instead and
//! [`SpanMapping::WholeString`] says so, so that a report can add a note.

mod block;
mod flow;
mod percent;
mod table;

use std::borrow::Cow;

use self::flow::Quoting;
use self::table::OffsetTable;
use super::{Limits, LoadError, LoadErrorKind, Node, NodeKind, Scalar, ScalarStyle, Span, json};

/// A document parsed from a string scalar, with spans in the file that holds the string.
#[derive(Debug)]
pub struct EmbeddedDocument {
    pub root: Node,
    pub mapping: SpanMapping,
}

/// How the spans of an embedded document relate to the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanMapping {
    /// Every span covers exactly the source characters that produced it.
    Exact,
    /// Every span is the whole string: its source could not be mapped character by character
    /// (a folded block scalar). A report should say that the location is approximate.
    WholeString,
}

impl SpanMapping {
    #[must_use]
    pub const fn is_exact(self) -> bool {
        matches!(self, Self::Exact)
    }
}

/// Parses the JSON document held by the string scalar `node`, with spans mapped into `source`
/// (the whole file). `None` when `node` is not a string scalar.
///
/// The same as [`parse_embedded_json`] for callers that do not need to know whether the spans
/// are exact.
#[must_use]
pub fn parse_json_string(
    node: &Node,
    source: &str,
    limits: &Limits,
) -> Option<Result<Node, LoadError>> {
    parse_embedded_json(node, source, limits).map(|parsed| parsed.map(|doc| doc.root))
}

/// Parses the JSON document held by the string scalar `node`, with spans mapped into `source`
/// (the whole file), and tells whether they are exact. A URL-encoded document (starting with
/// `%7B`) is decoded first. `None` when `node` is not a string scalar.
///
/// Errors are [`LoadErrorKind::Embedded`] for text that is not JSON, or the budget kinds, and
/// their span points inside the string where possible.
#[must_use]
pub fn parse_embedded_json(
    node: &Node,
    source: &str,
    limits: &Limits,
) -> Option<Result<EmbeddedDocument, LoadError>> {
    let node = node.resolve();
    let NodeKind::Scalar(scalar) = &node.kind else { return None };
    if scalar.style == ScalarStyle::JsonLiteral {
        return None;
    }
    let whole = node.span;
    let mut table = offset_table(whole, source, scalar);

    let mut text = Cow::Borrowed(&*scalar.text);
    if percent::is_url_encoded(&scalar.text) {
        match percent::decode(&scalar.text) {
            Ok((decoded, sources)) => {
                text = Cow::Owned(decoded);
                table = table.map(|outer| outer.remap(&sources));
            }
            Err(escape) => {
                let span = map_span(table.as_ref(), whole, Span::from_range(escape));
                let message = "embedded policy document has a malformed URL escape".to_owned();
                return Some(Err(LoadError::new(LoadErrorKind::Embedded, span, message)));
            }
        }
    }

    let mapping = if table.is_some() { SpanMapping::Exact } else { SpanMapping::WholeString };
    let parsed = match json::parse(&text, 0, limits) {
        Ok(mut root) => {
            root.map_spans(&mut |span| map_span(table.as_ref(), whole, span));
            Ok(EmbeddedDocument { root, mapping })
        }
        Err(inner) => {
            let span = map_span(table.as_ref(), whole, inner.span);
            Err(embedded_error(inner, span))
        }
    };
    Some(parsed)
}

/// The decoded-to-source table of the scalar at `span`, or `None` when its style cannot be
/// mapped exactly or the decoding here disagrees with the loader's.
fn offset_table(span: Span, source: &str, scalar: &Scalar) -> Option<OffsetTable> {
    let raw = span.slice(source);
    let builder = match scalar.style {
        ScalarStyle::JsonString => flow::json_string(raw, span.start)?,
        ScalarStyle::Plain => flow::yaml_flow(raw, span.start, Quoting::Plain)?,
        ScalarStyle::SingleQuoted => flow::yaml_flow(raw, span.start, Quoting::Single)?,
        ScalarStyle::DoubleQuoted => flow::yaml_flow(raw, span.start, Quoting::Double)?,
        ScalarStyle::Literal => block::literal(span, source, &scalar.text)?,
        // Folding joins lines by rules that depend on the indentation of the lines around
        // each break, and JSON in a folded scalar is rare enough not to replay them here.
        ScalarStyle::Folded | ScalarStyle::JsonLiteral => return None,
    };
    builder.finish(&scalar.text)
}

/// Maps a span of the decoded text into the file, never outside the string's own span.
fn map_span(table: Option<&OffsetTable>, whole: Span, span: Span) -> Span {
    let Some(table) = table else { return whole };
    let mapped = table.map(span);
    let clamp = |offset: u32| offset.clamp(whole.start, whole.end);
    Span::new(clamp(mapped.start), clamp(mapped.end))
}

fn embedded_error(inner: LoadError, span: Span) -> LoadError {
    if inner.kind != LoadErrorKind::Syntax {
        // Over a budget: the kind and its help stay, as for the file itself.
        let message = format!("embedded policy document: {}", inner.message);
        return LoadError { span, message, ..inner };
    }

    let reason = inner.message.strip_prefix("invalid JSON: ").unwrap_or(&inner.message);
    LoadError::new(
        LoadErrorKind::Embedded,
        span,
        format!("embedded policy document is not valid JSON: {reason}"),
    )
    .with_help("check the quotes and escapes inside the string")
}

#[cfg(test)]
mod tests;
