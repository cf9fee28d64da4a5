//! Network rules: security groups and network ACLs open to the whole internet or to broad
//! ranges, and network ACL entries that never apply.
//!
//! The arithmetic lives in its own modules that every rule shares: [`cidr`] for address spaces,
//! [`ports`] and [`traffic`] for what a permission lets through, [`acl`] for the first-match
//! evaluation of network ACL entries.

pub mod acl;
mod all_protocols;
pub mod cidr;
pub mod intervals;
mod invalid_network_rule;
pub mod pools;
pub mod ports;
mod public_ingress;
mod public_nacl_ingress;
mod shadowed_nacl_entry;
pub mod traffic;
mod wide_port_range;

pub use all_protocols::AllProtocols;
pub use invalid_network_rule::InvalidNetworkRule;
pub use public_ingress::PublicIngress;
pub use public_nacl_ingress::PublicNaclIngress;
pub use shadowed_nacl_entry::ShadowedNaclEntry;
pub use wide_port_range::WidePortRange;

use crate::model::Value;
use crate::model::network::{Direction, NetworkAcl, SecurityGroupRule};
use crate::rules::NetworkSettings;
use cidr::Cidr;
use traffic::Traffic;

/// A source range of a rule that is broad by the settings but not the whole space.
#[derive(Clone, Copy)]
struct BroadSource<'a> {
    value: &'a Value,
    cidr: Cidr,
}

/// The literal ranges of an IPv4 and an IPv6 address field, every alternative of an `Fn::If`
/// included. A block of the other family in a field is no range AWS accepts there, so it
/// reaches nothing: NET006 reports it, and the rules that judge reach leave it out.
pub(crate) fn ranges<'a>(
    ipv4: &'a [Value],
    ipv6: &'a [Value],
) -> impl Iterator<Item = (&'a Value, Cidr)> + 'a {
    let fields = [(ipv4, cidr::Family::V4), (ipv6, cidr::Family::V6)];
    fields.into_iter().flat_map(|(values, family)| {
        values
            .iter()
            .flat_map(Value::literal_alternatives)
            .filter_map(move |(value, text)| Some((value, cidr::parse_as(family, text)?)))
    })
}

/// The broad sources of `rule`, every alternative of an `Fn::If` included.
fn broad_sources<'a>(
    rule: &'a SecurityGroupRule,
    settings: &NetworkSettings,
) -> Vec<BroadSource<'a>> {
    ranges(&rule.ipv4, &rule.ipv6)
        .map(|(value, cidr)| BroadSource { value, cidr })
        .filter(|s| {
            !s.cidr.covers_everything() && settings.is_broad(s.cidr.family, s.cidr.prefix())
        })
        .collect()
}

/// The ingress allow entries of `acl` that still take traffic after rule ordering, from a
/// range broad by the settings, leaving out those NET002 reports as public: what NET004 and
/// NET005 judge, each with its own test on the entry's traffic.
fn broad_ingress_allows<'a>(
    acl: &'a NetworkAcl,
    settings: &NetworkSettings,
) -> Vec<acl::Entry<'a>> {
    let entries = acl::entries(acl, Direction::Ingress);
    let mut found = Vec::new();
    for family in [cidr::Family::V4, cidr::Family::V6] {
        let walk = acl::walk(&entries, family);
        let public: Vec<usize> = public_nacl_ingress::public_entries(&entries, &walk)
            .into_iter()
            .flat_map(|(at, _, others)| std::iter::once(at).chain(others))
            .collect();
        found.extend(walk.order.iter().copied().filter(|&i| {
            let entry = &entries[i];
            entry.allow
                && settings.is_broad(family, entry.cidr.prefix())
                && !public.contains(&i)
                && !walk.decides[i].is_empty()
        }));
    }
    found.sort_unstable();
    found.dedup();
    let mut keep = found.into_iter().peekable();
    entries
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.next_if_eq(i).is_some())
        .map(|(_, entry)| entry)
        .collect()
}

/// The traffic a protocol and port pair allows, or `None` when any part is missing, not a
/// literal, or not something AWS accepts.
pub(crate) fn traffic_of(
    protocol: Option<&Value>,
    from: Option<&Value>,
    to: Option<&Value>,
) -> Option<Traffic> {
    let protocol = protocol?.as_literal()?;
    let from = match from {
        Some(value) => Some(value.as_literal()?),
        None => None,
    };
    let to = match to {
        Some(value) => Some(value.as_literal()?),
        None => None,
    };
    Traffic::parse(protocol, from, to)
}
