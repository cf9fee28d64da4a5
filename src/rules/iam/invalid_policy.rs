//! IAM010 invalid-policy: structural errors that make IAM reject a policy or read it other
//! than its author meant.

use std::collections::{HashMap, HashSet};

use super::grammar::{is_known_operator, resource_problem};
use crate::model::child_path;
use crate::model::iam::{Policy, PolicyKind, Statement};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::syntax::Span;

static META: RuleMeta = crate::rule_meta!("IAM010", "invalid-policy", High);

/// The current policy language; the only other is the 2008 one.
const CURRENT_VERSION: &str = "2012-10-17";
const OLD_VERSION: &str = "2008-10-17";

pub struct InvalidPolicy;

impl Rule for InvalidPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            // A grant a resource implies (a layer permission) has no document to get wrong.
            let Some(statement_key) = policy.statement_key else { continue };
            check_version(policy, statement_key, out);
            check_sids(policy, out);
            for statement in &policy.statements {
                check_statement(policy, statement, out);
            }
        }
    }
}

fn finding(severity: Severity, span: Span, path: String, message: String) -> Finding {
    Finding::new(META.code, META.name, severity, span).message(message).path(path)
}

fn check_version(policy: &Policy, statement_key: Span, out: &mut Vec<Finding>) {
    // Without the current version, `${aws:username}` and the other policy variables are plain
    // text: a statement scoped with one silently matches nothing, or the wrong thing.
    let uses_variables = uses_policy_variables(policy);
    let old_severity = if uses_variables { Severity::Medium } else { Severity::Low };
    let version_path = child_path(&policy.path, "Version");
    let help = "add \"Version\": \"2012-10-17\" at the top of the policy";

    let Some(version) = &policy.version else {
        out.push(
            finding(
                old_severity,
                statement_key,
                version_path,
                "policy has no Version, so IAM reads it with the 2008-10-17 language".to_owned(),
            )
            .help(help)
            .label("no Version for these statements")
            .value_key("no-version"),
        );
        return;
    };
    let Some(text) = version.as_literal() else { return };
    let (severity, message) = match text {
        CURRENT_VERSION => return,
        OLD_VERSION => (old_severity, "policy uses the 2008-10-17 language".to_owned()),
        other => (Severity::High, format!("policy Version {other} is not one IAM knows")),
    };
    out.push(
        finding(severity, version.span, version_path, message)
            .help(help)
            .label("2012-10-17 is current")
            .value_key(text.to_owned()),
    );
}

/// Whether a literal value of the policy holds a policy variable (`${aws:username}`).
fn uses_policy_variables(policy: &Policy) -> bool {
    policy.statements.iter().any(|statement| {
        let fields = [&statement.resource, &statement.not_resource];
        let conditions = statement.condition.iter().flat_map(|c| &c.clauses).map(|c| &c.values);
        fields
            .into_iter()
            .flatten()
            .chain(conditions)
            .flat_map(crate::model::Values::literals)
            .any(|(_, text)| has_policy_variable(text))
    })
}

/// Whether `text` holds `${aws:` in any case. Every resource and condition value is asked, so
/// the scan looks for the rare `$` first.
fn has_policy_variable(text: &str) -> bool {
    memchr::memchr_iter(b'$', text.as_bytes())
        .any(|at| text.as_bytes()[at..].get(..6).is_some_and(|p| p.eq_ignore_ascii_case(b"${aws:")))
}

/// A Sid given twice. Statements from the two branches of one `Fn::If` share their item's
/// path and only one of them is deployed, so they do not count against each other.
fn check_sids(policy: &Policy, out: &mut Vec<Finding>) {
    let mut first: HashMap<&str, (&Statement, Span)> = HashMap::new();
    for statement in &policy.statements {
        let Some(sid) = &statement.sid else { continue };
        let Some(text) = sid.as_literal() else { continue };
        match first.get(text) {
            Some((earlier, _)) if earlier.path == statement.path => {}
            Some(&(_, earlier)) => out.push(
                finding(
                    Severity::Medium,
                    sid.span,
                    child_path(&statement.path, "Sid"),
                    format!("Sid {text} is used by another statement of the policy"),
                )
                .help("give every statement of a policy its own Sid")
                .label("repeated Sid")
                .secondary(earlier, "first used here")
                .value_key(text.to_owned()),
            ),
            None => {
                first.insert(text, (statement, sid.span));
            }
        }
    }
}

fn check_statement(policy: &Policy, statement: &Statement, out: &mut Vec<Finding>) {
    let path = |field: &str| child_path(&statement.path, field);
    let anchor = anchor(statement);

    // Nothing to read: one finding rather than one per missing element.
    if is_empty(statement) {
        out.push(
            finding(
                Severity::High,
                statement.span,
                statement.path.clone(),
                "statement is empty or not an object".to_owned(),
            )
            .help("write the statement as an object with Effect, Action and Resource or Principal")
            .value_key("empty-statement"),
        );
        return;
    }

    match &statement.effect {
        None => out.push(
            finding(Severity::High, anchor, path("Effect"), "statement has no Effect".to_owned())
                .help("add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"")
                .value_key("no-effect"),
        ),
        Some(effect) => {
            if let Some(text) = effect.as_literal().filter(|t| !matches!(*t, "Allow" | "Deny")) {
                out.push(
                    finding(
                        Severity::High,
                        effect.span,
                        path("Effect"),
                        format!("Effect {text} is neither Allow nor Deny"),
                    )
                    .help("write Allow or Deny, with that capitalization")
                    .label("not Allow or Deny")
                    .value_key(text.to_owned()),
                );
            }
        }
    }

    let pairs = [
        (
            statement.action.as_ref().map(|v| v.key_span),
            statement.not_action.as_ref().map(|v| v.key_span),
            "Action",
            "NotAction",
        ),
        (
            statement.resource.as_ref().map(|v| v.key_span),
            statement.not_resource.as_ref().map(|v| v.key_span),
            "Resource",
            "NotResource",
        ),
        (
            statement.principal.as_ref().map(|p| p.key_span),
            statement.not_principal.as_ref().map(|p| p.key_span),
            "Principal",
            "NotPrincipal",
        ),
    ];
    for (plain, negated, name, negated_name) in pairs {
        if let (Some(plain), Some(negated)) = (plain, negated) {
            out.push(
                finding(
                    Severity::High,
                    negated,
                    path(negated_name),
                    format!("statement has both {name} and {negated_name}"),
                )
                .help(format!("keep one of {name} and {negated_name}"))
                .label(format!("{negated_name} next to {name}"))
                .secondary(plain, name.to_owned())
                .value_key(negated_name.to_ascii_lowercase()),
            );
        }
    }

    check_required_fields(policy, statement, anchor, out);
    check_resources(statement, out);
    check_operators(statement, out);
}

fn is_empty(statement: &Statement) -> bool {
    statement.sid.is_none()
        && statement.effect.is_none()
        && statement.action.is_none()
        && statement.not_action.is_none()
        && statement.resource.is_none()
        && statement.not_resource.is_none()
        && statement.principal.is_none()
        && statement.not_principal.is_none()
        && statement.condition.is_none()
}

/// Where a finding about a missing field goes: the Sid, else the first field the statement
/// has, else the statement itself.
fn anchor(statement: &Statement) -> Span {
    let keys = [
        statement.sid.as_ref().map(|s| s.span),
        statement.effect.as_ref().map(|e| e.span),
        statement.action.as_ref().map(|a| a.key_span),
        statement.not_action.as_ref().map(|a| a.key_span),
        statement.principal.as_ref().map(|p| p.key_span),
        statement.resource.as_ref().map(|r| r.key_span),
    ];
    keys.into_iter().flatten().min_by_key(|span| span.start).unwrap_or(statement.span)
}

fn check_required_fields(
    policy: &Policy,
    statement: &Statement,
    anchor: Span,
    out: &mut Vec<Finding>,
) {
    let path = |field: &str| child_path(&statement.path, field);
    let missing = |field: &str, message: &str, help: &str| {
        finding(Severity::High, anchor, path(field), message.to_owned())
            .help(help.to_owned())
            .value_key(format!("no-{}", field.to_ascii_lowercase()))
    };

    if statement.action.is_none() && statement.not_action.is_none() {
        out.push(missing(
            "Action",
            "statement has no Action",
            "list the actions the statement allows or denies",
        ));
    }
    let has_principal = statement.principal.is_some() || statement.not_principal.is_some();
    let has_resource = statement.resource.is_some() || statement.not_resource.is_some();
    match policy.kind {
        PolicyKind::Identity if has_principal => {
            let key = statement
                .principal
                .as_ref()
                .or(statement.not_principal.as_ref())
                .map_or(anchor, |p| p.key_span);
            out.push(
                finding(Severity::High, key, path("Principal"), "identity policy has a Principal".to_owned())
                    .help("remove Principal: an identity policy applies to the user, group or role it is attached to")
                    .label("not allowed in an identity policy")
                    .value_key("identity-principal"),
            );
        }
        PolicyKind::Resource | PolicyKind::Trust if !has_principal => out.push(missing(
            "Principal",
            "statement of a resource or trust policy has no Principal",
            "name who the statement applies to in Principal",
        )),
        _ => {}
    }
    if !has_resource && super::governs_identity(policy, statement) {
        out.push(missing(
            "Resource",
            "statement of an identity policy has no Resource",
            "list the ARNs the statement applies to in Resource",
        ));
    }
}

fn check_resources(statement: &Statement, out: &mut Vec<Finding>) {
    for (field, values) in
        [("Resource", &statement.resource), ("NotResource", &statement.not_resource)]
    {
        let Some(values) = values else { continue };
        for (index, value, text) in values.indexed_literals() {
            let Some(problem) = resource_problem(text) else { continue };
            out.push(
                finding(
                    Severity::High,
                    value.span,
                    super::item_path(statement, field, values, index),
                    format!("{field} {text} {problem}"),
                )
                .help("write `*` or a full ARN: arn:partition:service:region:account:resource")
                .label("malformed ARN")
                .value_key(text.to_owned()),
            );
        }
    }
}

fn check_operators(statement: &Statement, out: &mut Vec<Finding>) {
    let Some(condition) = &statement.condition else { return };
    let mut seen = HashSet::new();
    for clause in &condition.clauses {
        let Some(operator) = clause.operator.as_literal() else { continue };
        if is_known_operator(operator) || !seen.insert(clause.operator.span) {
            continue;
        }
        out.push(
            finding(
                Severity::High,
                clause.operator.span,
                child_path(&statement.path, "Condition"),
                format!("condition operator {operator} is not one IAM knows"),
            )
            .help("use an IAM condition operator such as StringEquals, StringLike, ArnLike, IpAddress or Bool, with IfExists or ForAnyValue:/ForAllValues: where needed")
            .label("unknown operator")
            .value_key(operator.to_owned()),
        );
    }
}

#[cfg(test)]
#[path = "invalid_policy_tests.rs"]
mod tests;
