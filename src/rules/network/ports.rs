//! Protocols and ports as AWS writes them, and the well-known ports that decide how bad an
//! exposure is.

use std::borrow::Cow;

/// IP protocol numbers that change how `FromPort`/`ToPort` are read.
pub const ICMP: u8 = 1;
pub const TCP: u8 = 6;
pub const UDP: u8 = 17;
pub const ICMPV6: u8 = 58;

/// An `IpProtocol` (security groups) or `Protocol` (network ACLs) value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `-1` or `all`: every protocol, ports ignored.
    All,
    Number(u8),
}

/// Reads a protocol by name (`tcp`, `udp`, `icmp`, `icmpv6`, `all`, any case) or number
/// (`6`, `-1`). Names AWS does not accept are `None`.
#[must_use]
pub fn parse_protocol(text: &str) -> Option<Protocol> {
    let named = [("tcp", TCP), ("udp", UDP), ("icmp", ICMP), ("icmpv6", ICMPV6)];
    if text.eq_ignore_ascii_case("all") {
        return Some(Protocol::All);
    }
    if let Some(&(_, number)) = named.iter().find(|(name, _)| text.eq_ignore_ascii_case(name)) {
        return Some(Protocol::Number(number));
    }
    match parse_int(text)? {
        -1 => Some(Protocol::All),
        n => u8::try_from(n).ok().map(Protocol::Number),
    }
}

/// Reads a port, ICMP type or code: an optionally negative decimal integer (`22`, `-1`).
#[must_use]
pub fn parse_int(text: &str) -> Option<i32> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The short name of a protocol number, as used in normalized keys.
#[must_use]
pub fn protocol_name(number: u8) -> Option<&'static str> {
    match number {
        TCP => Some("tcp"),
        UDP => Some("udp"),
        ICMP => Some("icmp"),
        ICMPV6 => Some("icmpv6"),
        _ => None,
    }
}

/// Why a port matters when the internet can reach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortKind {
    /// Shells and remote desktops: a login prompt for the world.
    RemoteAdmin,
    /// Databases and caches, often without authentication or with weak defaults.
    Database,
    /// Container and cluster control planes: whoever reaches them runs code.
    ClusterControl,
    /// HTTP and HTTPS, often public on purpose.
    Web,
}

impl PortKind {
    /// Whether exposing the port is critical by itself.
    #[must_use]
    pub const fn is_sensitive(self) -> bool {
        !matches!(self, Self::Web)
    }
}

/// Which transports a service listens on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    Tcp,
    Udp,
    Both,
}

impl Transport {
    #[must_use]
    pub const fn carries(self, protocol: u8) -> bool {
        match self {
            Self::Tcp => protocol == TCP,
            Self::Udp => protocol == UDP,
            Self::Both => protocol == TCP || protocol == UDP,
        }
    }
}

/// A well-known service port. The table is data ([`crate::rules::Settings`] carries it), so a
/// configuration can add the ports of its own services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortClass {
    pub port: u16,
    pub name: Cow<'static, str>,
    pub kind: PortKind,
    pub transport: Transport,
}

const fn class(port: u16, name: &'static str, kind: PortKind, transport: Transport) -> PortClass {
    PortClass { port, name: Cow::Borrowed(name), kind, transport }
}

/// The default port classes, most dangerous first: messages name the first few.
pub const DEFAULT_PORT_CLASSES: &[PortClass] = {
    use PortKind::{ClusterControl, Database, RemoteAdmin, Web};
    use Transport::{Both, Tcp};
    &[
        class(22, "SSH", RemoteAdmin, Tcp),
        class(3389, "RDP", RemoteAdmin, Both),
        class(5985, "WinRM", RemoteAdmin, Tcp),
        class(5986, "WinRM", RemoteAdmin, Tcp),
        class(23, "Telnet", RemoteAdmin, Tcp),
        class(1433, "SQL Server", Database, Tcp),
        class(1521, "Oracle", Database, Tcp),
        class(3306, "MySQL", Database, Tcp),
        class(5432, "PostgreSQL", Database, Tcp),
        class(5439, "Redshift", Database, Tcp),
        class(6379, "Redis", Database, Tcp),
        class(7000, "Cassandra", Database, Tcp),
        class(7001, "Cassandra", Database, Tcp),
        class(9042, "Cassandra", Database, Tcp),
        class(9200, "Elasticsearch", Database, Tcp),
        class(9300, "Elasticsearch", Database, Tcp),
        class(11211, "Memcached", Database, Both),
        class(27017, "MongoDB", Database, Tcp),
        class(2049, "NFS", Database, Both),
        class(445, "SMB", Database, Tcp),
        class(2375, "Docker", ClusterControl, Tcp),
        class(2376, "Docker", ClusterControl, Tcp),
        class(6443, "Kubernetes API", ClusterControl, Tcp),
        class(10250, "kubelet", ClusterControl, Tcp),
        class(2379, "etcd", ClusterControl, Tcp),
        class(2380, "etcd", ClusterControl, Tcp),
        class(80, "HTTP", Web, Tcp),
        class(443, "HTTPS", Web, Both),
    ]
};

/// The class of `port` on `protocol` in `classes`, if it is a well-known one.
#[must_use]
pub fn class_of(classes: &[PortClass], protocol: u8, port: u16) -> Option<&PortClass> {
    classes.iter().find(|c| c.port == port && c.transport.carries(protocol))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_by_name_and_number() {
        for (text, expected) in [
            ("-1", Some(Protocol::All)),
            ("all", Some(Protocol::All)),
            ("ALL", Some(Protocol::All)),
            ("tcp", Some(Protocol::Number(6))),
            ("TCP", Some(Protocol::Number(6))),
            ("6", Some(Protocol::Number(6))),
            ("udp", Some(Protocol::Number(17))),
            ("17", Some(Protocol::Number(17))),
            ("icmp", Some(Protocol::Number(1))),
            ("1", Some(Protocol::Number(1))),
            ("icmpv6", Some(Protocol::Number(58))),
            ("IcmpV6", Some(Protocol::Number(58))),
            ("58", Some(Protocol::Number(58))),
            ("47", Some(Protocol::Number(47))),
            ("0", Some(Protocol::Number(0))),
            ("255", Some(Protocol::Number(255))),
            ("256", None),
            ("-2", None),
            ("gre", None),
            ("", None),
            ("6.0", None),
            (" 6", None),
        ] {
            assert_eq!(parse_protocol(text), expected, "{text:?}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(parse_int("22"), Some(22));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("065535"), Some(65535));
        assert_eq!(parse_int("-"), None);
        assert_eq!(parse_int("22.0"), None);
        assert_eq!(parse_int("+22"), None);
        assert_eq!(parse_int("99999999999"), None);
    }

    #[test]
    fn classes_depend_on_the_transport() {
        assert_eq!(class_of(DEFAULT_PORT_CLASSES, TCP, 22).map(|c| &*c.name), Some("SSH"));
        assert_eq!(class_of(DEFAULT_PORT_CLASSES, UDP, 22), None);
        assert_eq!(class_of(DEFAULT_PORT_CLASSES, UDP, 11211).map(|c| &*c.name), Some("Memcached"));
        assert_eq!(class_of(DEFAULT_PORT_CLASSES, UDP, 3389).map(|c| &*c.name), Some("RDP"));
        assert_eq!(class_of(DEFAULT_PORT_CLASSES, TCP, 443).map(|c| c.kind), Some(PortKind::Web));
        assert_eq!(class_of(DEFAULT_PORT_CLASSES, ICMP, 22), None);
        assert_eq!(class_of(DEFAULT_PORT_CLASSES, TCP, 8080), None);
    }

    #[test]
    fn each_port_is_listed_once() {
        for (i, a) in DEFAULT_PORT_CLASSES.iter().enumerate() {
            assert!(DEFAULT_PORT_CLASSES[i + 1..].iter().all(|b| b.port != a.port), "{}", a.port);
        }
    }
}
