//! Scalar values as rules see them: a literal, a reference resolved at deploy time, or unknown.

use crate::syntax::Span;

/// One value from the document, with the span of the token it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub span: Span,
    pub kind: ValueKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Text written in the document. Numbers and booleans keep their source text (`22`, `true`).
    Literal(Box<str>),
    /// A value only known at deploy time, such as a CloudFormation `Ref` or `Fn::GetAtt`:
    /// `function` is the intrinsic, `target` what it points at.
    Reference { function: Box<str>, target: Box<str> },
    /// Text assembled at deploy time from literal parts and references (`Fn::Sub`, `Fn::Join`):
    /// the literal parts as written, every other part as a `${...}` placeholder
    /// (`arn:aws:s3:::${Bucket}/*`). Never equal to a literal, so a rule looking for `*` does
    /// not see one in `arn:aws:s3:::${Bucket}/*`.
    Interpolated(Box<str>),
    /// One of several values, decided by a condition at deploy time (`Fn::If`). Each
    /// alternative keeps its own span; rules consider every one.
    Choice(Vec<Value>),
    /// A value whose shape the extractor did not understand (an object where a string belongs).
    /// Rules treat it as "could be anything" and do not report on it.
    Unknown,
}

impl Value {
    #[must_use]
    pub fn literal(span: Span, text: impl Into<Box<str>>) -> Self {
        Self { span, kind: ValueKind::Literal(text.into()) }
    }

    #[must_use]
    pub fn unknown(span: Span) -> Self {
        Self { span, kind: ValueKind::Unknown }
    }

    /// The literal text, if the value is a literal.
    #[must_use]
    pub fn as_literal(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Literal(text) => Some(text),
            _ => None,
        }
    }

    /// The values this one may take: the alternatives of a [`ValueKind::Choice`] (nested
    /// choices flattened), or the value itself.
    #[must_use]
    pub fn alternatives(&self) -> Alternatives<'_> {
        Alternatives { next: Some(self), stack: Vec::new() }
    }

    /// Every literal this value may take, with the span of the token that gives it.
    pub fn literal_alternatives(&self) -> impl Iterator<Item = (&Value, &str)> {
        self.alternatives().filter_map(|v| v.as_literal().map(|t| (v, t)))
    }

    /// Calls `f` on this value and, for a choice, on every alternative (innermost last), so
    /// that a pass over the model can rewrite each leaf.
    pub fn visit_mut(&mut self, f: &mut impl FnMut(&mut Value)) {
        if let ValueKind::Choice(choices) = &mut self.kind {
            for choice in choices {
                choice.visit_mut(f);
            }
        }
        f(self);
    }

    /// Whether the value is literally `text` (ASCII case-insensitive, as AWS compares keywords
    /// like `Allow` or `tcp`).
    #[must_use]
    pub fn is(&self, text: &str) -> bool {
        self.as_literal().is_some_and(|t| t.eq_ignore_ascii_case(text))
    }
}

/// The iterator of [`Value::alternatives`]. Rules ask for the alternatives of every item of
/// every field, and nearly all values are plain: those pass through without allocating; only a
/// choice fills the stack.
#[derive(Clone, Debug)]
pub struct Alternatives<'a> {
    next: Option<&'a Value>,
    /// Alternatives still to visit, the next one last.
    stack: Vec<&'a Value>,
}

impl<'a> Iterator for Alternatives<'a> {
    type Item = &'a Value;

    fn next(&mut self) -> Option<&'a Value> {
        let mut value = self.next.take().or_else(|| self.stack.pop())?;
        while let ValueKind::Choice(choices) = &value.kind {
            self.stack.extend(choices.iter().rev());
            value = self.stack.pop()?;
        }
        Some(value)
    }
}

/// A field that AWS accepts as one string or a list of strings (`Action`, `Resource`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Values {
    /// The field's value node: the string, or the whole list.
    pub span: Span,
    /// The key that introduced the field (`"Action"`), for labels on the field itself.
    pub key_span: Span,
    pub items: Vec<Value>,
}

impl Values {
    pub fn iter(&self) -> std::slice::Iter<'_, Value> {
        self.items.iter()
    }

    /// Literal items with their index in the field, every alternative of a choice included
    /// (under its item's index).
    pub fn indexed_literals(&self) -> impl Iterator<Item = (usize, &Value, &str)> {
        self.items.iter().enumerate().flat_map(|(index, item)| {
            item.literal_alternatives().map(move |(value, text)| (index, value, text))
        })
    }

    /// Literal items only, with every alternative of a choice.
    pub fn literals(&self) -> impl Iterator<Item = (&Value, &str)> {
        self.items.iter().flat_map(Value::literal_alternatives)
    }
}

impl<'a> IntoIterator for &'a Values {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
