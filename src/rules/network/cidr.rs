//! CIDR blocks as address ranges, and whether a set of them reaches every address.
//!
//! "The whole internet" is computed, not matched as text: `10.0.0.0/0`, `::0/0` and the pair
//! `0.0.0.0/1` + `128.0.0.0/1` all cover every address of their family.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::intervals::IntervalSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    /// The highest address, as a number.
    #[must_use]
    pub const fn max(self) -> u128 {
        match self {
            Self::V4 => u32::MAX as u128,
            Self::V6 => u128::MAX,
        }
    }

    /// The canonical spelling of the whole space.
    #[must_use]
    pub const fn everything(self) -> &'static str {
        match self {
            Self::V4 => "0.0.0.0/0",
            Self::V6 => "::/0",
        }
    }

    /// Label text for a token that reaches the whole space.
    #[must_use]
    pub const fn every_address(self) -> &'static str {
        match self {
            Self::V4 => "every IPv4 address",
            Self::V6 => "every IPv6 address",
        }
    }
}

/// A parsed CIDR block: the first and last address it covers. Host bits are ignored, as AWS
/// ignores them when it matches traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub family: Family,
    pub first: u128,
    pub last: u128,
}

impl Cidr {
    #[must_use]
    pub fn covers_everything(self) -> bool {
        self.first == 0 && self.last == self.family.max()
    }

    /// The prefix length: how many leading bits are fixed.
    #[must_use]
    pub fn prefix(self) -> u32 {
        let width = match self.family {
            Family::V4 => 32,
            Family::V6 => 128,
        };
        let host_bits = 128 - (self.last - self.first).leading_zeros();
        width - host_bits
    }

    #[must_use]
    pub fn overlaps(self, other: Self) -> bool {
        self.family == other.family && self.first <= other.last && other.first <= self.last
    }

    #[must_use]
    pub fn contains(self, other: Self) -> bool {
        self.family == other.family && self.first <= other.first && other.last <= self.last
    }
}

/// Parses `address/prefix` in any spelling std accepts, or `None` for anything else (a missing
/// prefix, a prefix too long for the family, surrounding spaces). Invalid blocks are another
/// rule's business.
#[must_use]
pub fn parse(text: &str) -> Option<Cidr> {
    let (address, prefix) = text.rsplit_once('/')?;
    if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix: u32 = prefix.parse().ok()?;

    let (family, bits, value) = if let Ok(v4) = address.parse::<Ipv4Addr>() {
        (Family::V4, 32, u128::from(u32::from(v4)))
    } else {
        let v6 = address.parse::<Ipv6Addr>().ok()?;
        (Family::V6, 128, u128::from(v6))
    };
    if prefix > bits {
        return None;
    }

    // The host mask within the family's width; `checked_shl` keeps /0 from overflowing.
    let host = family.max() & 1u128.checked_shl(bits - prefix).map_or(u128::MAX, |b| b - 1);
    let first = value & !host;
    Some(Cidr { family, first, last: first | host })
}

/// [`parse`], for a field that holds one family: a block of the other is `None` there.
#[must_use]
pub fn parse_as(family: Family, text: &str) -> Option<Cidr> {
    parse(text).filter(|c| c.family == family)
}

/// The smallest subset of `blocks` (all of one family) whose union is the whole space, as
/// indices in ascending order, or `None` when even all of them leave a gap.
///
/// Greedy interval covering is optimal here: from the lowest uncovered address, always take
/// the block that starts at or before it and reaches furthest.
#[must_use]
pub fn covering_set(family: Family, blocks: &[Cidr]) -> Option<Vec<usize>> {
    let mut order: Vec<usize> = (0..blocks.len()).filter(|&i| blocks[i].family == family).collect();
    order.sort_by_key(|&i| (blocks[i].first, std::cmp::Reverse(blocks[i].last), i));

    let mut chosen = Vec::new();
    let mut next_needed = 0u128;
    let mut cursor = 0;
    loop {
        let mut best: Option<usize> = None;
        while cursor < order.len() && blocks[order[cursor]].first <= next_needed {
            let candidate = order[cursor];
            if best.is_none_or(|b| blocks[candidate].last > blocks[b].last) {
                best = Some(candidate);
            }
            cursor += 1;
        }

        let block = best?;
        if blocks[block].last < next_needed {
            return None;
        }
        chosen.push(block);
        if blocks[block].last == family.max() {
            chosen.sort_unstable();
            return Some(chosen);
        }
        next_needed = blocks[block].last + 1;
    }
}

/// The family's space cut at every boundary of `blocks` (of that family): elementary ranges,
/// in order, inside each of which every address is in the same blocks.
#[must_use]
pub fn segments(family: Family, blocks: &[Cidr]) -> Vec<(u128, u128)> {
    let mut starts: Vec<u128> = vec![0];
    for block in blocks.iter().filter(|b| b.family == family) {
        starts.push(block.first);
        if let Some(next) = block.last.checked_add(1).filter(|&n| n <= family.max()) {
            starts.push(next);
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| (start, starts.get(k + 1).map_or(family.max(), |&next| next - 1)))
        .collect()
}

/// The union of `blocks` of one family, for callers that need more than yes or no.
#[must_use]
pub fn union(family: Family, blocks: &[Cidr]) -> IntervalSet {
    let mut set = IntervalSet::empty(family.max());
    for block in blocks.iter().filter(|b| b.family == family) {
        set.insert(block.first, block.last);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers(texts: &[&str]) -> Option<Vec<usize>> {
        let blocks: Vec<Cidr> = texts.iter().map(|t| parse(t).unwrap()).collect();
        let family = blocks[0].family;
        covering_set(family, &blocks)
    }

    #[test]
    fn whole_space_in_any_spelling() {
        for text in [
            "0.0.0.0/0",
            "10.0.0.0/0",
            "255.255.255.255/0",
            "::/0",
            "::0/0",
            "0000:0000:0000:0000:0000:0000:0000:0000/0",
            "2001:db8::1/0",
            "::ffff:10.0.0.1/0",
        ] {
            assert!(parse(text).unwrap().covers_everything(), "{text}");
        }
        for text in ["0.0.0.0/1", "::/1", "10.0.0.0/8", "0.0.0.0/32", "::/128"] {
            assert!(!parse(text).unwrap().covers_everything(), "{text}");
        }
    }

    #[test]
    fn host_bits_are_ignored() {
        let block = parse("10.1.2.3/8").unwrap();
        assert_eq!(block.family, Family::V4);
        assert_eq!(block.first, u128::from(u32::from(Ipv4Addr::new(10, 0, 0, 0))));
        assert_eq!(block.last, u128::from(u32::from(Ipv4Addr::new(10, 255, 255, 255))));

        let block = parse("2001:db8::ff/120").unwrap();
        assert_eq!(block.family, Family::V6);
        assert_eq!(block.first, u128::from("2001:db8::".parse::<Ipv6Addr>().unwrap()));
        assert_eq!(block.last, block.first + 255);

        let host = parse("192.0.2.7/32").unwrap();
        assert_eq!(host.first, host.last);
        assert_eq!(host.prefix(), 32);
        assert_eq!(parse("10.1.2.3/8").unwrap().prefix(), 8);
        assert_eq!(parse("0.0.0.0/0").unwrap().prefix(), 0);
        assert_eq!(parse("::/0").unwrap().prefix(), 0);
        assert_eq!(parse("2001:db8::/32").unwrap().prefix(), 32);
        assert_eq!(parse("::1/128").unwrap().prefix(), 128);
    }

    #[test]
    fn invalid_blocks_are_not_parsed() {
        for text in [
            "",
            "0.0.0.0",
            "0.0.0.0/",
            "0.0.0.0/33",
            "::/129",
            "0.0.0.0/-1",
            "0.0.0.0/+0",
            "0.0.0.0/0000",
            " 0.0.0.0/0",
            "0.0.0.0/0 ",
            "256.0.0.0/8",
            "10.0.0/8",
            "any",
            "sg-0123456789abcdef0",
            "pl-12345678",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn unions_cover_the_space() {
        assert_eq!(covers(&["0.0.0.0/1", "128.0.0.0/1"]), Some(vec![0, 1]));
        assert_eq!(covers(&["128.0.0.0/1", "10.0.0.0/8", "0.0.0.0/1"]), Some(vec![0, 2]));
        assert_eq!(covers(&["10.0.0.0/8", "0.0.0.0/0", "0.0.0.0/1"]), Some(vec![1]));
        assert_eq!(covers(&["::/1", "8000::/1"]), Some(vec![0, 1]));
        assert_eq!(
            covers(&["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/3"]),
            Some(vec![0, 1, 2, 3, 4])
        );
    }

    #[test]
    fn gaps_are_not_covered() {
        assert_eq!(covers(&["0.0.0.0/1", "128.0.0.0/2"]), None);
        assert_eq!(covers(&["0.0.0.0/1", "128.0.0.1/32"]), None);
        assert_eq!(covers(&["::/1"]), None);
        assert_eq!(covers(&["128.0.0.0/1"]), None);
    }

    #[test]
    fn families_do_not_mix() {
        let blocks = [parse("0.0.0.0/0").unwrap(), parse("::/1").unwrap()];
        assert_eq!(covering_set(Family::V4, &blocks), Some(vec![0]));
        assert_eq!(covering_set(Family::V6, &blocks), None);
        assert!(union(Family::V6, &blocks).ranges() == [(0, (1u128 << 127) - 1)]);
    }

    /// Random sets of short-prefix blocks, checked against a brute-force walk over the
    /// 2^4 top-level slices of the space: the covering set exists exactly when every slice is
    /// reached, it really covers, and no smaller subset does.
    #[test]
    fn covering_matches_brute_force_on_short_prefixes() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };

        for family in [Family::V4, Family::V6] {
            let width = if family == Family::V4 { 32 } else { 128 };
            for _ in 0..400 {
                let count = 1 + next(7) as usize;
                let blocks: Vec<Cidr> = (0..count)
                    .map(|_| {
                        let prefix = next(5) as u32;
                        let top = u128::from(next(16)) << (width - 4);
                        let text = match family {
                            Family::V4 => format!("{}/{prefix}", Ipv4Addr::from(top as u32)),
                            Family::V6 => format!("{}/{prefix}", Ipv6Addr::from(top)),
                        };
                        parse(&text).unwrap()
                    })
                    .collect();

                let slices = |subset: &[usize]| {
                    (0..16u128).all(|s| {
                        let address = s << (width - 4);
                        subset
                            .iter()
                            .any(|&i| blocks[i].first <= address && address <= blocks[i].last)
                    })
                };
                let all: Vec<usize> = (0..count).collect();
                let smallest = (0u32..1 << count)
                    .filter(|mask| {
                        let subset: Vec<usize> =
                            (0..count).filter(|i| mask & (1 << i) != 0).collect();
                        slices(&subset)
                    })
                    .map(u32::count_ones)
                    .min();

                let found = covering_set(family, &blocks);
                assert_eq!(found.is_some(), slices(&all), "{blocks:?}");
                assert_eq!(union(family, &blocks).is_full(), slices(&all));
                if let Some(chosen) = found {
                    assert!(slices(&chosen), "{blocks:?} -> {chosen:?}");
                    assert_eq!(Some(chosen.len() as u32), smallest, "{blocks:?}");
                    assert!(chosen.windows(2).all(|w| w[0] < w[1]));
                }
            }
        }
    }
}
