//! NET001 public-ingress: security group ingress from the whole internet.

use super::cidr::{self, Cidr, Family};
use super::ports::PortClass;
use super::traffic::Traffic;
use crate::model::network::{Direction, SecurityGroup, SecurityGroupRule};
use crate::model::{Model, Value};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::syntax::Span;

static META: RuleMeta = crate::rule_meta!("NET001", "public-ingress", Critical);

/// Functions named in secondary labels, at most; the note names them all.
const FUNCTION_LABELS: usize = 3;

pub struct PublicIngress;

impl Rule for PublicIngress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let settings = &cx.settings.network;
        for group in &cx.model.security_groups {
            let functions = functions_behind(cx.model, group);
            for found in public_pools(group, Direction::Ingress) {
                out.extend(finding(&found, &settings.port_classes, &functions));
            }
            if settings.public_egress {
                let pools = public_pools(group, Direction::Egress);
                out.extend(
                    pools.iter().filter(|p| p.traffic.is_everything()).filter_map(egress_finding),
                );
            }
        }
    }
}

/// The traffic of one or more rules of a group that together reach every address of a family.
pub(super) struct PublicPool<'a> {
    pub traffic: Traffic,
    pub family: Family,
    /// The fewest sources that cover the family's space, in the order the group lists them.
    pub sources: Vec<Source<'a>>,
}

/// One source (or destination) range of a rule.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub rule: &'a SecurityGroupRule,
    pub value: &'a Value,
    pub cidr: Cidr,
}

/// Rules of one group with the same protocol and ports add up: two `/1` halves in two rules
/// open the port to everyone just as one `/0` does. So sources are pooled per traffic first.
pub(super) fn public_pools(group: &SecurityGroup, direction: Direction) -> Vec<PublicPool<'_>> {
    let mut pools: Vec<(Traffic, Vec<Source<'_>>)> = Vec::new();
    for rule in group.rules.iter().filter(|r| r.direction == direction) {
        let Some(traffic) = super::traffic_of(
            rule.protocol.as_ref(),
            rule.from_port.as_ref(),
            rule.to_port.as_ref(),
        ) else {
            continue;
        };
        // Each alternative of an `Fn::If` is a source the rule may be deployed with.
        let alternatives = rule.ipv4.iter().chain(&rule.ipv6).flat_map(Value::literal_alternatives);
        let sources = alternatives
            .filter_map(|(value, text)| Some(Source { rule, value, cidr: cidr::parse(text)? }));
        match pools.iter_mut().find(|(t, _)| *t == traffic) {
            Some((_, pool)) => pool.extend(sources),
            None => pools.push((traffic, sources.collect())),
        }
    }

    let mut found = Vec::new();
    for (traffic, pool) in &pools {
        let blocks: Vec<Cidr> = pool.iter().map(|s| s.cidr).collect();
        for family in [Family::V4, Family::V6] {
            if let Some(chosen) = cidr::covering_set(family, &blocks) {
                let sources = chosen.iter().map(|&i| pool[i]).collect();
                found.push(PublicPool { traffic: traffic.clone(), family, sources });
            }
        }
    }

    for family in [Family::V4, Family::V6] {
        if let Some(pool) = mixed_pool(&pools, &found, family) {
            found.push(pool);
        }
    }
    found
}

/// Rules with different ports add up too: TCP 0-1000 from one half of the space and TCP 22
/// from the other open SSH to everyone. What every address can reach, less what the pools of
/// equal traffic already report, is one more pool.
fn mixed_pool<'a>(
    pools: &[(Traffic, Vec<Source<'a>>)],
    found: &[PublicPool<'a>],
    family: Family,
) -> Option<PublicPool<'a>> {
    let sources: Vec<(&Traffic, Source<'a>)> = pools
        .iter()
        .flat_map(|(traffic, pool)| pool.iter().map(move |&s| (traffic, s)))
        .filter(|(_, s)| s.cidr.family == family)
        .collect();
    let blocks: Vec<Cidr> = sources.iter().map(|(_, s)| s.cidr).collect();

    let mut everywhere: Option<Traffic> = None;
    for (first, last) in cidr::segments(family, &blocks) {
        let mut here = Traffic::none();
        for (traffic, source) in &sources {
            if source.cidr.first <= first && last <= source.cidr.last {
                here.union_with(traffic);
            }
        }
        everywhere = Some(match everywhere {
            Some(so_far) => so_far.intersection(&here),
            None => here,
        });
    }

    let mut rest = everywhere?;
    for pool in found.iter().filter(|p| p.family == family) {
        rest = rest.difference(&pool.traffic);
    }
    if rest.is_empty() {
        return None;
    }

    let parts: Vec<Source<'a>> =
        sources.iter().filter(|(t, _)| t.intersects(&rest)).map(|&(_, s)| s).collect();
    let blocks: Vec<Cidr> = parts.iter().map(|s| s.cidr).collect();
    let chosen = cidr::covering_set(family, &blocks).unwrap_or_else(|| (0..parts.len()).collect());
    let sources = chosen.iter().map(|&i| parts[i]).collect();
    Some(PublicPool { traffic: rest, family, sources })
}

/// The functions of the model whose VPC config names `group`, by logical id or by group id,
/// with the span of the reference.
fn functions_behind(model: &Model, group: &SecurityGroup) -> Vec<(String, Span)> {
    let group_id = group.id.as_ref().and_then(Value::as_literal);
    let mut found = Vec::new();
    for function in &model.functions {
        let Some(vpc) = &function.vpc else { continue };
        let linked = group
            .logical_id
            .as_deref()
            .is_some_and(|id| vpc.security_group_links.iter().any(|link| **link == *id));
        let reference = vpc.security_group_ids.iter().find(|value| {
            group_id.is_some_and(|id| value.as_literal() == Some(id))
                || linked && group.logical_id.as_deref().is_some_and(|id| refers_to(value, id))
        });
        let Some(reference) = reference else { continue };
        let name = function
            .logical_id
            .as_deref()
            .map(str::to_owned)
            .or_else(|| function.name.as_ref().and_then(Value::as_literal).map(str::to_owned))
            .unwrap_or_else(|| "a function".to_owned());
        found.push((name, reference.span));
    }
    found
}

fn refers_to(value: &Value, logical_id: &str) -> bool {
    let crate::model::ValueKind::Reference { target, .. } = &value.kind else {
        return false;
    };
    // `Fn::GetAtt Group.GroupId` names the group as much as `Ref Group` does.
    target.split('.').next() == Some(logical_id)
}

fn finding(
    pool: &PublicPool<'_>,
    classes: &[PortClass],
    functions: &[(String, Span)],
) -> Option<Finding> {
    let PublicPool { traffic, family, sources } = pool;
    let (primary, others) = sources.split_first()?;
    let every = family.every_address();
    let label = match others.len() {
        0 => every.to_owned(),
        1 => format!("with 1 other range, {every}"),
        n => format!("with {n} other ranges, {every}"),
    };

    let mut finding =
        Finding::new(META.code, META.name, traffic.severity(classes), primary.value.span)
            .message(traffic.describe(classes).message("security group"))
            .help(help(traffic, classes))
            .label(label)
            .path(primary.rule.path.clone())
            .value_key(format!("{} {}", traffic.key(), family.everything()));
    for other in others {
        finding =
            finding.secondary(other.value.span, format!("part of the ranges covering {every}"));
    }
    if let Some((span, text)) = traffic_label(traffic, primary.rule, classes) {
        finding = finding.secondary(span, text);
    }

    // A function in the group is reachable from the internet on these ports.
    for (name, span) in functions.iter().take(FUNCTION_LABELS) {
        finding = finding.secondary(*span, format!("function {name} runs in this security group"));
    }
    if !functions.is_empty() {
        let names: Vec<&str> = functions.iter().map(|(name, _)| name.as_str()).collect();
        finding =
            finding.note(format!("Lambda functions in this security group: {}", names.join(", ")));
    }
    Some(finding)
}

/// Opt-in: all traffic out to the whole internet (`public_egress`).
fn egress_finding(pool: &PublicPool<'_>) -> Option<Finding> {
    let every = pool.family.every_address();
    let (primary, others) = pool.sources.split_first()?;
    let mut finding = Finding::new(META.code, META.name, Severity::Medium, primary.value.span)
        .message("security group allows all traffic out to the whole internet")
        .help(
            "allow only the destinations and ports the workload calls, for example VPC \
             endpoints and the security groups of its databases",
        )
        .label(every)
        .path(primary.rule.path.clone())
        .value_key(format!("egress all {}", pool.family.everything()));
    for other in others {
        finding =
            finding.secondary(other.value.span, format!("part of the ranges covering {every}"));
    }
    Some(finding)
}

/// Points at the port or protocol that says what is open.
fn traffic_label(
    traffic: &Traffic,
    rule: &SecurityGroupRule,
    classes: &[PortClass],
) -> Option<(Span, String)> {
    // The rule's own range: in a pool of rules with different ports it is wider than `traffic`.
    let own =
        super::traffic_of(rule.protocol.as_ref(), rule.from_port.as_ref(), rule.to_port.as_ref());
    let range = own.as_ref().and_then(Traffic::port_range);
    if let (Some((first, last)), Some(from)) = (range, &rule.from_port) {
        let text =
            if first == last { format!("port {first}") } else { format!("ports {first}-{last}") };
        return Some((from.span, text));
    }
    let protocol = rule.protocol.as_ref()?;
    let text = if traffic.is_everything() {
        "every protocol and port".to_owned()
    } else {
        traffic.describe(classes).what
    };
    Some((protocol.span, text))
}

pub(super) fn help(traffic: &Traffic, classes: &[PortClass]) -> &'static str {
    if traffic.is_web_only(classes) {
        "serve public web traffic through a load balancer or API Gateway, and allow only its \
         security group here"
    } else if traffic.has_remote_admin(classes) {
        "restrict the source to known address ranges, or reach hosts through SSM Session \
         Manager instead of an open port"
    } else {
        "restrict the source to the address ranges or security groups that need access"
    }
}

#[cfg(test)]
mod tests {
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
        let within = sg_rule(
            &mut src,
            0,
            "tcp",
            Some("3306"),
            Some("3306"),
            &["0.0.0.0/1", "128.0.0.0/1"],
            &[],
        );
        let findings = run(&PublicIngress, &group(vec![within]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span.slice(&src.text), "\"0.0.0.0/1\"");
        assert_eq!(findings[0].label.as_deref(), Some("with 1 other range, every IPv4 address"));
        assert_eq!(findings[0].labels[0].span.slice(&src.text), "\"128.0.0.0/1\"");
        assert_eq!(
            findings[0].message,
            "security group allows MySQL (3306) from the whole internet"
        );

        let mut src = Text::new();
        let a = sg_rule(
            &mut src,
            0,
            "6",
            Some("5432"),
            Some("5432"),
            &["128.0.0.0/1", "10.0.0.0/8"],
            &[],
        );
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
            sg_rule(
                &mut src,
                0,
                "tcp",
                Some("22"),
                Some("22"),
                &["10.0.0.0/8"],
                &["2001:db8::/32"],
            ),
            sg_rule(
                &mut src,
                1,
                "tcp",
                Some("443"),
                Some("443"),
                &["0.0.0.0/1", "128.0.0.0/2"],
                &[],
            ),
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
        assert_eq!(
            findings[0].message,
            "security group allows all traffic out to the whole internet"
        );
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
        assert_eq!(
            findings[0].message,
            "security group allows Jenkins (8080) from the whole internet"
        );
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
}
