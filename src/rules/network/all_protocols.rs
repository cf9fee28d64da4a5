//! NET004 all-protocols: every protocol and port let in from a broad address range that is
//! not the whole internet (that is NET001 and NET002).

use super::cidr::Family;
use super::pools::public_pools;
use super::{BroadSource, broad_sources};
use crate::model::network::{Direction, SecurityGroup, SecurityGroupRule};
use crate::report::Finding;
use crate::rules::{Context, NetworkSettings, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("NET004", "all-protocols", Medium);

pub struct AllProtocols;

impl Rule for AllProtocols {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let settings = &cx.settings.network;
        for group in &cx.model.security_groups {
            check_group(group, settings, out);
        }

        for acl in &cx.model.network_acls {
            for entry in super::broad_ingress_allows(acl, settings) {
                if !entry.traffic.is_everything() || entry.cidr.covers_everything() {
                    continue;
                }
                let source = BroadSource { value: entry.block, cidr: entry.cidr };
                let Some(protocol) = &entry.entry.protocol else { continue };
                out.push(finding("network ACL", protocol.span, &[source], &entry.entry.path));
            }
        }
    }
}

fn check_group(group: &SecurityGroup, settings: &NetworkSettings, out: &mut Vec<Finding>) {
    // Rules that NET001 reports, and families where all traffic is public, are NET001's.
    let pools = public_pools(group, Direction::Ingress);
    let reported = |rule: &SecurityGroupRule, family: Family| {
        pools.iter().filter(|p| p.family == family).any(|p| {
            p.traffic.is_everything() || p.sources.iter().any(|s| std::ptr::eq(s.rule, rule))
        })
    };

    for rule in group.rules.iter().filter(|r| r.direction == Direction::Ingress) {
        let Some(traffic) = super::traffic_of(
            rule.protocol.as_ref(),
            rule.from_port.as_ref(),
            rule.to_port.as_ref(),
        ) else {
            continue;
        };
        let Some(protocol) = &rule.protocol else { continue };
        if !traffic.is_everything() {
            continue;
        }
        let sources: Vec<BroadSource<'_>> = broad_sources(rule, settings)
            .into_iter()
            .filter(|s| !reported(rule, s.cidr.family))
            .collect();
        if !sources.is_empty() {
            out.push(finding("security group", protocol.span, &sources, &rule.path));
        }
    }
}

fn finding(
    subject: &str,
    protocol: crate::syntax::Span,
    sources: &[BroadSource<'_>],
    path: &str,
) -> Finding {
    let first = &sources[0];
    let text = first.value.as_literal().unwrap_or_default();
    let mut finding = Finding::new(META.code, META.name, META.severity, protocol)
        .message(format!(
            "{subject} allows all traffic from {text}, a /{} range",
            first.cidr.prefix()
        ))
        .help(
            "name the protocols and ports the sources need (for example tcp 443), or narrow the \
             source to the hosts that use them",
        )
        .label("every protocol and port")
        .path(path.to_owned())
        .value_key(format!("all {text}"));
    for source in sources {
        let size = format!("a /{} range", source.cidr.prefix());
        finding = finding.secondary(source.value.span, size);
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;
    use crate::rules::Settings;
    use crate::rules::testing::{
        Source, model_with_group, model_with_nacl, nacl_entry, run, run_with, sg_rule,
    };

    #[test]
    fn all_traffic_from_a_slash_eight() {
        let mut src = Source::new();
        let rule = sg_rule(&mut src, 0, "-1", None, None, &["10.0.0.0/8"], &["2001:db8::/32"]);
        let findings = run(&AllProtocols, &model_with_group(vec![rule]), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.message, "security group allows all traffic from 10.0.0.0/8, a /8 range");
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.span.slice(&src.text), "\"-1\"");
        let labels: Vec<&str> = f.labels.iter().map(|l| l.span.slice(&src.text)).collect();
        assert_eq!(labels, ["\"10.0.0.0/8\"", "\"2001:db8::/32\""]);
    }

    #[test]
    fn narrow_public_and_port_scoped_sources_pass() {
        let mut src = Source::new();
        let rules = vec![
            sg_rule(&mut src, 0, "-1", None, None, &["10.0.0.0/9", "0.0.0.0/0"], &["::/33"]),
            sg_rule(&mut src, 1, "tcp", Some("0"), Some("65535"), &["10.0.0.0/8"], &[]),
            sg_rule(&mut src, 2, "all", None, None, &["0.0.0.0/1"], &[]),
            sg_rule(&mut src, 3, "-1", None, None, &["128.0.0.0/1"], &[]),
        ];
        assert!(run(&AllProtocols, &model_with_group(rules), &src).is_empty());

        // All traffic from one half and SSH from the other: NET001 reports the rule for SSH.
        let mut src = Source::new();
        let rules = vec![
            sg_rule(&mut src, 0, "-1", None, None, &["0.0.0.0/1"], &[]),
            sg_rule(&mut src, 1, "tcp", Some("22"), Some("22"), &["128.0.0.0/1"], &[]),
        ];
        assert!(run(&AllProtocols, &model_with_group(rules), &src).is_empty());
    }

    #[test]
    fn threshold_is_a_setting() {
        let mut src = Source::new();
        let rule = sg_rule(&mut src, 0, "-1", None, None, &["172.16.0.0/12"], &[]);
        let model = model_with_group(vec![rule]);
        assert!(run(&AllProtocols, &model, &src).is_empty());

        let mut settings = Settings::default();
        settings.network.broad_prefix_v4 = 16;
        assert_eq!(run_with(&AllProtocols, &model, &src, &settings).len(), 1);
    }

    #[test]
    fn nacl_allow_entries_that_decide_something() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "90", "deny", "-1", None, "10.1.0.0/16"),
            nacl_entry(&mut src, 1, "100", "allow", "-1", None, "10.0.0.0/8"),
            nacl_entry(&mut src, 2, "110", "allow", "-1", None, "10.0.0.0/8"),
            nacl_entry(&mut src, 3, "120", "deny", "-1", None, "11.0.0.0/8"),
            nacl_entry(&mut src, 4, "130", "allow", "-1", None, "0.0.0.0/0"),
        ];
        let findings = run(&AllProtocols, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].message,
            "network ACL allows all traffic from 10.0.0.0/8, a /8 range"
        );
        assert_eq!(findings[0].path, "NetworkAcls[0].Entries[1]");
    }
}
