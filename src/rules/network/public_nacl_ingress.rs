//! NET002 public-nacl-ingress: network ACL allow entries from the whole internet that still
//! decide some traffic after rule ordering.

use super::acl::{self, Entry, Walk};
use super::cidr::{self, Family};
use super::ports::PortClass;
use super::traffic::Traffic;
use crate::model::network::Direction;
use crate::report::Finding;
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("NET002", "public-nacl-ingress", Critical);

/// Earlier entries named in secondary labels, at most.
const EARLIER_LABELS: usize = 3;

pub struct PublicNaclIngress;

impl Rule for PublicNaclIngress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let classes = &cx.settings.network.port_classes;
        for acl in &cx.model.network_acls {
            let entries = acl::entries(acl, Direction::Ingress);
            for family in [Family::V4, Family::V6] {
                let walk = acl::walk(&entries, family);
                for (at, traffic, others) in public_entries(&entries, &walk) {
                    out.push(finding(&entries, &walk, at, &traffic, &others, classes));
                }
            }
        }
    }
}

/// The allow entries that let traffic in from the whole internet, with that traffic and, when
/// the entry's block does not reach every address alone, the other allow entries that complete
/// it. NET004 and NET005 leave these entries to this rule.
pub(super) fn public_entries(
    entries: &[Entry<'_>],
    walk: &Walk,
) -> Vec<(usize, Traffic, Vec<usize>)> {
    let public = walk.public();
    let mut found = Vec::new();
    if public.is_empty() {
        return found;
    }

    // Entries that reach every address by themselves report what they decide first.
    let mut reported = Traffic::none();
    for &i in &walk.order {
        if !entries[i].allow || !entries[i].cidr.covers_everything() {
            continue;
        }
        let share = public.intersection(&walk.decides[i]).difference(&reported);
        if !share.is_empty() {
            reported.union_with(&share);
            found.push((i, share, Vec::new()));
        }
    }

    // What only narrower entries let in together (two `/1` halves) is reported once, at the
    // first of the fewest entries whose blocks cover the space.
    let rest = public.difference(&reported);
    let parts: Vec<usize> = walk
        .order
        .iter()
        .copied()
        .filter(|&i| entries[i].allow && walk.decides[i].intersects(&rest))
        .collect();
    let blocks: Vec<_> = parts.iter().map(|&i| entries[i].cidr).collect();
    let family = blocks.first().map(|b| b.family);
    let chosen: Vec<usize> = match family.and_then(|f| cidr::covering_set(f, &blocks)) {
        Some(chosen) => chosen.into_iter().map(|k| parts[k]).collect(),
        None => parts,
    };
    if let Some((&first, others)) = chosen.split_first() {
        found.push((first, rest, others.to_vec()));
    }
    found
}

fn finding(
    entries: &[Entry<'_>],
    walk: &Walk,
    at: usize,
    traffic: &Traffic,
    others: &[usize],
    classes: &[PortClass],
) -> Finding {
    let current = &entries[at];
    let family = current.cidr.family;
    let every = family.every_address();
    let label = match others.len() {
        0 => every.to_owned(),
        1 => format!("with 1 other entry, {every}"),
        n => format!("with {n} other entries, {every}"),
    };
    let mut finding =
        Finding::new(META.code, META.name, traffic.severity(classes), current.block.span)
            .message(traffic.describe(classes).message("network ACL"))
            .help(help(traffic, classes))
            .label(label)
            .path(current.entry.path.clone())
            .value_key(format!("{} {}", current.traffic.key(), family.everything()));
    if let Some(number) = &current.entry.rule_number {
        finding = finding.secondary(number.span, format!("rule {} allows it", current.number));
    }
    for &other in others {
        let text = format!("rule {} covers the rest of {every}", entries[other].number);
        finding = finding.secondary(entries[other].block.span, text);
    }

    // Earlier entries that took part of this entry's traffic away for every address explain
    // why the message names less: the fewest of them that cover the space.
    let parts: Vec<&Entry<'_>> =
        std::iter::once(at).chain(others.iter().copied()).map(|i| &entries[i]).collect();
    let mut taken = Traffic::none();
    for part in &parts {
        taken.union_with(&part.traffic.difference(traffic));
    }
    let last = parts.iter().map(|p| p.number).max().unwrap_or(current.number);
    let takers: Vec<&Entry<'_>> = walk
        .order
        .iter()
        .map(|&i| &entries[i])
        .take_while(|e| e.number < last)
        .filter(|e| !parts.iter().any(|p| std::ptr::eq(*p, *e)))
        .filter(|e| parts.iter().any(|p| e.cidr.overlaps(p.cidr)) && e.traffic.intersects(&taken))
        .collect();
    let blocks: Vec<_> = takers.iter().map(|e| e.cidr).collect();
    let chosen = cidr::covering_set(family, &blocks).unwrap_or_default();
    for entry in chosen.iter().map(|&k| takers[k]).take(EARLIER_LABELS) {
        if let Some(number) = &entry.entry.rule_number {
            let text = format!("rule {} decides part of this traffic first", entry.number);
            finding = finding.secondary(number.span, text);
        }
    }
    finding
}

fn help(rest: &Traffic, classes: &[PortClass]) -> &'static str {
    if rest.is_web_only(classes) {
        "if the subnet serves the public web, keep this entry and filter per host with security \
         groups; otherwise narrow the CIDR block"
    } else {
        "narrow the CIDR block to the ranges that need access, or deny the sensitive ports in a \
         lower-numbered entry"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;
    use crate::rules::testing::{Source, model_with_nacl, nacl_entry, run};

    #[test]
    fn allow_all_from_everywhere() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "allow", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "32767", "deny", "-1", None, "0.0.0.0/0"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.message, "network ACL allows all traffic from the whole internet");
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.span.slice(&src.text), "\"0.0.0.0/0\"");
        assert_eq!(f.label.as_deref(), Some("every IPv4 address"));
        assert_eq!(f.labels[0].span.slice(&src.text), "100");
        assert_eq!(f.labels[0].message, "rule 100 allows it");
        assert_eq!(f.path, "NetworkAcls[0].Entries[0]");
        assert_eq!(f.value_key, "all 0.0.0.0/0");
    }

    #[test]
    fn earlier_deny_narrows_what_is_let_through() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "200", "allow", "6", Some(("0", "65535")), "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "100", "deny", "6", Some(("0", "1023")), "0.0.0.0/0"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "network ACL allows TCP ports 1024-65535 from the whole internet, including RDP \
             (3389), WinRM (5985), WinRM (5986) and 20 more sensitive ports"
        );
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.value_key, "tcp:all 0.0.0.0/0");
        assert_eq!(f.labels[1].span.slice(&src.text), "100");
        assert_eq!(f.labels[1].message, "rule 100 decides part of this traffic first");
    }

    #[test]
    fn remaining_web_port_is_low() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "10", "deny", "6", Some(("0", "442")), "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "20", "deny", "6", Some(("444", "65535")), "0.0.0.0/0"),
            nacl_entry(&mut src, 2, "30", "allow", "6", Some(("0", "65535")), "0.0.0.0/0"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "network ACL allows HTTPS (443) from the whole internet");
        assert_eq!(findings[0].severity, Severity::Low);
    }

    #[test]
    fn fully_decided_entries_pass() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "deny", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "110", "allow", "6", Some(("22", "22")), "0.0.0.0/0"),
            nacl_entry(&mut src, 2, "120", "allow", "-1", None, "10.0.0.0/0"),
        ];
        assert!(run(&PublicNaclIngress, &model_with_nacl(entries), &src).is_empty());
    }

    #[test]
    fn earlier_allow_reports_once() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "allow", "6", Some(("443", "443")), "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "110", "allow", "6", Some(("443", "443")), "0.0.0.0/0"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].labels[0].message, "rule 100 allows it");
    }

    #[test]
    fn partial_denies_and_other_families_do_not_decide() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "deny", "-1", None, "10.0.0.0/8"),
            nacl_entry(&mut src, 1, "101", "deny", "-1", None, "::/0"),
            nacl_entry(&mut src, 2, "110", "allow", "6", Some(("22", "22")), "0.0.0.0/0"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "network ACL allows SSH (22) from the whole internet");
        assert_eq!(findings[0].labels.len(), 1, "no earlier entry of the family overlaps");
    }

    #[test]
    fn allow_halves_add_up_and_deny_halves_take_away() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "90", "deny", "6", Some(("22", "22")), "0.0.0.0/1"),
            nacl_entry(&mut src, 1, "95", "deny", "6", Some(("22", "22")), "128.0.0.0/1"),
            nacl_entry(&mut src, 2, "100", "allow", "6", Some(("0", "1023")), "0.0.0.0/1"),
            nacl_entry(&mut src, 3, "110", "allow", "6", Some(("0", "1023")), "128.0.0.0/1"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);

        assert_eq!(findings.len(), 1, "{findings:?}");
        let f = &findings[0];
        assert_eq!(
            f.message,
            "network ACL allows TCP ports 0-21 and 23-1023 from the whole internet, including \
             Telnet (23) and SMB (445)"
        );
        assert_eq!(f.span.slice(&src.text), "\"0.0.0.0/1\"");
        assert_eq!(f.label.as_deref(), Some("with 1 other entry, every IPv4 address"));
        let labels: Vec<(&str, &str)> =
            f.labels.iter().map(|l| (l.span.slice(&src.text), l.message.as_str())).collect();
        assert_eq!(
            labels,
            [
                ("100", "rule 100 allows it"),
                ("\"128.0.0.0/1\"", "rule 110 covers the rest of every IPv4 address"),
                ("90", "rule 90 decides part of this traffic first"),
                ("95", "rule 95 decides part of this traffic first"),
            ]
        );
    }

    #[test]
    fn one_half_denied_leaves_the_port_public() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "90", "deny", "6", Some(("22", "22")), "0.0.0.0/1"),
            nacl_entry(&mut src, 1, "100", "allow", "6", Some(("22", "22")), "0.0.0.0/0"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "network ACL allows SSH (22) from the whole internet");
        assert_eq!(findings[0].labels.len(), 1, "the half deny takes nothing from everyone");
    }

    #[test]
    fn ipv6_entries() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "allow", "58", Some(("128", "-1")), "::/0"),
            nacl_entry(&mut src, 1, "32767", "deny", "-1", None, "::/0"),
        ];
        let findings = run(&PublicNaclIngress, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "network ACL allows ICMPv6 type 128 from the whole internet"
        );
        assert_eq!(findings[0].severity, Severity::Low);
        assert_eq!(findings[0].label.as_deref(), Some("every IPv6 address"));
    }

    #[test]
    fn a_block_in_the_field_of_the_other_family_reaches_nothing() {
        let mut src = Source::new();
        let v4 = "0.0.0.0/0";
        let mut v4_as_v6 = nacl_entry(&mut src, 0, "100", "allow", "6", Some(("22", "22")), v4);
        v4_as_v6.ipv6 = v4_as_v6.ipv4.take();
        let mut v6_as_v4 = nacl_entry(&mut src, 1, "110", "allow", "6", Some(("22", "22")), "::/0");
        v6_as_v4.ipv4 = v6_as_v4.ipv6.take();
        let entries = vec![v4_as_v6, v6_as_v4];
        assert!(run(&PublicNaclIngress, &model_with_nacl(entries), &src).is_empty());
    }

    #[test]
    fn private_egress_and_unreadable_entries_pass() {
        let mut src = Source::new();
        let mut egress = nacl_entry(&mut src, 0, "100", "allow", "-1", None, "0.0.0.0/0");
        egress.direction = Direction::Egress;
        let entries = vec![
            egress,
            nacl_entry(&mut src, 1, "110", "allow", "-1", None, "172.16.0.0/12"),
            nacl_entry(&mut src, 2, "*", "allow", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 3, "32767", "allow", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 4, "120", "allow", "6", Some(("9", "1")), "0.0.0.0/0"),
            nacl_entry(&mut src, 5, "130", "maybe", "-1", None, "0.0.0.0/0"),
        ];
        assert!(run(&PublicNaclIngress, &model_with_nacl(entries), &src).is_empty());
    }
}
