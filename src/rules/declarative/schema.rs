//! The targets a rule can visit and the fields of each, as rule files name them: the model's
//! own field names, so that the language needs no vocabulary of its own.

/// A kind of model object a rule can visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Policy,
    PolicyStatement,
    SecurityGroup,
    SecurityGroupRule,
    NetworkAcl,
    NaclEntry,
    Function,
    EnvironmentVariable,
    Vpc,
    Permission,
    FunctionUrl,
    Role,
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Scalar,
    Scalars,
    Object(Target),
    Objects(Target),
}

use Shape::{Object as Obj, Objects as Objs, Scalar as One, Scalars as Many};

impl Target {
    /// Every target a rule may name, as rule files spell it.
    pub const ALL: [(&'static str, Self); 12] = [
        ("policy", Self::Policy),
        ("policy-statement", Self::PolicyStatement),
        ("security-group", Self::SecurityGroup),
        ("security-group-rule", Self::SecurityGroupRule),
        ("network-acl", Self::NetworkAcl),
        ("nacl-entry", Self::NaclEntry),
        ("function", Self::Function),
        ("environment-variable", Self::EnvironmentVariable),
        ("vpc-config", Self::Vpc),
        ("permission", Self::Permission),
        ("function-url", Self::FunctionUrl),
        ("role", Self::Role),
    ];

    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// The word templates may put before a field of the object itself (`{function.name}`).
    #[must_use]
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Policy => "policy",
            Self::PolicyStatement => "statement",
            Self::SecurityGroup => "group",
            Self::SecurityGroupRule | Self::NaclEntry => "rule",
            Self::NetworkAcl => "acl",
            Self::Function => "function",
            Self::EnvironmentVariable => "variable",
            Self::Vpc => "vpc",
            Self::Permission => "permission",
            Self::FunctionUrl => "url",
            Self::Role => "role",
        }
    }

    /// The fields of the target and what they hold.
    #[must_use]
    pub const fn fields(self) -> &'static [(&'static str, Shape)] {
        match self {
            Self::Policy => &[
                ("name", One),
                ("logical_id", One),
                ("kind", One),
                ("version", One),
                ("statements", Objs(Self::PolicyStatement)),
            ],
            Self::PolicyStatement => &[
                ("sid", One),
                ("effect", One),
                ("action", Many),
                ("not_action", Many),
                ("resource", Many),
                ("not_resource", Many),
                ("principal", Many),
                ("not_principal", Many),
                ("condition_keys", Many),
                ("condition_operators", Many),
                ("policy", Obj(Self::Policy)),
            ],
            Self::SecurityGroup => {
                &[("id", One), ("logical_id", One), ("rules", Objs(Self::SecurityGroupRule))]
            }
            Self::SecurityGroupRule => &[
                ("direction", One),
                ("protocol", One),
                ("from_port", One),
                ("to_port", One),
                ("ipv4", Many),
                ("ipv6", Many),
                ("prefix_lists", Many),
                ("groups", Many),
                ("group", Obj(Self::SecurityGroup)),
            ],
            Self::NetworkAcl => {
                &[("id", One), ("logical_id", One), ("entries", Objs(Self::NaclEntry))]
            }
            Self::NaclEntry => &[
                ("direction", One),
                ("rule_number", One),
                ("action", One),
                ("protocol", One),
                ("from_port", One),
                ("to_port", One),
                ("ipv4", One),
                ("ipv6", One),
                ("acl", Obj(Self::NetworkAcl)),
            ],
            Self::Function => &[
                ("name", One),
                ("logical_id", One),
                ("runtime", One),
                ("role", One),
                ("kms_key", One),
                ("env", Objs(Self::EnvironmentVariable)),
                ("vpc", Obj(Self::Vpc)),
                ("managed_policies", Many),
                ("policy_templates", Many),
            ],
            Self::EnvironmentVariable => {
                &[("name", One), ("value", One), ("function", Obj(Self::Function))]
            }
            Self::Vpc => &[("security_group_ids", Many), ("subnet_ids", Many)],
            Self::Permission => &[
                ("logical_id", One),
                ("action", One),
                ("principal", One),
                ("function", One),
                ("source_arn", One),
                ("source_account", One),
                ("principal_org_id", One),
                ("function_url_auth_type", One),
            ],
            Self::FunctionUrl => {
                &[("logical_id", One), ("auth_type", One), ("target", One), ("function_name", One)]
            }
            Self::Role => &[
                ("logical_id", One),
                ("name", One),
                ("managed_policies", Many),
                ("permissions_boundary", One),
            ],
        }
    }

    #[must_use]
    pub fn field(self, name: &str) -> Option<Shape> {
        self.fields().iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }
}
