//! The segment walk against a brute-force evaluation, packet by packet.

use super::*;
use crate::rules::testing::{Source, model_with_nacl, nacl_entry};

/// A small xorshift generator, so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

/// Whether `entry` matches a packet from `address` of the single-port traffic `packet`.
fn matches(entry: &Entry<'_>, family: Family, address: u128, packet: &Traffic) -> bool {
    entry.cidr.family == family
        && entry.cidr.first <= address
        && address <= entry.cidr.last
        && entry.traffic.intersects(packet)
}

/// A packet of one protocol and port (ICMP: type 0 code 0).
fn packet(protocol: u8, port: u16) -> Traffic {
    let port = port.to_string();
    Traffic::parse(&protocol.to_string(), Some(&port), Some(&port)).unwrap()
}

/// Random ACLs over blocks aligned on the top 4 bits and ports below 16: every packet that
/// matters is one of 16 address slices x a few protocols x 17 ports (16 stands for every port
/// above 15, which no entry separates).
#[test]
fn walk_matches_first_match_packet_by_packet() {
    let mut rng = Rng(0x51_7cc1_b727_220a);
    let protocols = ["6", "17", "-1", "1"];
    let mut shadowed_seen = 0;
    let mut public_seen = 0;

    let packets: Vec<(String, Traffic)> = [6u8, 17]
        .into_iter()
        .flat_map(|p| (0..=16u16).map(move |port| (p, port)))
        .chain([(1, 0), (47, 0)])
        .map(|(p, port)| (format!("{p}/{port}"), packet(p, port)))
        .collect();

    for round in 0..200 {
        let family = if round % 2 == 0 { Family::V4 } else { Family::V6 };
        let width = if family == Family::V4 { 32 } else { 128 };
        let mut src = Source::new();
        let count = 1 + rng.below(8) as usize;
        let mut raw = Vec::new();
        for i in 0..count {
            let prefix = rng.below(5) as u32;
            let top = u128::from(rng.below(16)) << (width - 4);
            let block = match family {
                Family::V4 => format!("{}/{prefix}", std::net::Ipv4Addr::from(top as u32)),
                Family::V6 => format!("{}/{prefix}", std::net::Ipv6Addr::from(top)),
            };
            let protocol = protocols[rng.below(4) as usize];
            let (a, b) = (rng.below(16), rng.below(16));
            let ports = (
                a.min(b).to_string(),
                if rng.below(4) == 0 { "65535".into() } else { a.max(b).to_string() },
            );
            let action = if rng.below(2) == 0 { "allow" } else { "deny" };
            let number = (100 + rng.below(20) * 10).to_string();
            raw.push((i, number, action, protocol, ports, block));
        }
        let model = model_with_nacl(
            raw.iter()
                .map(|(i, number, action, protocol, (from, to), block)| {
                    let ports =
                        matches!(*protocol, "6" | "17").then_some((from.as_str(), to.as_str()));
                    nacl_entry(&mut src, *i, number, action, protocol, ports, block)
                })
                .collect(),
        );
        let entries = entries(&model.network_acls[0], Direction::Ingress);
        let walk = walk(&entries, family);

        // Every packet, its deciding entry, and what the walk says about that entry.
        let mut matched = vec![false; entries.len()];
        let mut allowed_from_all: Vec<String> = Vec::new();
        let public = walk.public();
        for (name, packet) in &packets {
            let mut everywhere = true;
            let mut somewhere = false;
            let mut covered = true;
            for slice in 0..16u128 {
                let address = slice << (width - 4);
                // AWS reads the entries one after the other; the first that matches decides.
                let decider = entries.iter().position(|e| matches(e, family, address, packet));
                if let Some(i) = decider {
                    matched[i] = true;
                    assert!(walk.decides[i].intersects(packet), "{raw:?} {name} {slice}");
                }
                let allowed = decider.is_some_and(|i| entries[i].allow);
                everywhere &= allowed;
                somewhere |= allowed;
                covered &= entries.iter().any(|e| e.allow && matches(e, family, address, packet));
            }
            assert_eq!(public.intersects(packet), covered && somewhere, "{raw:?} {name}");
            if everywhere {
                allowed_from_all.push(name.clone());
            }
        }

        for &i in &walk.order {
            assert_eq!(walk.decides[i].is_empty(), !matched[i], "{raw:?} entry {i}");
            shadowed_seen += usize::from(!matched[i]);
        }
        public_seen += usize::from(!allowed_from_all.is_empty());
    }
    assert!(shadowed_seen > 50 && public_seen > 10, "{shadowed_seen} {public_seen}");
}

#[test]
fn default_entry_and_unreadable_entries_are_left_out() {
    let mut src = Source::new();
    let entries = vec![
        nacl_entry(&mut src, 0, "32767", "deny", "-1", None, "0.0.0.0/0"),
        nacl_entry(&mut src, 1, "100", "maybe", "-1", None, "0.0.0.0/0"),
        nacl_entry(&mut src, 2, "x", "allow", "-1", None, "0.0.0.0/0"),
        nacl_entry(&mut src, 3, "120", "allow", "bogus", None, "0.0.0.0/0"),
        nacl_entry(&mut src, 4, "130", "allow", "6", Some(("22", "22")), "10.0.0.0/8"),
        nacl_entry(&mut src, 5, "110", "deny", "6", Some(("22", "22")), "10.0.0.0/16"),
    ];
    let model = model_with_nacl(entries);
    let read = super::entries(&model.network_acls[0], Direction::Ingress);
    let numbers: Vec<i32> = read.iter().map(|e| e.number).collect();
    assert_eq!(numbers, [110, 130]);

    let walk = walk(&read, Family::V4);
    assert_eq!(walk.segment_count(), 4);
    assert!(walk.public().is_empty());
    assert!(!walk.decides[1].is_empty());
}
