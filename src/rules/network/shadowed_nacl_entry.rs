//! NET003 shadowed-nacl-entry: network ACL entries that never decide anything, because
//! lower-numbered entries match all of their traffic first, and rule numbers used twice.

use std::collections::HashMap;

use super::acl::{self, DEFAULT_RULE_NUMBER, Entry};
use super::cidr::Family;
use super::ports;
use crate::model::network::{Direction, NetworkAcl};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("NET003", "shadowed-nacl-entry", Medium);

/// Earlier entries named in secondary labels, at most.
const SHADOW_LABELS: usize = 3;

pub struct ShadowedNaclEntry;

impl Rule for ShadowedNaclEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for acl in &cx.model.network_acls {
            for direction in [Direction::Ingress, Direction::Egress] {
                let duplicated = duplicates(acl, direction, out);
                let entries = acl::entries(acl, direction);
                for family in [Family::V4, Family::V6] {
                    let walk = acl::walk(&entries, family);
                    for (k, &i) in walk.order.iter().enumerate() {
                        let entry = &entries[i];
                        if walk.decides[i].is_empty() && !duplicated.contains(&entry.number) {
                            let earlier = walk.order[..k].iter().map(|&j| &entries[j]);
                            out.extend(shadowed(entry, earlier, direction));
                        }
                    }
                }
            }
        }
    }
}

/// Reports every entry that reuses a rule number of an earlier entry (in file order) of the
/// same direction, and returns the numbers used more than once.
fn duplicates(acl: &NetworkAcl, direction: Direction, out: &mut Vec<Finding>) -> Vec<i32> {
    let mut first_use: HashMap<i32, &crate::model::Value> = HashMap::new();
    let mut repeated = Vec::new();
    for entry in acl.entries.iter().filter(|e| e.direction == direction) {
        let Some(value) = &entry.rule_number else { continue };
        let Some(number) = value.as_literal().and_then(ports::parse_int) else { continue };
        if number == DEFAULT_RULE_NUMBER {
            continue;
        }
        let Some(first) = first_use.get(&number) else {
            first_use.insert(number, value);
            continue;
        };

        repeated.push(number);
        out.push(
            Finding::new(META.code, META.name, Severity::Medium, value.span)
                .message(format!(
                    "rule number {number} is used by two {} entries of this network ACL",
                    direction_name(direction)
                ))
                .help(
                    "give each entry its own rule number: AWS rejects a second entry with the \
                     same number and direction, and which one applies is left to chance",
                )
                .label(format!("rule {number} again"))
                .secondary(first.span, format!("rule {number} first used here"))
                .path(entry.path.clone())
                .value_key(format!("duplicate {} {number}", direction_name(direction))),
        );
    }
    repeated
}

fn shadowed<'a>(
    entry: &Entry<'_>,
    earlier: impl Iterator<Item = &'a Entry<'a>>,
    direction: Direction,
) -> Option<Finding> {
    let number = entry.entry.rule_number.as_ref()?;
    let shadows: Vec<&Entry<'_>> = earlier
        .filter(|e| e.cidr.overlaps(entry.cidr) && e.traffic.intersects(&entry.traffic))
        .collect();

    // A deny that an earlier allow makes useless lets through what it was written to stop.
    let severity = if !entry.allow && shadows.iter().any(|e| e.allow) {
        Severity::High
    } else if shadows.iter().all(|e| e.allow == entry.allow) {
        Severity::Low
    } else {
        Severity::Medium
    };
    let action = if entry.allow { "allow" } else { "deny" };
    let help = match severity {
        Severity::High => {
            "give the deny a lower rule number than the allow entries that match its traffic, \
             or narrow those entries"
        }
        Severity::Low => "remove the entry: the entries before it already do what it says",
        _ => {
            "give the allow a lower rule number than the deny entries that match its traffic, \
             or remove it if those denies are meant"
        }
    };

    let verb = |e: &Entry<'_>| if e.allow { "allows" } else { "denies" };
    let (cause, after) = match shadows.as_slice() {
        [one] => (format!("rule {} {} all of its traffic first", one.number, verb(one)), "it"),
        _ => ("lower-numbered entries decide all of its traffic first".to_owned(), "them"),
    };
    let mut finding = Finding::new(META.code, META.name, severity, number.span)
        .message(format!(
            "{} {action} entry {} never applies: {cause}",
            direction_name(direction),
            entry.number
        ))
        .help(help)
        .label(format!("rule {}, evaluated after {after}", entry.number))
        .path(entry.entry.path.clone())
        .value_key(format!(
            "shadowed {} {} {} {}",
            direction_name(direction),
            action,
            entry.traffic.key(),
            entry.block.as_literal().unwrap_or_default()
        ));
    for shadow in shadows.iter().take(SHADOW_LABELS) {
        let Some(span) = shadow.entry.rule_number.as_ref().map(|n| n.span) else { continue };
        let text = format!("rule {} {} this traffic first", shadow.number, verb(shadow));
        finding = finding.secondary(span, text);
    }
    if shadows.len() > SHADOW_LABELS {
        finding = finding.note(format!(
            "{} more lower-numbered entries match part of its traffic",
            shadows.len() - SHADOW_LABELS
        ));
    }
    Some(finding)
}

const fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Source, model_with_nacl, nacl_entry, run};

    #[test]
    fn deny_behind_allow_all() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "allow", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "200", "deny", "6", Some(("22", "22")), "0.0.0.0/0"),
            nacl_entry(&mut src, 2, "32767", "deny", "-1", None, "0.0.0.0/0"),
        ];
        let findings = run(&ShadowedNaclEntry, &model_with_nacl(entries), &src);

        assert_eq!(findings.len(), 1, "{findings:?}");
        let f = &findings[0];
        assert_eq!(
            f.message,
            "ingress deny entry 200 never applies: rule 100 allows all of its traffic first"
        );
        assert_eq!(f.label.as_deref(), Some("rule 200, evaluated after it"));
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.span.slice(&src.text), "200");
        assert_eq!(f.labels.len(), 1);
        assert_eq!(f.labels[0].span.slice(&src.text), "100");
        assert_eq!(f.labels[0].message, "rule 100 allows this traffic first");
        assert_eq!(f.path, "NetworkAcls[0].Entries[1]");
    }

    #[test]
    fn union_of_earlier_entries_shadows() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "deny", "6", Some(("0", "1023")), "0.0.0.0/1"),
            nacl_entry(&mut src, 1, "110", "deny", "tcp", Some(("1000", "65535")), "0.0.0.0/1"),
            nacl_entry(&mut src, 2, "120", "deny", "-1", None, "128.0.0.0/1"),
            nacl_entry(&mut src, 3, "130", "allow", "6", Some(("22", "22")), "0.0.0.0/0"),
            nacl_entry(&mut src, 4, "140", "allow", "17", Some(("53", "53")), "0.0.0.0/0"),
        ];
        let findings = run(&ShadowedNaclEntry, &model_with_nacl(entries), &src);

        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].span.slice(&src.text), "130");
        assert_eq!(findings[0].severity, Severity::Medium);
        assert_eq!(
            findings[0].message,
            "ingress allow entry 130 never applies: lower-numbered entries decide all of its \
             traffic first"
        );
        let shadows: Vec<&str> =
            findings[0].labels.iter().map(|l| l.span.slice(&src.text)).collect();
        assert_eq!(shadows, ["100", "120"]);
    }

    #[test]
    fn partly_decided_and_other_family_entries_pass() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "deny", "6", Some(("0", "1023")), "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "110", "allow", "6", Some(("1000", "2000")), "0.0.0.0/0"),
            nacl_entry(&mut src, 2, "120", "allow", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 3, "130", "deny", "-1", None, "::/0"),
            nacl_entry(&mut src, 4, "140", "deny", "6", Some(("22", "22")), "10.0.0.0/8"),
        ];
        let mut model = model_with_nacl(entries);
        let last = model.network_acls[0].entries.len() - 1;
        model.network_acls[0].entries[last].direction = Direction::Egress;
        assert!(run(&ShadowedNaclEntry, &model, &src).is_empty());
    }

    #[test]
    fn redundant_allow_is_low() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "allow", "6", Some(("443", "443")), "10.0.0.0/8"),
            nacl_entry(&mut src, 1, "110", "allow", "6", Some(("443", "443")), "10.1.0.0/16"),
        ];
        let findings = run(&ShadowedNaclEntry, &model_with_nacl(entries), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Low);
        assert!(findings[0].help.as_deref().unwrap().starts_with("remove the entry"));
    }

    #[test]
    fn duplicate_numbers_in_one_direction() {
        let mut src = Source::new();
        let entries = vec![
            nacl_entry(&mut src, 0, "100", "allow", "6", Some(("443", "443")), "0.0.0.0/0"),
            nacl_entry(&mut src, 1, "100", "allow", "6", Some(("443", "443")), "0.0.0.0/0"),
            nacl_entry(&mut src, 2, "110", "deny", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 3, "110", "deny", "-1", None, "10.0.0.0/8"),
            nacl_entry(&mut src, 4, "32767", "deny", "-1", None, "0.0.0.0/0"),
            nacl_entry(&mut src, 5, "32767", "deny", "-1", None, "::/0"),
        ];
        let mut model = model_with_nacl(entries);
        model.network_acls[0].entries[3].direction = Direction::Egress;
        let findings = run(&ShadowedNaclEntry, &model, &src);

        assert_eq!(findings.len(), 1, "{findings:?}");
        let f = &findings[0];
        assert_eq!(f.message, "rule number 100 is used by two ingress entries of this network ACL");
        assert_eq!(f.path, "NetworkAcls[0].Entries[1]");
        assert_eq!(f.labels[0].message, "rule 100 first used here");
        assert_ne!(f.span, f.labels[0].span);
    }
}
