//! Strict JSON to [`Node`] trees, through `jsonc-parser` with every extension turned off.

use std::borrow::Cow;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::{
    Entry, Key, Limits, LoadError, LoadErrorKind, Node, NodeKind, Scalar, ScalarStyle, Span,
};

/// Parses strict JSON. Spans are offsets into `text` plus `base`.
pub fn parse(text: &str, base: u32, limits: &Limits) -> Result<Node, LoadError> {
    // The parser recurses per nesting level, but refuses nesting past a fixed 512 levels before
    // it could reach the stack limit. The configurable budget is enforced while building the
    // tree, so that valid documents are read in a single pass.
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let result = match jsonc_parser::parse_to_ast(text, &collect, &strict()) {
        Ok(result) => result,
        Err(e) => {
            // Too deep is the more useful diagnosis when a document is both, and the parser's
            // own limit reads as a syntax error: look for the depth on this path only.
            check_depth(text, base, limits.max_depth)?;
            let range = e.range();
            return Err(LoadError::new(
                LoadErrorKind::Syntax,
                Span::from_range(range.start..range.end.max(range.start)).shifted(base),
                format!("invalid JSON: {}", lowercase_first(&e.kind().to_string())),
            ));
        }
    };

    let Some(value) = result.value else {
        return Err(LoadError::new(
            LoadErrorKind::Syntax,
            Span::at(base),
            "empty JSON document".to_owned(),
        ));
    };

    // The parser lets control characters through inside strings; RFC 8259 and AWS do not.
    if let Some(at) = first_control_character(text.as_bytes()) {
        let byte = text.as_bytes()[at];
        return Err(LoadError::new(
            LoadErrorKind::Syntax,
            Span::from_range(at..at + 1).shifted(base),
            format!("invalid JSON: control character U+{byte:04X} in a string"),
        )
        .with_help(format!("remove it, or write it as the escape \\u{byte:04x}")));
    }

    let mut builder =
        Builder { base, nodes: 0, max_nodes: limits.max_nodes, max_depth: limits.max_depth };
    builder.node(value, 0)
}

/// The offset of the first byte below U+0020 other than tab, line feed and carriage return. In
/// text the parser accepted, such a byte can only be inside a string. Blocks without one are
/// passed over with a branch-free test, which the compiler vectorizes.
fn first_control_character(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 64;
    let is_control = |b: u8| b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r';
    bytes.chunks(BLOCK).enumerate().find_map(|(n, block)| {
        let any = block.iter().fold(false, |found, &b| found | is_control(b));
        if any { block.iter().position(|&b| is_control(b)).map(|i| n * BLOCK + i) } else { None }
    })
}

/// The parser options for RFC 8259 JSON: every tolerance off. Public so that benchmarks
/// compare with a bare parse under the same options.
#[must_use]
pub fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Finds the first bracket that opens a collection deeper than `max_depth`, skipping strings.
fn check_depth(text: &str, base: u32, max_depth: u32) -> Result<(), LoadError> {
    let mut depth = 0u32;
    let mut in_string = false;
    let mut escaped = false;

    for (i, &byte) in text.as_bytes().iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    return Err(too_deep(Span::from_range(i..i + 1).shifted(base), max_depth));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
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

struct Builder {
    base: u32,
    nodes: u64,
    max_nodes: u64,
    max_depth: u32,
}

impl Builder {
    fn span(&self, range: jsonc_parser::common::Range) -> Span {
        Span::from_range(range.start..range.end).shifted(self.base)
    }

    fn count(&mut self, span: Span) -> Result<(), LoadError> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(too_many_nodes(span, self.max_nodes));
        }
        Ok(())
    }

    /// A collection at nesting level `level` (1 for the root), refused past the depth budget
    /// with a span on its opening bracket.
    fn enter(&mut self, span: Span, level: u32) -> Result<(), LoadError> {
        if level > self.max_depth {
            return Err(too_deep(Span::new(span.start, span.start + 1), self.max_depth));
        }
        self.count(span)
    }

    /// Converts one value nested in `depth` collections. Recursion is bounded by the depth
    /// budget, and before that by the parser's own limit.
    fn node(&mut self, value: Value<'_>, depth: u32) -> Result<Node, LoadError> {
        let (span, kind) = match value {
            Value::StringLit(s) => (self.span(s.range), string(s.value, ScalarStyle::JsonString)),
            Value::NumberLit(n) => {
                (self.span(n.range), string(Cow::Borrowed(n.value), ScalarStyle::JsonLiteral))
            }
            Value::BooleanLit(b) => {
                let text = if b.value { "true" } else { "false" };
                (self.span(b.range), string(Cow::Borrowed(text), ScalarStyle::JsonLiteral))
            }
            Value::NullKeyword(n) => {
                (self.span(n.range), string(Cow::Borrowed("null"), ScalarStyle::JsonLiteral))
            }
            Value::Array(array) => {
                let span = self.span(array.range);
                self.enter(span, depth + 1)?;
                let mut items = Vec::with_capacity(array.elements.len());
                for element in array.elements {
                    items.push(self.node(element, depth + 1)?);
                }
                return Ok(Node::new(span, NodeKind::Sequence(items)));
            }
            Value::Object(object) => {
                let span = self.span(object.range);
                self.enter(span, depth + 1)?;
                let mut entries = Vec::with_capacity(object.properties.len());
                for prop in object.properties {
                    let key = match prop.name {
                        ObjectPropName::String(s) => {
                            Key { span: self.span(s.range), text: s.value.into() }
                        }
                        // Unreachable with loose property names off; kept total all the same.
                        ObjectPropName::Word(w) => {
                            Key { span: self.span(w.range), text: w.value.into() }
                        }
                    };
                    let value = self.node(prop.value, depth + 1)?;
                    entries.push(Entry { key, value });
                }
                return Ok(Node::new(span, NodeKind::Mapping(entries)));
            }
        };
        self.count(span)?;
        Ok(Node::new(span, kind))
    }
}

fn string(text: Cow<'_, str>, style: ScalarStyle) -> NodeKind {
    NodeKind::Scalar(Scalar { text: text.into(), style })
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Node, LoadError> {
        parse(text, 0, &Limits::default())
    }

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = r#"{"Effect": "Allow", "Action": ["s3:*", 3]}"#;
        let root = load(text).unwrap();
        let entry = root.entry("Effect").unwrap();
        assert_eq!(entry.key.span.slice(text), r#""Effect""#);
        assert_eq!(entry.value.span.slice(text), r#""Allow""#);
        let actions = root.get("Action").unwrap();
        assert_eq!(actions.span.slice(text), r#"["s3:*", 3]"#);
        assert_eq!(actions.items().unwrap()[1].as_str(), Some("3"));
        assert_eq!(root.span.slice(text), text);
    }

    #[test]
    fn escapes_are_decoded() {
        let root = load(r#"{"a": "x\"y\u00e9"}"#).unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("x\"yé"));
    }

    #[test]
    fn extensions_are_rejected_with_a_span() {
        let text = "{\"a\": 1,}";
        let err = load(text).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Syntax);
        assert!(err.span.start >= 7, "{err:?}");
        assert!(load("{// c\n}").is_err());
        assert!(load("{'a': 1}").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = "[".repeat(100_000);
        let err = load(&text).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::TooDeep);
        assert_eq!(err.span, Span::new(256, 257));
    }

    #[test]
    fn deep_nesting_in_a_valid_document_is_refused_at_its_bracket() {
        let text = format!("{{\"a\": {}{}}}", "[".repeat(300), "]".repeat(300));
        let err = load(&text).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::TooDeep);
        // The root object is level 1, so the 256th bracket is the first collection too deep.
        let bracket = 6 + 255;
        assert_eq!(err.span, Span::new(bracket, bracket + 1));
        assert_eq!(err.span.slice(&text), "[");
    }

    #[test]
    fn the_depth_budget_can_be_raised_up_to_the_parser_limit() {
        let limits = Limits { max_depth: 1000, ..Limits::default() };
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&nested(500), 0, &limits).is_ok());
        let err = parse(&nested(600), 0, &limits).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Syntax);
    }

    #[test]
    fn brackets_in_strings_do_not_count_as_depth() {
        let text = format!("{{\"a\": \"{}\"}}", "[".repeat(1000));
        assert!(load(&text).is_ok());
    }

    #[test]
    fn node_budget_is_enforced() {
        let limits = Limits { max_nodes: 3, ..Limits::default() };
        let err = parse("[1, 2, 3, 4]", 0, &limits).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::TooManyNodes);
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let root = load(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(root.entries().unwrap().len(), 2);
    }

    #[test]
    fn raw_control_characters_in_strings_are_syntax_errors() {
        let mut text = format!("{{\"a\": \"{}\",\n\t\"b\": \"x\u{0}y\u{1}\"}}", "z".repeat(200));
        let err = load(&text).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Syntax);
        assert_eq!(err.span.start as usize, text.find('\0').unwrap());
        assert_eq!(err.message, "invalid JSON: control character U+0000 in a string");

        text = text.replace('\0', "\\u0000").replace('\u{1}', "\r");
        assert!(load(&text).is_ok());
    }
}
