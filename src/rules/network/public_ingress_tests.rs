//! NET001 on hand-built groups.

use super::*;
use crate::report::Severity;
use crate::rules::testing::{Source as Text, run, sg_rule};

fn group(rules: Vec<SecurityGroupRule>) -> crate::model::Model {
    crate::rules::testing::model_with_group(rules)
}

#[test]
fn ssh_from_everywhere() {
    let mut src = Text::new();
    let rule = sg_rule(&mut src, 0, "tcp", Some("22"), Some("22"), &["0.0.0.0/0"], &[]);
    let findings = run(&PublicIngress, &group(vec![rule]), &src);

    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.message, "security group allows SSH (22) from the whole internet");
    assert_eq!(f.span.slice(&src.text), "\"0.0.0.0/0\"");
    assert_eq!(f.label.as_deref(), Some("every IPv4 address"));
    assert_eq!(f.labels.len(), 1);
    assert_eq!(f.labels[0].span.slice(&src.text), "22");
    assert_eq!(f.labels[0].message, "port 22");
    assert_eq!(f.path, "SecurityGroups[0].IpPermissions[0]");
    assert_eq!(f.value_key, "tcp:22 0.0.0.0/0");
    assert!(f.help.as_deref().unwrap().contains("Session Manager"));
}

#[test]
fn every_spelling_of_the_whole_space() {
    for (v4, v6, key) in [
        (&["10.0.0.0/0"][..], &[][..], "all 0.0.0.0/0"),
        (&[], &["::0/0"], "all ::/0"),
        (&[], &["0000:0000:0000:0000:0000:0000:0000:0000/0"], "all ::/0"),
    ] {
        let mut src = Text::new();
        let rule = sg_rule(&mut src, 0, "-1", None, None, v4, v6);
        let findings = run(&PublicIngress, &group(vec![rule]), &src);
        assert_eq!(findings.len(), 1, "{key}");
        assert_eq!(findings[0].value_key, key);
        assert_eq!(
            findings[0].message,
            "security group allows all traffic from the whole internet"
        );
        assert_eq!(findings[0].labels[0].message, "every protocol and port");
        assert_eq!(findings[0].labels[0].span.slice(&src.text), "\"-1\"");
    }
}

#[test]
fn ipv4_and_ipv6_are_separate_findings() {
    let mut src = Text::new();
    let rule = sg_rule(&mut src, 0, "tcp", Some("443"), Some("443"), &["0.0.0.0/0"], &["::/0"]);
    let findings = run(&PublicIngress, &group(vec![rule]), &src);

    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0].span.slice(&src.text), "\"0.0.0.0/0\"");
    assert_eq!(findings[1].span.slice(&src.text), "\"::/0\"");
    assert_eq!(findings[1].label.as_deref(), Some("every IPv6 address"));
    assert!(findings.iter().all(|f| f.severity == Severity::Low));
    assert!(findings[0].help.as_deref().unwrap().contains("load balancer"));
}

#[test]
fn halves_add_up_within_and_across_rules() {
    let mut src = Text::new();
    let within =
        sg_rule(&mut src, 0, "tcp", Some("3306"), Some("3306"), &["0.0.0.0/1", "128.0.0.0/1"], &[]);
    let findings = run(&PublicIngress, &group(vec![within]), &src);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].span.slice(&src.text), "\"0.0.0.0/1\"");
    assert_eq!(findings[0].label.as_deref(), Some("with 1 other range, every IPv4 address"));
    assert_eq!(findings[0].labels[0].span.slice(&src.text), "\"128.0.0.0/1\"");
    assert_eq!(findings[0].message, "security group allows MySQL (3306) from the whole internet");

    let mut src = Text::new();
    let a =
        sg_rule(&mut src, 0, "6", Some("5432"), Some("5432"), &["128.0.0.0/1", "10.0.0.0/8"], &[]);
    let b = sg_rule(&mut src, 1, "TCP", Some("5432"), Some("5432"), &["0.0.0.0/1"], &[]);
    let findings = run(&PublicIngress, &group(vec![a, b]), &src);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].span.slice(&src.text), "\"128.0.0.0/1\"");
    assert_eq!(findings[0].path, "SecurityGroups[0].IpPermissions[0]");
    assert_eq!(findings[0].labels[0].span.slice(&src.text), "\"0.0.0.0/1\"");
}

#[test]
fn halves_with_overlapping_ports_add_up_on_the_overlap() {
    let mut src = Text::new();
    let a = sg_rule(&mut src, 0, "tcp", Some("0"), Some("1000"), &["0.0.0.0/1"], &[]);
    let b = sg_rule(&mut src, 1, "6", Some("20"), Some("23"), &["128.0.0.0/1"], &[]);
    let c = sg_rule(&mut src, 2, "tcp", Some("22"), Some("22"), &["10.0.0.0/8"], &[]);
    let findings = run(&PublicIngress, &group(vec![a, b, c]), &src);

    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(
        f.message,
        "security group allows TCP ports 20-23 from the whole internet, including SSH (22) \
         and Telnet (23)"
    );
    assert_eq!(f.span.slice(&src.text), "\"0.0.0.0/1\"");
    assert_eq!(f.labels[0].span.slice(&src.text), "\"128.0.0.0/1\"");
    assert_eq!(f.labels[1].message, "ports 0-1000");
    assert_eq!(f.severity, Severity::Critical);
}

#[test]
fn halves_for_different_ports_do_not_add_up() {
    let mut src = Text::new();
    let a = sg_rule(&mut src, 0, "tcp", Some("22"), Some("22"), &["0.0.0.0/1"], &[]);
    let b = sg_rule(&mut src, 1, "tcp", Some("23"), Some("23"), &["128.0.0.0/1"], &[]);
    assert!(run(&PublicIngress, &group(vec![a, b]), &src).is_empty());
}

#[test]
fn port_ranges_name_the_sensitive_ports() {
    let mut src = Text::new();
    let rule = sg_rule(&mut src, 0, "tcp", Some("0"), Some("65535"), &["0.0.0.0/0"], &[]);
    let findings = run(&PublicIngress, &group(vec![rule]), &src);
    assert_eq!(
        findings[0].message,
        "security group allows TCP ports 0-65535 from the whole internet, including SSH \
         (22), RDP (3389), WinRM (5985) and 23 more sensitive ports"
    );
    assert_eq!(findings[0].labels[0].message, "ports 0-65535");
    assert_eq!(findings[0].severity, Severity::Critical);
}

#[test]
fn severity_follows_the_port() {
    for (protocol, from, to, severity) in [
        ("tcp", Some("8080"), Some("8080"), Severity::High),
        ("udp", Some("53"), Some("53"), Severity::High),
        ("icmp", Some("8"), Some("-1"), Severity::Low),
        ("tcp", Some("80"), Some("80"), Severity::Low),
        ("tcp", None, None, Severity::Critical),
        ("tcp", Some("6443"), Some("6443"), Severity::Critical),
    ] {
        let mut src = Text::new();
        let rule = sg_rule(&mut src, 0, protocol, from, to, &["0.0.0.0/0"], &[]);
        let findings = run(&PublicIngress, &group(vec![rule]), &src);
        assert_eq!(findings[0].severity, severity, "{protocol} {from:?}");
    }
}

#[test]
fn private_and_partial_sources_pass() {
    let mut src = Text::new();
    let rules = vec![
        sg_rule(&mut src, 0, "tcp", Some("22"), Some("22"), &["10.0.0.0/8"], &["2001:db8::/32"]),
        sg_rule(&mut src, 1, "tcp", Some("443"), Some("443"), &["0.0.0.0/1", "128.0.0.0/2"], &[]),
        sg_rule(&mut src, 2, "tcp", Some("22"), Some("22"), &["0.0.0.0/0 ", "any"], &[]),
    ];
    assert!(run(&PublicIngress, &group(rules), &src).is_empty());
}

#[test]
fn egress_prefix_lists_and_groups_pass() {
    let mut src = Text::new();
    let mut egress = sg_rule(&mut src, 0, "-1", None, None, &["0.0.0.0/0"], &["::/0"]);
    egress.direction = Direction::Egress;
    let mut referenced = sg_rule(&mut src, 1, "tcp", Some("22"), Some("22"), &[], &[]);
    referenced.prefix_lists.push(src.str("pl-12345678"));
    referenced.groups.push(src.str("sg-0123456789abcdef0"));
    assert!(run(&PublicIngress, &group(vec![egress, referenced]), &src).is_empty());
}

#[test]
fn public_egress_only_when_enabled() {
    let mut src = Text::new();
    let mut egress = sg_rule(&mut src, 0, "-1", None, None, &["0.0.0.0/0"], &[]);
    egress.direction = Direction::Egress;
    let mut web = sg_rule(&mut src, 1, "tcp", Some("443"), Some("443"), &["0.0.0.0/0"], &[]);
    web.direction = Direction::Egress;
    let model = group(vec![egress, web]);
    assert!(run(&PublicIngress, &model, &src).is_empty());

    let mut settings = crate::rules::Settings::default();
    settings.network.public_egress = true;
    let findings = crate::rules::testing::run_with(&PublicIngress, &model, &src, &settings);
    assert_eq!(findings.len(), 1, "only all traffic out is reported");
    assert_eq!(findings[0].message, "security group allows all traffic out to the whole internet");
    assert_eq!(findings[0].severity, Severity::Medium);
    assert_eq!(findings[0].path, "SecurityGroups[0].IpPermissions[0]");
}

#[test]
fn port_classes_are_settings() {
    use crate::rules::network::ports::{PortClass, PortKind, Transport};
    let mut src = Text::new();
    let rule = sg_rule(&mut src, 0, "tcp", Some("8080"), Some("8080"), &["0.0.0.0/0"], &[]);
    let model = group(vec![rule]);
    let mut settings = crate::rules::Settings::default();
    settings.network.port_classes.push(PortClass {
        port: 8080,
        name: "Jenkins".into(),
        kind: PortKind::ClusterControl,
        transport: Transport::Tcp,
    });
    let findings = crate::rules::testing::run_with(&PublicIngress, &model, &src, &settings);
    assert_eq!(findings[0].message, "security group allows Jenkins (8080) from the whole internet");
    assert_eq!(findings[0].severity, Severity::Critical);
}

#[test]
fn functions_in_the_group_are_named() {
    use crate::model::lambda::{Function, VpcConfig};
    let mut src = Text::new();
    let rule = sg_rule(&mut src, 0, "tcp", Some("22"), Some("22"), &["0.0.0.0/0"], &[]);
    let mut model = group(vec![rule]);
    model.security_groups[0].id = Some(src.str("sg-0123456789abcdef0"));
    let by_id = src.str("sg-0123456789abcdef0");
    let other = src.str("sg-0fedcba9876543210");
    model.functions = vec![
        Function {
            logical_id: Some("Worker".into()),
            vpc: Some(VpcConfig {
                security_group_ids: vec![other.clone(), by_id],
                ..VpcConfig::default()
            }),
            ..Function::default()
        },
        Function {
            name: Some(src.str("unrelated")),
            vpc: Some(VpcConfig { security_group_ids: vec![other], ..VpcConfig::default() }),
            ..Function::default()
        },
    ];
    let findings = run(&PublicIngress, &model, &src);
    assert_eq!(findings.len(), 1);
    let label = findings[0].labels.last().unwrap();
    assert_eq!(label.span.slice(&src.text), "\"sg-0123456789abcdef0\"");
    assert_eq!(label.message, "function Worker runs in this security group");
    assert_ne!(label.span, model.security_groups[0].id.as_ref().unwrap().span);
    assert_eq!(findings[0].notes, ["Lambda functions in this security group: Worker"]);
}

#[test]
fn unreadable_protocols_or_ports_pass() {
    let mut src = Text::new();
    let mut by_ref = sg_rule(&mut src, 0, "tcp", Some("22"), Some("22"), &["0.0.0.0/0"], &[]);
    by_ref.from_port = Some(Value::unknown(src.raw("{\"Ref\": \"Port\"}")));
    let inverted = sg_rule(&mut src, 1, "tcp", Some("30"), Some("20"), &["0.0.0.0/0"], &[]);
    let mut unknown_cidr = sg_rule(&mut src, 2, "tcp", Some("22"), Some("22"), &[], &[]);
    unknown_cidr.ipv4.push(Value::unknown(src.raw("{\"Ref\": \"Cidr\"}")));
    assert!(run(&PublicIngress, &group(vec![by_ref, inverted, unknown_cidr]), &src).is_empty());
}

#[test]
fn a_block_in_the_field_of_the_other_family_reaches_nothing() {
    // AWS rejects both rules; NET006 reports them, and neither opens the port.
    let mut src = Text::new();
    let v4_as_v6 = sg_rule(&mut src, 0, "tcp", Some("22"), Some("22"), &[], &["0.0.0.0/0"]);
    let v6_as_v4 = sg_rule(&mut src, 1, "tcp", Some("22"), Some("22"), &["::/0"], &[]);
    assert!(run(&PublicIngress, &group(vec![v4_as_v6, v6_as_v4]), &src).is_empty());

    let mut src = Text::new();
    let both = sg_rule(&mut src, 0, "tcp", Some("22"), Some("22"), &["0.0.0.0/0"], &["0.0.0.0/0"]);
    let findings = run(&PublicIngress, &group(vec![both]), &src);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].path, "SecurityGroups[0].IpPermissions[0]");
    assert_eq!(findings[0].label.as_deref(), Some("every IPv4 address"));
    assert_eq!(findings[0].span.slice(&src.text), "\"0.0.0.0/0\"");
    let first = src.text.find("\"0.0.0.0/0\"").unwrap();
    assert_eq!(findings[0].span.start as usize, first, "the CidrIp value, not the CidrIpv6 one");
}
