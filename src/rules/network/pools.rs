//! Security group sources pooled into the traffic that reaches a group from every address of
//! a family: what NET001 reports, and what NET004 and NET005 leave to it.

use super::cidr::{self, Cidr, Family};
use super::intervals::IntervalSet;
use super::traffic::Traffic;
use crate::model::Value;
use crate::model::network::{Direction, SecurityGroup, SecurityGroupRule};

/// The traffic of one or more rules of a group that together reach every address of a family.
pub struct PublicPool<'a> {
    pub traffic: Traffic,
    pub family: Family,
    /// The fewest sources that cover the family's space, in the order the group lists them.
    pub sources: Vec<Source<'a>>,
}

/// One source (or destination) range of a rule.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub rule: &'a SecurityGroupRule,
    pub value: &'a Value,
    pub cidr: Cidr,
}

/// Rules of one group with the same protocol and ports add up: two `/1` halves in two rules
/// open the port to everyone just as one `/0` does. So sources are pooled per traffic first.
#[must_use]
pub fn public_pools(group: &SecurityGroup, direction: Direction) -> Vec<PublicPool<'_>> {
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
        let sources =
            super::ranges(&rule.ipv4, &rule.ipv6).map(|(value, cidr)| Source { rule, value, cidr });
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

    // Each distinct traffic once, with the addresses its sources reach, so that a group of many
    // rules costs segments x distinct traffics, not segments x sources.
    let reach: Vec<(&Traffic, IntervalSet)> = pools
        .iter()
        .map(|(traffic, pool)| {
            let blocks: Vec<Cidr> = pool.iter().map(|s| s.cidr).collect();
            (traffic, cidr::union(family, &blocks))
        })
        .filter(|(_, addresses)| !addresses.is_empty())
        .collect();

    let mut everywhere: Option<Traffic> = None;
    for (first, _) in cidr::segments(family, &blocks) {
        let mut here = Traffic::none();
        for (traffic, addresses) in &reach {
            // Segments are elementary: a union holding the first address holds them all.
            if addresses.contains(first) {
                here.union_with(traffic);
            }
        }
        let so_far = match everywhere {
            Some(so_far) => so_far.intersection(&here),
            None => here,
        };
        if so_far.is_empty() {
            return None;
        }
        everywhere = Some(so_far);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Source as Text, model_with_group, sg_rule};

    /// Random groups over blocks aligned on the top 4 bits and ports below 16, against a
    /// brute-force check of every address slice and port: the pools report a packet exactly
    /// when sources that carry it reach every slice, and every pool's sources do cover the
    /// space.
    #[test]
    fn pools_match_brute_force() {
        let mut seed = 0x6a09_e667_f3bc_c908_u64;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        let packets: Vec<Traffic> = [("6", 17), ("17", 17), ("1", 1), ("47", 1)]
            .iter()
            .flat_map(|&(protocol, ports)| {
                (0..ports).map(move |port| {
                    let port = port.to_string();
                    Traffic::parse(protocol, Some(&port), Some(&port)).unwrap()
                })
            })
            .collect();
        let mut public_seen = 0;

        for round in 0..200 {
            let (family, width) = if round % 2 == 0 { (Family::V4, 32) } else { (Family::V6, 128) };
            let mut src = Text::new();
            let rules: Vec<SecurityGroupRule> = (0..=(next(6) as usize))
                .map(|i| {
                    let top = u128::from(next(16)) << (width - 4);
                    let block = match family {
                        Family::V4 => {
                            format!("{}/{}", std::net::Ipv4Addr::from(top as u32), next(4))
                        }
                        Family::V6 => format!("{}/{}", std::net::Ipv6Addr::from(top), next(4)),
                    };
                    let protocol = ["tcp", "6", "udp", "-1"][next(4) as usize];
                    let (a, b) = (next(16), next(16));
                    let (from, to) = (a.min(b).to_string(), a.max(b).to_string());
                    let (v4, v6) = if family == Family::V4 {
                        (vec![block], vec![])
                    } else {
                        (vec![], vec![block])
                    };
                    let v4: Vec<&str> = v4.iter().map(String::as_str).collect();
                    let v6: Vec<&str> = v6.iter().map(String::as_str).collect();
                    sg_rule(&mut src, i, protocol, Some(&from), Some(&to), &v4, &v6)
                })
                .collect();
            let model = model_with_group(rules);
            let group = &model.security_groups[0];
            let pools = public_pools(group, Direction::Ingress);

            let mut reported = Traffic::none();
            for pool in &pools {
                assert_eq!(pool.family, family);
                let blocks: Vec<Cidr> = pool.sources.iter().map(|s| s.cidr).collect();
                assert!(cidr::union(family, &blocks).is_full(), "{group:?}");
                reported.union_with(&pool.traffic);
            }

            let readable: Vec<(Cidr, Traffic)> = group
                .rules
                .iter()
                .filter_map(|r| {
                    let traffic = crate::rules::network::traffic_of(
                        r.protocol.as_ref(),
                        r.from_port.as_ref(),
                        r.to_port.as_ref(),
                    )?;
                    let text = r.ipv4.iter().chain(&r.ipv6).next()?.as_literal()?;
                    Some((cidr::parse(text)?, traffic))
                })
                .collect();
            for packet in &packets {
                let everywhere = (0..16u128).all(|slice| {
                    let address = slice << (width - 4);
                    readable.iter().any(|(block, traffic)| {
                        block.first <= address
                            && address <= block.last
                            && traffic.intersects(packet)
                    })
                });
                assert_eq!(reported.intersects(packet), everywhere, "{readable:?} {packet:?}");
                public_seen += usize::from(everywhere);
            }
        }
        assert!(public_seen > 100, "{public_seen}");
    }
}
