//! NET006 invalid-network-rule: a security group rule or network ACL entry with a value AWS
//! does not accept. The other network rules cannot tell what such a rule lets through and pass
//! over it; this rule says so instead of leaving the gap silent.
//!
//! Only literals are judged: a value computed at deployment (`!Ref` without a default,
//! `!GetAtt`) may be anything. The messages never quote the value, which may be huge.

use super::cidr::{self, Family};
use super::ports::{self, ICMP, ICMPV6, Protocol, TCP, UDP};
use crate::model::Value;
use crate::model::network::{NaclEntry, SecurityGroupRule};
use crate::report::Finding;
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("NET006", "invalid-network-rule", Medium);

pub struct InvalidNetworkRule;

impl Rule for InvalidNetworkRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for group in &cx.model.security_groups {
            for rule in &group.rules {
                check_group_rule(rule, out);
            }
        }

        for acl in &cx.model.network_acls {
            for entry in &acl.entries {
                check_acl_entry(entry, out);
            }
        }
    }
}

/// What a field must hold, for the message and the label.
#[derive(Clone, Copy)]
struct Expect {
    /// The field as AWS names it.
    field: &'static str,
    /// What the value is not, for the label: "not a port number".
    what: &'static str,
    /// What AWS accepts, for the help.
    accepted: &'static str,
}

const PROTOCOL: &str = "a protocol name (tcp, udp, icmp, icmpv6), a protocol number from 0 to \
                        255, or -1 for every protocol";
const PORT: &str = "a whole number from 0 to 65535, or -1 for every port";
const ICMP_TYPE: &str = "a whole number from 0 to 255, or -1 for every ICMP type";
const ICMP_CODE: &str = "a whole number from 0 to 255, or -1 for every ICMP code";

fn check_group_rule(rule: &SecurityGroupRule, out: &mut Vec<Finding>) {
    let subject = "security group rule";
    let mut report = |value: &Value, expect: Expect| {
        out.push(finding(subject, value, expect, &rule.path));
    };

    // ICMP rules keep the type in `FromPort` and the code in `ToPort`.
    let fields = TrafficFields {
        protocol: "IpProtocol",
        ports: ["FromPort", "ToPort"],
        icmp: ["FromPort", "ToPort"],
    };
    let bounds = [&rule.from_port, &rule.to_port];
    let traffic = check_traffic(rule.protocol.as_ref(), bounds, fields);
    let blocks = check_blocks(&rule.ipv4, &rule.ipv6, ["CidrIp", "CidrIpv6"]);
    for (value, expect) in traffic.into_iter().chain(blocks) {
        report(value, expect);
    }
}

fn check_acl_entry(entry: &NaclEntry, out: &mut Vec<Finding>) {
    let subject = "network ACL entry";
    let mut report = |value: &Value, expect: Expect| {
        out.push(finding(subject, value, expect, &entry.path));
    };

    // 32767 is the entry AWS adds last to every ACL: the API lists it, a template may not
    // write it, but it is no less readable.
    let number = Expect {
        field: "RuleNumber",
        what: "not a rule number",
        accepted: "a whole number from 1 to 32766",
    };
    for (value, text) in entry.rule_number.iter().flat_map(Value::literal_alternatives) {
        if !ports::parse_int(text).is_some_and(|n| (1..=32767).contains(&n)) {
            report(value, number);
        }
    }

    let action =
        Expect { field: "RuleAction", what: "not allow or deny", accepted: "allow or deny" };
    for (value, text) in entry.action.iter().flat_map(Value::literal_alternatives) {
        if !["allow", "deny"].iter().any(|a| text.eq_ignore_ascii_case(a)) {
            report(value, action);
        }
    }

    // ICMP entries keep the type and code in `Icmp` (`IcmpTypeCode` in the API).
    let fields = TrafficFields {
        protocol: "Protocol",
        ports: ["PortRange.From", "PortRange.To"],
        icmp: ["Type", "Code"],
    };
    let bounds = [&entry.from_port, &entry.to_port];
    let traffic = check_traffic(entry.protocol.as_ref(), bounds, fields);
    let blocks =
        check_blocks(entry.ipv4.as_slice(), entry.ipv6.as_slice(), ["CidrBlock", "Ipv6CidrBlock"]);
    for (value, expect) in traffic.into_iter().chain(blocks) {
        report(value, expect);
    }
}

/// The fields of a rule's protocol and bounds, as the shape names them.
#[derive(Clone, Copy)]
struct TrafficFields {
    protocol: &'static str,
    /// The bounds as a port range.
    ports: [&'static str; 2],
    /// The bounds as an ICMP type and code.
    icmp: [&'static str; 2],
}

/// The unreadable values of a protocol and its two bounds. Bounds are judged only when every
/// literal the protocol may take reads them the same way: other protocols ignore them, and a
/// protocol computed at deployment leaves their meaning open.
fn check_traffic<'a>(
    protocol: Option<&'a Value>,
    [from, to]: [&'a Option<Value>; 2],
    fields: TrafficFields,
) -> Vec<(&'a Value, Expect)> {
    let TrafficFields { ports: [from_port, to_port], icmp: [from_icmp, to_icmp], .. } = fields;
    let protocol_expect =
        Expect { field: fields.protocol, what: "not a protocol", accepted: PROTOCOL };
    let mut found = Vec::new();
    let Some(protocol) = protocol else { return found };

    let mut kinds = Vec::new();
    for value in protocol.alternatives() {
        match value.as_literal().map(ports::parse_protocol) {
            None => kinds.push(None),
            Some(None) => {
                found.push((value, protocol_expect));
                kinds.push(None);
            }
            Some(Some(Protocol::Number(TCP | UDP))) => kinds.push(Some(Bounds::Ports)),
            Some(Some(Protocol::Number(ICMP | ICMPV6))) => kinds.push(Some(Bounds::Icmp)),
            Some(Some(_)) => kinds.push(Some(Bounds::Ignored)),
        }
    }
    kinds.dedup();
    let [Some(kind)] = kinds[..] else { return found };

    let port = |field| Expect { field, what: "not a port number", accepted: PORT };
    let (from_expect, to_expect, highest) = match kind {
        Bounds::Ports => (port(from_port), port(to_port), 65535),
        Bounds::Icmp => (
            Expect { field: from_icmp, what: "not an ICMP type", accepted: ICMP_TYPE },
            Expect { field: to_icmp, what: "not an ICMP code", accepted: ICMP_CODE },
            255,
        ),
        Bounds::Ignored => return found,
    };

    let mut read = |bound: &'a Option<Value>, expect: Expect| {
        let mut numbers = Vec::new();
        for (value, text) in bound.iter().flat_map(Value::literal_alternatives) {
            match ports::parse_int(text).filter(|n| (-1..=highest).contains(n)) {
                Some(n) => numbers.push((value, n)),
                None => found.push((value, expect)),
            }
        }
        numbers
    };
    let firsts = read(from, from_expect);
    let lasts = read(to, to_expect);

    // A port range that ends before it starts: one literal each, so that the two are known to
    // go together.
    if let ([(value, first)], [(_, last)]) = (&firsts[..], &lasts[..])
        && kind == Bounds::Ports
        && *last >= 0
        && first > last
    {
        let what = "above the end of the range";
        let accepted = "a range whose start is not above its end";
        found.push((value, Expect { field: from_port, what, accepted }));
    }
    found
}

/// How a protocol reads the two bounds of a rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bounds {
    Ports,
    Icmp,
    /// Every port of the protocol, whatever the bounds say.
    Ignored,
}

/// The literals of the address fields that are not a CIDR block of their family; `fields`
/// names the IPv4 and the IPv6 field.
fn check_blocks<'a>(
    ipv4: &'a [Value],
    ipv6: &'a [Value],
    [v4_field, v6_field]: [&'static str; 2],
) -> Vec<(&'a Value, Expect)> {
    let v4 = Expect {
        field: v4_field,
        what: "not an IPv4 range",
        accepted: "an IPv4 range in CIDR notation, like 203.0.113.0/24",
    };
    let v6 = Expect {
        field: v6_field,
        what: "not an IPv6 range",
        accepted: "an IPv6 range in CIDR notation, like 2001:db8::/32",
    };
    let mut found = Vec::new();
    for (values, family, expect) in [(ipv4, Family::V4, v4), (ipv6, Family::V6, v6)] {
        for (value, text) in values.iter().flat_map(Value::literal_alternatives) {
            if cidr::parse_as(family, text).is_none() {
                found.push((value, expect));
            }
        }
    }
    found
}

fn finding(subject: &str, value: &Value, expect: Expect, path: &str) -> Finding {
    let Expect { field, what, accepted } = expect;
    Finding::new(META.code, META.name, META.severity, value.span)
        .message(format!(
            "{field} of a {subject} is {what}: AWS rejects it, and what the rule would let \
             through cannot be judged"
        ))
        .help(format!("write {accepted}"))
        .label(what)
        .path(path.to_owned())
        .value_key(format!("{field} {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{
        Source, model_with_group, model_with_nacl, nacl_entry, run, sg_rule,
    };

    fn messages(findings: &[Finding], src: &Source) -> Vec<(String, String)> {
        findings
            .iter()
            .map(|f| {
                (
                    f.span.slice(&src.text).trim_matches('"').to_owned(),
                    f.label.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn ports_beyond_any_number_are_reported_where_they_are() {
        let mut src = Source::new();
        let rules = vec![
            sg_rule(&mut src, 0, "tcp", Some("1e400"), Some("123456789012345678901"), &[], &[]),
            sg_rule(&mut src, 1, "udp", Some("-2"), Some("65536"), &[], &[]),
            sg_rule(&mut src, 2, "tcp", Some("443"), Some("80"), &[], &[]),
        ];
        let findings = run(&InvalidNetworkRule, &model_with_group(rules), &src);

        assert_eq!(
            messages(&findings, &src),
            [
                ("1e400", "not a port number"),
                ("123456789012345678901", "not a port number"),
                ("-2", "not a port number"),
                ("65536", "not a port number"),
                ("443", "above the end of the range"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert_eq!(
            findings[0].message,
            "FromPort of a security group rule is not a port number: AWS rejects it, and what the \
             rule would let through cannot be judged"
        );
        assert_eq!(findings[0].path, "SecurityGroups[0].IpPermissions[0]");
    }

    #[test]
    fn icmp_bounds_are_types_and_codes_and_other_protocols_ignore_them() {
        let mut src = Source::new();
        let rules = vec![
            sg_rule(&mut src, 0, "icmp", Some("256"), Some("-1"), &[], &[]),
            sg_rule(&mut src, 1, "58", Some("8"), Some("300"), &[], &[]),
            sg_rule(&mut src, 2, "icmp", Some("8"), Some("0"), &[], &[]),
            sg_rule(&mut src, 3, "50", Some("whatever"), Some("1e400"), &[], &[]),
            sg_rule(&mut src, 4, "-1", Some("1e400"), None, &[], &[]),
        ];
        let findings = run(&InvalidNetworkRule, &model_with_group(rules), &src);

        assert_eq!(
            messages(&findings, &src),
            [("256", "not an ICMP type"), ("300", "not an ICMP code")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn protocols_and_blocks_of_the_wrong_shape() {
        let mut src = Source::new();
        let rules = vec![
            sg_rule(&mut src, 0, "tcpp", Some("1e400"), Some("22"), &["10.0.0.0/33"], &[]),
            sg_rule(&mut src, 1, "TCP", Some("22"), Some("22"), &["::/0"], &["0.0.0.0/0"]),
            sg_rule(&mut src, 2, "6", Some("22"), Some("22"), &["10.1.2.3/32"], &["2001:db8::/32"]),
        ];
        let findings = run(&InvalidNetworkRule, &model_with_group(rules), &src);

        assert_eq!(
            messages(&findings, &src),
            [
                ("tcpp", "not a protocol"),
                ("10.0.0.0/33", "not an IPv4 range"),
                ("::/0", "not an IPv4 range"),
                ("0.0.0.0/0", "not an IPv6 range"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn acl_entries_numbers_actions_and_ranges() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "0", "allow", "6", Some(("22", "22")), "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "100", "permit", "6", Some(("22", "22")), "0.0.0.0/0"),
            nacl_entry(&mut src, 2, "110", "deny", "6", Some(("1e400", "22")), "10.0.0.0"),
            nacl_entry(&mut src, 3, "32767", "DENY", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 4, "120", "allow", "17", Some(("53", "53")), "10.0.0.0/8"),
        ];
        let findings = run(&InvalidNetworkRule, &model_with_nacl(entries), &src);

        assert_eq!(
            messages(&findings, &src),
            [
                ("0", "not a rule number"),
                ("permit", "not allow or deny"),
                ("1e400", "not a port number"),
                ("10.0.0.0", "not an IPv4 range"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert!(findings[2].message.starts_with("PortRange.From of a network ACL entry "));
    }
}
