//! Lambda functions.

use super::Value;
use crate::syntax::Span;

#[derive(Clone, Debug)]
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
}

/// One entry of `Environment.Variables`.
#[derive(Clone, Debug)]
pub struct EnvVar {
    pub path: String,
    /// The variable name, spanning its key.
    pub name: Value,
    pub value: Value,
}

#[derive(Clone, Debug)]
pub struct VpcConfig {
    pub span: Span,
    pub security_group_ids: Vec<Value>,
    pub subnet_ids: Vec<Value>,
}
