//! Who may invoke a Lambda function, in the shapes the Lambda API uses: function URL configs
//! (`get-function-url-config`, `list-function-url-configs`, `create-function-url-config` and
//! `update-function-url-config` requests and outputs), `add-permission` requests and outputs
//! (the statement it added, as a JSON string), and the function's resource policy from
//! `get-policy`, whose statements become permissions.

use super::Extraction;
use super::fields::{field, has_scalar, list_of, objects};
use super::policy::{parse_string_document, push_document, statement};
use crate::model::iam::{PolicyKind, Statement};
use crate::model::lambda::{FunctionUrl, Permission};
use crate::model::{Value, Values};
use crate::syntax::Node;

pub(super) fn extract(root: &Node, out: &mut Extraction<'_>) -> Option<&'static str> {
    if list_of(root, "FunctionUrlConfigs", is_url_config).is_some() {
        for (path, config) in objects(root, "FunctionUrlConfigs", "") {
            out.model.function_urls.push(url(config, path));
        }
        return Some("lambda-list-function-url-configs");
    }
    if is_url_config(root) {
        out.model.function_urls.push(url(root, String::new()));
        return Some("lambda-function-url-config");
    }
    // The requests name the function and set `AuthType`, which no other Lambda shape has.
    if has_scalar(root, "FunctionName") && has_scalar(root, "AuthType") {
        out.model.function_urls.push(url(root, String::new()));
        return Some("lambda-function-url-config-request");
    }

    if ["FunctionName", "StatementId", "Action", "Principal"].iter().all(|k| has_scalar(root, k)) {
        out.model.permissions.push(add_permission(root));
        return Some("lambda-add-permission");
    }

    if is_add_permission_output(root) {
        // A string that does not parse is an input error of this document, which stays claimed.
        let string = root.get("Statement")?;
        if let Some(inner) = parse_string_document(string, out) {
            let added = statement(&inner, "Statement".to_owned());
            if added.is_allow() {
                out.model.permissions.extend(statement_permissions(&added));
            }
        }
        return Some("lambda-add-permission-output");
    }

    if is_policy_output(root) {
        let policy = root.get("Policy")?;
        let before = out.model.policies.len();
        push_document(policy, "Policy".to_owned(), PolicyKind::Resource, None, out);
        let permissions: Vec<Permission> = out.model.policies[before..]
            .iter()
            .flat_map(|policy| &policy.statements)
            .filter(|statement| statement.is_allow())
            .flat_map(statement_permissions)
            .collect();
        out.model.permissions.extend(permissions);
        return Some("lambda-get-policy");
    }
    None
}

/// A URL config as Lambda returns it: the URL, the function's ARN and the auth type.
fn is_url_config(node: &Node) -> bool {
    ["FunctionUrl", "FunctionArn", "AuthType"].iter().all(|key| has_scalar(node, key))
}

fn url(node: &Node, path: String) -> FunctionUrl {
    FunctionUrl {
        path,
        span: node.span,
        logical_id: None,
        auth_type: field(node, "AuthType"),
        target: field(node, "FunctionArn").or_else(|| field(node, "FunctionName")),
        function_id: None,
    }
}

/// `add-permission` output: only the statement it added, as a JSON string of an object.
fn is_add_permission_output(node: &Node) -> bool {
    let only_key = node.entries().is_some_and(|entries| entries.len() == 1);
    let statement = node.get("Statement").and_then(Node::as_str);
    only_key && statement.is_some_and(|s| s.trim_start().starts_with('{') && s.contains("Effect"))
}

/// `get-policy` output: the function's resource policy as a JSON string, with its revision.
fn is_policy_output(node: &Node) -> bool {
    let policy = node.get("Policy").and_then(Node::as_str);
    has_scalar(node, "RevisionId") && policy.is_some_and(|p| p.trim_start().starts_with('{'))
}

/// An `add-permission` request. Empty strings are how the CLI's input skeleton leaves a field
/// unset, so they count as absent.
fn add_permission(node: &Node) -> Permission {
    let set = |key: &str| field(node, key).filter(|v| v.as_literal() != Some(""));
    Permission {
        path: String::new(),
        span: node.span,
        logical_id: None,
        action: set("Action"),
        principal: set("Principal"),
        function: set("FunctionName"),
        source_arn: set("SourceArn"),
        source_account: set("SourceAccount"),
        principal_org_id: set("PrincipalOrgID"),
        function_url_auth_type: set("FunctionUrlAuthType"),
        function_id: None,
    }
}

/// The permissions one Allow statement of a function's policy grants: one per principal, with
/// the conditions that `add-permission` writes (`AWS:SourceArn`, `AWS:SourceAccount`,
/// `aws:PrincipalOrgID`, `lambda:FunctionUrlAuthType`) read back into their fields.
fn statement_permissions(statement: &Statement) -> Vec<Permission> {
    let Some(principal) = &statement.principal else { return Vec::new() };
    let condition = |key: &str| -> Option<Value> {
        let clauses = statement.condition.as_ref()?.clauses.iter();
        let mut matching =
            clauses.filter(|c| c.key.as_literal().is_some_and(|k| k.eq_ignore_ascii_case(key)));
        matching.next()?.values.items.first().cloned()
    };
    let first = |values: Option<&Values>| values.and_then(|v| v.items.first().cloned());
    let template = Permission {
        path: statement.path.clone(),
        span: statement.span,
        logical_id: None,
        action: first(statement.action.as_ref()),
        principal: None,
        function: first(statement.resource.as_ref()),
        source_arn: condition("aws:SourceArn"),
        source_account: condition("aws:SourceAccount"),
        principal_org_id: condition("aws:PrincipalOrgID"),
        function_url_auth_type: condition("lambda:FunctionUrlAuthType"),
        function_id: None,
    };

    let any = principal.any.map(|span| Value::literal(span, "*"));
    let listed = principal.entries.iter().flat_map(|entry| entry.values.items.iter().cloned());
    any.into_iter()
        .chain(listed)
        .map(|principal| Permission { principal: Some(principal), ..template.clone() })
        .collect()
}
