//! EC2 security group and network ACL shapes.

use tighten::model::Value;
use tighten::model::network::Direction::{Egress, Ingress};
use tighten::model::network::{SecurityGroup, SecurityGroupRule};

use crate::{Loaded, all, load, load_inline};

fn rule_paths(group: &SecurityGroup) -> Vec<&str> {
    group.rules.iter().map(|r| r.path.as_str()).collect()
}

fn ports(f: &Loaded, rule: &SecurityGroupRule) -> (String, String) {
    let at = |v: Option<&Value>| v.map(|v| f.at(v.span)).unwrap_or_default();
    (at(rule.from_port.as_ref()), at(rule.to_port.as_ref()))
}

#[test]
fn describe_security_groups_reads_every_permission() {
    let f = load("ec2/describe-security-groups.json", "ec2-describe-security-groups");
    let [web, db] = f.extracted.model.security_groups.as_slice() else { panic!("two groups") };
    assert_eq!((web.path.as_str(), db.path.as_str()), ("SecurityGroups[0]", "SecurityGroups[1]"));
    assert_eq!(f.opt(web.id.as_ref(), "sg-0a1b2c3d4e5f67890"), "4:24 \"sg-0a1b2c3d4e5f67890\"");
    assert_eq!(f.opt(db.id.as_ref(), "sg-0fedcba9876543210"), "68:24 \"sg-0fedcba9876543210\"");

    assert_eq!(
        rule_paths(web),
        [
            "SecurityGroups[0].IpPermissions[0]",
            "SecurityGroups[0].IpPermissions[1]",
            "SecurityGroups[0].IpPermissionsEgress[0]",
        ]
    );
    let [https, ssh, egress] = web.rules.as_slice() else { panic!("three rules") };
    assert_eq!((https.direction, ssh.direction, egress.direction), (Ingress, Ingress, Egress));

    assert_eq!(f.lit(&https.ipv4[0], "0.0.0.0/0"), "37:39 \"0.0.0.0/0\"");
    assert_eq!(f.lit(&https.ipv6[0], "::/0"), "42:41 \"::/0\"");

    // The second permission opens SSH to an office range and, further down, to everyone.
    assert_eq!(f.opt(ssh.protocol.as_ref(), "tcp"), "48:35 \"tcp\"");
    assert_eq!(ports(&f, ssh), ("49:33 22".to_owned(), "50:31 22".to_owned()));
    assert_eq!(all(&ssh.ipv4), ["203.0.113.0/24", "0.0.0.0/0"]);
    assert_eq!(f.lit(&ssh.ipv4[0], "203.0.113.0/24"), "55:39 \"203.0.113.0/24\"");
    assert_eq!(f.lit(&ssh.ipv4[1], "0.0.0.0/0"), "59:39 \"0.0.0.0/0\"");

    assert_eq!(f.opt(egress.protocol.as_ref(), "-1"), "7:35 \"-1\"");
    assert!(egress.from_port.is_none() && egress.to_port.is_none());
}

#[test]
fn group_references_and_prefix_lists_are_sources() {
    let f = load("ec2/describe-security-groups.json", "ec2-describe-security-groups");
    let db = &f.extracted.model.security_groups[1];
    let [postgres, vpn] = db.rules.as_slice() else { panic!("two rules, no egress") };

    assert!(postgres.ipv4.is_empty() && postgres.ipv6.is_empty());
    assert_eq!(
        f.lit(&postgres.groups[0], "sg-0a1b2c3d4e5f67890"),
        "84:40 \"sg-0a1b2c3d4e5f67890\""
    );
    assert_eq!(ports(&f, postgres).0, "78:33 5432");

    assert_eq!(vpn.path, "SecurityGroups[1].IpPermissions[1]");
    assert_eq!(
        f.lit(&vpn.prefix_lists[0], "pl-0123abcd4567ef890"),
        "99:45 \"pl-0123abcd4567ef890\""
    );
}

#[test]
fn a_single_security_group_object() {
    let f = load("ec2/security-group.json", "ec2-security-group");
    let [group] = f.extracted.model.security_groups.as_slice() else { panic!("one group") };
    assert_eq!(group.path, "");
    assert_eq!(f.opt(group.id.as_ref(), "sg-0a1b2c3d4e5f67890"), "2:16 \"sg-0a1b2c3d4e5f67890\"");
    assert_eq!(
        rule_paths(group),
        ["IpPermissions[0]", "IpPermissions[1]", "IpPermissionsEgress[0]"]
    );
    assert_eq!(f.lit(&group.rules[1].ipv4[1], "0.0.0.0/0"), "57:31 \"0.0.0.0/0\"");
}

#[test]
fn authorize_ingress_request_with_permissions() {
    let f = load("ec2/authorize-ingress.json", "ec2-authorize-security-group-ingress");
    let [group] = f.extracted.model.security_groups.as_slice() else { panic!("one group") };
    assert_eq!(group.id.as_ref().and_then(|v| v.as_literal()), Some("sg-0a1b2c3d4e5f67890"));

    let [ssh, postgres] = group.rules.as_slice() else { panic!("two rules") };
    assert_eq!((ssh.path.as_str(), ssh.direction), ("IpPermissions[0]", Ingress));
    assert_eq!(f.lit(&ssh.ipv4[0], "0.0.0.0/0"), "10:31 \"0.0.0.0/0\"");
    assert_eq!(ports(&f, ssh), ("6:25 22".to_owned(), "7:23 22".to_owned()));
    assert_eq!(
        f.lit(&postgres.groups[0], "sg-0fedcba9876543210"),
        "21:32 \"sg-0fedcba9876543210\""
    );
}

#[test]
fn authorize_ingress_request_in_the_flat_form() {
    let f = load("ec2/authorize-ingress-flat.json", "ec2-authorize-security-group-ingress");
    let [group] = f.extracted.model.security_groups.as_slice() else { panic!("one group") };
    assert_eq!(f.opt(group.id.as_ref(), "legacy-admin"), "2:18 \"legacy-admin\"");

    let [rdp] = group.rules.as_slice() else { panic!("one rule") };
    assert_eq!((rdp.path.as_str(), rdp.direction), ("", Ingress));
    assert_eq!(f.lit(&rdp.ipv4[0], "0.0.0.0/0"), "6:15 \"0.0.0.0/0\"");
    assert_eq!(ports(&f, rdp), ("4:17 3389".to_owned(), "5:15 3389".to_owned()));
    assert!(rdp.groups.is_empty());
}

#[test]
fn security_group_rules_are_grouped_by_group_id() {
    let f = load("ec2/describe-security-group-rules.json", "ec2-describe-security-group-rules");
    let [web, db] = f.extracted.model.security_groups.as_slice() else { panic!("two groups") };
    assert_eq!(f.opt(web.id.as_ref(), "sg-0a1b2c3d4e5f67890"), "5:24 \"sg-0a1b2c3d4e5f67890\"");
    assert_eq!(
        rule_paths(web),
        ["SecurityGroupRules[0]", "SecurityGroupRules[1]", "SecurityGroupRules[3]"]
    );
    assert_eq!(rule_paths(db), ["SecurityGroupRules[2]"]);

    let [https, all_out, ssh] = web.rules.as_slice() else { panic!("three rules") };
    assert_eq!((https.direction, all_out.direction, ssh.direction), (Ingress, Egress, Ingress));
    assert_eq!(f.lit(&https.ipv4[0], "0.0.0.0/0"), "11:25 \"0.0.0.0/0\"");
    assert_eq!(f.lit(&all_out.ipv6[0], "::/0"), "23:25 \"::/0\"");
    assert_eq!(ports(&f, all_out), ("21:25 -1".to_owned(), "22:23 -1".to_owned()));
    assert_eq!(
        f.lit(&ssh.prefix_lists[0], "pl-0123abcd4567ef890"),
        "51:29 \"pl-0123abcd4567ef890\""
    );
    assert_eq!(all(&db.rules[0].groups), ["sg-0a1b2c3d4e5f67890"]);
}

#[test]
fn describe_network_acls_keeps_entry_order_and_direction() {
    let f = load("ec2/describe-network-acls.json", "ec2-describe-network-acls");
    let [default, private] = f.extracted.model.network_acls.as_slice() else { panic!("two ACLs") };
    assert_eq!(
        f.opt(default.id.as_ref(), "acl-0ea1f54ca7b8c9d0e"),
        "60:29 \"acl-0ea1f54ca7b8c9d0e\""
    );
    assert_eq!(private.path, "NetworkAcls[1]");

    let directions: Vec<_> = default.entries.iter().map(|e| e.direction).collect();
    assert_eq!(directions, [Egress, Egress, Ingress, Ingress, Ingress, Ingress]);

    let rdp = &default.entries[2];
    assert_eq!(rdp.path, "NetworkAcls[0].Entries[2]");
    assert_eq!(f.opt(rdp.rule_number.as_ref(), "90"), "35:35 90");
    assert_eq!(f.opt(rdp.action.as_ref(), "deny"), "34:35 \"deny\"");
    assert_eq!(f.opt(rdp.protocol.as_ref(), "6"), "33:33 \"6\"");
    assert_eq!(f.opt(rdp.from_port.as_ref(), "3389"), "30:33 3389");
    assert_eq!(f.opt(rdp.to_port.as_ref(), "3389"), "31:31 3389");
    assert_eq!(f.opt(rdp.ipv4.as_ref(), "0.0.0.0/0"), "27:34 \"0.0.0.0/0\"");

    let ipv6 = &default.entries[4];
    assert!(ipv6.ipv4.is_none() && ipv6.from_port.is_none());
    assert_eq!(f.opt(ipv6.ipv6.as_ref(), "::/0"), "46:38 \"::/0\"");

    let icmp = &private.entries[0];
    assert_eq!(f.opt(icmp.protocol.as_ref(), "1"), "75:33 \"1\"");
    // `IcmpTypeCode` gives the type and code in the place of ports.
    assert_eq!(f.opt(icmp.from_port.as_ref(), "8"), "73:33 8");
    assert_eq!(f.opt(icmp.to_port.as_ref(), "-1"), "72:33 -1");
}

#[test]
fn network_acl_entry_request_is_an_acl_with_one_entry() {
    let f = load("ec2/create-network-acl-entry.json", "ec2-network-acl-entry");
    let [acl] = f.extracted.model.network_acls.as_slice() else { panic!("one ACL") };
    assert_eq!(f.opt(acl.id.as_ref(), "acl-05b6c7d8e9f0a1b2c"), "2:21 \"acl-05b6c7d8e9f0a1b2c\"");

    let [entry] = acl.entries.as_slice() else { panic!("one entry") };
    assert_eq!((entry.path.as_str(), entry.direction), ("", Ingress));
    assert_eq!(f.opt(entry.rule_number.as_ref(), "120"), "3:19 120");
    assert_eq!(f.opt(entry.action.as_ref(), "allow"), "5:19 \"allow\"");
    assert_eq!(f.opt(entry.ipv4.as_ref(), "0.0.0.0/0"), "7:18 \"0.0.0.0/0\"");
    assert_eq!(f.opt(entry.from_port.as_ref(), "0"), "9:17 0");
    assert_eq!(f.opt(entry.to_port.as_ref(), "65535"), "10:15 65535");
}

#[test]
fn a_port_range_of_another_shape_is_unknown() {
    let f = load_inline(
        r#"{"NetworkAclId": "acl-1", "RuleNumber": 100, "Protocol": "6", "RuleAction": "allow",
  "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": "22-22"}"#,
        "ec2-network-acl-entry",
    );
    let entry = &f.extracted.model.network_acls[0].entries[0];
    let from = entry.from_port.as_ref().unwrap();
    assert_eq!((from.as_literal(), f.at(from.span)), (None, "2:59 \"22-22\"".to_owned()));
    assert!(entry.to_port.as_ref().unwrap().as_literal().is_none());
}
