//! The structure of a document: values, and collections opened and closed on an explicit stack.

use super::syntax_error::{KeySlot, ValueSlot};
use super::{too_deep, too_many_nodes};
use crate::syntax::{
    Entry, Key, Limits, LoadError, LoadErrorKind, Node, NodeKind, Scalar, ScalarStyle, Span,
};

/// A collection whose closing bracket is still to come.
struct Open {
    /// The offset of its opening bracket.
    start: usize,
    /// Where its children begin on the `values` scratch stack.
    first_value: usize,
    /// Where its keys begin on the `keys` scratch stack (objects only).
    first_key: usize,
    object: bool,
}

pub(super) struct Parser<'t> {
    pub(super) text: &'t str,
    pub(super) bytes: &'t [u8],
    /// The offset of the next byte to read.
    pub(super) pos: usize,
    base: u32,
    max_depth: u32,
    max_nodes: u64,
    nodes: u64,
    open: Vec<Open>,
    /// The children read so far of every open collection, innermost last, and at the end the
    /// root. An object's values are here and its keys on `keys`, one for one; a key waits
    /// there alone while its value is read.
    values: Vec<Node>,
    keys: Vec<Key>,
    /// Where strings with escapes are decoded.
    pub(super) scratch: String,
}

impl<'t> Parser<'t> {
    pub(super) fn new(text: &'t str, base: u32, limits: &Limits) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            base,
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            nodes: 0,
            open: Vec::new(),
            values: Vec::new(),
            keys: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Reads the whole text as one JSON value.
    pub(super) fn document(mut self) -> Result<Node, LoadError> {
        self.skip_whitespace();
        if self.pos == self.bytes.len() {
            let message = "empty JSON document".to_owned();
            return Err(LoadError::new(LoadErrorKind::Syntax, Span::at(self.base), message));
        }

        let mut slot = ValueSlot::Document;
        loop {
            // A value starts here. A scalar or an empty collection is read whole onto the
            // values stack; a collection with children is opened, and its first child is next.
            let opened = match self.peek() {
                Some(b'{') => self.open_collection(true)?,
                Some(b'[') => self.open_collection(false)?,
                _ => {
                    self.scalar(slot)?;
                    false
                }
            };
            if opened {
                let object = self.open.last().is_some_and(|open| open.object);
                slot = if object { ValueSlot::MemberValue } else { ValueSlot::FirstItem };
                continue;
            }

            // A value is complete. The innermost open collection closes if its bracket
            // follows, and so on outwards, until a comma asks for the next child.
            loop {
                let end = self.pos;
                self.skip_whitespace();
                let Some(open) = self.open.pop() else { return self.end_of_document() };
                let close = if open.object { b'}' } else { b']' };

                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_whitespace();
                        if self.peek() == Some(close) {
                            return Err(self.trailing_comma(comma));
                        }
                        if open.object {
                            self.member_key(KeySlot::Next)?;
                            slot = ValueSlot::MemberValue;
                        } else {
                            slot = ValueSlot::NextItem;
                        }
                        self.open.push(open);
                        break;
                    }
                    Some(byte) if byte == close => {
                        self.pos += 1;
                        self.close(&open);
                    }
                    _ => return Err(self.after_child(open.object, end)),
                }
            }
        }
    }

    /// Opens the collection whose bracket is at `pos`. An empty one is read whole onto the
    /// values stack; otherwise it joins the open stack (an object with its first key read),
    /// and `true` says that its first value comes next.
    fn open_collection(&mut self, object: bool) -> Result<bool, LoadError> {
        let start = self.pos;
        let bracket = self.span(start, start + 1);
        if self.open.len() >= self.max_depth as usize {
            return Err(too_deep(bracket, self.max_depth));
        }
        self.count(bracket)?;

        self.pos += 1;
        self.skip_whitespace();
        let close = if object { b'}' } else { b']' };
        if self.peek() == Some(close) {
            self.pos += 1;
            let kind =
                if object { NodeKind::Mapping(Vec::new()) } else { NodeKind::Sequence(vec![]) };
            self.values.push(Node::new(self.span(start, self.pos), kind));
            return Ok(false);
        }

        let (first_value, first_key) = (self.values.len(), self.keys.len());
        if object {
            self.member_key(KeySlot::First)?;
        }
        self.open.push(Open { start, first_value, first_key, object });
        Ok(true)
    }

    /// Replaces the children of `open`, whose closing bracket was just read, by its node on
    /// the values stack. Each vector is allocated once, at its exact size.
    fn close(&mut self, open: &Open) {
        let span = self.span(open.start, self.pos);
        let values = self.values.drain(open.first_value..);
        let kind = if open.object {
            let keys = self.keys.drain(open.first_key..);
            NodeKind::Mapping(keys.zip(values).map(|(key, value)| Entry { key, value }).collect())
        } else {
            NodeKind::Sequence(values.collect())
        };
        self.values.push(Node::new(span, kind));
    }

    /// Reads an object key at `pos` and the colon after it, leaving `pos` at its value.
    fn member_key(&mut self, slot: KeySlot) -> Result<(), LoadError> {
        if self.peek() != Some(b'"') {
            return Err(self.key_expected(slot));
        }
        let start = self.pos;
        let text = self.string()?;
        let span = self.span(start, self.pos);

        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.colon_expected());
        }
        self.pos += 1;
        self.skip_whitespace();
        self.keys.push(Key { text, span });
        Ok(())
    }

    /// Reads the string, number or literal at `pos`, where `slot` expects a value, onto the
    /// values stack.
    fn scalar(&mut self, slot: ValueSlot) -> Result<(), LoadError> {
        let start = self.pos;
        let (text, style) = match self.peek() {
            Some(b'"') => (self.string()?, ScalarStyle::JsonString),
            Some(b'-' | b'0'..=b'9') => (self.number()?, ScalarStyle::JsonLiteral),
            _ => match self.literal() {
                Some(word) => (Box::from(word), ScalarStyle::JsonLiteral),
                None => return Err(self.value_expected(slot)),
            },
        };
        let span = self.span(start, self.pos);
        self.count(span)?;
        self.values.push(Node::new(span, NodeKind::Scalar(Scalar { text, style })));
        Ok(())
    }

    /// The root value is complete, alone on the values stack, and whitespace skipped: only the
    /// end of the text may follow.
    fn end_of_document(&mut self) -> Result<Node, LoadError> {
        if self.pos < self.bytes.len() {
            return Err(self.text_after_document());
        }
        self.values.pop().ok_or_else(|| self.value_expected(ValueSlot::Document))
    }

    fn count(&mut self, span: Span) -> Result<(), LoadError> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(too_many_nodes(span, self.max_nodes));
        }
        Ok(())
    }

    /// The span of `start..end` in the text, moved by the base offset.
    pub(super) fn span(&self, start: usize, end: usize) -> Span {
        Span::from_range(start..end).shifted(self.base)
    }
}
