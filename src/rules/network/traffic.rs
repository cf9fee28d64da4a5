//! Traffic as a set, so that rules can compare, subtract and name what a permission lets in.
//!
//! Each IP protocol number maps to a set over a 16-bit sub-space: ports for TCP and UDP,
//! `type * 256 + code` for both versions of ICMP. Other protocols have no ports, so their sub-space
//! is always taken whole.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::intervals::IntervalSet;
use super::ports::{self, ICMP, ICMPV6, PortClass, PortKind, Protocol, TCP, UDP};
use crate::report::Severity;

const SUB_MAX: u128 = 0xffff;

/// How many protocols or ranges a message names before it summarizes.
const LIST_LIMIT: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Traffic {
    /// The protocols with a sub-space (TCP, UDP, ICMP, `ICMPv6`). Only non-empty sets are stored,
    /// so equal traffic compares equal.
    ported: BTreeMap<u8, IntervalSet>,
    /// Every other protocol, a bit per number. Their sub-space is always taken whole, so a
    /// protocol is in or out: "all traffic" is four sets and a bitmap, not 256 sets, which is
    /// what made every rule on a `-1` permission slow.
    whole: [u64; 4],
}

/// The bitmap of every protocol without a sub-space.
const ALL_WHOLE: [u64; 4] = {
    let mut bits = [u64::MAX; 4];
    let mut i = 0;
    let ported = [TCP, UDP, ICMP, ICMPV6];
    while i < ported.len() {
        let n = ported[i] as usize;
        bits[n / 64] &= !(1 << (n % 64));
        i += 1;
    }
    bits
};

impl Traffic {
    #[must_use]
    pub fn none() -> Self {
        Self { ported: BTreeMap::new(), whole: [0; 4] }
    }

    #[must_use]
    pub fn everything() -> Self {
        let full = |n: u8| (n, IntervalSet::full(SUB_MAX));
        Self { ported: [ICMP, TCP, UDP, ICMPV6].map(full).into(), whole: ALL_WHOLE }
    }

    /// Reads a protocol with its `FromPort`/`ToPort` (for ICMP: type and code). `-1` or an
    /// absent bound means "all"; anything AWS would reject is `None`.
    #[must_use]
    pub fn parse(protocol: &str, from: Option<&str>, to: Option<&str>) -> Option<Self> {
        let number = match ports::parse_protocol(protocol)? {
            Protocol::All => return Some(Self::everything()),
            Protocol::Number(n) => n,
        };
        let from = from.map(ports::parse_int).map_or(Ok(None), |n| n.map(Some).ok_or(()));
        let to = to.map(ports::parse_int).map_or(Ok(None), |n| n.map(Some).ok_or(()));
        let (from, to) = (from.ok()?, to.ok()?);

        let set = match number {
            TCP | UDP => match (from, to) {
                (None, None) | (Some(-1), _) | (_, Some(-1)) => IntervalSet::full(SUB_MAX),
                (Some(a), Some(b)) => {
                    let (a, b) = (u16::try_from(a).ok()?, u16::try_from(b).ok()?);
                    if a > b {
                        return None;
                    }
                    IntervalSet::range(SUB_MAX, a.into(), b.into())
                }
                _ => return None,
            },
            ICMP | ICMPV6 => match (from, to) {
                (None | Some(-1), _) => IntervalSet::full(SUB_MAX),
                (Some(kind), code) => {
                    let first = u128::from(u8::try_from(kind).ok()?) << 8;
                    match code {
                        None | Some(-1) => IntervalSet::range(SUB_MAX, first, first + 0xff),
                        Some(code) => {
                            let point = first | u128::from(u8::try_from(code).ok()?);
                            IntervalSet::range(SUB_MAX, point, point)
                        }
                    }
                }
            },
            _ => {
                let mut traffic = Self::none();
                traffic.whole[usize::from(number) / 64] |= 1 << (number % 64);
                return Some(traffic);
            }
        };
        Some(Self { ported: BTreeMap::from([(number, set)]), whole: [0; 4] })
    }

    /// Every protocol in it with its set, in protocol order. Builds the full sets of the whole
    /// protocols: for messages and keys, not for arithmetic.
    fn protocols(&self) -> Vec<(u8, IntervalSet)> {
        let whole =
            (0..=u8::MAX).filter(|&n| self.has_whole(n)).map(|n| (n, IntervalSet::full(SUB_MAX)));
        let mut all: Vec<(u8, IntervalSet)> =
            self.ported.iter().map(|(&n, set)| (n, set.clone())).chain(whole).collect();
        all.sort_by_key(|(n, _)| *n);
        all
    }

    fn has_whole(&self, number: u8) -> bool {
        self.whole[usize::from(number) / 64] & (1 << (number % 64)) != 0
    }

    /// How many protocols it reaches.
    fn protocol_count(&self) -> usize {
        self.ported.len() + self.whole.iter().map(|w| w.count_ones() as usize).sum::<usize>()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ported.is_empty() && self.whole == [0; 4]
    }

    #[must_use]
    pub fn is_everything(&self) -> bool {
        self.whole == ALL_WHOLE
            && self.ported.len() == 4
            && self.ported.values().all(IntervalSet::is_full)
    }

    #[must_use]
    pub fn difference(&self, other: &Self) -> Self {
        let mut ported = BTreeMap::new();
        for (&number, set) in &self.ported {
            let rest = match other.ported.get(&number) {
                Some(taken) => set.difference(taken),
                None => set.clone(),
            };
            if !rest.is_empty() {
                ported.insert(number, rest);
            }
        }
        let whole = std::array::from_fn(|i| self.whole[i] & !other.whole[i]);
        Self { ported, whole }
    }

    /// The traffic in both.
    #[must_use]
    pub fn intersection(&self, other: &Self) -> Self {
        self.difference(&self.difference(other))
    }

    pub fn union_with(&mut self, other: &Self) {
        for (&number, set) in &other.ported {
            self.ported
                .entry(number)
                .or_insert_with(|| IntervalSet::empty(SUB_MAX))
                .union_with(set);
        }
        for (mine, theirs) in self.whole.iter_mut().zip(other.whole) {
            *mine |= theirs;
        }
    }

    #[must_use]
    pub fn intersects(&self, other: &Self) -> bool {
        self.whole.iter().zip(other.whole).any(|(a, b)| a & b != 0)
            || self
                .ported
                .iter()
                .any(|(n, set)| other.ported.get(n).is_some_and(|o| set.intersects(o)))
    }

    /// The ports of single-protocol TCP or UDP traffic over one contiguous range.
    #[must_use]
    pub fn port_range(&self) -> Option<(u16, u16)> {
        if self.whole != [0; 4] {
            return None;
        }
        let mut protocols = self.ported.iter();
        let ((&number, set), None) = (protocols.next()?, protocols.next()) else {
            return None;
        };
        match set.ranges() {
            [(a, b)] if matches!(number, TCP | UDP) => Some((*a as u16, *b as u16)),
            _ => None,
        }
    }

    /// `TCP` or `UDP` when that is the only protocol in it.
    #[must_use]
    pub fn transport(&self) -> Option<&'static str> {
        if self.whole != [0; 4] {
            return None;
        }
        match self.ported.keys().collect::<Vec<_>>()[..] {
            [&TCP] => Some("TCP"),
            [&UDP] => Some("UDP"),
            _ => None,
        }
    }

    /// Whether everything in it is HTTP or HTTPS.
    #[must_use]
    pub fn is_web_only(&self, classes: &[PortClass]) -> bool {
        !self.is_empty()
            && self.whole == [0; 4]
            && self
                .ported
                .iter()
                .all(|(&n, set)| matches!(n, TCP | UDP) && only_web(classes, n, set))
    }

    /// Whether it reaches a shell or remote desktop port.
    #[must_use]
    pub fn has_remote_admin(&self, classes: &[PortClass]) -> bool {
        // Ports belong to TCP and UDP, which are never among the whole protocols.
        self.ported.iter().any(|(&n, set)| {
            sensitive_in(classes, n, set).iter().any(|c| c.kind == PortKind::RemoteAdmin)
        })
    }

    /// Critical for all traffic, all ports, or any remote administration, database or cluster
    /// control port; low when only web ports or ICMP; high for anything else.
    #[must_use]
    pub fn severity(&self, classes: &[PortClass]) -> Severity {
        let ported = self.ported.iter().map(|(&number, set)| match number {
            TCP | UDP if set.is_full() || !sensitive_in(classes, number, set).is_empty() => {
                Severity::Critical
            }
            TCP | UDP if only_web(classes, number, set) => Severity::Low,
            ICMP | ICMPV6 => Severity::Low,
            _ => Severity::High,
        });
        let whole = (self.whole != [0; 4]).then_some(Severity::High);
        ported.chain(whole).max().unwrap_or(Severity::Low)
    }

    /// A normalized spelling for fingerprints: `all`, `tcp:22`, `tcp:0-21,23-65535 udp:53`,
    /// `icmp:8/0`, `p47`.
    #[must_use]
    pub fn key(&self) -> String {
        if self.is_everything() {
            return "all".to_owned();
        }
        let mut key = String::new();
        for (number, set) in &self.protocols() {
            let number = *number;
            if !key.is_empty() {
                key.push(' ');
            }
            let Some(name) = ports::protocol_name(number) else {
                let _ = write!(key, "p{number}");
                continue;
            };
            key.push_str(name);
            key.push(':');
            if set.is_full() {
                key.push_str("all");
                continue;
            }
            let icmp = matches!(number, ICMP | ICMPV6);
            for (i, &(a, b)) in set.ranges().iter().enumerate() {
                if i > 0 {
                    key.push(',');
                }
                let point =
                    |v: u128| if icmp { format!("{}/{}", v >> 8, v & 0xff) } else { v.to_string() };
                if icmp && a.trailing_zeros() >= 8 && b == a + 0xff {
                    let _ = write!(key, "{}", a >> 8);
                } else if a == b {
                    key.push_str(&point(a));
                } else {
                    let _ = write!(key, "{}-{}", point(a), point(b));
                }
            }
        }
        key
    }

    /// Names the traffic for a message.
    #[must_use]
    pub fn describe(&self, classes: &[PortClass]) -> Description {
        if self.is_everything() {
            return Description { what: "all traffic".to_owned(), including: None };
        }
        if self.protocol_count() <= LIST_LIMIT {
            let parts: Vec<String> = self
                .protocols()
                .iter()
                .map(|(n, set)| describe_protocol(classes, *n, set))
                .collect();
            return Description { what: join(&parts), including: self.including(classes) };
        }

        let missing = Self::everything().difference(self);
        let what = if missing.protocol_count() <= LIST_LIMIT {
            let parts: Vec<String> = missing
                .protocols()
                .iter()
                .map(|(n, set)| describe_protocol(classes, *n, set))
                .collect();
            format!("all traffic except {}", join(&parts))
        } else {
            format!("traffic on {} IP protocols", self.protocol_count())
        };
        Description { what, including: None }
    }

    /// The sensitive ports inside port ranges, for the message's "including ..." clause. A
    /// single named port is its own description and needs no clause.
    fn including(&self, classes: &[PortClass]) -> Option<String> {
        let mut named: Vec<(&PortClass, u8)> = Vec::new();
        for class in classes.iter().filter(|c| c.kind.is_sensitive()) {
            let carrier = [TCP, UDP].into_iter().find(|&p| {
                class.transport.carries(p)
                    && self
                        .ported
                        .get(&p)
                        .is_some_and(|set| set.count() > 1 && set.contains(u128::from(class.port)))
            });
            if let Some(protocol) = carrier {
                named.push((class, protocol));
            }
        }
        if named.is_empty() {
            return None;
        }

        let mut shown: Vec<String> =
            named.iter().take(LIST_LIMIT).map(|&(c, p)| class_label(c, p)).collect();
        let rest = named.len() - shown.len();
        if rest > 0 {
            shown.push(format!("{rest} more sensitive port{}", plural(rest)));
        }
        Some(format!("including {}", join(&shown)))
    }
}

/// What a permission lets in, in words: `what` names the traffic ("SSH (22)", "TCP ports
/// 0-65535"), `including` the sensitive ports inside a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    pub what: String,
    pub including: Option<String>,
}

impl Description {
    /// `"{subject} allows {what} from the whole internet[, including ...]"`.
    #[must_use]
    pub fn message(&self, subject: &str) -> String {
        let mut message = format!("{subject} allows {} from the whole internet", self.what);
        if let Some(including) = &self.including {
            message.push_str(", ");
            message.push_str(including);
        }
        message
    }
}

fn sensitive_in<'c>(
    classes: &'c [PortClass],
    protocol: u8,
    set: &IntervalSet,
) -> Vec<&'c PortClass> {
    classes
        .iter()
        .filter(|c| c.kind.is_sensitive() && c.transport.carries(protocol))
        .filter(|c| set.contains(u128::from(c.port)))
        .collect()
}

fn only_web(classes: &[PortClass], protocol: u8, set: &IntervalSet) -> bool {
    set.count() <= 2
        && set.ranges().iter().flat_map(|&(a, b)| a..=b).all(|port| {
            u16::try_from(port)
                .ok()
                .and_then(|p| ports::class_of(classes, protocol, p))
                .is_some_and(|c| c.kind == PortKind::Web)
        })
}

fn describe_protocol(classes: &[PortClass], number: u8, set: &IntervalSet) -> String {
    match number {
        TCP | UDP => {
            let transport = if number == TCP { "TCP" } else { "UDP" };
            if let [(a, b)] = set.ranges()
                && a == b
            {
                let port = *a as u16;
                return match ports::class_of(classes, number, port) {
                    Some(class) => class_label(class, number),
                    None => format!("{transport} port {port}"),
                };
            }
            format!("{transport} ports {}", port_list(set))
        }
        ICMP | ICMPV6 => {
            let name = if number == ICMP { "ICMP" } else { "ICMPv6" };
            match set.ranges() {
                _ if set.is_full() => name.to_owned(),
                [(a, b)] if a == b => format!("{name} type {} code {}", a >> 8, a & 0xff),
                [(a, b)] if a.trailing_zeros() >= 8 && *b == a + 0xff => {
                    format!("{name} type {}", a >> 8)
                }
                _ => format!("some {name} types"),
            }
        }
        _ => format!("IP protocol {number}"),
    }
}

/// `SSH (22)` on TCP; `Memcached (UDP 11211)` on UDP, where the protocol is the surprise.
fn class_label(class: &PortClass, protocol: u8) -> String {
    if protocol == UDP {
        format!("{} (UDP {})", class.name, class.port)
    } else {
        format!("{} ({})", class.name, class.port)
    }
}

fn port_list(set: &IntervalSet) -> String {
    let mut parts: Vec<String> = set
        .ranges()
        .iter()
        .take(LIST_LIMIT)
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") })
        .collect();
    let rest = set.ranges().len() - parts.len();
    if rest > 0 {
        parts.push(format!("{rest} more range{}", plural(rest)));
    }
    join(&parts)
}

/// `a`, `a and b`, `a, b and c`.
fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
#[path = "traffic_tests.rs"]
mod tests;
