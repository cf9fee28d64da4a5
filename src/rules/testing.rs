//! Builders for rule tests: model objects whose values point into a generated source text, so
//! that tests can assert spans with `span.slice(&src.text)`.

use crate::model::iam::{Policy, PolicyKind, Statement};
use crate::model::lambda::{EnvVar, Function};
use crate::model::network::{Direction, NaclEntry, NetworkAcl, SecurityGroup, SecurityGroupRule};
use crate::model::{Model, Value, Values, child_path, index_path};
use crate::report::Finding;
use crate::rules::{Context, Rule, Settings};
use crate::syntax::Span;

/// A source text that grows as values are created; every value spans its own token.
#[derive(Default)]
pub struct Source {
    pub text: String,
}

impl Source {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `raw` as it is and returns its span.
    pub fn raw(&mut self, raw: &str) -> Span {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(raw);
        Span::from_range(start..self.text.len())
    }

    /// A JSON string token: the span covers the quotes.
    pub fn str(&mut self, text: &str) -> Value {
        Value::literal(self.raw(&format!("\"{text}\"")), text)
    }

    /// A bare token such as a number.
    pub fn num(&mut self, text: &str) -> Value {
        Value::literal(self.raw(text), text)
    }

    /// A field written as a list of strings.
    pub fn list(&mut self, items: &[&str]) -> Values {
        let key_span = self.raw("\"Field\":");
        let open = self.raw("[");
        let items: Vec<Value> = items.iter().map(|item| self.str(item)).collect();
        let close = self.raw("]");
        Values { span: open.cover(close), key_span, items }
    }

    /// A field written as a single string.
    pub fn one(&mut self, item: &str) -> Values {
        let key_span = self.raw("\"Field\":");
        let value = self.str(item);
        Values { span: value.span, key_span, items: vec![value] }
    }
}

pub fn run(rule: &dyn Rule, model: &Model, src: &Source) -> Vec<Finding> {
    run_with(rule, model, src, &Settings::default())
}

/// [`run`] with options other than the defaults.
pub fn run_with(rule: &dyn Rule, model: &Model, src: &Source, settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    rule.check(&Context::new(model, &src.text, settings), &mut out);
    out
}

pub fn statement(
    src: &mut Source,
    index: usize,
    effect: &str,
    action: Values,
    resource: Values,
) -> Statement {
    let path = index_path("Statement", index);
    let effect = src.str(effect);
    Statement {
        span: effect.span.cover(resource.span),
        path,
        sid: None,
        effect: Some(effect),
        action: Some(action),
        not_action: None,
        resource: Some(resource),
        not_resource: None,
        principal: None,
        not_principal: None,
        condition: None,
    }
}

pub fn policy(kind: PolicyKind, statements: Vec<Statement>) -> Model {
    let policy = Policy {
        path: String::new(),
        span: Span::default(),
        kind,
        name: None,
        logical_id: None,
        attached_to: Vec::new(),
        attachments: Vec::new(),
        role: None,
        version: None,
        statement_key: None,
        statements,
    };
    Model { policies: vec![policy], ..Model::default() }
}

pub fn sg_rule(
    src: &mut Source,
    index: usize,
    protocol: &str,
    from: Option<&str>,
    to: Option<&str>,
    ipv4: &[&str],
    ipv6: &[&str],
) -> SecurityGroupRule {
    let protocol = src.str(protocol);
    SecurityGroupRule {
        path: index_path("SecurityGroups[0].IpPermissions", index),
        span: protocol.span,
        direction: Direction::Ingress,
        protocol: Some(protocol),
        from_port: from.map(|p| src.num(p)),
        to_port: to.map(|p| src.num(p)),
        ipv4: ipv4.iter().map(|c| src.str(c)).collect(),
        ipv6: ipv6.iter().map(|c| src.str(c)).collect(),
        prefix_lists: Vec::new(),
        groups: Vec::new(),
    }
}

pub fn model_with_group(rules: Vec<SecurityGroupRule>) -> Model {
    let group = SecurityGroup {
        path: "SecurityGroups[0]".to_owned(),
        span: Span::default(),
        id: None,
        logical_id: None,
        rules,
    };
    Model { security_groups: vec![group], ..Model::default() }
}

/// An ingress entry; `ports` are `FromPort`/`ToPort` (ICMP type and code).
pub fn nacl_entry(
    src: &mut Source,
    index: usize,
    number: &str,
    action: &str,
    protocol: &str,
    ports: Option<(&str, &str)>,
    cidr: &str,
) -> NaclEntry {
    let rule_number = src.num(number);
    let cidr = src.str(cidr);
    let is_v6 = cidr.as_literal().is_some_and(|c| c.contains(':'));
    NaclEntry {
        path: index_path("NetworkAcls[0].Entries", index),
        span: rule_number.span,
        direction: Direction::Ingress,
        rule_number: Some(rule_number),
        action: Some(src.str(action)),
        protocol: Some(src.str(protocol)),
        from_port: ports.map(|(from, _)| src.num(from)),
        to_port: ports.map(|(_, to)| src.num(to)),
        ipv4: (!is_v6).then(|| cidr.clone()),
        ipv6: is_v6.then_some(cidr),
    }
}

pub fn model_with_nacl(entries: Vec<NaclEntry>) -> Model {
    let acl = NetworkAcl {
        path: "NetworkAcls[0]".to_owned(),
        span: Span::default(),
        id: None,
        logical_id: None,
        entries,
    };
    Model { network_acls: vec![acl], ..Model::default() }
}

pub fn function(src: &mut Source, vars: &[(&str, &str)]) -> Model {
    let env = vars
        .iter()
        .map(|&(name, value)| EnvVar {
            path: child_path("Environment.Variables", name),
            name: src.str(name),
            value: src.str(value),
        })
        .collect();
    let function = Function { env, ..Function::default() };
    Model { functions: vec![function], ..Model::default() }
}

/// `"Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}`.
pub fn condition(src: &mut Source) -> crate::model::iam::Condition {
    use crate::model::iam::{Condition, ConditionClause};
    let operator = src.str("StringEquals");
    let key = src.str("aws:RequestedRegion");
    let values = src.one("eu-west-1");
    Condition {
        span: operator.span.cover(values.span),
        clauses: vec![ConditionClause { operator, key, values }],
    }
}

/// `"Principal": "*"`.
pub fn any_principal(src: &mut Source) -> crate::model::iam::Principal {
    let key_span = src.raw("\"Principal\":");
    let any = src.str("*").span;
    crate::model::iam::Principal { span: any, key_span, any: Some(any), entries: Vec::new() }
}
