//! Security groups and network ACLs.

use super::Value;
use crate::syntax::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Ingress,
    Egress,
}

#[derive(Clone, Debug)]
pub struct SecurityGroup {
    pub path: String,
    pub span: Span,
    /// `GroupId` or `GroupName`, where the shape gives one.
    pub id: Option<Value>,
    pub logical_id: Option<Box<str>>,
    pub rules: Vec<SecurityGroupRule>,
}

/// One permission of a security group (`IpPermissions[i]`, or one CloudFormation ingress rule).
#[derive(Clone, Debug)]
pub struct SecurityGroupRule {
    pub path: String,
    pub span: Span,
    pub direction: Direction,
    /// `IpProtocol` as written: `tcp`, `6`, `-1`, ...
    pub protocol: Option<Value>,
    pub from_port: Option<Value>,
    pub to_port: Option<Value>,
    pub ipv4: Vec<Value>,
    pub ipv6: Vec<Value>,
    pub prefix_lists: Vec<Value>,
    /// Source or destination security groups.
    pub groups: Vec<Value>,
}

#[derive(Clone, Debug)]
pub struct NetworkAcl {
    pub path: String,
    pub span: Span,
    pub id: Option<Value>,
    pub logical_id: Option<Box<str>>,
    pub entries: Vec<NaclEntry>,
}

#[derive(Clone, Debug)]
pub struct NaclEntry {
    pub path: String,
    pub span: Span,
    pub direction: Direction,
    pub rule_number: Option<Value>,
    /// `allow` or `deny`.
    pub action: Option<Value>,
    /// `Protocol` as written: `-1`, `6`, `tcp`, ...
    pub protocol: Option<Value>,
    pub from_port: Option<Value>,
    pub to_port: Option<Value>,
    pub ipv4: Option<Value>,
    pub ipv6: Option<Value>,
}
