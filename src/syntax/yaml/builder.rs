//! Folds parser events into a [`Node`] tree, with an explicit stack of open collections.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use granit_parser::{Event, ScalarStyle as Style, StructureStyle};

use super::source;
use crate::syntax::{
    Entry, Key, Limits, LoadError, LoadErrorKind, Node, NodeKind, Scalar, ScalarStyle, Span, Tag,
    json,
};

pub(super) struct Builder<'a> {
    text: &'a str,
    base: u32,
    limits: &'a Limits,
    open: Vec<Collection>,
    /// Finished anchored nodes by parser anchor id. A later anchor of the same name gets a new
    /// id, so the map never needs to forget one.
    anchors: HashMap<usize, Anchored>,
    root: Option<Node>,
    nodes: u64,
    /// Nodes that all aliases so far stand for.
    alias_nodes: u64,
    /// End of the last token, where the search for what the parser leaves implicit (a block
    /// scalar's header, a sequence's first dash) begins.
    last_end: usize,
}

struct Anchored {
    node: Arc<Node>,
    /// Nodes the anchored node stands for, counting aliases inside it at their own weight.
    weight: u64,
}

struct Collection {
    start: u32,
    /// End of the opening token, then of the last child.
    end: u32,
    flow: bool,
    tag: Option<Box<Tag>>,
    anchor: usize,
    weight: u64,
    children: Children,
}

enum Children {
    Items(Vec<Node>),
    Entries { entries: Vec<Entry>, key: Option<Key> },
}

impl<'a> Builder<'a> {
    pub(super) fn new(text: &'a str, base: u32, limits: &'a Limits) -> Self {
        Self {
            text,
            base,
            limits,
            open: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            nodes: 0,
            alias_nodes: 0,
            last_end: 0,
        }
    }

    /// The root node, or the YAML null when the stream held no document.
    pub(super) fn finish(self) -> Node {
        self.root.unwrap_or_else(|| null(Span::at(self.base)))
    }

    pub(super) fn event(
        &mut self,
        event: Event<'_>,
        span: &granit_parser::Span,
    ) -> Result<(), LoadError> {
        let range = span.byte_range().unwrap_or(self.last_end..self.last_end);

        // An implicit document start spans the document's first token, which may be the very
        // header that `last_end` must not pass.
        let advance = !matches!(event, Event::DocumentStart(false, _));
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                self.scalar(value, style, anchor, range.clone(), span, tag.as_deref())?;
            }
            Event::SequenceStart(style, anchor, tag) => {
                let tag = tag.as_deref();
                self.open(style, anchor, range.clone(), span, tag, Children::Items(Vec::new()))?;
            }
            Event::MappingStart(style, anchor, tag) => {
                let children = Children::Entries { entries: Vec::new(), key: None };
                self.open(style, anchor, range.clone(), span, tag.as_deref(), children)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(range.clone()),
            Event::Alias(id) => self.alias(id, range.clone())?,
            // Only emitted on request; a node position must never be skipped silently.
            Event::UnresolvedAlias(_) => {
                return Err(LoadError::new(
                    LoadErrorKind::Syntax,
                    self.span(range),
                    "invalid YAML: alias to an unknown anchor".to_owned(),
                ));
            }
            _ => {}
        }
        if advance {
            self.last_end = self.last_end.max(range.end);
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: Style,
        anchor: usize,
        content: Range<usize>,
        span: &granit_parser::Span,
        tag: Option<&granit_parser::Tag>,
    ) -> Result<(), LoadError> {
        let (range, style) = match style {
            Style::Plain => (content, ScalarStyle::Plain),
            Style::SingleQuoted => (content, ScalarStyle::SingleQuoted),
            Style::DoubleQuoted => (content, ScalarStyle::DoubleQuoted),
            Style::Literal => {
                (source::block_scalar(self.text, self.last_end, content), ScalarStyle::Literal)
            }
            Style::Folded => {
                (source::block_scalar(self.text, self.last_end, content), ScalarStyle::Folded)
            }
        };

        // The parser spells a missing value `~`; the file holds nothing there.
        let text: Box<str> =
            if range.is_empty() && style == ScalarStyle::Plain { "".into() } else { value.into() };
        let node_span = self.span(range);
        self.count(node_span)?;

        let mut node = Node::new(node_span, NodeKind::Scalar(Scalar { text, style }));
        node.tag = self.tag(span, tag, node_span);
        self.complete(node, anchor, 1);
        Ok(())
    }

    fn open(
        &mut self,
        style: StructureStyle,
        anchor: usize,
        range: Range<usize>,
        span: &granit_parser::Span,
        tag: Option<&granit_parser::Tag>,
        children: Children,
    ) -> Result<(), LoadError> {
        let flow = style == StructureStyle::Flow;
        let opening = if flow {
            range
        } else if matches!(children, Children::Items(_)) {
            let dash = source::block_sequence_start(self.text, self.last_end, range.start);
            dash..dash
        } else {
            range.start..range.start
        };

        if self.open.len() >= self.limits.max_depth as usize {
            let token = if flow { opening } else { source::point(self.text, opening.start) };
            return Err(json::too_deep(self.span(token), self.limits.max_depth));
        }

        let opening = self.span(opening);
        self.count(opening)?;
        let tag = self.tag(span, tag, opening);
        self.open.push(Collection {
            start: opening.start,
            end: opening.end,
            flow,
            tag,
            anchor,
            weight: 1,
            children,
        });
        Ok(())
    }

    fn close(&mut self, closing: Range<usize>) {
        let Some(collection) = self.open.pop() else { return };

        // A block collection, or a single pair in a flow sequence, ends with its last child: the
        // parser reports its end at the next token, past blank lines and comments.
        let end = if collection.flow && !closing.is_empty() {
            self.span(closing).end.max(collection.end)
        } else {
            collection.end
        };
        let kind = match collection.children {
            Children::Items(items) => NodeKind::Sequence(items),
            Children::Entries { mut entries, key } => {
                // The parser pairs every key with a value; kept total all the same.
                if let Some(key) = key {
                    let value = null(Span::at(key.span.end));
                    entries.push(Entry { key, value });
                }
                NodeKind::Mapping(entries)
            }
        };

        let mut node = Node::new(Span::new(collection.start, end), kind);
        node.tag = collection.tag;
        self.complete(node, collection.anchor, collection.weight);
    }

    fn alias(&mut self, id: usize, range: Range<usize>) -> Result<(), LoadError> {
        let span = self.span(range);
        self.count(span)?;

        // The parser resolved the alias, so a missing entry is an anchor still open: the alias
        // sits inside the node it names.
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(LoadError::new(
                LoadErrorKind::AliasExpansion,
                span,
                "alias refers to a node that contains it".to_owned(),
            )
            .with_help("a recursive alias never ends; refer to a node outside the anchored one"));
        };
        let weight = anchored.weight;
        let node = Node::new(span, NodeKind::Alias(Arc::clone(&anchored.node)));

        self.alias_nodes = self.alias_nodes.saturating_add(weight);
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(LoadError::new(
                LoadErrorKind::AliasExpansion,
                span,
                format!("aliases stand for more than {} nodes", self.limits.max_alias_nodes),
            )
            .with_help("no template needs this many; raise `limits.max-alias-nodes` if it must"));
        }
        self.attach(node, weight);
        Ok(())
    }

    /// Places a finished node. An anchored node moves into an [`Arc`] that its aliases share;
    /// where it was written, the tree holds an alias to it with the node's own span and tag.
    fn complete(&mut self, node: Node, anchor: usize, weight: u64) {
        let node = if anchor == 0 {
            node
        } else {
            let target = Arc::new(node);
            self.anchors.insert(anchor, Anchored { node: Arc::clone(&target), weight });
            Node { span: target.span, tag: target.tag.clone(), kind: NodeKind::Alias(target) }
        };
        self.attach(node, weight);
    }

    fn attach(&mut self, node: Node, weight: u64) {
        let Some(parent) = self.open.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        parent.weight = parent.weight.saturating_add(weight);
        parent.end = parent.end.max(node.span.end);
        match &mut parent.children {
            Children::Items(items) => items.push(node),
            Children::Entries { entries, key } => match key.take() {
                Some(key) => entries.push(Entry { key, value: node }),
                None => *key = Some(key_of(node, self.text, self.base)),
            },
        }
    }

    /// Counts a node against the budget. Keys are not counted, as in JSON.
    fn count(&mut self, span: Span) -> Result<(), LoadError> {
        let at_key = matches!(
            self.open.last(),
            Some(Collection { children: Children::Entries { key: None, .. }, .. })
        );
        if at_key {
            return Ok(());
        }
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(json::too_many_nodes(span, self.limits.max_nodes));
        }
        Ok(())
    }

    /// The tag as written, from the source; the parser's copy is resolved against `%TAG`
    /// directives and serves only if the source range is missing.
    fn tag(
        &self,
        span: &granit_parser::Span,
        tag: Option<&granit_parser::Tag>,
        node: Span,
    ) -> Option<Box<Tag>> {
        let tag = tag?;
        let written = span.tag_span().and_then(|t| t.byte_range()).and_then(|range| {
            let text = self.text.get(range.clone())?;
            Some(Tag { text: text.into(), span: self.span(range) })
        });
        let tag = written
            .unwrap_or_else(|| Tag { text: tag.original().into(), span: Span::at(node.start) });
        Some(Box::new(tag))
    }

    fn span(&self, range: Range<usize>) -> Span {
        Span::from_range(range).shifted(self.base)
    }
}

/// A mapping key from the node in key position. Scalars (also through an alias) give their
/// decoded text; other keys, never meaningful in AWS documents, their source text.
fn key_of(mut node: Node, text: &str, base: u32) -> Key {
    let span = node.span;
    let decoded = match &mut node.kind {
        NodeKind::Scalar(scalar) => Some(std::mem::take(&mut scalar.text)),
        NodeKind::Alias(target) => target.as_str().map(Into::into),
        NodeKind::Sequence(_) | NodeKind::Mapping(_) => None,
    };
    let key = decoded.unwrap_or_else(|| {
        let start = span.start.saturating_sub(base) as usize;
        let end = span.end.saturating_sub(base) as usize;
        text.get(start..end).unwrap_or_default().into()
    });
    Key { text: key, span }
}

fn null(span: Span) -> Node {
    Node::new(span, NodeKind::Scalar(Scalar { text: "".into(), style: ScalarStyle::Plain }))
}
