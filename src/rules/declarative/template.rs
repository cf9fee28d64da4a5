//! Message, help and label templates: text with `{value}` (what the match stood on) and
//! `{field.path}` placeholders, checked against the target's fields when the rule is loaded.
//!
//! A template never prints a secret: any value that LAM001's detection flags (the value of a
//! variable whose name says secret, or a value in a known credential format) is printed masked,
//! as every report masks it in source excerpts.

use std::borrow::Cow;
use std::fmt::Write;

use super::expr::{Hit, Subject, resolve};
use super::object::{Node, Object, Target};
use crate::model::ValueKind;
use crate::report::mask::masked;
use crate::rules::lambda::secrets;
use crate::syntax::Span;

#[derive(Debug)]
enum Part {
    Text(String),
    Value,
    Field(Vec<String>),
}

#[derive(Debug)]
pub struct Template(Vec<Part>);

/// A template, or several: the first whose fields are all present is used, so that a message
/// can name what it knows and say less when the document does not tell.
#[derive(Debug)]
pub struct Templates(Vec<Template>);

/// How a rule file writes a template: one text, or alternatives in order of preference.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub enum TemplateSpec {
    One(String),
    Alternatives(Vec<String>),
}

impl Templates {
    pub fn parse(spec: &TemplateSpec, target: Target) -> Result<Self, String> {
        let texts = match spec {
            TemplateSpec::One(text) => std::slice::from_ref(text),
            TemplateSpec::Alternatives(texts) => texts.as_slice(),
        };
        if texts.is_empty() {
            return Err("a template list needs at least one template".to_owned());
        }
        texts.iter().map(|t| Template::parse(t, target)).collect::<Result<_, _>>().map(Self)
    }

    /// The first template whose fields `object` has, rendered (the last one in any case).
    #[must_use]
    pub fn render(&self, object: &Object<'_>, hit: &Hit, secrets: &[Span]) -> String {
        let usable = self.0.iter().find(|t| t.complete(object));
        usable.or(self.0.last()).map(|t| t.render(object, hit, secrets)).unwrap_or_default()
    }
}

impl Template {
    /// Whether every field the template prints is present on `object`.
    fn complete(&self, object: &Object<'_>) -> bool {
        self.0.iter().all(|part| match part {
            Part::Field(path) => !matches!(object.get(path), None | Some(Node::Absent)),
            Part::Text(_) | Part::Value => true,
        })
    }

    /// Parses `text` for `target`; the error names the first bad placeholder.
    pub fn parse(text: &str, target: Target) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            literal.push_str(&rest[..open]);
            let brace = rest.as_bytes()[open];
            let after = &rest[open + 1..];
            if after.as_bytes().first() == Some(&brace) {
                // `{{` and `}}` are literal braces.
                literal.push(char::from(brace));
                rest = &after[1..];
                continue;
            }
            if brace == b'}' {
                return Err("unmatched `}` in template; write `}}` for a brace".to_owned());
            }
            let Some(close) = after.find('}') else {
                return Err("unclosed `{` in template; write `{{` for a brace".to_owned());
            };
            let name = after[..close].trim();
            parts.push(Part::Text(std::mem::take(&mut literal)));
            parts.push(placeholder(name, target)?);
            rest = &after[close + 1..];
        }
        literal.push_str(rest);
        parts.push(Part::Text(literal));
        Ok(Self(parts))
    }

    /// The text for one match on `object`; values in `secrets` are masked.
    #[must_use]
    pub fn render(&self, object: &Object<'_>, hit: &Hit, secrets: &[Span]) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Value => {
                    let text = hit.value.as_deref().unwrap_or("");
                    out.push_str(&shown(text, secrets.contains(&hit.span)));
                }
                Part::Field(path) => {
                    let node = object.get(path).unwrap_or(&Node::Absent);
                    write_node(&mut out, node, secrets);
                }
            }
        }
        out
    }
}

fn placeholder(name: &str, target: Target) -> Result<Part, String> {
    if name == "value" {
        return Ok(Part::Value);
    }
    let mut path: Vec<String> = name.split('.').map(str::to_owned).collect();
    // `{function.name}` on a function: the target's own noun names the object itself.
    if path.len() > 1 && path[0] == target.noun() && target.field(&path[0]).is_none() {
        path.remove(0);
    }
    match resolve(Subject::Object(target), &path) {
        Ok(Subject::Value | Subject::Values) => Ok(Part::Field(path)),
        Ok(_) => Err(format!("template variable `{name}` is an object; name one of its fields")),
        Err(message) => Err(format!("unknown template variable `{name}`: {message}")),
    }
}

fn write_node(out: &mut String, node: &Node<'_>, secrets: &[Span]) {
    match node {
        Node::Value(value) => {
            let text: Cow<'_, str> = match &value.kind {
                ValueKind::Literal(text) | ValueKind::Interpolated(text) => Cow::Borrowed(text),
                ValueKind::Reference { target, .. } => Cow::Borrowed(target),
                ValueKind::Choice(_) | ValueKind::Unknown => Cow::Borrowed("(set at deploy time)"),
            };
            out.push_str(&shown(&text, secrets.contains(&value.span)));
        }
        Node::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_node(out, item, secrets);
            }
        }
        Node::Object(_) | Node::Absent => out.push_str("(none)"),
    }
}

/// `text`, or its mask when it is a secret: a known flagged span, or a credential format.
fn shown(text: &str, flagged: bool) -> Cow<'_, str> {
    if flagged || secrets::classify("", text, &[]).is_some() {
        let mut shown = masked(text, &[Span::new(0, text.len() as u32)]).into_owned();
        let _ = write!(shown, " ({} characters, masked)", text.chars().count());
        Cow::Owned(shown)
    } else {
        Cow::Borrowed(text)
    }
}

/// The spans of every value in `object` (and the objects it holds) that LAM001's detection
/// flags as a secret.
#[must_use]
pub fn secret_spans(object: &Object<'_>, terms: &[Vec<String>]) -> Vec<Span> {
    let mut out = Vec::new();
    collect(object, terms, &mut out);
    out
}

fn collect(object: &Object<'_>, terms: &[Vec<String>], out: &mut Vec<Span>) {
    if object.target == Target::EnvironmentVariable
        && let (Some(Node::Value(name)), Some(Node::Value(value))) =
            (object.get(&["name".to_owned()]), object.get(&["value".to_owned()]))
        && let Some(name) = name.as_literal()
    {
        for (v, text) in value.literal_alternatives() {
            if secrets::classify(name, text, terms).is_some() {
                out.push(v.span);
            }
        }
    }
    for (_, node) in &object.fields {
        visit(node, terms, out);
    }
}

fn visit(node: &Node<'_>, terms: &[Vec<String>], out: &mut Vec<Span>) {
    match node {
        Node::Object(object) => collect(object, terms, out),
        Node::List(items) => items.iter().for_each(|i| visit(i, terms, out)),
        Node::Value(value) => {
            for (v, text) in value.literal_alternatives() {
                if secrets::classify("", text, terms).is_some() {
                    out.push(v.span);
                }
            }
        }
        Node::Absent => {}
    }
}
