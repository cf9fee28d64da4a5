//! Template parameters: a `Ref` to a parameter with a `Default` is replaced by the default, so
//! that rules judge what a deployment gets unless it passes another value; the model records
//! each replacement, and a finding on it says where the value came from.

use std::collections::HashMap;

use super::Template;
use crate::formats::Extraction;
use crate::model::{Parameter, ParameterUse, Value, ValueKind};
use crate::syntax::Node;

/// The parameter definitions of `root`, by name.
pub(super) fn definitions(root: &Node) -> HashMap<&str, &Node> {
    let entries = root.get("Parameters").and_then(Node::entries).unwrap_or_default();
    entries.iter().map(|entry| (&*entry.key.text, &entry.value)).collect()
}

/// Records the parameters of `root` in the model: their names, types and `NoEcho`.
pub(super) fn record(root: &Node, out: &mut Extraction<'_>) {
    let entries = root.get("Parameters").and_then(Node::entries).unwrap_or_default();
    for entry in entries {
        let kind = entry.value.get("Type").and_then(Node::as_str).unwrap_or("String");
        out.model.parameters.push(Parameter {
            name: entry.key.text.clone(),
            span: entry.key.span,
            kind: kind.into(),
            no_echo: is_no_echo(&entry.value),
        });
    }
}

/// Replaces every `Ref` to a parameter that has a usable default by that default.
pub(super) fn follow_defaults(template: &Template<'_>, out: &mut Extraction<'_>) {
    if template.parameters.is_empty() {
        return;
    }
    let mut uses = Vec::new();
    out.model.visit_values_mut(&mut |value: &mut Value| {
        let ValueKind::Reference { function, target } = &value.kind else { return };
        if &**function != "Ref" {
            return;
        }
        let Some(default) = template.parameters.get(&**target).and_then(|p| default(p)) else {
            return;
        };
        uses.push(ParameterUse {
            span: value.span,
            parameter: target.clone(),
            default: default.span,
        });
        value.kind = ValueKind::Literal(default.as_str().unwrap_or_default().into());
    });
    out.model.parameter_uses.extend(uses);
}

/// A parameter's `Default` when it is a plain value a `Ref` yields as is. Not followed: list
/// types (a `Ref` yields a list), SSM parameter types (the default names a parameter, not its
/// value), and `NoEcho` parameters (their value is meant to be passed in, not read here).
fn default(parameter: &Node) -> Option<&Node> {
    let default = parameter.get("Default").filter(|d| d.scalar().is_some() && !d.is_null())?;
    let kind = parameter.get("Type").and_then(Node::as_str).unwrap_or("String");
    let plain = matches!(kind, "String" | "Number");
    (plain && !is_no_echo(parameter)).then_some(default)
}

/// `NoEcho: true`, as a boolean or a string.
fn is_no_echo(parameter: &Node) -> bool {
    parameter.get("NoEcho").and_then(Node::as_str).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}
