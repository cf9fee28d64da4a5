//! Network ACL shapes: `describe-network-acls` output and `create-network-acl-entry` /
//! `replace-network-acl-entry` requests.

use super::Extraction;
use super::cloudformation::intrinsics::is_object;
use super::fields::{field, has_list, has_scalar, is_true, list_of, objects, value};
use crate::model::Value;
use crate::model::network::{Direction, NaclEntry, NetworkAcl};
use crate::syntax::Node;

/// What a create or replace entry request must carry besides the ACL id.
const ENTRY_REQUEST_KEYS: &[&str] = &["RuleNumber", "Protocol", "RuleAction"];

pub(super) fn extract(root: &Node, out: &mut Extraction<'_>) -> Option<&'static str> {
    if list_of(root, "NetworkAcls", is_network_acl).is_some() {
        for (path, acl) in objects(root, "NetworkAcls", "") {
            let entries = objects(acl, "Entries", &path).map(|(p, e)| entry(e, p)).collect();
            out.model.network_acls.push(NetworkAcl {
                span: acl.span,
                id: field(acl, "NetworkAclId"),
                logical_id: None,
                entries,
                path,
            });
        }
        return Some("ec2-describe-network-acls");
    }

    // The create and replace requests have the same keys: one name covers both.
    if has_scalar(root, "NetworkAclId") && ENTRY_REQUEST_KEYS.iter().all(|k| has_scalar(root, k)) {
        out.model.network_acls.push(NetworkAcl {
            path: String::new(),
            span: root.span,
            id: field(root, "NetworkAclId"),
            logical_id: None,
            entries: vec![entry(root, String::new())],
        });
        return Some("ec2-network-acl-entry");
    }
    None
}

fn is_network_acl(acl: &Node) -> bool {
    has_scalar(acl, "NetworkAclId") && has_list(acl, "Entries")
}

/// One entry, as the API and CloudFormation's `AWS::EC2::NetworkAclEntry` both write it.
/// `Egress` is required; an entry without it reads as ingress, the direction where an open
/// rule does harm.
pub(super) fn entry(node: &Node, path: String) -> NaclEntry {
    let direction = if is_true(node, "Egress") { Direction::Egress } else { Direction::Ingress };
    let protocol = field(node, "Protocol");
    let (from_port, to_port) = if protocol.as_ref().is_some_and(is_icmp) {
        icmp_type_code(node)
    } else {
        port_range(node)
    };
    NaclEntry {
        path,
        span: node.span,
        direction,
        rule_number: field(node, "RuleNumber"),
        action: field(node, "RuleAction"),
        protocol,
        from_port,
        to_port,
        ipv4: field(node, "CidrBlock"),
        ipv6: field(node, "Ipv6CidrBlock"),
    }
}

/// Whether the protocol is ICMP or `ICMPv6`, by number or name; such entries ignore `PortRange`.
fn is_icmp(protocol: &Value) -> bool {
    protocol
        .as_literal()
        .is_some_and(|p| ["1", "58", "icmp", "icmpv6"].iter().any(|n| p.eq_ignore_ascii_case(n)))
}

/// `IcmpTypeCode: {Type, Code}` (API) or `Icmp: {Type, Code}` (CloudFormation), read as the
/// first and second bound of the traffic; absent, every type and code.
fn icmp_type_code(node: &Node) -> (Option<Value>, Option<Value>) {
    let Some(icmp) = node.get("IcmpTypeCode").or_else(|| node.get("Icmp")) else {
        return (None, None);
    };
    if is_object(icmp) {
        return (field(icmp, "Type"), field(icmp, "Code"));
    }
    match value(icmp) {
        Some(icmp) => (Some(Value::unknown(icmp.span)), Some(Value::unknown(icmp.span))),
        None => (None, None),
    }
}

/// `PortRange: {From, To}`; a range of any other shape (an intrinsic function in a template)
/// leaves both ends unknown, since absent ends would read as every port.
fn port_range(node: &Node) -> (Option<Value>, Option<Value>) {
    let Some(range) = node.get("PortRange") else { return (None, None) };
    if is_object(range) {
        return (field(range, "From"), field(range, "To"));
    }
    match value(range) {
        Some(range) => (Some(Value::unknown(range.span)), Some(Value::unknown(range.span))),
        None => (None, None),
    }
}
