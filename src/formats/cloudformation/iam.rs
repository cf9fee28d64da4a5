//! IAM resources of a template: roles with their trust and inline policies, policies, managed
//! policies, users and groups, and the resource policies of S3 buckets and access points, SQS,
//! SNS, KMS keys, Lambda layers, ECR repositories, Secrets Manager secrets, search
//! domains, EFS file systems, Backup vaults and log groups.

use super::{ResourceDef, ResourceExtractor, Template};
use crate::formats::Extraction;
use crate::formats::fields::{field, key_value, list_field, objects, values, values_field};
use crate::formats::iam_api::{push_inline_policy, push_trust_policy};
use crate::formats::policy::push_document;
use crate::model::iam::{
    AttachedPolicy, Condition, ConditionClause, Policy, PolicyKind, Principal, PrincipalEntry,
    Role, Statement,
};
use crate::model::{Value, ValueKind, child_path};
use crate::syntax::{Entry, Node};

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] = &[
    ("AWS::IAM::Role", role),
    ("AWS::IAM::User", identity_with_inline_policies),
    ("AWS::IAM::Group", identity_with_inline_policies),
    ("AWS::IAM::Policy", policy),
    ("AWS::IAM::ManagedPolicy", managed_policy),
    ("AWS::IAM::RolePolicy", identity_policy),
    ("AWS::IAM::UserPolicy", identity_policy),
    ("AWS::IAM::GroupPolicy", identity_policy),
    ("AWS::S3::BucketPolicy", resource_policy),
    ("AWS::SQS::QueuePolicy", resource_policy),
    ("AWS::SNS::TopicPolicy", resource_policy),
    ("AWS::KMS::Key", key_policy),
    ("AWS::KMS::ReplicaKey", key_policy),
    ("AWS::Lambda::LayerVersionPermission", layer_permission),
    ("AWS::ECR::Repository", policy_property),
    ("AWS::SecretsManager::ResourcePolicy", policy_property),
    ("AWS::OpenSearchService::Domain", policy_property),
    ("AWS::Elasticsearch::Domain", policy_property),
    ("AWS::EFS::FileSystem", policy_property),
    ("AWS::Backup::BackupVault", policy_property),
    ("AWS::S3::AccessPoint", policy_property),
    ("AWS::Logs::ResourcePolicy", policy_property),
];

/// Resources whose policy document is one property of their own, and that property.
const POLICY_PROPERTIES: &[(&str, &str)] = &[
    ("AWS::ECR::Repository", "RepositoryPolicyText"),
    ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy"),
    ("AWS::OpenSearchService::Domain", "AccessPolicies"),
    ("AWS::Elasticsearch::Domain", "AccessPolicies"),
    ("AWS::EFS::FileSystem", "FileSystemPolicy"),
    ("AWS::Backup::BackupVault", "AccessPolicy"),
    ("AWS::S3::AccessPoint", "Policy"),
    ("AWS::Logs::ResourcePolicy", "PolicyDocument"),
];

/// The identities `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` attach their document to.
const ATTACHMENT_KEYS: &[&str] = &["Roles", "Users", "Groups"];

/// A role, its trust policy and its inline policies, which are attached to the role itself.
fn role(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    let props = resource.properties();
    out.model.roles.push(Role {
        path: resource.path.clone(),
        span: resource.node.span,
        logical_id: resource.logical_id.into(),
        name: props.and_then(|p| field(p, "RoleName")),
        managed_policies: props.map(|p| list_field(p, "ManagedPolicyArns")).unwrap_or_default(),
        permissions_boundary: props.and_then(|p| field(p, "PermissionsBoundary")),
    });
    let Some(props) = props else { return };

    let before = out.model.policies.len();
    push_trust_policy(props, &resource.properties_path(), out);
    push_inline_policies(resource, props, out);
    held_by(resource, before, out);
    attach_to_holder(resource, before, out);
}

/// A user or a group: its inline policies, attached to itself, and its managed policy ARNs.
fn identity_with_inline_policies(
    resource: &ResourceDef<'_>,
    _: &Template<'_>,
    out: &mut Extraction<'_>,
) {
    let Some(props) = resource.properties() else { return };
    let path = child_path(&resource.properties_path(), "ManagedPolicyArns");
    let holder =
        Value { span: resource.node.span, kind: ValueKind::Literal(resource.logical_id.into()) };
    out.model.attached_policies.extend(
        list_field(props, "ManagedPolicyArns").into_iter().map(|arn| AttachedPolicy {
            path: path.clone(),
            arn,
            holder: Some(holder.clone()),
        }),
    );

    let before = out.model.policies.len();
    push_inline_policies(resource, props, out);
    held_by(resource, before, out);
    attach_to_holder(resource, before, out);
}

/// Each object of `Policies` with a document. `PolicyName` is not required to be a plain
/// string here: templates often build it with `!Sub`.
fn push_inline_policies(resource: &ResourceDef<'_>, props: &Node, out: &mut Extraction<'_>) {
    for (path, inline) in objects(props, "Policies", &resource.properties_path()) {
        push_inline_policy(inline, &path, out);
    }
}

/// `AWS::IAM::Policy`: an inline policy given to the roles, users and groups it names.
fn policy(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    push_attached_policy(resource, "PolicyName", ATTACHMENT_KEYS, out);
}

/// `AWS::IAM::ManagedPolicy`: also attached to the roles whose `ManagedPolicyArns` name it.
fn managed_policy(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    push_attached_policy(resource, "ManagedPolicyName", ATTACHMENT_KEYS, out);
}

/// `AWS::IAM::RolePolicy`, `UserPolicy` and `GroupPolicy`: one inline policy given to the one
/// identity named by `RoleName`, `UserName` or `GroupName`.
fn identity_policy(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    push_attached_policy(resource, "PolicyName", &["RoleName", "UserName", "GroupName"], out);
}

/// The identity policy in `PolicyDocument`, named by `name_key`, with the identities of
/// `attachment_keys` as written, for the links to resolve.
fn push_attached_policy(
    resource: &ResourceDef<'_>,
    name_key: &str,
    attachment_keys: &[&str],
    out: &mut Extraction<'_>,
) {
    let Some(props) = resource.properties() else { return };
    let Some(document) = props.get("PolicyDocument") else { return };
    let before = out.model.policies.len();
    let path = child_path(&resource.properties_path(), "PolicyDocument");
    push_document(document, path, PolicyKind::Identity, field(props, name_key), out);

    let attachments: Vec<Value> =
        attachment_keys.iter().flat_map(|key| list_field(props, key)).collect();
    for policy in &mut out.model.policies[before..] {
        policy.attachments.clone_from(&attachments);
    }
    held_by(resource, before, out);
}

/// The bucket, queue or topic policy in `PolicyDocument`.
fn resource_policy(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    push_resource_document(resource, "PolicyDocument", out);
}

/// A KMS key's `KeyPolicy`.
fn key_policy(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    push_resource_document(resource, "KeyPolicy", out);
}

/// The policy document of a resource listed in [`POLICY_PROPERTIES`].
fn policy_property(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    let kind = resource.node.get("Type").and_then(Node::as_str);
    if let Some((_, key)) = POLICY_PROPERTIES.iter().find(|(name, _)| Some(*name) == kind) {
        push_resource_document(resource, key, out);
    }
}

fn push_resource_document(resource: &ResourceDef<'_>, key: &str, out: &mut Extraction<'_>) {
    let Some(document) = resource.properties().and_then(|p| p.get(key)) else { return };
    let before = out.model.policies.len();
    let path = child_path(&resource.properties_path(), key);
    push_document(document, path, PolicyKind::Resource, None, out);
    held_by(resource, before, out);
}

/// Marks the policies pushed since `before` as held by `resource`.
fn held_by(resource: &ResourceDef<'_>, before: usize, out: &mut Extraction<'_>) {
    for policy in &mut out.model.policies[before..] {
        policy.logical_id = Some(resource.logical_id.into());
    }
}

/// Inline policies set the permissions of the identity that holds them.
fn attach_to_holder(resource: &ResourceDef<'_>, before: usize, out: &mut Extraction<'_>) {
    for policy in &mut out.model.policies[before..] {
        policy.attached_to = vec![resource.logical_id.into()];
    }
}

/// `AWS::Lambda::LayerVersionPermission` has no policy document, but it is one: it allows
/// `Principal` the `Action` on the layer version, for the organization `OrganizationId` only
/// when given. It is read as a one-statement resource policy so that the policy rules judge it
/// like any other grant. Every value spans its own property; the implied `Allow` spans the
/// resource's `Type`, which is what makes the grant.
fn layer_permission(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    let Some(props) = resource.properties() else { return };
    let path = resource.properties_path();
    let effect = resource.node.get("Type").map(|kind| Value::literal(kind.span, "Allow"));

    let statement = Statement {
        path: path.clone(),
        span: props.span,
        sid: None,
        effect,
        action: values_field(props, "Action"),
        not_action: None,
        resource: values_field(props, "LayerVersionArn"),
        not_resource: None,
        principal: props.entry("Principal").and_then(account_principal),
        not_principal: None,
        condition: props.entry("OrganizationId").and_then(organization_condition),
    };
    out.model.policies.push(Policy {
        path,
        span: props.span,
        kind: PolicyKind::Resource,
        name: None,
        logical_id: Some(resource.logical_id.into()),
        attached_to: Vec::new(),
        attachments: Vec::new(),
        version: None,
        statement_key: None,
        statements: vec![statement],
    });
}

/// A layer permission's `Principal`: `*` for everyone, or an account id, which is an `AWS`
/// principal. The `Principal` key stands for the type the template does not spell out.
fn account_principal(entry: &Entry) -> Option<Principal> {
    let values = values(entry)?;
    let node = &entry.value;
    let any = node.scalar().is_some()
        && matches!(values.items.as_slice(), [only] if only.as_literal() == Some("*"));
    let mut principal =
        Principal { span: node.span, key_span: entry.key.span, any: None, entries: Vec::new() };
    if any {
        principal.any = Some(node.span);
    } else {
        let kind = Value::literal(entry.key.span, "AWS");
        principal.entries.push(PrincipalEntry { kind, values });
    }
    Some(principal)
}

/// `OrganizationId` as the condition IAM applies for it: `aws:PrincipalOrgID` equals the id.
/// Operator and key span the `OrganizationId` key, the values their own tokens.
fn organization_condition(entry: &Entry) -> Option<Condition> {
    let values = values(entry).filter(|v| !v.items.is_empty())?;
    let key = key_value(&entry.key);
    let clause = ConditionClause {
        operator: Value::literal(key.span, "StringEquals"),
        key: Value::literal(key.span, "aws:PrincipalOrgID"),
        values,
    };
    Some(Condition { span: entry.key.span.cover(entry.value.span), clauses: vec![clause] })
}
