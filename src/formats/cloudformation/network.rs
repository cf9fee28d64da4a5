//! Network resources of a template: security groups with their inline rules, standalone
//! ingress and egress rules, network ACLs and their entries.
//!
//! A standalone rule or ACL entry is extracted as a group or ACL of its own, with no logical
//! id and the value that names its group as `id`. Once every resource is read, [`finish`]
//! folds each into the group or ACL of the template it names, or into one shared by every
//! resource naming the same external one, so that rules judge a group or an ACL as a whole.

use std::collections::HashMap;

use super::links::target;
use super::{ResourceDef, ResourceExtractor, Template};
use crate::formats::Extraction;
use crate::formats::fields::{field, objects};
use crate::formats::nacl_api;
use crate::model::network::{Direction, NetworkAcl, SecurityGroup, SecurityGroupRule};
use crate::model::{Value, ValueKind};
use crate::syntax::Node;

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] = &[
    ("AWS::EC2::SecurityGroup", security_group),
    ("AWS::EC2::SecurityGroupIngress", standalone_ingress),
    ("AWS::EC2::SecurityGroupEgress", standalone_egress),
    ("AWS::EC2::NetworkAcl", network_acl),
    ("AWS::EC2::NetworkAclEntry", network_acl_entry),
];

/// Runs once every resource is extracted, to group what belongs together across resources.
pub(super) fn finish(out: &mut Extraction<'_>) {
    let groups = std::mem::take(&mut out.model.security_groups);
    out.model.security_groups = gather(groups, out.source);
    let acls = std::mem::take(&mut out.model.network_acls);
    out.model.network_acls = gather(acls, out.source);
}

/// `AWS::EC2::SecurityGroup`, with its `SecurityGroupIngress` and `SecurityGroupEgress` rules.
fn security_group(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    let properties = resource.properties();
    let parent = resource.properties_path();
    let mut rules = Vec::new();
    for (key, direction) in
        [("SecurityGroupIngress", Direction::Ingress), ("SecurityGroupEgress", Direction::Egress)]
    {
        let items = properties.into_iter().flat_map(|p| objects(p, key, &parent));
        rules.extend(items.map(|(path, node)| rule(node, path, direction)));
    }

    // A name given at deploy time says nothing a finding could use.
    let id = properties.and_then(|p| field(p, "GroupName")).filter(|v| v.as_literal().is_some());
    out.model.security_groups.push(SecurityGroup {
        path: resource.path.clone(),
        span: resource.node.span,
        id,
        logical_id: Some(resource.logical_id.into()),
        rules,
    });
}

fn standalone_ingress(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    standalone_rule(resource, Direction::Ingress, out);
}

fn standalone_egress(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    standalone_rule(resource, Direction::Egress, out);
}

/// `AWS::EC2::SecurityGroupIngress` or `Egress`: one rule, held by a group of its own until
/// [`finish`] finds the group it names (`GroupId`, or `GroupName` for a default VPC).
fn standalone_rule(resource: &ResourceDef<'_>, direction: Direction, out: &mut Extraction<'_>) {
    let Some(properties) = resource.properties() else { return };
    let rule = rule(properties, resource.properties_path(), direction);
    out.model.security_groups.push(SecurityGroup {
        path: resource.path.clone(),
        span: resource.node.span,
        id: field(properties, "GroupId").or_else(|| field(properties, "GroupName")),
        logical_id: None,
        rules: vec![rule],
    });
}

/// A rule as CloudFormation writes it, flat: one protocol and port range, and at most one
/// source or destination of each kind.
fn rule(node: &Node, path: String, direction: Direction) -> SecurityGroupRule {
    let each = |keys: &[&str]| keys.iter().filter_map(|key| field(node, key)).collect();
    SecurityGroupRule {
        path,
        span: node.span,
        direction,
        protocol: field(node, "IpProtocol"),
        from_port: field(node, "FromPort"),
        to_port: field(node, "ToPort"),
        ipv4: each(&["CidrIp"]),
        ipv6: each(&["CidrIpv6"]),
        prefix_lists: each(&["SourcePrefixListId", "DestinationPrefixListId"]),
        groups: each(&[
            "SourceSecurityGroupId",
            "SourceSecurityGroupName",
            "DestinationSecurityGroupId",
        ]),
    }
}

/// `AWS::EC2::NetworkAcl`: its entries are resources of their own, added by [`finish`].
fn network_acl(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    out.model.network_acls.push(NetworkAcl {
        path: resource.path.clone(),
        span: resource.node.span,
        id: None,
        logical_id: Some(resource.logical_id.into()),
        entries: Vec::new(),
    });
}

/// `AWS::EC2::NetworkAclEntry`: the same fields as the API's entry, in `Properties`.
fn network_acl_entry(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    let Some(properties) = resource.properties() else { return };
    let entry = nacl_api::entry(properties, resource.properties_path());
    out.model.network_acls.push(NetworkAcl {
        path: resource.path.clone(),
        span: resource.node.span,
        id: field(properties, "NetworkAclId"),
        logical_id: None,
        entries: vec![entry],
    });
}

/// A security group or an ACL, as [`gather`] folds them.
trait Holder {
    /// Set on the template's own resources; unset on the holders of standalone rules.
    fn logical_id(&self) -> Option<&str>;
    /// What a standalone rule names its holder by.
    fn id(&self) -> Option<&Value>;
    /// Takes the rules or entries of `other`, after its own.
    fn absorb(&mut self, other: Self);
}

impl Holder for SecurityGroup {
    fn logical_id(&self) -> Option<&str> {
        self.logical_id.as_deref()
    }

    fn id(&self) -> Option<&Value> {
        self.id.as_ref()
    }

    fn absorb(&mut self, other: Self) {
        self.rules.extend(other.rules);
    }
}

impl Holder for NetworkAcl {
    fn logical_id(&self) -> Option<&str> {
        self.logical_id.as_deref()
    }

    fn id(&self) -> Option<&Value> {
        self.id.as_ref()
    }

    fn absorb(&mut self, other: Self) {
        self.entries.extend(other.entries);
    }
}

/// Folds every standalone holder into the template resource it references (`Ref` or
/// `Fn::GetAtt`), or else into the first standalone holder naming the same value. A holder
/// whose name cannot be compared (a choice, or none) stays alone.
fn gather<T: Holder>(holders: Vec<T>, source: &str) -> Vec<T> {
    let (mut out, standalone): (Vec<T>, Vec<T>) =
        holders.into_iter().partition(|h| h.logical_id().is_some());
    let own: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .filter_map(|(at, h)| Some((h.logical_id()?.to_owned(), at)))
        .collect();
    let mut external: HashMap<String, usize> = HashMap::new();

    for holder in standalone {
        let referenced = holder.id().and_then(target).and_then(|id| own.get(id));
        if let Some(&at) = referenced {
            out[at].absorb(holder);
            continue;
        }

        let key = holder.id().and_then(|id| key(id, source));
        if let Some(&at) = key.as_ref().and_then(|key| external.get(key)) {
            out[at].absorb(holder);
            continue;
        }
        if let Some(key) = key {
            external.insert(key, out.len());
        }
        out.push(holder);
    }
    out
}

/// What two names of one external group or ACL have in common. An import is unknown to the
/// model, so its source text, whitespace aside, stands for it: entries that import the same
/// export are written alike.
fn key(id: &Value, source: &str) -> Option<String> {
    match &id.kind {
        ValueKind::Literal(text) => Some(format!("literal {text}")),
        ValueKind::Reference { function, target } => Some(format!("{function} {target}")),
        ValueKind::Interpolated(text) => Some(format!("text {text}")),
        ValueKind::Unknown => {
            let text = source.get(id.span.range())?;
            Some(format!("source {}", text.split_whitespace().collect::<String>()))
        }
        ValueKind::Choice(_) => None,
    }
}
