//! How a network ACL decides: the entries of one direction and address family, in rule-number
//! order, where the first entry matching a packet's address, protocol and port decides.
//!
//! The address space is cut into segments at every entry's block boundaries, so that inside a
//! segment every address meets the same entries. Walking the entries once per segment then
//! gives, exactly, what each entry decides and what the ACL lets in from where.

use super::cidr::{self, Cidr, Family};
use super::ports;
use super::traffic::Traffic;
use crate::model::Value;
use crate::model::network::{Direction, NaclEntry, NetworkAcl};

/// The catch-all entry every ACL ends with (`*` in the console); it is not the user's.
pub const DEFAULT_RULE_NUMBER: i32 = 32767;

/// An entry whose number, action, block, protocol and ports are all literals AWS accepts.
pub struct Entry<'a> {
    pub number: i32,
    pub entry: &'a NaclEntry,
    pub allow: bool,
    /// The `CidrBlock` or `Ipv6CidrBlock` value.
    pub block: &'a Value,
    pub cidr: Cidr,
    pub traffic: Traffic,
}

/// The readable entries of `acl` in `direction`, both families, in evaluation order. Entries
/// with the same number keep their order in the file (AWS would reject the second).
#[must_use]
pub fn entries(acl: &NetworkAcl, direction: Direction) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = acl
        .entries
        .iter()
        .filter(|e| e.direction == direction)
        .filter_map(|entry| {
            let number = ports::parse_int(entry.rule_number.as_ref()?.as_literal()?)?;
            let action = entry.action.as_ref()?;
            let allow = if action.is("allow") {
                true
            } else if action.is("deny") {
                false
            } else {
                return None;
            };
            let (block, cidr) = match (&entry.ipv4, &entry.ipv6) {
                (Some(block), _) => (block, cidr::parse_as(Family::V4, block.as_literal()?)?),
                (None, Some(block)) => (block, cidr::parse_as(Family::V6, block.as_literal()?)?),
                (None, None) => return None,
            };
            let traffic = super::traffic_of(
                entry.protocol.as_ref(),
                entry.from_port.as_ref(),
                entry.to_port.as_ref(),
            )?;
            (number != DEFAULT_RULE_NUMBER).then_some(Entry {
                number,
                entry,
                allow,
                block,
                cidr,
                traffic,
            })
        })
        .collect();
    entries.sort_by_key(|e| e.number);

    // AWS allows at most 40 entries per direction. A file with far more is not a real ACL, and
    // the walk's cost grows with the square of the count; the first entries are still judged
    // exactly, since later entries never change what earlier ones decide.
    entries.truncate(MAX_ENTRIES);
    entries
}

/// Entries of one direction evaluated, at most.
const MAX_ENTRIES: usize = 200;

/// The outcome of evaluating the entries of one family.
pub struct Walk {
    /// Indices into the entries given to [`walk`], of this family, in evaluation order.
    pub order: Vec<usize>,
    /// Per entry (by index into the entries given to [`walk`]): the traffic it decides for at
    /// least one address. Empty for entries of the other family and for shadowed entries.
    pub decides: Vec<Traffic>,
    /// Elementary address ranges: no entry's block starts or ends inside one.
    segments: Vec<(u128, u128)>,
    /// Per segment: the traffic the first matching entries allow.
    allowed: Vec<Traffic>,
    /// Per segment: the union of the traffic of every allow entry whose block holds it, order
    /// aside.
    allow_entries: Vec<Traffic>,
}

/// Evaluates `entries` (in evaluation order) for the addresses of `family`.
#[must_use]
pub fn walk(entries: &[Entry<'_>], family: Family) -> Walk {
    let order: Vec<usize> =
        (0..entries.len()).filter(|&i| entries[i].cidr.family == family).collect();

    let blocks: Vec<Cidr> = order.iter().map(|&i| entries[i].cidr).collect();
    let segments = cidr::segments(family, &blocks);

    let mut decides: Vec<Traffic> = entries.iter().map(|_| Traffic::none()).collect();
    let mut allowed = Vec::with_capacity(segments.len());
    let mut allow_entries = Vec::with_capacity(segments.len());
    for &(first, last) in &segments {
        let mut taken = Traffic::none();
        let mut let_in = Traffic::none();
        let mut any_allow = Traffic::none();
        for &i in &order {
            let entry = &entries[i];
            if entry.cidr.first > first || last > entry.cidr.last {
                continue;
            }
            let fresh = entry.traffic.difference(&taken);
            if entry.allow {
                let_in.union_with(&fresh);
                any_allow.union_with(&entry.traffic);
            }
            decides[i].union_with(&fresh);
            taken.union_with(&entry.traffic);
        }
        allowed.push(let_in);
        allow_entries.push(any_allow);
    }
    Walk { order, decides, segments, allowed, allow_entries }
}

impl Walk {
    /// The traffic the ACL lets in from the whole internet: traffic that allow entries together
    /// match for every address, and that first-match evaluation lets in from some address.
    ///
    /// The second half is deliberately loose: a deny for `10.0.0.0/8` before an allow for
    /// `0.0.0.0/0` leaves the rest of the internet free to send, while denies that together
    /// cover every address (two `/1` halves) take the traffic away entirely.
    #[must_use]
    pub fn public(&self) -> Traffic {
        let Some((first, rest)) = self.allow_entries.split_first() else {
            return Traffic::none();
        };
        let mut covered = first.clone();
        for set in rest {
            covered = covered.intersection(set);
        }

        let mut let_in = Traffic::none();
        for set in &self.allowed {
            let_in.union_with(set);
        }
        covered.intersection(&let_in)
    }

    /// How many elementary address ranges the walk used.
    #[must_use]
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }
}

#[cfg(test)]
#[path = "acl_tests.rs"]
mod tests;
