//! YAML to [`Node`] trees, from `granit-parser` events.
//!
//! The parser streams events; the builder folds them into the tree with an explicit stack, so
//! that no nesting depth can reach the call stack. Only the first document of a stream is read.
//!
//! An anchored node is stored once, in an `Arc` that its aliases share. Where it is written, the
//! tree holds a [`NodeKind::Alias`](super::NodeKind::Alias) to it with the node's own span and
//! tag; at an alias, one with the alias token's span. The accessors of [`Node`] see through
//! both. Merge keys (`<<: *base`) stay ordinary entries.

mod builder;
mod source;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use granit_parser::{ErrorKind, Event, Options, Parser, ScanError};

use super::{Limits, LoadError, LoadErrorKind, Node, Span, json};
use builder::Builder;

/// A YAML comment. `span` runs from the `#` to the end of its line, line break excluded; `text`
/// is what follows the `#`, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub text: Box<str>,
}

/// Parses the first YAML document of `text`. Spans are offsets into `text` plus `base`.
///
/// A stream without a document (empty, or only comments) gives an empty plain scalar, the
/// YAML null.
pub fn parse(text: &str, base: u32, limits: &Limits) -> Result<Node, LoadError> {
    load(text, base, limits, None)
}

/// Like [`parse`], and also returns the comments of the first document (and of the lines
/// before it), in source order.
pub fn parse_with_comments(
    text: &str,
    base: u32,
    limits: &Limits,
) -> Result<(Node, Vec<Comment>), LoadError> {
    let mut comments = Vec::new();
    let root = load(text, base, limits, Some(&mut comments))?;
    comments.sort_by_key(|c| c.span.start);
    Ok((root, comments))
}

fn load(
    text: &str,
    base: u32,
    limits: &Limits,
    mut comments: Option<&mut Vec<Comment>>,
) -> Result<Node, LoadError> {
    let parser = Parser::new_from_str_with_options(text, options(limits, comments.is_some()));
    let mut builder = Builder::new(text, base, limits);

    for next in parser {
        let (event, span) = next.map_err(|e| scan_error(&e, text, base, limits))?;
        match event {
            // Later documents are not read: templates and policies are single documents.
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Comment(comment, _) => {
                if let (Some(comments), Some(range)) = (comments.as_deref_mut(), span.byte_range())
                {
                    let span = Span::from_range(range).shifted(base);
                    comments.push(Comment { span, text: comment.into() });
                }
            }
            event => builder.event(event, &span)?,
        }
    }

    Ok(builder.finish())
}

fn options(limits: &Limits, with_comments: bool) -> Options {
    let mut options = Options::default();

    // The parser refuses nesting past these itself, before it has built anything; the builder
    // checks flow and block nesting together, which the parser counts apart.
    let depth = usize::try_from(limits.max_depth).unwrap_or(usize::MAX);
    options.flow_nesting_limit = depth;
    options.block_nesting_limit = depth;

    // Comments are buffered while the parser looks ahead; they are bounded by the file size,
    // and a long comment block must not fail the file.
    options.set_emit_comments(with_comments);
    options.max_buffered_comment_events = usize::MAX;
    options
}

fn scan_error(error: &ScanError, text: &str, base: u32, limits: &Limits) -> LoadError {
    let at = error.marker().byte_offset().unwrap_or(text.len());
    let span = Span::from_range(source::point(text, at)).shifted(base);
    if *error.kind() == ErrorKind::RecursionLimitExceeded {
        return json::too_deep(span, limits.max_depth);
    }
    LoadError::new(LoadErrorKind::Syntax, span, format!("invalid YAML: {}", describe(error.kind())))
}

/// The parser's description of an error, except where it would quote the file.
fn describe(kind: &ErrorKind) -> Cow<'static, str> {
    match kind {
        ErrorKind::UnexpectedCharacter { .. } => Cow::Borrowed("unexpected character"),
        ErrorKind::Custom(_) | ErrorKind::InputIo { .. } | ErrorKind::InputDecoding { .. } => {
            Cow::Borrowed("unreadable input")
        }
        kind => Cow::Owned(kind.to_string()),
    }
}
