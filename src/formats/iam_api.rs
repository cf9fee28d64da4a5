//! IAM CLI and API shapes that hold policy documents: the outputs of `get-policy-version`,
//! `get-role`, `list-roles`, `get-{role,user,group}-policy` and
//! `get-account-authorization-details` and `list-attached-{role,user,group}-policies`, and the
//! requests of `create-role`, `put-{role,user,group}-policy`, `attach-{role,user,group}-policy`,
//! `create-policy` and `create-policy-version`.
//!
//! The CLI prints documents as objects; requests and the raw API give them as JSON strings,
//! sometimes URL-encoded. [`push_document`] reads all three.

use super::Extraction;
use super::fields::{field, has_scalar, is_true, list_of, objects};
use super::policy::{is_document, push_document};
use crate::model::child_path;
use crate::model::iam::{AttachedPolicy, PolicyKind};
use crate::syntax::Node;

/// Who holds an inline policy, and the format name of its shape. The `get-*-policy` output and
/// the `put-*-policy` request have the same keys, so one name covers both.
const INLINE_POLICY_OWNERS: &[(&str, &str)] = &[
    ("RoleName", "iam-role-policy"),
    ("UserName", "iam-user-policy"),
    ("GroupName", "iam-group-policy"),
];

/// The `attach-*-policy` requests: who receives the managed policy, and the format name.
const ATTACH_REQUESTS: &[(&str, &str)] = &[
    ("RoleName", "iam-attach-role-policy"),
    ("UserName", "iam-attach-user-policy"),
    ("GroupName", "iam-attach-group-policy"),
];

/// The lists of `get-account-authorization-details`, and what each item must carry.
const AUTHORIZATION_LISTS: &[(&str, &str)] = &[
    ("UserDetailList", "UserName"),
    ("GroupDetailList", "GroupName"),
    ("RoleDetailList", "RoleName"),
    ("Policies", "PolicyName"),
];

pub(super) fn extract(root: &Node, out: &mut Extraction<'_>) -> Option<&'static str> {
    if let Some(version) = root.get("PolicyVersion").filter(|v| is_policy_version(v)) {
        push_policy_version(version, "PolicyVersion", out);
        return Some("iam-get-policy-version");
    }
    if let Some(role) = root.get("Role").filter(|r| is_role(r)) {
        push_trust_policy(role, "Role", out);
        return Some("iam-get-role");
    }
    if list_of(root, "Roles", is_role).is_some() {
        for (path, role) in objects(root, "Roles", "") {
            push_trust_policy(role, &path, out);
        }
        return Some("iam-list-roles");
    }
    if is_authorization_details(root) {
        push_authorization_details(root, out);
        return Some("iam-get-account-authorization-details");
    }

    if list_of(root, "AttachedPolicies", is_attached_policy).is_some() {
        push_attached_policies(root, "AttachedPolicies", "", None, out);
        return Some("iam-list-attached-policies");
    }

    for &(owner, format) in INLINE_POLICY_OWNERS {
        if has_scalar(root, owner) && is_inline_policy(root) {
            push_inline_policy(root, "", out);
            return Some(format);
        }
    }
    for &(owner, format) in ATTACH_REQUESTS {
        if has_scalar(root, owner)
            && has_scalar(root, "PolicyArn")
            && root.get("PolicyDocument").is_none()
        {
            push_attached(root, "", field(root, owner), out);
            return Some(format);
        }
    }
    if has_scalar(root, "RoleName") && is_document(root.get("AssumeRolePolicyDocument")) {
        push_trust_policy(root, "", out);
        return Some("iam-create-role");
    }
    if is_document(root.get("PolicyDocument")) {
        let (name_key, format) = if has_scalar(root, "PolicyName") {
            ("PolicyName", "iam-create-policy")
        } else if has_scalar(root, "PolicyArn") {
            ("PolicyArn", "iam-create-policy-version")
        } else {
            return None;
        };
        let document = root.get("PolicyDocument")?;
        push_document(
            document,
            "PolicyDocument".into(),
            PolicyKind::Identity,
            field(root, name_key),
            out,
        );
        return Some(format);
    }
    None
}

fn is_policy_version(version: &Node) -> bool {
    has_scalar(version, "VersionId") && is_document(version.get("Document"))
}

fn push_policy_version(version: &Node, path: &str, out: &mut Extraction<'_>) {
    if let Some(document) = version.get("Document") {
        push_document(document, child_path(path, "Document"), PolicyKind::Identity, None, out);
    }
}

/// A role as IAM describes it. Its trust policy may be missing (`list-roles` with a query).
fn is_role(role: &Node) -> bool {
    let trust = role.get("AssumeRolePolicyDocument");
    has_scalar(role, "RoleName")
        && has_scalar(role, "Arn")
        && trust.is_none_or(|t| t.is_null() || is_document(Some(t)))
}

/// The role's `AssumeRolePolicyDocument`, named after the role.
pub(super) fn push_trust_policy(role: &Node, path: &str, out: &mut Extraction<'_>) {
    if let Some(document) = role.get("AssumeRolePolicyDocument") {
        let path = child_path(path, "AssumeRolePolicyDocument");
        push_document(document, path, PolicyKind::Trust, field(role, "RoleName"), out);
    }
}

fn is_inline_policy(node: &Node) -> bool {
    has_scalar(node, "PolicyName") && is_document(node.get("PolicyDocument"))
}

pub(super) fn push_inline_policy(node: &Node, path: &str, out: &mut Extraction<'_>) {
    if let Some(document) = node.get("PolicyDocument") {
        let path = child_path(path, "PolicyDocument");
        push_document(document, path, PolicyKind::Identity, field(node, "PolicyName"), out);
    }
}

/// At least one of the lists is present, every one present is a list, and every item names
/// its user, group, role or policy.
fn is_authorization_details(root: &Node) -> bool {
    let mut present = AUTHORIZATION_LISTS.iter().filter(|(key, _)| root.get(key).is_some());
    let mut any = false;
    let all = present.all(|&(key, name)| {
        any = true;
        let items = root.get(key).and_then(Node::items);
        items.is_some_and(|items| {
            items.iter().all(|item| has_scalar(item, name) && has_scalar(item, "Arn"))
        })
    });
    any && all
}

fn push_authorization_details(root: &Node, out: &mut Extraction<'_>) {
    let holders = [
        ("UserDetailList", "UserPolicyList", "UserName"),
        ("GroupDetailList", "GroupPolicyList", "GroupName"),
        ("RoleDetailList", "RolePolicyList", "RoleName"),
    ];
    for (list, policies, name) in holders {
        for (path, holder) in objects(root, list, "") {
            if list == "RoleDetailList" {
                push_trust_policy(holder, &path, out);
            }
            push_inline_policies(holder, policies, &path, out);
            let holder_name = field(holder, name);
            let key = "AttachedManagedPolicies";
            push_attached_policies(holder, key, &path, holder_name.as_ref(), out);
        }
    }

    // Only the default version is in effect; the others are history.
    for (path, managed) in objects(root, "Policies", "") {
        if is_unused_aws_policy(managed) {
            continue;
        }
        for (version_path, version) in objects(managed, "PolicyVersionList", &path) {
            if is_true(version, "IsDefaultVersion")
                && let Some(document) = version.get("Document")
            {
                let path = child_path(&version_path, "Document");
                push_document(
                    document,
                    path,
                    PolicyKind::Identity,
                    field(managed, "PolicyName"),
                    out,
                );
            }
        }
    }
}

/// An AWS managed policy nothing in the account uses. The `AWSManagedPolicy` filter lists
/// every one AWS publishes, `AdministratorAccess` included: their documents are AWS's, and
/// only matter where attached (which the attached policy lists say).
fn is_unused_aws_policy(managed: &Node) -> bool {
    let is_aws = field(managed, "Arn")
        .and_then(|arn| arn.as_literal().map(|a| a.contains(":iam::aws:policy/")))
        .unwrap_or(false);
    let unused = |key| field(managed, key).is_some_and(|count| count.is("0"));
    is_aws && unused("AttachmentCount") && unused("PermissionsBoundaryUsageCount")
}

fn push_inline_policies(holder: &Node, key: &str, path: &str, out: &mut Extraction<'_>) {
    for (policy_path, policy) in objects(holder, key, path) {
        if is_inline_policy(policy) {
            push_inline_policy(policy, &policy_path, out);
        }
    }
}

/// An item of `AttachedPolicies` or `AttachedManagedPolicies`.
fn is_attached_policy(node: &Node) -> bool {
    has_scalar(node, "PolicyName") && has_scalar(node, "PolicyArn")
}

/// The `PolicyArn` of every item of the list `key`, attached to `holder`.
fn push_attached_policies(
    node: &Node,
    key: &str,
    path: &str,
    holder: Option<&crate::model::Value>,
    out: &mut Extraction<'_>,
) {
    for (item_path, item) in objects(node, key, path) {
        push_attached(item, &item_path, holder.cloned(), out);
    }
}

fn push_attached(
    node: &Node,
    path: &str,
    holder: Option<crate::model::Value>,
    out: &mut Extraction<'_>,
) {
    if let Some(arn) = field(node, "PolicyArn") {
        let path = child_path(path, "PolicyArn");
        out.model.attached_policies.push(AttachedPolicy { path, arn, holder });
    }
}
