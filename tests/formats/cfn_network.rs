//! Network resources of templates: security groups, their inline and standalone rules, network
//! ACLs and their entries, grouped whatever the order of the resources.

use tighten::model::network::Direction::{Egress, Ingress};
use tighten::model::network::{NetworkAcl, SecurityGroup};
use tighten::model::{Value, ValueKind};
use tighten::syntax::Span;

use crate::{Loaded, load, load_inline};

const TEMPLATE: &str = "cloudformation-template";

fn template(name: &str) -> Loaded {
    load(&format!("cloudformation/network/{name}"), TEMPLATE)
}

/// The first line of [`Loaded::at`], for spans that cover a whole resource or rule.
fn head(f: &Loaded, span: Span) -> String {
    f.at(span).lines().next().unwrap_or_default().to_owned()
}

/// [`Loaded::at`] of a value, after checking that it is a `function` pointing at `target`.
fn reference(f: &Loaded, value: &Value, function: &str, target: &str) -> String {
    let expected = ValueKind::Reference { function: function.into(), target: target.into() };
    assert_eq!(value.kind, expected, "value at {}", f.at(value.span));
    f.at(value.span)
}

fn rule_paths(group: &SecurityGroup) -> Vec<&str> {
    group.rules.iter().map(|r| r.path.as_str()).collect()
}

fn entry_paths(acl: &NetworkAcl) -> Vec<&str> {
    acl.entries.iter().map(|e| e.path.as_str()).collect()
}

#[test]
fn yaml_security_group_with_inline_rules_in_short_forms() {
    let f = template("security-groups.yaml");
    let [web, app, bastion] = f.extracted.model.security_groups.as_slice() else {
        panic!("three groups")
    };
    assert_eq!(
        (web.path.as_str(), web.logical_id.as_deref()),
        ("Resources.WebSecurityGroup", Some("WebSecurityGroup"))
    );
    assert_eq!(head(&f, web.span), "31:5 Type: AWS::EC2::SecurityGroup");
    assert_eq!(f.opt(web.id.as_ref(), "web-public"), "33:18 web-public");
    assert_eq!(
        rule_paths(web),
        [
            "Resources.WebSecurityGroup.Properties.SecurityGroupIngress[0]",
            "Resources.WebSecurityGroup.Properties.SecurityGroupIngress[1]",
            "Resources.WebSecurityGroup.Properties.SecurityGroupIngress[2]",
            "Resources.WebSecurityGroup.Properties.SecurityGroupEgress[0]",
            "Resources.WebIpv6HttpsIngress.Properties",
            "Resources.WebToAppEgress.Properties",
        ]
    );

    let [https, ssh, debug, egress, ..] = web.rules.as_slice() else { panic!("six rules") };
    assert_eq!(head(&f, https.span), "37:11 IpProtocol: tcp");
    assert_eq!(f.opt(https.protocol.as_ref(), "tcp"), "37:23 tcp");
    assert_eq!(f.opt(https.from_port.as_ref(), "443"), "38:21 443");
    assert_eq!(f.opt(https.to_port.as_ref(), "443"), "39:19 443");
    assert_eq!(f.lit(&https.ipv4[0], "0.0.0.0/0"), "40:19 0.0.0.0/0");
    assert!(https.ipv6.is_empty() && https.groups.is_empty() && https.prefix_lists.is_empty());

    // A parameter without a default stays a reference: rules cannot read it.
    assert_eq!(reference(&f, &ssh.ipv4[0], "Ref", "OfficeCidr"), "44:19 !Ref OfficeCidr");

    // The `!If` item with `AWS::NoValue` on one side gives the other branch only.
    assert_eq!(head(&f, debug.span), "47:13 IpProtocol: tcp");
    assert_eq!(f.opt(debug.from_port.as_ref(), "9229"), "48:23 9229");
    assert_eq!(f.lit(&debug.ipv4[0], "10.0.0.0/8"), "50:21 10.0.0.0/8");

    assert_eq!(egress.direction, Egress);
    assert_eq!(f.opt(egress.protocol.as_ref(), "-1"), "53:23 \"-1\"");
    assert!(egress.from_port.is_none() && egress.to_port.is_none());
    assert_eq!(f.lit(&egress.ipv4[0], "0.0.0.0/0"), "54:19 0.0.0.0/0");

    // The group's name is given at deploy time: no id.
    assert_eq!(app.logical_id.as_deref(), Some("AppSecurityGroup"));
    assert!(app.id.is_none());
    assert_eq!(rule_paths(app), ["Resources.AppFromWebIngress.Properties"]);
    assert_eq!(bastion.logical_id, None);
}

#[test]
fn yaml_standalone_rules_join_the_group_they_reference() {
    let f = template("security-groups.yaml");
    let [web, app, _] = f.extracted.model.security_groups.as_slice() else {
        panic!("three groups")
    };

    // Declared before its group, and found there by `!Ref`.
    let ipv6 = &web.rules[4];
    assert_eq!(ipv6.direction, Ingress);
    assert_eq!(head(&f, ipv6.span), "23:7 GroupId: !Ref WebSecurityGroup");
    assert_eq!(f.opt(ipv6.protocol.as_ref(), "tcp"), "25:19 tcp");
    assert_eq!(f.opt(ipv6.from_port.as_ref(), "443"), "26:17 443");
    assert_eq!(f.opt(ipv6.to_port.as_ref(), "443"), "27:15 443");
    assert_eq!(f.lit(&ipv6.ipv6[0], "::/0"), "28:17 ::/0");
    assert!(ipv6.ipv4.is_empty());

    let to_app = &web.rules[5];
    assert_eq!(to_app.direction, Egress);
    assert_eq!(head(&f, to_app.span), "75:7 GroupId: !Ref WebSecurityGroup");
    assert_eq!(
        reference(&f, &to_app.groups[0], "Ref", "AppSecurityGroup"),
        "79:35 !Ref AppSecurityGroup"
    );

    // `!GetAtt Group.GroupId` finds the group too.
    let [from_web] = app.rules.as_slice() else { panic!("one rule") };
    assert_eq!(
        (from_web.direction, head(&f, from_web.span)),
        (Ingress, "66:7 GroupId: !GetAtt AppSecurityGroup.GroupId".to_owned())
    );
    assert_eq!(
        reference(&f, &from_web.groups[0], "Fn::GetAtt", "WebSecurityGroup.GroupId"),
        "70:30 !GetAtt WebSecurityGroup.GroupId"
    );
    assert_eq!(f.opt(from_web.from_port.as_ref(), "8080"), "68:17 8080");
}

#[test]
fn yaml_standalone_rules_of_one_external_group_share_it() {
    let f = template("security-groups.yaml");
    let bastion = &f.extracted.model.security_groups[2];
    assert_eq!(bastion.path, "Resources.BastionVpnIngress");
    assert_eq!(head(&f, bastion.span), "83:5 Type: AWS::EC2::SecurityGroupIngress");
    assert_eq!(f.opt(bastion.id.as_ref(), "sg-0a1b2c3d4e5f67890"), "85:16 sg-0a1b2c3d4e5f67890");

    let [vpn, legacy] = bastion.rules.as_slice() else { panic!("two rules") };
    assert_eq!(vpn.path, "Resources.BastionVpnIngress.Properties");
    assert_eq!(f.lit(&vpn.prefix_lists[0], "pl-0123abcd4567ef890"), "89:27 pl-0123abcd4567ef890");
    assert_eq!(legacy.path, "Resources.BastionLegacyIngress.Properties");
    assert_eq!(f.opt(legacy.protocol.as_ref(), "6"), "95:19 \"6\"");
    assert_eq!(f.lit(&legacy.groups[0], "legacy-admins"), "98:32 legacy-admins");
}

#[test]
fn json_security_groups_in_long_forms() {
    let f = template("security-groups.json");
    let [database, lambda, shared] = f.extracted.model.security_groups.as_slice() else {
        panic!("three groups")
    };

    // `Fn::Sub` with a placeholder: the name is not known here.
    assert_eq!(database.path, "Resources.DatabaseSecurityGroup");
    assert!(database.id.is_none());
    assert_eq!(
        rule_paths(database),
        [
            "Resources.DatabaseSecurityGroup.Properties.SecurityGroupIngress[0]",
            "Resources.DatabaseSecurityGroup.Properties.SecurityGroupIngress[1]",
            "Resources.DatabaseSecurityGroup.Properties.SecurityGroupIngress[1]",
            "Resources.DatabaseSecurityGroup.Properties.SecurityGroupEgress[0]",
            "Resources.DatabaseFromLambdaIngress.Properties",
        ]
    );

    let [vpc, replica, open, egress, from_lambda] = database.rules.as_slice() else {
        panic!("five rules")
    };
    assert_eq!(f.opt(vpc.protocol.as_ref(), "tcp"), "20:27 \"tcp\"");
    assert_eq!(f.opt(vpc.to_port.as_ref(), "5432"), "22:23 5432");
    assert_eq!(f.lit(&vpc.ipv4[0], "10.20.0.0/16"), "23:23 \"10.20.0.0/16\"");

    // Both branches of the `Fn::If` item, each with its own spans.
    assert_eq!(head(&f, replica.span), "28:15 {");
    assert_eq!(f.lit(&replica.ipv4[0], "10.30.0.0/16"), "32:27 \"10.30.0.0/16\"");
    assert_eq!(head(&f, open.span), "34:15 {");
    assert_eq!(f.opt(open.from_port.as_ref(), "5432"), "36:29 5432");
    assert_eq!(f.lit(&open.ipv4[0], "0.0.0.0/0"), "38:27 \"0.0.0.0/0\"");

    assert_eq!(egress.direction, Egress);
    assert_eq!(f.lit(&egress.ipv6[0], "::/0"), "46:25 \"::/0\"");
    assert_eq!(f.lit(&egress.prefix_lists[0], "pl-63a5400a"), "47:40 \"pl-63a5400a\"");

    // `Fn::GetAtt [Group, GroupId]` in the list form.
    assert_eq!(from_lambda.direction, Ingress);
    assert_eq!(head(&f, from_lambda.span), "54:21 {");
    assert_eq!(
        reference(&f, &from_lambda.groups[0], "Ref", "LambdaSecurityGroup"),
        "59:34 { \"Ref\": \"LambdaSecurityGroup\" }"
    );

    // `GroupName: {"Ref": Group}`, the default-VPC way of naming a group.
    assert_eq!(f.opt(lambda.id.as_ref(), "orders-lambda"), "65:22 \"orders-lambda\"");
    let [ssh] = lambda.rules.as_slice() else { panic!("one rule") };
    assert_eq!(ssh.path, "Resources.DefaultVpcSshIngress.Properties");
    assert_eq!(f.lit(&ssh.ipv4[0], "192.168.1.0/24"), "77:19 \"192.168.1.0/24\"");

    // An imported group is a group of its own, whose id cannot be read.
    assert_eq!(
        (shared.path.as_str(), shared.logical_id.as_deref()),
        ("Resources.SharedServicesIngress", None)
    );
    let id = shared.id.as_ref().unwrap();
    assert_eq!(id.kind, ValueKind::Unknown);
    assert_eq!(f.at(id.span), "83:20 { \"Fn::ImportValue\": \"shared-services-SecurityGroupId\" }");
    assert_eq!(
        reference(&f, &shared.rules[0].groups[0], "Fn::GetAtt", "LambdaSecurityGroup.GroupId"),
        "87:34 { \"Fn::GetAtt\": [\"LambdaSecurityGroup\", \"GroupId\"] }"
    );
}

#[test]
fn yaml_nacl_entries_join_their_acl_in_any_order() {
    let f = template("network-acls.yaml");
    let [public, legacy, shared] = f.extracted.model.network_acls.as_slice() else {
        panic!("three ACLs")
    };
    assert_eq!(
        (public.path.as_str(), public.logical_id.as_deref()),
        ("Resources.PublicNetworkAcl", Some("PublicNetworkAcl"))
    );
    assert_eq!(head(&f, public.span), "23:5 Type: AWS::EC2::NetworkAcl");
    assert!(public.id.is_none());
    assert_eq!(
        entry_paths(public),
        [
            "Resources.InboundSshDenyEntry.Properties",
            "Resources.InboundHttpsEntry.Properties",
            "Resources.InboundPingEntry.Properties",
            "Resources.OutboundAllEntry.Properties",
        ]
    );

    let [ssh, https, ping, outbound] = public.entries.as_slice() else { panic!("four entries") };
    assert_eq!(head(&f, ssh.span), "12:7 NetworkAclId: !Ref PublicNetworkAcl");
    assert_eq!(ssh.direction, Ingress);
    assert_eq!(f.opt(ssh.rule_number.as_ref(), "90"), "13:19 90");
    assert_eq!(f.opt(ssh.protocol.as_ref(), "6"), "14:17 6");
    assert_eq!(f.opt(ssh.action.as_ref(), "deny"), "15:19 deny");
    assert_eq!(f.opt(ssh.ipv4.as_ref(), "0.0.0.0/0"), "17:18 0.0.0.0/0");
    assert_eq!(f.opt(ssh.from_port.as_ref(), "22"), "19:15 22");
    assert_eq!(f.opt(ssh.to_port.as_ref(), "22"), "20:13 22");

    // Quoted numbers and `Egress: "false"` read the same as plain ones.
    assert_eq!(https.direction, Ingress);
    assert_eq!(f.opt(https.rule_number.as_ref(), "100"), "34:19 \"100\"");
    assert_eq!(f.opt(https.from_port.as_ref(), "443"), "40:15 \"443\"");
    assert!(https.ipv4.is_none());
    assert_eq!(f.opt(https.ipv6.as_ref(), "::/0"), "38:22 ::/0");

    // `Icmp` gives type and code in the place of ports; no `Egress` reads as ingress.
    assert_eq!(ping.direction, Ingress);
    assert_eq!(f.opt(ping.protocol.as_ref(), "1"), "48:17 1");
    assert_eq!(f.opt(ping.from_port.as_ref(), "8"), "53:15 8");
    assert_eq!(f.opt(ping.to_port.as_ref(), "-1"), "52:15 -1");

    assert_eq!(outbound.direction, Egress);
    assert_eq!(f.opt(outbound.protocol.as_ref(), "-1"), "60:17 -1");

    // Entries naming the same external ACL share it, wherever they are in the template.
    assert_eq!(
        (legacy.path.as_str(), legacy.logical_id.as_deref()),
        ("Resources.LegacyAclDenyEntry", None)
    );
    assert_eq!(f.opt(legacy.id.as_ref(), "acl-0123456789abcdef0"), "69:21 acl-0123456789abcdef0");
    assert_eq!(
        entry_paths(legacy),
        ["Resources.LegacyAclDenyEntry.Properties", "Resources.LegacyAclAllowEntry.Properties"]
    );
    assert_eq!(f.opt(legacy.entries[1].ipv4.as_ref(), "0.0.0.0/0"), "94:18 0.0.0.0/0");

    assert_eq!(shared.path, "Resources.SharedAclEntry");
    assert_eq!(shared.id.as_ref().map(|id| &id.kind), Some(&ValueKind::Unknown));
    assert_eq!(
        entry_paths(shared),
        ["Resources.SharedAclEntry.Properties", "Resources.SharedAclDenyEntry.Properties"]
    );
    assert_eq!(f.opt(shared.entries[1].rule_number.as_ref(), "90"), "100:19 90");
}

#[test]
fn json_nacl_entries_in_long_forms() {
    let f = template("network-acls.json");
    let [private] = f.extracted.model.network_acls.as_slice() else { panic!("one ACL") };
    assert_eq!(private.logical_id.as_deref(), Some("PrivateNetworkAcl"));
    assert_eq!(head(&f, private.span), "30:26 {");

    // `{"Ref": ...}` before the ACL and `{"Fn::GetAtt": [Acl, Id]}` after it.
    assert_eq!(
        entry_paths(private),
        [
            "Resources.PrivateInboundEphemeralEntry.Properties",
            "Resources.PrivateInboundVpcEntry.Properties",
            "Resources.PrivateOutboundEntry.Properties",
        ]
    );
    let [ephemeral, vpc, outbound] = private.entries.as_slice() else { panic!("three entries") };
    assert_eq!(ephemeral.direction, Ingress);
    assert_eq!(f.opt(ephemeral.rule_number.as_ref(), "200"), "16:23 200");
    assert_eq!(f.opt(ephemeral.action.as_ref(), "allow"), "18:23 \"allow\"");
    assert_eq!(f.opt(ephemeral.ipv4.as_ref(), "0.0.0.0/0"), "20:22 \"0.0.0.0/0\"");

    // A port range chosen by `Fn::If` is unknown at both ends, never every port.
    for end in [&ephemeral.from_port, &ephemeral.to_port] {
        let end = end.as_ref().unwrap();
        assert_eq!((&end.kind, head(&f, end.span)), (&ValueKind::Unknown, "21:22 {".to_owned()));
    }

    assert_eq!(f.opt(vpc.protocol.as_ref(), "-1"), "41:21 -1");
    assert_eq!(f.opt(vpc.ipv4.as_ref(), "10.0.0.0/16"), "44:22 \"10.0.0.0/16\"");
    assert_eq!(outbound.direction, Egress);
}

#[test]
fn an_if_for_the_whole_rule_list_gives_both_lists() {
    let f = load_inline(
        "Conditions:
  Public: !Equals [!Ref Stage, prod]
Resources:
  LoadBalancerSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Load balancer
      SecurityGroupIngress: !If
        - Public
        - - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
        - - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
",
        TEMPLATE,
    );
    let [group] = f.extracted.model.security_groups.as_slice() else { panic!("one group") };
    let ranges: Vec<String> = group.rules.iter().map(|r| f.at(r.ipv4[0].span)).collect();
    assert_eq!(ranges, ["10:67 0.0.0.0/0", "11:67 10.0.0.0/8"]);
    assert_eq!(
        group.rules[1].path,
        "Resources.LoadBalancerSecurityGroup.Properties.SecurityGroupIngress[0]"
    );
}

#[test]
fn wrong_shapes_are_unknown_or_skipped() {
    let f = load_inline(
        r#"{"Resources": {
  "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
    "GroupName": ["web"], "SecurityGroupIngress": {"IpProtocol": "tcp"},
    "SecurityGroupEgress": ["tcp", {"IpProtocol": {"x": 1}, "CidrIp": 10}]}},
  "Loose": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": ["tcp"]},
  "Acl": {"Type": "AWS::EC2::NetworkAcl", "Properties": "none"},
  "Entry": {"Type": "AWS::EC2::NetworkAclEntry", "Properties": {
    "NetworkAclId": ["Acl"], "RuleNumber": {"n": 1}, "PortRange": [22, 22]}}
}}"#,
        TEMPLATE,
    );
    let [group] = f.extracted.model.security_groups.as_slice() else { panic!("one group") };
    assert!(group.id.is_none());
    let [egress] = group.rules.as_slice() else { panic!("one rule") };
    assert_eq!(egress.path, "Resources.Sg.Properties.SecurityGroupEgress[1]");
    assert_eq!(egress.protocol.as_ref().map(|p| &p.kind), Some(&ValueKind::Unknown));
    assert_eq!(f.lit(&egress.ipv4[0], "10"), "4:71 10");

    // An ACL id of the wrong shape names no ACL of the template: the entry keeps its own.
    let [acl, entry_acl] = f.extracted.model.network_acls.as_slice() else { panic!("two ACLs") };
    assert!(acl.entries.is_empty());
    let entry = &entry_acl.entries[0];
    assert_eq!(entry.rule_number.as_ref().map(|n| &n.kind), Some(&ValueKind::Unknown));
    assert_eq!(f.at(entry.from_port.as_ref().unwrap().span), "8:67 [22, 22]");
    assert!(entry.action.is_none());
}

#[test]
fn an_if_for_one_value_is_a_choice_with_both_spans() {
    let f = load_inline(
        "Resources:
  AdminIngress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !ImportValue admin-SecurityGroupId
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: !If [IsSandbox, 0.0.0.0/0, 10.0.0.0/8]
",
        TEMPLATE,
    );
    let [group] = f.extracted.model.security_groups.as_slice() else { panic!("one group") };
    let cidr = &group.rules[0].ipv4[0];
    assert!(matches!(cidr.kind, ValueKind::Choice(_)), "{:?}", cidr.kind);
    let alternatives: Vec<String> =
        cidr.literal_alternatives().map(|(value, _)| f.at(value.span)).collect();
    assert_eq!(alternatives, ["9:31 0.0.0.0/0", "9:42 10.0.0.0/8"]);
}
