//! IAM policy documents: bare (identity, resource, trust, SCP), or held by an API shape inline
//! or as a JSON string.

use super::Extraction;
use super::cloudformation::intrinsics;
use super::fields::{field, key_value, values, values_field};
use crate::model::iam::{
    Condition, ConditionClause, Policy, PolicyKind, Principal, PrincipalEntry, Statement,
};
use crate::model::{Value, ValueKind, Values, child_path, index_path};
use crate::syntax::{self, Entry, LoadError, LoadErrorKind, Node};

/// The keys a statement is made of; a mapping with none of them is not a statement.
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

/// A bare policy document at the top of the file. Its kind is inferred from the statements.
pub(super) fn extract(root: &Node, out: &mut Extraction<'_>) -> Option<&'static str> {
    if !is_policy(root) {
        return None;
    }
    out.model.policies.push(policy(root, String::new(), PolicyKind::Unknown, None));
    Some("iam-policy")
}

/// Whether `node` is a policy document: `Statement` holds one statement or a list of them
/// (nulls aside), and `Version`, when present, is a scalar. An empty list counts only next to a
/// `Version`.
fn is_policy(node: &Node) -> bool {
    let Some(statement) = node.get("Statement") else { return false };
    let version = node.get("Version");
    if version.is_some_and(|v| v.scalar().is_none()) {
        return false;
    }

    let listed = statement.items().unwrap_or(std::slice::from_ref(statement));
    let mut statements = listed.iter().filter(|s| !s.is_null()).peekable();
    let is_statement = |s: &Node| s.entries().is_some_and(|e| e.iter().any(is_statement_key));
    (statements.peek().is_some() || version.is_some()) && statements.all(is_statement)
}

fn is_statement_key(entry: &Entry) -> bool {
    STATEMENT_KEYS.contains(&&*entry.key.text)
}

/// Whether `node` can hold a policy document in an API shape: an object, or a string to parse.
pub(super) fn is_document(node: Option<&Node>) -> bool {
    node.is_some_and(|n| n.entries().is_some() || (n.scalar().is_some() && !n.is_null()))
}

/// Adds the policy document at `node`, written inline or as a JSON string (URL-encoded, as
/// some IAM APIs return it). A string that does not parse adds an error instead, and the rest
/// of the file is still extracted. `kind` `Unknown` is inferred from the statements.
pub(super) fn push_document(
    node: &Node,
    path: String,
    kind: PolicyKind,
    name: Option<Value>,
    out: &mut Extraction<'_>,
) {
    if let Some(call) = intrinsics::call(node) {
        push_template_document(node, call, path, kind, name, out);
        return;
    }
    if node.entries().is_some() {
        out.model.policies.push(policy(node, path, kind, name));
        return;
    }
    if node.scalar().is_none() || node.is_null() {
        return;
    }

    if let Some(inner) = parse_string_document(node, out) {
        out.model.policies.push(policy(&inner, path, kind, name));
    }
}

/// The JSON object held by the string `node`, or `None` with an input error recorded. Spans
/// are mapped into the string; where they cannot be (a folded YAML scalar), every span is the
/// whole string and the model records it, so that findings there say so. URL-encoded
/// documents (IAM's query API) are decoded too, with exact spans.
pub(super) fn parse_string_document(node: &Node, out: &mut Extraction<'_>) -> Option<Node> {
    let whole = node.resolve().span;
    let parsed = syntax::parse_embedded_json(node, out.source, out.limits)
        .unwrap_or_else(|| Err(embedded_error(node, "not a string")));
    match parsed {
        Ok(inner) if inner.root.entries().is_some() => {
            if !inner.mapping.is_exact() {
                out.model.approximate.push(whole);
            }
            // IAM rejects a repeated key in a document sent as a string just as in one written
            // inline; the file's own check never sees inside the string.
            out.errors.extend(syntax::duplicate_keys(&inner.root));
            Some(inner.root)
        }
        Ok(_) => {
            out.errors.push(LoadError::new(
                LoadErrorKind::Embedded,
                whole,
                "embedded policy document is not a JSON object".to_owned(),
            ));
            None
        }
        Err(error) => {
            out.errors.push(error);
            None
        }
    }
}

/// A document behind an intrinsic function in a template: each branch of an `Fn::If`, or the
/// JSON text of an `Fn::Sub`, whose strings with `${...}` placeholders become interpolated
/// values. Other functions (`Ref`, `Fn::ImportValue`) yield a document that is not in the file.
fn push_template_document(
    node: &Node,
    call: intrinsics::Call<'_>,
    path: String,
    kind: PolicyKind,
    name: Option<Value>,
    out: &mut Extraction<'_>,
) {
    match call.name {
        "Fn::If" => {
            for branch in intrinsics::branches(node) {
                push_document(branch, path.clone(), kind, name.clone(), out);
            }
        }
        "Fn::Sub" => {
            let body = call.args.items().and_then(<[Node]>::first).unwrap_or(call.args);
            if body.scalar().is_none() {
                return;
            }
            let Some(inner) = parse_string_document(body, out) else { return };
            let mut policy = policy(&inner, path, kind, name);
            policy.visit_values_mut(&mut |value| {
                if let ValueKind::Literal(text) = &value.kind
                    && intrinsics::has_placeholder(text)
                {
                    value.kind = ValueKind::Interpolated(text.clone());
                }
            });
            out.model.policies.push(policy);
        }
        _ => {}
    }
}

fn embedded_error(node: &Node, reason: &str) -> LoadError {
    let span = node.resolve().span;
    LoadError::new(LoadErrorKind::Embedded, span, format!("embedded policy document: {reason}"))
}

/// The policy document `node` (a mapping) at document path `path`.
pub(super) fn policy(node: &Node, path: String, kind: PolicyKind, name: Option<Value>) -> Policy {
    let statements = statements(node, &path);
    let kind = if kind == PolicyKind::Unknown { infer_kind(&statements) } else { kind };
    Policy {
        span: node.span,
        kind,
        name,
        logical_id: None,
        attached_to: Vec::new(),
        attachments: Vec::new(),
        role: None,
        version: field(node, "Version"),
        statement_key: node.entry("Statement").map(|entry| entry.key.span),
        statements,
        path,
    }
}

/// Every statement: the items of a `Statement` list, or the one object it may be. Items that
/// are not objects still become (empty) statements, so that a rule can report them.
fn statements(node: &Node, policy_path: &str) -> Vec<Statement> {
    let Some(statement) = node.get("Statement") else { return Vec::new() };
    let path = child_path(policy_path, "Statement");
    match statement.items() {
        // A policy of thousands of statements (generated, or a whole account's) is read on
        // every thread; order is kept.
        Some(items) if items.len() >= PARALLEL_STATEMENTS => {
            use rayon::prelude::*;
            items
                .par_iter()
                .enumerate()
                .flat_map_iter(|(i, item)| statements_of_item(item, &path, i))
                .collect()
        }
        Some(items) => items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| statements_of_item(item, &path, i))
            .collect(),
        None if statement.is_null() => Vec::new(),
        None => vec![self::statement(statement, path)],
    }
}

/// From this many statements a policy's are read in parallel.
const PARALLEL_STATEMENTS: usize = 4096;

/// The statements of one item of a `Statement` list: one, or one per branch of an `Fn::If`
/// (each at the item's index).
fn statements_of_item<'a>(
    item: &'a Node,
    list_path: &'a str,
    index: usize,
) -> impl Iterator<Item = Statement> + 'a {
    intrinsics::branches(item)
        .filter(|branch| !branch.is_null())
        .map(move |branch| self::statement(branch, index_path(list_path, index)))
}

pub(super) fn statement(node: &Node, path: String) -> Statement {
    Statement {
        span: node.span,
        sid: field(node, "Sid"),
        effect: field(node, "Effect"),
        action: values_field(node, "Action"),
        not_action: values_field(node, "NotAction"),
        resource: values_field(node, "Resource"),
        not_resource: values_field(node, "NotResource"),
        principal: node.entry("Principal").and_then(principal),
        not_principal: node.entry("NotPrincipal").and_then(principal),
        condition: node.get("Condition").and_then(condition),
        path,
    }
}

/// `"*"`, or a map of principal types to one value or a list. Any other shape is kept as one
/// entry of unknown type, so that nothing about it is assumed.
fn principal(entry: &Entry) -> Option<Principal> {
    let node = &entry.value;
    let values = values(entry)?;
    let mut principal =
        Principal { span: node.span, key_span: entry.key.span, any: None, entries: Vec::new() };

    if let Some(types) = node.entries() {
        principal.entries = types
            .iter()
            .filter_map(|e| {
                Some(PrincipalEntry { kind: key_value(&e.key), values: self::values(e)? })
            })
            .collect();
    } else if node.scalar().is_some() && field_is_star(&values) {
        principal.any = Some(node.span);
    } else {
        principal.entries.push(PrincipalEntry { kind: Value::unknown(node.span), values });
    }
    Some(principal)
}

fn field_is_star(values: &Values) -> bool {
    matches!(values.items.as_slice(), [only] if only.as_literal() == Some("*"))
}

/// `operator: { key: value or list }` pairs. Parts of another shape become unknown clauses:
/// a condition the extractor cannot read still narrows the statement as far as rules know.
fn condition(node: &Node) -> Option<Condition> {
    if node.is_null() {
        return None;
    }
    let mut clauses = Vec::new();
    let Some(operators) = node.entries() else {
        clauses.push(unknown_clause(node));
        return Some(Condition { span: node.span, clauses });
    };

    for operator in operators {
        let Some(keys) = operator.value.entries() else {
            if !operator.value.is_null() {
                clauses.push(ConditionClause {
                    operator: key_value(&operator.key),
                    ..unknown_clause(&operator.value)
                });
            }
            continue;
        };
        clauses.extend(keys.iter().filter_map(|key| {
            Some(ConditionClause {
                operator: key_value(&operator.key),
                key: key_value(&key.key),
                values: values(key)?,
            })
        }));
    }
    Some(Condition { span: node.span, clauses })
}

fn unknown_clause(node: &Node) -> ConditionClause {
    let unknown = Value::unknown(node.span);
    ConditionClause {
        operator: unknown.clone(),
        key: unknown.clone(),
        values: Values { span: node.span, key_span: node.span, items: vec![unknown] },
    }
}

/// Resource when a statement names a principal, trust when every such statement only lets the
/// principal assume a role (or tag its session), identity otherwise (SCPs included).
fn infer_kind(statements: &[Statement]) -> PolicyKind {
    let mut with_principal =
        statements.iter().filter(|s| s.principal.is_some() || s.not_principal.is_some()).peekable();
    if with_principal.peek().is_none() {
        return PolicyKind::Identity;
    }

    let assumes_role = |s: &Statement| {
        s.action.as_ref().is_some_and(|actions| {
            !actions.items.is_empty()
                && actions.iter().all(|a| a.as_literal().is_some_and(is_trust_action))
        })
    };
    if with_principal.all(assumes_role) { PolicyKind::Trust } else { PolicyKind::Resource }
}

/// `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity` (and patterns
/// such as `sts:AssumeRole*`), and the session actions that accompany them in trust policies.
fn is_trust_action(action: &str) -> bool {
    let action = action.to_ascii_lowercase();
    action.starts_with("sts:assumerole")
        || matches!(action.as_str(), "sts:tagsession" | "sts:setsourceidentity" | "sts:setcontext")
}

#[cfg(test)]
mod tests {
    use crate::syntax::{self, Limits, Syntax};

    /// Enough statements to be read in parallel, every seventh under an `Fn::If` whose second
    /// branch is `AWS::NoValue`: the statements keep the order and paths of the template.
    #[test]
    fn many_statements_keep_their_order_and_paths() {
        let count = super::PARALLEL_STATEMENTS + 100;
        let items: Vec<String> = (0..count)
            .map(|i| {
                let statement = format!(
                    "{{\"Sid\": \"S{i}\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \
                     \"Resource\": \"*\"}}"
                );
                if i % 7 == 0 {
                    format!("{{\"Fn::If\": [\"C\", {statement}, {{\"Ref\": \"AWS::NoValue\"}}]}}")
                } else {
                    statement
                }
            })
            .collect();
        let text = format!(
            "{{\"Resources\": {{\"P\": {{\"Type\": \"AWS::IAM::ManagedPolicy\", \"Properties\": \
             {{\"PolicyDocument\": {{\"Statement\": [{}]}}}}}}}}}}",
            items.join(", ")
        );
        let limits = Limits::default();
        let document = syntax::parse(&text, Syntax::Json, &limits).unwrap();
        let extracted = crate::formats::extract(&document, &text, &limits).unwrap();

        let statements = &extracted.model.policies[0].statements;
        assert_eq!(statements.len(), count);
        for (i, statement) in statements.iter().enumerate() {
            let sid = statement.sid.as_ref().and_then(|s| s.as_literal()).unwrap();
            assert_eq!(sid, format!("S{i}"));
            assert!(statement.path.ends_with(&format!(".Statement[{i}]")), "{}", statement.path);
        }
    }
}
