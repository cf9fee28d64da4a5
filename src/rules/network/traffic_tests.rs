//! Traffic parsing, set operations, severity and descriptions.

use super::*;
use crate::rules::network::ports::DEFAULT_PORT_CLASSES;

fn t(protocol: &str, from: Option<&str>, to: Option<&str>) -> Traffic {
    Traffic::parse(protocol, from, to).unwrap()
}

fn tcp(from: &str, to: &str) -> Traffic {
    t("tcp", Some(from), Some(to))
}

#[test]
fn spellings_normalize_to_the_same_traffic() {
    assert_eq!(tcp("22", "22"), t("6", Some("22"), Some("22")));
    assert_eq!(t("-1", None, None), t("all", Some("0"), Some("0")));
    assert_eq!(t("tcp", None, None), tcp("0", "65535"));
    assert_eq!(t("tcp", Some("-1"), Some("-1")), tcp("0", "65535"));
    assert_eq!(t("47", Some("22"), Some("22")), t("47", None, None));
    assert_eq!(t("icmp", Some("-1"), Some("-1")), t("1", None, None));
    assert!(t("-1", None, None).is_everything());
    assert!(!tcp("0", "65535").is_everything());
}

#[test]
fn rejects_what_aws_rejects() {
    assert_eq!(Traffic::parse("tcp", Some("30"), Some("20")), None);
    assert_eq!(Traffic::parse("tcp", Some("0"), Some("70000")), None);
    assert_eq!(Traffic::parse("tcp", Some("22"), None), None);
    assert_eq!(Traffic::parse("tcp", Some("ssh"), Some("22")), None);
    assert_eq!(Traffic::parse("icmp", Some("300"), None), None);
    assert_eq!(Traffic::parse("icmp", Some("8"), Some("256")), None);
    assert_eq!(Traffic::parse("bogus", None, None), None);
}

#[test]
fn keys() {
    assert_eq!(t("-1", None, None).key(), "all");
    assert_eq!(tcp("22", "22").key(), "tcp:22");
    assert_eq!(t("udp", None, None).key(), "udp:all");
    assert_eq!(tcp("0", "65535").difference(&tcp("22", "22")).key(), "tcp:0-21,23-65535");
    assert_eq!(t("icmp", Some("8"), None).key(), "icmp:8");
    assert_eq!(t("icmpv6", Some("3"), Some("4")).key(), "icmpv6:3/4");
    assert_eq!(t("47", None, None).key(), "p47");
    let mut both = tcp("80", "80");
    both.union_with(&t("udp", Some("53"), Some("53")));
    assert_eq!(both.key(), "tcp:80 udp:53");
}

#[test]
fn severity_by_port_class() {
    assert_eq!(t("-1", None, None).severity(DEFAULT_PORT_CLASSES), Severity::Critical);
    assert_eq!(tcp("0", "65535").severity(DEFAULT_PORT_CLASSES), Severity::Critical);
    assert_eq!(t("udp", None, None).severity(DEFAULT_PORT_CLASSES), Severity::Critical);
    assert_eq!(tcp("22", "22").severity(DEFAULT_PORT_CLASSES), Severity::Critical);
    assert_eq!(
        tcp("3000", "4000").severity(DEFAULT_PORT_CLASSES),
        Severity::Critical,
        "includes 3306 and 3389"
    );
    assert_eq!(tcp("10250", "10250").severity(DEFAULT_PORT_CLASSES), Severity::Critical);
    assert_eq!(tcp("80", "80").severity(DEFAULT_PORT_CLASSES), Severity::Low);
    assert_eq!(tcp("443", "443").severity(DEFAULT_PORT_CLASSES), Severity::Low);
    assert_eq!(t("udp", Some("443"), Some("443")).severity(DEFAULT_PORT_CLASSES), Severity::Low);
    assert_eq!(tcp("80", "443").severity(DEFAULT_PORT_CLASSES), Severity::High);
    assert_eq!(tcp("8080", "8080").severity(DEFAULT_PORT_CLASSES), Severity::High);
    assert_eq!(t("udp", Some("22"), Some("22")).severity(DEFAULT_PORT_CLASSES), Severity::High);
    assert_eq!(t("icmp", None, None).severity(DEFAULT_PORT_CLASSES), Severity::Low);
    assert_eq!(t("icmpv6", Some("128"), None).severity(DEFAULT_PORT_CLASSES), Severity::Low);
    assert_eq!(t("47", None, None).severity(DEFAULT_PORT_CLASSES), Severity::High);

    let mut web_and_admin = tcp("443", "443");
    web_and_admin.union_with(&tcp("22", "22"));
    assert_eq!(web_and_admin.severity(DEFAULT_PORT_CLASSES), Severity::Critical);
}

#[test]
fn descriptions() {
    let message =
        |traffic: &Traffic| traffic.describe(DEFAULT_PORT_CLASSES).message("security group");
    assert_eq!(
        message(&t("-1", None, None)),
        "security group allows all traffic from the whole internet"
    );
    assert_eq!(message(&tcp("22", "22")), "security group allows SSH (22) from the whole internet");
    assert_eq!(
        message(&t("udp", Some("11211"), Some("11211"))),
        "security group allows Memcached (UDP 11211) from the whole internet"
    );
    assert_eq!(
        message(&tcp("8080", "8080")),
        "security group allows TCP port 8080 from the whole internet"
    );
    assert_eq!(
        message(&tcp("0", "65535")),
        "security group allows TCP ports 0-65535 from the whole internet, including SSH \
         (22), RDP (3389), WinRM (5985) and 23 more sensitive ports"
    );
    assert_eq!(
        message(&tcp("3300", "3400")),
        "security group allows TCP ports 3300-3400 from the whole internet, including RDP \
         (3389) and MySQL (3306)"
    );
    assert_eq!(
        message(&tcp("8000", "9000")),
        "security group allows TCP ports 8000-9000 from the whole internet"
    );
    assert_eq!(
        message(&t("icmp", Some("8"), Some("-1"))),
        "security group allows ICMP type 8 from the whole internet"
    );
    assert_eq!(
        message(&t("icmpv6", Some("3"), Some("4"))),
        "security group allows ICMPv6 type 3 code 4 from the whole internet"
    );
    assert_eq!(
        message(&t("50", None, None)),
        "security group allows IP protocol 50 from the whole internet"
    );
}

#[test]
fn descriptions_of_what_remains_after_subtraction() {
    let all = t("-1", None, None);
    let rest = all.difference(&tcp("22", "22"));
    assert_eq!(rest.describe(DEFAULT_PORT_CLASSES).what, "all traffic except SSH (22)");
    assert_eq!(rest.severity(DEFAULT_PORT_CLASSES), Severity::Critical);

    let rest = tcp("0", "65535").difference(&tcp("22", "22"));
    assert_eq!(
        rest.describe(DEFAULT_PORT_CLASSES).message("network ACL"),
        "network ACL allows TCP ports 0-21 and 23-65535 from the whole internet, including \
         RDP (3389), WinRM (5985), WinRM (5986) and 22 more sensitive ports"
    );

    let mut holes = tcp("0", "65535");
    for port in ["10", "20", "30", "40"] {
        holes = holes.difference(&tcp(port, port));
    }
    assert_eq!(
        holes.describe(DEFAULT_PORT_CLASSES).what,
        "TCP ports 0-9, 11-19, 21-29 and 2 more ranges"
    );

    let web = tcp("0", "65535").difference(&tcp("0", "79")).difference(&tcp("81", "65535"));
    assert_eq!(web.describe(DEFAULT_PORT_CLASSES).what, "HTTP (80)");
    assert_eq!(web.severity(DEFAULT_PORT_CLASSES), Severity::Low);

    let many = all.difference(&t("-1", None, None).difference(&t("47", None, None)));
    assert_eq!(many.describe(DEFAULT_PORT_CLASSES).what, "IP protocol 47");
    let scattered = all.difference(&t("47", None, None)).difference(&t("50", None, None));
    let scattered = scattered.difference(&t("51", None, None)).difference(&tcp("1", "1"));
    assert_eq!(scattered.describe(DEFAULT_PORT_CLASSES).what, "traffic on 253 IP protocols");
}

#[test]
fn set_operations() {
    let all = t("-1", None, None);
    assert!(all.difference(&all).is_empty());
    assert!(tcp("22", "22").intersects(&tcp("0", "100")));
    assert!(!tcp("22", "22").intersects(&t("udp", Some("22"), Some("22"))));
    assert!(tcp("22", "22").intersects(&all));

    let mut built = Traffic::none();
    built.union_with(&tcp("0", "1000"));
    built.union_with(&tcp("1001", "65535"));
    assert_eq!(built, t("tcp", None, None));
}

#[test]
fn every_protocol_alone_adds_up_to_all_traffic() {
    let mut union = Traffic::none();
    for number in 0..=u8::MAX {
        let one = Traffic::parse(&number.to_string(), None, None).unwrap();
        assert!(!one.is_empty() && !one.is_everything(), "{number}");
        assert_eq!(one.protocol_count(), 1, "{number}");
        assert!(one.intersects(&Traffic::everything()), "{number}");

        let rest = Traffic::everything().difference(&one);
        assert_eq!(rest.protocol_count(), 255, "{number}");
        assert!(!rest.intersects(&one), "{number}");
        assert_eq!(rest.intersection(&one), Traffic::none(), "{number}");
        union.union_with(&one);
    }
    assert!(union.is_everything());
    assert_eq!(union, Traffic::everything());
    assert_eq!(union.key(), "all");

    let gre = Traffic::parse("47", None, None).unwrap();
    assert_eq!(gre.key(), "p47");
    assert_eq!(gre.severity(DEFAULT_PORT_CLASSES), Severity::High);
    assert_eq!(gre.port_range(), None);
    assert_eq!(gre.transport(), None);
}
