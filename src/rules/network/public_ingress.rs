//! NET001 public-ingress: security group ingress from the whole internet.

use std::collections::HashMap;

use super::pools::{PublicPool, public_pools};
use super::ports::PortClass;
use super::traffic::Traffic;
use crate::model::network::{Direction, SecurityGroup, SecurityGroupRule};
use crate::model::{Model, Value, ValueKind};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::syntax::Span;

static META: RuleMeta = crate::rule_meta!("NET001", "public-ingress", Critical);

/// Functions named in secondary labels, at most; the note names them all.
const FUNCTION_LABELS: usize = 3;

pub struct PublicIngress;

impl Rule for PublicIngress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let settings = &cx.settings.network;
        let references = GroupReferences::new(cx.model);
        for group in &cx.model.security_groups {
            let functions = functions_behind(cx.model, &references, group);
            for found in public_pools(group, Direction::Ingress) {
                out.extend(finding(&found, &settings.port_classes, &functions));
            }
            if settings.public_egress {
                let pools = public_pools(group, Direction::Egress);
                out.extend(
                    pools.iter().filter(|p| p.traffic.is_everything()).filter_map(egress_finding),
                );
            }
        }
    }
}

/// The functions' references to security groups, indexed once per run: by literal group id
/// and by the logical id a `Ref` or `Fn::GetAtt` names. Each entry is a function's index and
/// the index of the reference in its `SecurityGroupIds`. Looking groups up here, instead of
/// scanning every function for every group, keeps a template of many of both linear.
#[derive(Default)]
struct GroupReferences<'a> {
    by_id: HashMap<&'a str, Vec<(usize, usize)>>,
    by_logical_id: HashMap<&'a str, Vec<(usize, usize)>>,
}

impl<'a> GroupReferences<'a> {
    fn new(model: &'a Model) -> Self {
        let mut index = Self::default();
        for (f, function) in model.functions.iter().enumerate() {
            let Some(vpc) = &function.vpc else { continue };
            for (v, value) in vpc.security_group_ids.iter().enumerate() {
                if let Some(id) = value.as_literal() {
                    index.by_id.entry(id).or_default().push((f, v));
                }
                // `Fn::GetAtt Group.GroupId` names the group as much as `Ref Group` does.
                if let ValueKind::Reference { target, .. } = &value.kind
                    && let Some(logical_id) = target.split('.').next()
                {
                    index.by_logical_id.entry(logical_id).or_default().push((f, v));
                }
            }
        }
        index
    }
}

/// The functions of the model whose VPC config names `group`, by logical id (once linked) or
/// by group id, with the span of the first reference, in the order of the functions.
fn functions_behind(
    model: &Model,
    references: &GroupReferences<'_>,
    group: &SecurityGroup,
) -> Vec<(String, Span)> {
    let mut matches: Vec<(usize, usize)> = Vec::new();
    if let Some(id) = group.id.as_ref().and_then(Value::as_literal) {
        matches.extend(references.by_id.get(id).into_iter().flatten());
    }
    if let Some(id) = group.logical_id.as_deref() {
        let linked = |f: usize| {
            model.functions[f]
                .vpc
                .as_ref()
                .is_some_and(|vpc| vpc.security_group_links.iter().any(|link| **link == *id))
        };
        let by_logical_id = references.by_logical_id.get(id).into_iter().flatten();
        matches.extend(by_logical_id.filter(|(f, _)| linked(*f)));
    }
    matches.sort_unstable();
    matches.dedup_by_key(|(f, _)| *f);

    let mut found = Vec::with_capacity(matches.len());
    for (f, v) in matches {
        let function = &model.functions[f];
        let Some(reference) = function.vpc.as_ref().and_then(|vpc| vpc.security_group_ids.get(v))
        else {
            continue;
        };
        let name = function
            .logical_id
            .as_deref()
            .map(str::to_owned)
            .or_else(|| function.name.as_ref().and_then(Value::as_literal).map(str::to_owned))
            .unwrap_or_else(|| "a function".to_owned());
        found.push((name, reference.span));
    }
    found
}

fn finding(
    pool: &PublicPool<'_>,
    classes: &[PortClass],
    functions: &[(String, Span)],
) -> Option<Finding> {
    let PublicPool { traffic, family, sources } = pool;
    let (primary, others) = sources.split_first()?;
    let every = family.every_address();
    let label = match others.len() {
        0 => every.to_owned(),
        1 => format!("with 1 other range, {every}"),
        n => format!("with {n} other ranges, {every}"),
    };

    let mut finding =
        Finding::new(META.code, META.name, traffic.severity(classes), primary.value.span)
            .message(traffic.describe(classes).message("security group"))
            .help(help(traffic, classes))
            .label(label)
            .path(primary.rule.path.clone())
            .value_key(format!("{} {}", traffic.key(), family.everything()));
    for other in others {
        finding =
            finding.secondary(other.value.span, format!("part of the ranges covering {every}"));
    }
    if let Some((span, text)) = traffic_label(traffic, primary.rule, classes) {
        finding = finding.secondary(span, text);
    }

    // A function in the group is reachable from the internet on these ports.
    // SAM `Globals` give many functions one reference: one label names them all.
    let mut spans: Vec<Span> = functions.iter().map(|(_, span)| *span).collect();
    spans.dedup();
    for span in spans.into_iter().take(FUNCTION_LABELS) {
        let names: Vec<&str> =
            functions.iter().filter(|(_, s)| *s == span).map(|(n, _)| n.as_str()).collect();
        let text = match names.as_slice() {
            [one] => format!("function {one} runs in this security group"),
            [init @ .., last] => {
                format!("functions {} and {last} run in this security group", init.join(", "))
            }
            [] => continue,
        };
        finding = finding.secondary(span, text);
    }
    if !functions.is_empty() {
        let names: Vec<&str> = functions.iter().map(|(name, _)| name.as_str()).collect();
        finding =
            finding.note(format!("Lambda functions in this security group: {}", names.join(", ")));
    }
    Some(finding)
}

/// Opt-in: all traffic out to the whole internet (`public_egress`).
fn egress_finding(pool: &PublicPool<'_>) -> Option<Finding> {
    let every = pool.family.every_address();
    let (primary, others) = pool.sources.split_first()?;
    let mut finding = Finding::new(META.code, META.name, Severity::Medium, primary.value.span)
        .message("security group allows all traffic out to the whole internet")
        .help(
            "allow only the destinations and ports the workload calls, for example VPC \
             endpoints and the security groups of its databases",
        )
        .label(every)
        .path(primary.rule.path.clone())
        .value_key(format!("egress all {}", pool.family.everything()));
    for other in others {
        finding =
            finding.secondary(other.value.span, format!("part of the ranges covering {every}"));
    }
    Some(finding)
}

/// Points at the port or protocol that says what is open.
fn traffic_label(
    traffic: &Traffic,
    rule: &SecurityGroupRule,
    classes: &[PortClass],
) -> Option<(Span, String)> {
    // The rule's own range: in a pool of rules with different ports it is wider than `traffic`.
    let own =
        super::traffic_of(rule.protocol.as_ref(), rule.from_port.as_ref(), rule.to_port.as_ref());
    let range = own.as_ref().and_then(Traffic::port_range);
    if let (Some((first, last)), Some(from)) = (range, &rule.from_port) {
        let text =
            if first == last { format!("port {first}") } else { format!("ports {first}-{last}") };
        return Some((from.span, text));
    }
    let protocol = rule.protocol.as_ref()?;
    let text = if traffic.is_everything() {
        "every protocol and port".to_owned()
    } else {
        traffic.describe(classes).what
    };
    Some((protocol.span, text))
}

pub(super) fn help(traffic: &Traffic, classes: &[PortClass]) -> &'static str {
    if traffic.is_web_only(classes) {
        "serve public web traffic through a load balancer or API Gateway, and allow only its \
         security group here"
    } else if traffic.has_remote_admin(classes) {
        "restrict the source to known address ranges, or reach hosts through SSM Session \
         Manager instead of an open port"
    } else {
        "restrict the source to the address ranges or security groups that need access"
    }
}

#[cfg(test)]
#[path = "public_ingress_tests.rs"]
mod tests;
