//! Strict RFC 8259 JSON to [`Node`] trees, in one pass over the text.
//!
//! The parser writes the tree as it reads: there is no token list and no intermediate syntax
//! tree to convert and drop. Open collections live on an explicit stack rather than the call
//! stack, so nesting is bounded only by the depth budget and no budget can overflow the stack.
//! Children of open collections wait on two shared scratch stacks and move into a vector of
//! exactly their number when the closing bracket is read, so no collection grows by
//! reallocation. A string without escapes is copied once, straight from the text.
//!
//! Nothing beyond RFC 8259 is accepted: no comments, trailing commas, single quotes, unquoted
//! keys, `NaN` or `Infinity`, leading `+` or bare decimal points, raw control characters in
//! strings, or unpaired surrogate escapes. Each of these gets a message of its own, with a span
//! on the offending token. Messages quote no file content beyond punctuation, an escape's
//! letter or a control character's code point: the file may hold a secret.

pub mod jsonc;
mod parser;
mod scan;
mod syntax_error;
#[cfg(test)]
mod tests;

use super::{Limits, LoadError, LoadErrorKind, Node, Span};

/// Parses strict JSON. Spans are offsets into `text` plus `base`.
///
/// Scalars span their token (strings with their quotes), collections run from the opening to
/// the closing bracket inclusive, and keys span their quoted string. Numbers keep the text as
/// written, so `1e400` and 20-digit integers are read without loss; duplicate keys are kept in
/// source order. The depth budget is refused at the first bracket too deep, the node budget at
/// the first node over it (a collection counts at its opening bracket, keys do not count).
pub fn parse(text: &str, base: u32, limits: &Limits) -> Result<Node, LoadError> {
    parser::Parser::new(text, base, limits).document()
}

pub(super) fn too_deep(span: Span, max_depth: u32) -> LoadError {
    LoadError::new(LoadErrorKind::TooDeep, span, format!("nesting deeper than {max_depth} levels"))
        .with_help("no AWS document nests this deep; raise `limits.max-depth` if this one must")
}

pub(super) fn too_many_nodes(span: Span, max_nodes: u64) -> LoadError {
    LoadError::new(
        LoadErrorKind::TooManyNodes,
        span,
        format!("document has more than {max_nodes} nodes"),
    )
    .with_help("split the file, or raise `limits.max-nodes`")
}
