//! IAM policy documents.

use super::{Value, Values};
use crate::syntax::Span;

/// What a policy is attached to, which decides what its fields mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    /// Attached to a user, group or role: no `Principal`.
    Identity,
    /// Attached to a resource (bucket, queue, function): has a `Principal`.
    Resource,
    /// A role's trust policy: who may assume the role.
    Trust,
    /// Not known from context; inferred from the statements when needed.
    Unknown,
}

#[derive(Clone, Debug)]
pub struct Policy {
    /// Document path of the policy document (`PolicyVersion.Document`, or empty at the top).
    pub path: String,
    pub span: Span,
    pub kind: PolicyKind,
    /// The policy's name where the shape gives one (`PolicyName`, `RoleName`).
    pub name: Option<Value>,
    /// The CloudFormation logical id of the resource holding the policy, in templates.
    pub logical_id: Option<Box<str>>,
    /// The template roles, users, groups and SAM functions whose permissions the policy sets,
    /// by logical id: the holder for inline policies, the `Roles`/`Users`/`Groups` that
    /// reference the holder for `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy`.
    pub attached_to: Vec<Box<str>>,
    /// The identities named by `Roles`, `Users` and `Groups` of `AWS::IAM::Policy` and
    /// `AWS::IAM::ManagedPolicy`, as written (references or names), before linking.
    pub attachments: Vec<Value>,
    pub version: Option<Value>,
    /// The `Statement` key of a written document. `None` for a grant a resource implies
    /// without a document (`AWS::Lambda::LayerVersionPermission`), which has no `Version` or
    /// other document fields to check.
    pub statement_key: Option<Span>,
    pub statements: Vec<Statement>,
}

/// A managed policy attached to a user, group or role by ARN, outside the shapes that have a
/// model object of their own (template roles and SAM functions keep theirs): template users
/// and groups, `get-account-authorization-details`, `attach-*-policy` requests and
/// `list-attached-*-policies` outputs.
#[derive(Clone, Debug)]
pub struct AttachedPolicy {
    /// Document path of the ARN.
    pub path: String,
    /// The policy's ARN as written.
    pub arn: Value,
    /// The user, group or role it is attached to, by name or logical id, when the shape says.
    pub holder: Option<Value>,
}

/// An IAM role declared in a template (`AWS::IAM::Role`).
#[derive(Clone, Debug)]
pub struct Role {
    pub path: String,
    pub span: Span,
    pub logical_id: Box<str>,
    /// `RoleName`, when the template sets one.
    pub name: Option<Value>,
    /// `ManagedPolicyArns`: AWS managed policy ARNs, or references to managed policies of the
    /// template.
    pub managed_policies: Vec<Value>,
    /// `PermissionsBoundary`.
    pub permissions_boundary: Option<Value>,
}

#[derive(Clone, Debug)]
pub struct Statement {
    /// Document path of the statement (`Statement[1]`, or `Statement` when it is not a list).
    pub path: String,
    pub span: Span,
    pub sid: Option<Value>,
    pub effect: Option<Value>,
    pub action: Option<Values>,
    pub not_action: Option<Values>,
    pub resource: Option<Values>,
    pub not_resource: Option<Values>,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    pub condition: Option<Condition>,
}

impl Statement {
    #[must_use]
    pub fn is_allow(&self) -> bool {
        self.effect.as_ref().is_some_and(|e| e.as_literal() == Some("Allow"))
    }

    #[must_use]
    pub fn is_deny(&self) -> bool {
        self.effect.as_ref().is_some_and(|e| e.as_literal() == Some("Deny"))
    }

    /// Whether a condition block with at least one clause narrows the statement.
    #[must_use]
    pub fn has_condition(&self) -> bool {
        self.condition.as_ref().is_some_and(|c| !c.clauses.is_empty())
    }
}

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug)]
pub struct Principal {
    pub span: Span,
    pub key_span: Span,
    /// `"Principal": "*"`: everyone, the value's span.
    pub any: Option<Span>,
    /// `{"AWS": [...], "Service": "...", ...}`.
    pub entries: Vec<PrincipalEntry>,
}

#[derive(Clone, Debug)]
pub struct PrincipalEntry {
    /// `AWS`, `Service`, `Federated` or `CanonicalUser`, as written.
    pub kind: Value,
    pub values: Values,
}

#[derive(Clone, Debug)]
pub struct Condition {
    pub span: Span,
    pub clauses: Vec<ConditionClause>,
}

/// One `operator: { key: values }` pair of a condition block.
#[derive(Clone, Debug)]
pub struct ConditionClause {
    /// `StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`, ...
    pub operator: Value,
    /// `aws:SourceArn`, `s3:prefix`, ...
    pub key: Value,
    pub values: Values,
}
