//! NET002 public-nacl-ingress: network ACL allow entries from the whole internet that still
//! decide some traffic after rule ordering.

use super::cidr::{self, Family};
use super::ports;
use super::traffic::Traffic;
use crate::model::network::{Direction, NaclEntry, NetworkAcl};
use crate::report::Finding;
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("NET002", "public-nacl-ingress", Critical);

/// The catch-all entry every ACL ends with (`*` in the console); it is not the user's.
const DEFAULT_RULE_NUMBER: i32 = 32767;

/// Earlier entries named in secondary labels, at most.
const EARLIER_LABELS: usize = 3;

pub struct PublicNaclIngress;

impl Rule for PublicNaclIngress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for acl in &cx.model.network_acls {
            check_acl(acl, out);
        }
    }
}

/// An ingress entry whose CIDR reaches every address of its family.
struct InternetEntry<'a> {
    number: i32,
    entry: &'a NaclEntry,
    family: Family,
    traffic: Traffic,
}

/// Entries are evaluated in rule-number order and the first match wins. Only entries that
/// match every address can decide traffic for the internet as a whole, so the others are left
/// out: an earlier deny of `10.0.0.0/8` takes nothing away from everyone else.
fn check_acl(acl: &NetworkAcl, out: &mut Vec<Finding>) {
    let mut entries: Vec<InternetEntry<'_>> = acl
        .entries
        .iter()
        .filter(|e| e.direction == Direction::Ingress)
        .filter_map(|entry| {
            let number = ports::parse_int(entry.rule_number.as_ref()?.as_literal()?)?;
            let block = entry.ipv4.as_ref().or(entry.ipv6.as_ref())?.as_literal()?;
            let block = cidr::parse(block).filter(|b| b.covers_everything())?;
            let traffic = super::traffic_of(
                entry.protocol.as_ref(),
                entry.from_port.as_ref(),
                entry.to_port.as_ref(),
            )?;
            (number != DEFAULT_RULE_NUMBER).then_some(InternetEntry {
                number,
                entry,
                family: block.family,
                traffic,
            })
        })
        .collect();
    entries.sort_by_key(|e| e.number);

    for family in [Family::V4, Family::V6] {
        let mut decided = Traffic::none();
        let mut earlier: Vec<&InternetEntry<'_>> = Vec::new();
        for current in entries.iter().filter(|e| e.family == family) {
            let action = current.entry.action.as_ref();
            if action.is_some_and(|a| a.is("allow")) {
                let rest = current.traffic.difference(&decided);
                if !rest.is_empty() {
                    out.extend(finding(current, &rest, &earlier));
                }
            } else if !action.is_some_and(|a| a.is("deny")) {
                continue;
            }
            decided.union_with(&current.traffic);
            earlier.push(current);
        }
    }
}

fn finding(
    current: &InternetEntry<'_>,
    rest: &Traffic,
    earlier: &[&InternetEntry<'_>],
) -> Option<Finding> {
    let block = current.entry.ipv4.as_ref().or(current.entry.ipv6.as_ref())?;
    let mut finding = Finding::new(META.code, META.name, rest.severity(), block.span)
        .message(rest.describe().message("network ACL"))
        .help(help(rest))
        .label(current.family.every_address())
        .path(current.entry.path.clone())
        .value_key(format!("{} {}", current.traffic.key(), current.family.everything()));
    if let Some(number) = &current.entry.rule_number {
        finding = finding.secondary(number.span, format!("rule {} allows it", current.number));
    }

    // Earlier entries that took part of this traffic explain why the message names less.
    let overlapping = earlier.iter().filter(|e| e.traffic.intersects(&current.traffic));
    for entry in overlapping.take(EARLIER_LABELS) {
        if let Some(number) = &entry.entry.rule_number {
            let text = format!("rule {} decides part of this traffic first", entry.number);
            finding = finding.secondary(number.span, text);
        }
    }
    Some(finding)
}

fn help(rest: &Traffic) -> &'static str {
    if rest.is_web_only() {
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
