//! EC2 security group shapes: `describe-security-groups` output, a single security group
//! object, `authorize-security-group-ingress|egress` requests, and
//! `describe-security-group-rules` output.

use std::collections::HashMap;

use super::Extraction;
use super::fields::{field, has_list, has_scalar, is_true, list_of, nested, objects, value};
use crate::model::Value;
use crate::model::network::{Direction, SecurityGroup, SecurityGroupRule};
use crate::syntax::Node;

/// Keys of a described security group that no authorize request has.
const DESCRIBED_GROUP_KEYS: &[&str] = &["OwnerId", "VpcId", "Description", "IpPermissionsEgress"];

/// The fields of the request form that predates `IpPermissions`, one rule at the top level.
const FLAT_RULE_KEYS: &[&str] = &["IpProtocol", "CidrIp", "FromPort", "ToPort"];

pub(super) fn extract(root: &Node, out: &mut Extraction<'_>) -> Option<&'static str> {
    if list_of(root, "SecurityGroups", has_permissions).is_some() {
        for (path, group) in objects(root, "SecurityGroups", "") {
            out.model.security_groups.push(security_group(group, path));
        }
        return Some("ec2-describe-security-groups");
    }
    if is_security_group(root) {
        out.model.security_groups.push(security_group(root, String::new()));
        return Some("ec2-security-group");
    }
    if is_authorize_request(root) {
        out.model.security_groups.push(authorize_request(root));
        return Some("ec2-authorize-security-group-ingress");
    }
    if list_of(root, "SecurityGroupRules", is_security_group_rule).is_some() {
        push_security_group_rules(root, out);
        return Some("ec2-describe-security-group-rules");
    }
    None
}

/// A security group as EC2 describes it: an id and permission lists.
fn has_permissions(group: &Node) -> bool {
    has_scalar(group, "GroupId")
        && (has_list(group, "IpPermissions") || has_list(group, "IpPermissionsEgress"))
}

/// A security group object on its own: the keys that only a described group has tell it from
/// a request, which names its group and lists permissions and nothing more.
fn is_security_group(node: &Node) -> bool {
    has_permissions(node) && DESCRIBED_GROUP_KEYS.iter().any(|key| node.get(key).is_some())
}

/// `AuthorizeSecurityGroupIngress` (or `Egress`): a group, and permissions as a list or in the
/// flat form.
fn is_authorize_request(node: &Node) -> bool {
    let names_group = has_scalar(node, "GroupId") || has_scalar(node, "GroupName");
    let flat = FLAT_RULE_KEYS.iter().any(|key| has_scalar(node, key));
    names_group
        && (has_list(node, "IpPermissions") || flat)
        && !DESCRIBED_GROUP_KEYS.iter().any(|key| node.get(key).is_some())
}

fn security_group(node: &Node, path: String) -> SecurityGroup {
    let mut rules: Vec<_> = objects(node, "IpPermissions", &path)
        .map(|(rule_path, permission)| ip_permission(permission, rule_path, Direction::Ingress))
        .collect();
    rules
        .extend(objects(node, "IpPermissionsEgress", &path).map(|(rule_path, permission)| {
            ip_permission(permission, rule_path, Direction::Egress)
        }));
    SecurityGroup {
        span: node.span,
        id: field(node, "GroupId").or_else(|| field(node, "GroupName")),
        logical_id: None,
        rules,
        path,
    }
}

/// An `IpPermission`: protocol, port range, and its sources or destinations.
fn ip_permission(node: &Node, path: String, direction: Direction) -> SecurityGroupRule {
    let mut groups = nested(node, "UserIdGroupPairs", "GroupId");
    if groups.is_empty() {
        groups = nested(node, "UserIdGroupPairs", "GroupName");
    }
    SecurityGroupRule {
        path,
        span: node.span,
        direction,
        protocol: field(node, "IpProtocol"),
        from_port: field(node, "FromPort"),
        to_port: field(node, "ToPort"),
        ipv4: nested(node, "IpRanges", "CidrIp"),
        ipv6: nested(node, "Ipv6Ranges", "CidrIpv6"),
        prefix_lists: nested(node, "PrefixListIds", "PrefixListId"),
        groups,
    }
}

/// A request adds to one group. Whether it is an ingress or an egress request is not in its
/// content, and egress requests take `GroupId` only.
// TODO: take the direction from the caller once discovery can tell which command a request
// file is for (a file name convention or a config entry); until then requests read as ingress.
fn authorize_request(root: &Node) -> SecurityGroup {
    let mut group = security_group(root, String::new());
    if FLAT_RULE_KEYS.iter().any(|key| has_scalar(root, key)) {
        let mut rule = ip_permission(root, String::new(), Direction::Ingress);
        rule.ipv4 = field(root, "CidrIp").into_iter().collect();
        rule.groups = field(root, "SourceSecurityGroupName").into_iter().collect();
        group.rules.insert(0, rule);
    }
    group
}

/// One rule of `describe-security-group-rules`, with its rule id, group and direction.
fn is_security_group_rule(node: &Node) -> bool {
    has_scalar(node, "SecurityGroupRuleId") && has_scalar(node, "GroupId")
}

/// Rules are listed flat; the model groups them by `GroupId`, in order of first appearance.
fn push_security_group_rules(root: &Node, out: &mut Extraction<'_>) {
    let Some(list) = root.get("SecurityGroupRules") else { return };
    let mut groups: Vec<SecurityGroup> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();

    for (path, node) in objects(root, "SecurityGroupRules", "") {
        let Some(id) = field(node, "GroupId") else { continue };
        let direction =
            if is_true(node, "IsEgress") { Direction::Egress } else { Direction::Ingress };
        let referenced = node.get("ReferencedGroupInfo");
        let rule = SecurityGroupRule {
            span: node.span,
            direction,
            protocol: field(node, "IpProtocol"),
            from_port: field(node, "FromPort"),
            to_port: field(node, "ToPort"),
            ipv4: field(node, "CidrIpv4").into_iter().collect(),
            ipv6: field(node, "CidrIpv6").into_iter().collect(),
            prefix_lists: field(node, "PrefixListId").into_iter().collect(),
            groups: referenced.and_then(referenced_group).into_iter().collect(),
            path,
        };

        // A group id that is not a literal cannot be matched with another: it stands alone.
        let known = id.as_literal().and_then(|text| index.get(text).copied());
        if let Some(group) = known.and_then(|at| groups.get_mut(at)) {
            group.rules.push(rule);
            continue;
        }
        if let Some(text) = id.as_literal() {
            index.insert(text.to_owned(), groups.len());
        }
        groups.push(SecurityGroup {
            path: "SecurityGroupRules".to_owned(),
            span: list.span,
            id: Some(id),
            logical_id: None,
            rules: vec![rule],
        });
    }
    out.model.security_groups.extend(groups);
}

/// The group a rule refers to: its `GroupId`, or unknown when the info is not an object.
fn referenced_group(info: &Node) -> Option<Value> {
    match info.entries() {
        Some(_) => field(info, "GroupId"),
        None => value(info).map(|v| Value::unknown(v.span)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Limits, json};

    fn load(text: &str) -> Node {
        json::parse(text, 0, &Limits::default()).unwrap()
    }

    #[test]
    fn a_request_is_not_a_security_group() {
        let request = load(r#"{"GroupId": "sg-1", "IpPermissions": []}"#);
        assert!(!is_security_group(&request));
        assert!(is_authorize_request(&request));

        let group =
            load(r#"{"GroupId": "sg-1", "OwnerId": "1", "GroupName": "a", "IpPermissions": []}"#);
        assert!(is_security_group(&group));
        assert!(!is_authorize_request(&group));
    }
}
