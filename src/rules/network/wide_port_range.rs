//! NET005 wide-port-range: a range of more ports than a service needs, open to a broad address
//! range. Ranges open to the whole internet are NET001's and NET002's.

use super::cidr::Family;
use super::pools::public_pools;
use super::traffic::Traffic;
use super::{BroadSource, broad_sources};
use crate::model::Value;
use crate::model::network::{Direction, SecurityGroup, SecurityGroupRule};
use crate::report::Finding;
use crate::rules::{Context, NetworkSettings, Rule, RuleMeta};
use crate::syntax::Span;

static META: RuleMeta = crate::rule_meta!("NET005", "wide-port-range", Low);

pub struct WidePortRange;

impl Rule for WidePortRange {
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
                let Some(range) = wide(&entry.traffic, settings) else { continue };
                let from = entry.entry.from_port.as_ref();
                let Some(at) = range_span(from, entry.entry.protocol.as_ref()) else { continue };
                let source = BroadSource { value: entry.block, cidr: entry.cidr };
                out.push(finding("network ACL", range, at, &[source], &entry.entry.path));
            }
        }
    }
}

fn check_group(group: &SecurityGroup, settings: &NetworkSettings, out: &mut Vec<Finding>) {
    // Rules that NET001 reports, or whose traffic is public in a family, are NET001's.
    let pools = public_pools(group, Direction::Ingress);
    let reported = |rule: &SecurityGroupRule, traffic: &Traffic, family: Family| {
        pools
            .iter()
            .filter(|p| p.family == family)
            .any(|p| p.traffic == *traffic || p.sources.iter().any(|s| std::ptr::eq(s.rule, rule)))
    };

    for rule in group.rules.iter().filter(|r| r.direction == Direction::Ingress) {
        let Some(traffic) = super::traffic_of(
            rule.protocol.as_ref(),
            rule.from_port.as_ref(),
            rule.to_port.as_ref(),
        ) else {
            continue;
        };
        let Some(range) = wide(&traffic, settings) else { continue };
        let Some(at) = range_span(rule.from_port.as_ref(), rule.protocol.as_ref()) else {
            continue;
        };
        let sources: Vec<BroadSource<'_>> = broad_sources(rule, settings)
            .into_iter()
            .filter(|s| !reported(rule, &traffic, s.cidr.family))
            .collect();
        if !sources.is_empty() {
            out.push(finding("security group", range, at, &sources, &rule.path));
        }
    }
}

#[derive(Clone, Copy)]
struct Range {
    transport: &'static str,
    first: u16,
    last: u16,
}

/// The TCP or UDP port range of `traffic` when it is wider than the setting allows.
fn wide(traffic: &Traffic, settings: &NetworkSettings) -> Option<Range> {
    let (first, last) = traffic.port_range()?;
    let width = u32::from(last) - u32::from(first) + 1;
    let transport = traffic.transport()?;
    (width > settings.max_port_range).then_some(Range { transport, first, last })
}

/// The `FromPort` (or `PortRange.From`), or the protocol when the range is implied by it.
fn range_span(from: Option<&Value>, protocol: Option<&Value>) -> Option<Span> {
    from.or(protocol).map(|v| v.span)
}

fn finding(
    subject: &str,
    Range { transport, first, last }: Range,
    at: Span,
    sources: &[BroadSource<'_>],
    path: &str,
) -> Finding {
    let source = &sources[0];
    let text = source.value.as_literal().unwrap_or_default();
    let count = u32::from(last) - u32::from(first) + 1;
    let mut finding = Finding::new(META.code, META.name, META.severity, at)
        .message(format!("{subject} opens {count} {transport} ports ({first}-{last}) to {text}"))
        .help(
            "open only the ports the service listens on, or reach the hosts through a load \
             balancer or security group reference",
        )
        .label(format!("ports {first}-{last}"))
        .path(path.to_owned())
        .value_key(format!("{transport} {first}-{last} {text}"));
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
    fn ephemeral_range_to_a_slash_eight() {
        let mut src = Source::new();
        let rule = sg_rule(&mut src, 0, "tcp", Some("1024"), Some("65535"), &["10.0.0.0/8"], &[]);
        let findings = run(&WidePortRange, &model_with_group(vec![rule]), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.message, "security group opens 64512 TCP ports (1024-65535) to 10.0.0.0/8");
        assert_eq!(f.severity, Severity::Low);
        assert_eq!(f.span.slice(&src.text), "1024");
        assert_eq!(f.labels[0].span.slice(&src.text), "\"10.0.0.0/8\"");
    }

    #[test]
    fn narrow_ranges_narrow_sources_and_public_rules_pass() {
        let mut src = Source::new();
        let rules = vec![
            sg_rule(&mut src, 0, "tcp", Some("8000"), Some("8999"), &["10.0.0.0/8"], &[]),
            sg_rule(&mut src, 1, "tcp", Some("0"), Some("65535"), &["10.0.0.0/16"], &[]),
            sg_rule(&mut src, 2, "udp", Some("0"), Some("65535"), &["0.0.0.0/0"], &[]),
            sg_rule(&mut src, 3, "udp", Some("0"), Some("65535"), &["10.0.0.0/8"], &[]),
            sg_rule(&mut src, 4, "-1", None, None, &["10.0.0.0/8"], &[]),
        ];
        assert!(run(&WidePortRange, &model_with_group(rules), &src).is_empty());
    }

    #[test]
    fn width_is_a_setting() {
        let mut src = Source::new();
        let rule = sg_rule(&mut src, 0, "6", Some("8000"), Some("8999"), &["10.0.0.0/8"], &[]);
        let model = model_with_group(vec![rule]);
        let mut settings = Settings::default();
        settings.network.max_port_range = 999;
        assert_eq!(run_with(&WidePortRange, &model, &src, &settings).len(), 1);
    }

    #[test]
    fn nacl_entries() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "allow", "6", Some(("1024", "65535")), "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "110", "allow", "17", Some(("1024", "65535")), "10.0.0.0/8"),
            nacl_entry(&mut src, 2, "120", "allow", "6", Some(("1024", "65535")), "10.0.0.0/8"),
        ];
        let findings = run(&WidePortRange, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].message,
            "network ACL opens 64512 UDP ports (1024-65535) to 10.0.0.0/8"
        );
        assert_eq!(findings[0].path, "NetworkAcls[0].Entries[1]", "entry 120 is shadowed by 100");
    }
}
