//! Lambda functions.

use super::Value;
use crate::syntax::Span;

#[derive(Clone, Debug, Default)]
pub struct Function {
    pub path: String,
    pub span: Span,
    pub name: Option<Value>,
    pub logical_id: Option<Box<str>>,
    pub runtime: Option<Value>,
    /// The execution role's ARN or reference.
    pub role: Option<Value>,
    pub env: Vec<EnvVar>,
    pub vpc: Option<VpcConfig>,
    pub kms_key: Option<Value>,
    /// The logical id of the `AWS::IAM::Role` of the same template that `role` names, once
    /// linked. A SAM function without `Role` gets a role generated from its `Policies`: those
    /// are in the model's policies, attached to the function's own logical id.
    pub role_id: Option<Box<str>>,
    /// SAM `Policies` given as managed policy names or ARNs.
    pub managed_policies: Vec<Value>,
    /// SAM `Policies` given as policy templates: the template's name (`S3ReadPolicy`),
    /// spanning its key.
    pub policy_templates: Vec<Value>,
    /// The SAM `Policies` key, when the function sets it: SAM generates the execution role
    /// from it.
    pub policies_key: Option<Span>,
}

/// One entry of `Environment.Variables`.
#[derive(Clone, Debug)]
pub struct EnvVar {
    pub path: String,
    /// The variable name, spanning its key.
    pub name: Value,
    pub value: Value,
}

#[derive(Clone, Debug, Default)]
pub struct VpcConfig {
    pub span: Span,
    pub security_group_ids: Vec<Value>,
    pub subnet_ids: Vec<Value>,
    /// Logical ids of the template's security groups among `security_group_ids`, once linked.
    pub security_group_links: Vec<Box<str>>,
}

/// A resource-based permission on a function (`AWS::Lambda::Permission`, `add-permission`).
#[derive(Clone, Debug, Default)]
pub struct Permission {
    pub path: String,
    pub span: Span,
    pub logical_id: Option<Box<str>>,
    /// `lambda:InvokeFunction`, `lambda:InvokeFunctionUrl`, ...
    pub action: Option<Value>,
    /// `*`, an account id or ARN, or a service principal (`s3.amazonaws.com`).
    pub principal: Option<Value>,
    /// `FunctionName`: a name, an ARN or a reference.
    pub function: Option<Value>,
    pub source_arn: Option<Value>,
    pub source_account: Option<Value>,
    pub principal_org_id: Option<Value>,
    /// `FunctionUrlAuthType`, for `lambda:InvokeFunctionUrl`.
    pub function_url_auth_type: Option<Value>,
    /// The logical id of the function of the same template it applies to, once linked.
    pub function_id: Option<Box<str>>,
}

/// A function URL (`AWS::Lambda::Url`, or a SAM function's `FunctionUrlConfig`).
#[derive(Clone, Debug, Default)]
pub struct FunctionUrl {
    pub path: String,
    pub span: Span,
    pub logical_id: Option<Box<str>>,
    /// `NONE` or `AWS_IAM`.
    pub auth_type: Option<Value>,
    /// `TargetFunctionArn`; for a SAM `FunctionUrlConfig`, absent (the function is the holder).
    pub target: Option<Value>,
    /// The logical id of the function it serves, once linked (or the SAM function holding it).
    pub function_id: Option<Box<str>>,
}
