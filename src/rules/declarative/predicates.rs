//! Named predicates: the tests that need code, calling the same logic the built-in rules use.

use super::expr::{Hit, Scalar, Scope, scalar};
use super::object::{Node, Object, Target};
use crate::catalog::runtimes::{self, Stage};
use crate::rules::iam::{escalation, pattern};
use crate::rules::lambda::secrets;
use crate::rules::network::cidr::{self, Family};
use crate::rules::network::traffic::Traffic;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Predicate {
    /// A CIDR block, or the union of a list of them, is the whole IPv4 or IPv6 space.
    CoversInternet,
    /// An action pattern covers an action that a privilege escalation method needs.
    ExpandsToSensitiveActions,
    /// LAM001's secret detection: on an environment variable, its name and value; on a value,
    /// the known credential formats.
    LooksLikeSecret,
    /// LAM004's lifecycle table: a runtime past its deprecation date on the run's day.
    IsDeprecatedRuntime,
    /// A security group rule or network ACL entry lets TCP or UDP traffic reach the port.
    OpensPort(u16),
}

/// Every predicate, with what it applies to, for messages.
pub const NAMES: &[(&str, &str)] = &[
    ("covers_internet", "a CIDR value or list"),
    ("expands_to_sensitive_actions", "an action value or list"),
    ("looks_like_secret", "an environment-variable, or a value"),
    ("is_deprecated_runtime", "a runtime value"),
    ("opens_port", "a security-group-rule or nacl-entry, with args: [PORT]"),
];

impl Predicate {
    /// The predicate `name` with `args`, on a subject that is an object of `target` (or a
    /// value when `None`).
    pub fn parse(name: &str, args: &[Scalar], target: Option<Target>) -> Result<Self, String> {
        let predicate = match name {
            "covers_internet" => Self::CoversInternet,
            "expands_to_sensitive_actions" => Self::ExpandsToSensitiveActions,
            "looks_like_secret" => Self::LooksLikeSecret,
            "is_deprecated_runtime" => Self::IsDeprecatedRuntime,
            "opens_port" => {
                let port = match args {
                    [arg] => arg.text().parse::<u16>().ok(),
                    _ => None,
                };
                Self::OpensPort(port.ok_or("`opens_port` takes one port: `args: [8080]`")?)
            }
            _ => {
                let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                let message =
                    format!("unknown predicate `{name}`{}", super::hint(name, &names, "known:"));
                return Err(message);
            }
        };
        if !matches!(predicate, Self::OpensPort(_)) && !args.is_empty() {
            return Err(format!("`{name}` takes no args"));
        }

        let fits = match (predicate, target) {
            (Self::OpensPort(_), Some(t)) => {
                matches!(t, Target::SecurityGroupRule | Target::NaclEntry)
            }
            (Self::LooksLikeSecret, Some(t)) => t == Target::EnvironmentVariable,
            (Self::OpensPort(_), None) | (_, Some(_)) => false,
            (_, None) => true,
        };
        if !fits {
            let applies = NAMES.iter().find(|(n, _)| *n == name).map_or("", |(_, a)| *a);
            return Err(format!("`{name}` applies to {applies}; name it with `field`"));
        }
        Ok(predicate)
    }
}

/// Evaluates `predicate` on `node`.
#[must_use]
pub fn call(predicate: Predicate, node: &Node<'_>, scope: &Scope<'_, '_>) -> Option<Hit> {
    match predicate {
        Predicate::CoversInternet => covers_internet(node),
        Predicate::ExpandsToSensitiveActions => scalar(node, &|action| {
            escalation::METHODS
                .iter()
                .flat_map(|m| m.needs)
                .any(|need| pattern::matches(action.trim(), need.action))
        }),
        Predicate::LooksLikeSecret => {
            let terms = &scope.settings.lambda.secret_terms;
            match node {
                Node::Object(object) => secret_variable(object, terms),
                _ => scalar(node, &|text| secrets::classify("", text, terms).is_some()),
            }
        }
        Predicate::IsDeprecatedRuntime => {
            let today = scope.settings.today();
            scalar(node, &|text| {
                runtimes::lookup(text).is_some_and(|l| l.stage(today) != Stage::Supported)
            })
        }
        Predicate::OpensPort(port) => match node {
            Node::Object(object) => opens_port(object, port),
            _ => None,
        },
    }
}

fn covers_internet(node: &Node<'_>) -> Option<Hit> {
    if let Some(hit) =
        scalar(node, &|text| cidr::parse(text).is_some_and(cidr::Cidr::covers_everything))
    {
        return Some(hit);
    }

    // Several blocks that together cover a family: the hit is the first of them.
    let Node::List(items) = node else { return None };
    let mut blocks = Vec::new();
    let mut hits = Vec::new();
    for item in items {
        let Node::Value(value) = item else { continue };
        for (v, text) in value.literal_alternatives() {
            if let Some(block) = cidr::parse(text) {
                blocks.push(block);
                hits.push(Hit { span: v.span, value: Some(text.to_owned()) });
            }
        }
    }
    [Family::V4, Family::V6]
        .into_iter()
        .find_map(|family| cidr::covering_set(family, &blocks))
        .and_then(|chosen| chosen.first().map(|&i| hits[i].clone()))
}

fn secret_variable(object: &Object<'_>, terms: &[Vec<String>]) -> Option<Hit> {
    let name = object.get(&["name".to_owned()])?;
    let Node::Value(name) = name else { return None };
    let name = name.as_literal()?;
    let value = object.get(&["value".to_owned()])?;
    scalar(value, &|text| secrets::classify(name, text, terms).is_some())
}

/// Whether `object` (a security group rule or network ACL entry) lets TCP or UDP traffic to
/// `port` through; the hit is its `FromPort`, or its protocol when the range is implied.
fn opens_port(object: &Object<'_>, port: u16) -> Option<Hit> {
    let value = |name: &str| match object.get(&[name.to_owned()]) {
        Some(Node::Value(value)) => Some(value.clone().into_owned()),
        _ => None,
    };
    let (protocol, from, to) = (value("protocol"), value("from_port"), value("to_port"));
    let traffic = crate::rules::network::traffic_of(protocol.as_ref(), from.as_ref(), to.as_ref())?;
    let text = port.to_string();
    let wanted = ["tcp", "udp"]
        .iter()
        .filter_map(|p| Traffic::parse(p, Some(&text), Some(&text)))
        .any(|t| traffic.intersects(&t));
    let at = from.or(protocol)?;
    wanted.then(|| Hit { span: at.span, value: at.as_literal().map(str::to_owned) })
}
