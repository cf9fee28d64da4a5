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

    /// Whether the value is literally `text` (ASCII case-insensitive, as AWS compares keywords
    /// like `Allow` or `tcp`).
    #[must_use]
    pub fn is(&self, text: &str) -> bool {
        self.as_literal().is_some_and(|t| t.eq_ignore_ascii_case(text))
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

    /// Literal items only.
    pub fn literals(&self) -> impl Iterator<Item = (&Value, &str)> {
        self.items.iter().filter_map(|v| v.as_literal().map(|t| (v, t)))
    }
}

impl<'a> IntoIterator for &'a Values {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
