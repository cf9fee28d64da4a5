//! Runs every rule's documented examples, so a doc cannot claim what its rule does not do.
//!
//! The real extractors live in `formats`; this reader knows just enough of the AWS shapes the
//! examples use (policy documents, `describe-security-groups`, `describe-network-acls`,
//! `get-function-configuration`) and gives every value an empty span. Once the formats exist,
//! an integration test runs the same examples through them.

use serde_json::Value as Json;

use super::{Context, builtin};
use crate::model::iam::{Condition, ConditionClause, Policy, PolicyKind, Principal, Statement};
use crate::model::lambda::{EnvVar, Function};
use crate::model::network::{Direction, NaclEntry, NetworkAcl, SecurityGroup, SecurityGroupRule};
use crate::model::{Model, Value, Values, child_path, index_path};
use crate::syntax::Span;

fn scalar(json: &Json) -> Value {
    match json {
        Json::String(text) => Value::literal(Span::default(), text.as_str()),
        Json::Number(n) => Value::literal(Span::default(), n.to_string()),
        Json::Bool(b) => Value::literal(Span::default(), b.to_string()),
        _ => Value::unknown(Span::default()),
    }
}

fn field(json: &Json, key: &str) -> Option<Value> {
    json.get(key).map(scalar)
}

fn values(json: &Json, key: &str) -> Option<Values> {
    let items = match json.get(key)? {
        Json::Array(items) => items.iter().map(scalar).collect(),
        one => vec![scalar(one)],
    };
    Some(Values { span: Span::default(), key_span: Span::default(), items })
}

fn array<'a>(json: &'a Json, key: &str) -> &'a [Json] {
    json.get(key).and_then(Json::as_array).map_or(&[], Vec::as_slice)
}

fn principal(json: &Json, key: &str) -> Option<Principal> {
    let value = json.get(key)?;
    let any = (value.as_str() == Some("*")).then(Span::default);
    let entries = value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(kind, _)| crate::model::iam::PrincipalEntry {
            kind: Value::literal(Span::default(), kind.as_str()),
            values: values(value, kind).unwrap_or(Values {
                span: Span::default(),
                key_span: Span::default(),
                items: Vec::new(),
            }),
        })
        .collect();
    Some(Principal { span: Span::default(), key_span: Span::default(), any, entries })
}

fn condition(json: &Json) -> Option<Condition> {
    let mut clauses = Vec::new();
    for (operator, keys) in json.get("Condition")?.as_object()? {
        for (key, _) in keys.as_object()? {
            clauses.push(ConditionClause {
                operator: Value::literal(Span::default(), operator.as_str()),
                key: Value::literal(Span::default(), key.as_str()),
                values: values(keys, key)?,
            });
        }
    }
    Some(Condition { span: Span::default(), clauses })
}

fn policy(json: &Json) -> Policy {
    let statements = array(json, "Statement")
        .iter()
        .enumerate()
        .map(|(i, s)| Statement {
            path: index_path("Statement", i),
            span: Span::default(),
            sid: field(s, "Sid"),
            effect: field(s, "Effect"),
            action: values(s, "Action"),
            not_action: values(s, "NotAction"),
            resource: values(s, "Resource"),
            not_resource: values(s, "NotResource"),
            principal: principal(s, "Principal"),
            not_principal: principal(s, "NotPrincipal"),
            condition: condition(s),
        })
        .collect();
    Policy {
        path: String::new(),
        span: Span::default(),
        kind: PolicyKind::Unknown,
        name: None,
        logical_id: None,
        version: field(json, "Version"),
        statements,
    }
}

fn nested(items: &[Json], key: &str) -> Vec<Value> {
    items.iter().filter_map(|item| field(item, key)).collect()
}

fn security_group(json: &Json, path: &str) -> SecurityGroup {
    let mut rules = Vec::new();
    for (key, direction) in
        [("IpPermissions", Direction::Ingress), ("IpPermissionsEgress", Direction::Egress)]
    {
        for (i, p) in array(json, key).iter().enumerate() {
            rules.push(SecurityGroupRule {
                path: index_path(&child_path(path, key), i),
                span: Span::default(),
                direction,
                protocol: field(p, "IpProtocol"),
                from_port: field(p, "FromPort"),
                to_port: field(p, "ToPort"),
                ipv4: nested(array(p, "IpRanges"), "CidrIp"),
                ipv6: nested(array(p, "Ipv6Ranges"), "CidrIpv6"),
                prefix_lists: nested(array(p, "PrefixListIds"), "PrefixListId"),
                groups: nested(array(p, "UserIdGroupPairs"), "GroupId"),
            });
        }
    }
    SecurityGroup {
        path: path.to_owned(),
        span: Span::default(),
        id: field(json, "GroupId"),
        logical_id: None,
        rules,
    }
}

fn network_acl(json: &Json, path: &str) -> NetworkAcl {
    let entries = array(json, "Entries")
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let icmp = e.get("IcmpTypeCode");
            let ports = e.get("PortRange");
            NaclEntry {
                path: index_path(&child_path(path, "Entries"), i),
                span: Span::default(),
                direction: if e.get("Egress") == Some(&Json::Bool(true)) {
                    Direction::Egress
                } else {
                    Direction::Ingress
                },
                rule_number: field(e, "RuleNumber"),
                action: field(e, "RuleAction"),
                protocol: field(e, "Protocol"),
                from_port: ports
                    .and_then(|p| field(p, "From"))
                    .or(icmp.and_then(|c| field(c, "Type"))),
                to_port: ports.and_then(|p| field(p, "To")).or(icmp.and_then(|c| field(c, "Code"))),
                ipv4: field(e, "CidrBlock"),
                ipv6: field(e, "Ipv6CidrBlock"),
            }
        })
        .collect();
    NetworkAcl {
        path: path.to_owned(),
        span: Span::default(),
        id: field(json, "NetworkAclId"),
        logical_id: None,
        entries,
    }
}

fn function(json: &Json) -> Function {
    let variables = json.pointer("/Environment/Variables").and_then(Json::as_object);
    let env = variables
        .into_iter()
        .flatten()
        .map(|(name, value)| EnvVar {
            path: child_path("Environment.Variables", name),
            name: Value::literal(Span::default(), name.as_str()),
            value: scalar(value),
        })
        .collect();
    Function {
        path: String::new(),
        span: Span::default(),
        name: field(json, "FunctionName"),
        logical_id: None,
        runtime: field(json, "Runtime"),
        role: field(json, "Role"),
        env,
        vpc: None,
        kms_key: None,
    }
}

fn model_of(input: &str) -> Model {
    let json: Json = serde_json::from_str(input).expect("examples are JSON documents");
    let mut model = Model::default();
    if json.get("Statement").is_some() {
        model.policies.push(policy(&json));
    }
    for (i, group) in array(&json, "SecurityGroups").iter().enumerate() {
        let path = index_path("SecurityGroups", i);
        model.security_groups.push(security_group(group, &path));
    }
    for (i, acl) in array(&json, "NetworkAcls").iter().enumerate() {
        let path = index_path("NetworkAcls", i);
        model.network_acls.push(network_acl(acl, &path));
    }
    if json.get("FunctionName").is_some() {
        model.functions.push(function(&json));
    }
    assert!(!model.is_empty(), "example is not a shape this reader knows:\n{input}");
    model
}

fn codes_for(input: &str) -> Vec<&'static str> {
    let model = model_of(input);
    let cx = Context { model: &model, source: input };
    super::run(builtin(), &cx).iter().map(|f| f.code).collect()
}

#[test]
fn failing_examples_yield_only_their_rule() {
    for rule in builtin() {
        let meta = rule.meta();
        for example in meta.doc().unwrap().examples.fail {
            let codes = codes_for(&example.input);
            assert!(
                !codes.is_empty() && codes.iter().all(|&c| c == meta.code),
                "{} fail example `{}` yields {codes:?}",
                meta.code,
                example.description
            );
        }
    }
}

#[test]
fn passing_examples_yield_none_of_their_rule() {
    for rule in builtin() {
        let meta = rule.meta();
        for example in meta.doc().unwrap().examples.pass {
            let codes = codes_for(&example.input);
            assert!(
                !codes.contains(&meta.code),
                "{} pass example `{}` yields {codes:?}",
                meta.code,
                example.description
            );
        }
    }
}
