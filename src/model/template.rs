//! What the model keeps of a CloudFormation or SAM template beyond the objects rules visit.

use crate::syntax::Span;

/// One entry of a template's `Resources`.
#[derive(Clone, Debug)]
pub struct Resource {
    pub logical_id: Box<str>,
    /// `Type` as written: `AWS::IAM::Role`, `AWS::Serverless::Function`, ...
    pub kind: Box<str>,
    /// The logical id's key through the last byte of the resource's definition.
    pub span: Span,
}

/// A `Ref` to a template parameter that was replaced by the parameter's `Default`, so that
/// rules see the value a deployment gets unless it overrides the parameter.
#[derive(Clone, Debug)]
pub struct ParameterUse {
    /// The `Ref` (or `!Ref`) token.
    pub span: Span,
    pub parameter: Box<str>,
    /// The `Default` value's token in `Parameters`.
    pub default: Span,
}

/// A template parameter, for rules that judge what a `Ref` to it passes on.
#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: Box<str>,
    /// The parameter's name key in `Parameters`.
    pub span: Span,
    /// `Type` as written (`String` when absent): `AWS::SSM::Parameter::Value<String>` takes
    /// its value from an SSM parameter.
    pub kind: Box<str>,
    /// `NoEcho: true`: CloudFormation masks the value in the console, API and events.
    pub no_echo: bool,
}
