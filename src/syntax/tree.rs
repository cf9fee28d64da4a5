//! The document tree shared by JSON and YAML: every node and every key knows its byte range.

use std::fmt::Write as _;
use std::sync::Arc;

use super::Span;

/// One parsed file: its text, its root node, and what the loader learned on the way.
#[derive(Debug)]
pub struct Document {
    pub root: Node,
    pub syntax: Syntax,
}

/// The surface syntax a document was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// A node of the tree.
///
/// `span` covers the whole node: for collections from the opening token (or first entry, in
/// YAML block style) to the last byte of the last child; for scalars the full source token
/// including quotes and block indicators.
#[derive(Clone, Debug)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
    /// A YAML tag such as `!Ref` or `!!str`, as written.
    pub tag: Option<Box<Tag>>,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    /// Entries in source order. Duplicate keys are kept: a rule reports them.
    Mapping(Vec<Entry>),
    /// A YAML anchored node or alias: shares the anchored node instead of copying it. At an
    /// alias (`*name`) the enclosing [`Node`]'s span is the alias token; where the anchor is
    /// defined it is the node's own span. The target keeps its own spans.
    Alias(Arc<Node>),
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: Key,
    pub value: Node,
}

/// A mapping key. Keys are compared by their decoded text; non-scalar YAML keys (rare, never
/// meaningful in AWS documents) are kept with their source text.
#[derive(Clone, Debug)]
pub struct Key {
    pub text: Box<str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag as written, with its leading `!` (`!Ref`, `!GetAtt`, `!!str`).
    pub text: Box<str>,
    pub span: Span,
}

/// A scalar with its decoded text and the style it was written in.
#[derive(Clone, Debug)]
pub struct Scalar {
    /// The decoded value: escapes resolved, quotes and block indentation removed. For JSON
    /// numbers and YAML plain scalars, the text as written.
    pub text: Box<str>,
    pub style: ScalarStyle,
}

/// How a scalar was written. Together with the file's bytes and the node's span, the style is
/// what lets an embedded document map its offsets back to the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// A JSON string literal (double quotes, JSON escapes).
    JsonString,
    /// A JSON number, `true`, `false` or `null`.
    JsonLiteral,
    /// A YAML plain (unquoted) scalar.
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// A YAML literal block scalar (`|`).
    Literal,
    /// A YAML folded block scalar (`>`).
    Folded,
}

impl ScalarStyle {
    /// Whether the scalar is a string for certain, as opposed to text that the YAML core schema
    /// or JSON would read as a number, boolean or null.
    #[must_use]
    pub const fn is_quoted(self) -> bool {
        !matches!(self, Self::JsonLiteral | Self::Plain)
    }
}

impl Node {
    #[must_use]
    pub fn new(span: Span, kind: NodeKind) -> Self {
        Self { span, kind, tag: None }
    }

    /// Follows aliases to the node they stand for.
    #[must_use]
    pub fn resolve(&self) -> &Node {
        let mut node = self;
        while let NodeKind::Alias(target) = &node.kind {
            node = target;
        }
        node
    }

    #[must_use]
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref().map(|t| &*t.text)
    }

    /// The mapping entries, or `None` for other kinds.
    #[must_use]
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.resolve().kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The sequence items, or `None` for other kinds.
    #[must_use]
    pub fn items(&self) -> Option<&[Node]> {
        match &self.resolve().kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    #[must_use]
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.resolve().kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The scalar's decoded text, whatever its type (`22`, `true` and `"22"` all give text).
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        self.scalar().map(|s| &*s.text)
    }

    /// Whether the node is a null: JSON `null`, YAML `null`, `~` or an empty plain scalar.
    #[must_use]
    pub fn is_null(&self) -> bool {
        self.scalar().is_some_and(|s| {
            !s.style.is_quoted() && matches!(&*s.text, "" | "~" | "null" | "Null" | "NULL")
        })
    }

    /// The entry for `key`. With duplicate keys the last one wins, as in the JSON parsers AWS
    /// tools use; a rule reports the duplicate.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().rev().find(|e| &*e.key.text == key)
    }

    /// Case-insensitive lookup, for the few AWS shapes whose keys vary in case.
    #[must_use]
    pub fn get_ignore_case(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .rev()
            .find(|e| e.key.text.eq_ignore_ascii_case(key))
            .map(|e| &e.value)
    }

    /// This node and every node under it, depth first, each once: an alias is followed only
    /// where it is the anchored node itself (its target has the alias's span), so a subtree
    /// shared by aliases is visited where it is written and nowhere else.
    pub fn descendants(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let node = stack.pop()?;
            match &node.kind {
                NodeKind::Scalar(_) => {}
                NodeKind::Alias(target) => {
                    if target.span == node.span {
                        stack.push(target);
                    }
                }
                NodeKind::Sequence(items) => stack.extend(items),
                NodeKind::Mapping(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            }
            Some(node)
        })
    }

    /// The document path of the innermost node that holds `span`: `Resources.WebSg.Properties.
    /// SecurityGroupIngress[0].CidrIp`. Children are found by binary search, since a loaded
    /// tree keeps them in source order; the descent stops at a scalar (an embedded document's
    /// inside has no path here) and at aliases, whose targets live elsewhere in the file.
    #[must_use]
    pub fn path_to(&self, span: Span) -> String {
        let mut path = String::new();
        let mut node = self;
        loop {
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    let at = entries.partition_point(|e| e.value.span.end < span.end);
                    let Some(entry) = entries
                        .get(at)
                        .filter(|e| e.value.span.contains(span) || e.key.span.contains(span))
                    else {
                        break;
                    };
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&entry.key.text);
                    node = &entry.value;
                }
                NodeKind::Sequence(items) => {
                    let at = items.partition_point(|item| item.span.end < span.end);
                    let Some(item) = items.get(at).filter(|item| item.span.contains(span)) else {
                        break;
                    };
                    let _ = write!(path, "[{at}]");
                    node = item;
                }
                NodeKind::Scalar(_) | NodeKind::Alias(_) => break,
            }
        }
        path
    }

    /// Rewrites every span in the subtree, keys and tags included. Used to move the spans of
    /// an embedded document from the decoded string into the file.
    pub fn map_spans(&mut self, f: &mut impl FnMut(Span) -> Span) {
        let mut stack: Vec<&mut Node> = vec![self];
        while let Some(node) = stack.pop() {
            node.span = f(node.span);
            if let Some(tag) = node.tag.as_deref_mut() {
                tag.span = f(tag.span);
            }
            match &mut node.kind {
                NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
                NodeKind::Sequence(items) => stack.extend(items.iter_mut()),
                NodeKind::Mapping(entries) => {
                    for entry in entries.iter_mut() {
                        entry.key.span = f(entry.key.span);
                        stack.push(&mut entry.value);
                    }
                }
            }
        }
    }
}

impl Drop for Node {
    /// Drops deep trees without recursion, so that no nesting depth the budget admits can
    /// overflow the stack on the way out.
    fn drop(&mut self) {
        let mut stack: Vec<Node> = Vec::new();
        take_children(self, &mut stack);
        while let Some(mut node) = stack.pop() {
            take_children(&mut node, &mut stack);
        }
    }
}

fn take_children(node: &mut Node, stack: &mut Vec<Node>) {
    match &mut node.kind {
        NodeKind::Sequence(items) if !items.is_empty() => stack.append(items),
        NodeKind::Mapping(entries) if !entries.is_empty() => {
            stack.extend(std::mem::take(entries).into_iter().map(|mut e| {
                std::mem::replace(
                    &mut e.value,
                    Node::new(Span::default(), NodeKind::Sequence(vec![])),
                )
            }));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(text: &str, style: ScalarStyle) -> Node {
        Node::new(Span::default(), NodeKind::Scalar(Scalar { text: text.into(), style }))
    }

    #[test]
    fn last_duplicate_key_wins() {
        let key = |t: &str| Key { text: t.into(), span: Span::default() };
        let map = Node::new(
            Span::default(),
            NodeKind::Mapping(vec![
                Entry { key: key("a"), value: scalar("1", ScalarStyle::Plain) },
                Entry { key: key("a"), value: scalar("2", ScalarStyle::Plain) },
            ]),
        );
        assert_eq!(map.get("a").and_then(Node::as_str), Some("2"));
        assert_eq!(map.entries().map(<[Entry]>::len), Some(2));
    }

    #[test]
    fn path_to_names_the_innermost_node_holding_a_span() {
        let text = r#"{"Resources": {"A": {"Type": "T"}, "WebSg": {"Properties": {"Rules": [
            {"CidrIp": "10.0.0.0/8"}, {"CidrIp": "0.0.0.0/0", "ToPort": 22}]}}}}"#;
        let doc =
            crate::syntax::parse(text, Syntax::Json, &crate::syntax::Limits::default()).unwrap();
        let at = |needle: &str| {
            let start = text.find(needle).unwrap() as u32;
            doc.root.path_to(Span::new(start, start + needle.len() as u32))
        };
        assert_eq!(at("\"0.0.0.0/0\""), "Resources.WebSg.Properties.Rules[1].CidrIp");
        assert_eq!(at("\"ToPort\""), "Resources.WebSg.Properties.Rules[1].ToPort");
        assert_eq!(at("\"10.0.0.0/8\""), "Resources.WebSg.Properties.Rules[0].CidrIp");
        assert_eq!(at("\"T\""), "Resources.A.Type");
        assert_eq!(at("0.0.0/0"), "Resources.WebSg.Properties.Rules[1].CidrIp");
        assert_eq!(doc.root.path_to(Span::new(0, text.len() as u32)), "");
    }

    #[test]
    fn quoted_null_is_a_string() {
        assert!(scalar("null", ScalarStyle::Plain).is_null());
        assert!(!scalar("null", ScalarStyle::DoubleQuoted).is_null());
    }

    #[test]
    fn deep_trees_drop_without_overflowing_the_stack() {
        let mut node = scalar("x", ScalarStyle::Plain);
        for _ in 0..200_000 {
            node = Node::new(Span::default(), NodeKind::Sequence(vec![node]));
        }
        drop(node);
    }
}
