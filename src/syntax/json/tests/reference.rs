//! The loader this parser replaced, `jsonc-parser`'s AST folded into our tree, kept to check
//! that the two agree on every valid document: same spans, text, styles and key order.

use std::borrow::Cow;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use crate::syntax::{Entry, Key, Node, NodeKind, Scalar, ScalarStyle, Span};

/// The tree the old loader built for `text`, or `None` where `jsonc-parser` refuses it.
pub fn parse(text: &str, base: u32) -> Option<Node> {
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let options = ParseOptions {
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
    };
    let value = jsonc_parser::parse_to_ast(text, &collect, &options).ok()?.value?;
    Some(convert(value, base))
}

fn convert(value: Value<'_>, base: u32) -> Node {
    let span =
        |range: jsonc_parser::common::Range| Span::from_range(range.start..range.end).shifted(base);
    let scalar = |text: Cow<'_, str>, style| NodeKind::Scalar(Scalar { text: text.into(), style });
    let (span, kind) = match value {
        Value::StringLit(s) => (span(s.range), scalar(s.value, ScalarStyle::JsonString)),
        Value::NumberLit(n) => (span(n.range), scalar(n.value.into(), ScalarStyle::JsonLiteral)),
        Value::BooleanLit(b) => {
            let text = if b.value { "true" } else { "false" };
            (span(b.range), scalar(text.into(), ScalarStyle::JsonLiteral))
        }
        Value::NullKeyword(n) => (span(n.range), scalar("null".into(), ScalarStyle::JsonLiteral)),
        Value::Array(array) => {
            let items = array.elements.into_iter().map(|v| convert(v, base)).collect();
            (span(array.range), NodeKind::Sequence(items))
        }
        Value::Object(object) => {
            let entries = object
                .properties
                .into_iter()
                .map(|prop| {
                    let key = match prop.name {
                        ObjectPropName::String(s) => {
                            Key { span: span(s.range), text: s.value.into() }
                        }
                        ObjectPropName::Word(w) => {
                            Key { span: span(w.range), text: w.value.into() }
                        }
                    };
                    Entry { key, value: convert(prop.value, base) }
                })
                .collect();
            (span(object.range), NodeKind::Mapping(entries))
        }
    };
    Node::new(span, kind)
}

/// Panics, naming the first difference, unless the two trees are the same.
pub fn assert_same(ours: &Node, theirs: &Node, what: &str) {
    let mut stack = vec![(ours, theirs, String::new())];
    while let Some((a, b, path)) = stack.pop() {
        assert_eq!(a.span, b.span, "{what}: span at `{path}`");
        assert!(a.tag.is_none() && b.tag.is_none(), "{what}: tag at `{path}`");
        match (&a.kind, &b.kind) {
            (NodeKind::Scalar(x), NodeKind::Scalar(y)) => {
                assert_eq!((&x.text, x.style), (&y.text, y.style), "{what}: scalar at `{path}`");
            }
            (NodeKind::Sequence(xs), NodeKind::Sequence(ys)) => {
                assert_eq!(xs.len(), ys.len(), "{what}: items at `{path}`");
                for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                    stack.push((x, y, format!("{path}[{i}]")));
                }
            }
            (NodeKind::Mapping(xs), NodeKind::Mapping(ys)) => {
                assert_eq!(xs.len(), ys.len(), "{what}: entries at `{path}`");
                for (x, y) in xs.iter().zip(ys) {
                    let key = (&x.key.text, x.key.span);
                    assert_eq!(key, (&y.key.text, y.key.span), "{what}: key at `{path}`");
                    stack.push((&x.value, &y.value, format!("{path}.{}", x.key.text)));
                }
            }
            _ => panic!("{what}: kind at `{path}`: {:?} / {:?}", a.kind, b.kind),
        }
    }
}
