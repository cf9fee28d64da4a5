//! The model as the match language sees it: every object of a target, built as the named
//! fields [`super::schema`] declares, each a value, a list, or another object, with the token
//! a finding about the whole object points at.

use std::borrow::Cow;

use crate::model::network::Direction;
use crate::model::{Model, Value, Values, iam, lambda, network};
use crate::syntax::Span;

pub use super::schema::Target;

/// One field's content in one object.
#[derive(Clone, Debug)]
pub enum Node<'m> {
    Value(Cow<'m, Value>),
    List(Vec<Node<'m>>),
    Object(Object<'m>),
    Absent,
}

/// One model object: its fields, and where to point when a finding is about the object as a
/// whole (a missing field).
#[derive(Clone, Debug)]
pub struct Object<'m> {
    pub target: Target,
    pub path: &'m str,
    /// The narrowest token that names the object: its template resource's logical id, its
    /// name, or the start of its source.
    pub anchor: Span,
    pub fields: Vec<(&'static str, Node<'m>)>,
    /// The model object itself, for annotators that read what the fields do not show.
    pub origin: Origin<'m>,
}

/// The model object behind an [`Object`], where an annotator needs it.
#[derive(Clone, Copy, Debug)]
pub enum Origin<'m> {
    FunctionUrl(&'m lambda::FunctionUrl),
    Other,
}

impl<'m> Object<'m> {
    /// The content of the dotted `path` of fields; absent when any step is.
    #[must_use]
    pub fn get(&self, path: &[String]) -> Option<&Node<'m>> {
        let (first, rest) = path.split_first()?;
        let node = self.fields.iter().find(|(n, _)| n == first).map(|(_, node)| node)?;
        match (rest.is_empty(), node) {
            (true, _) => Some(node),
            (false, Node::Object(object)) => object.get(rest),
            _ => None,
        }
    }
}

fn one(value: Option<&Value>) -> Node<'_> {
    value.map_or(Node::Absent, |v| Node::Value(Cow::Borrowed(v)))
}

fn many(values: &[Value]) -> Node<'_> {
    Node::List(values.iter().map(|v| Node::Value(Cow::Borrowed(v))).collect())
}

fn field_values(values: Option<&Values>) -> Node<'_> {
    values.map_or(Node::Absent, |v| many(&v.items))
}

fn text<'m>(span: Span, text: &str) -> Node<'m> {
    Node::Value(Cow::Owned(Value::literal(span, text)))
}

fn logical<'m>(id: Option<&str>, anchor: Span) -> Node<'m> {
    id.map_or(Node::Absent, |id| text(anchor, id))
}

/// Builds the objects of `target` in `model`; `source` finds the anchors.
#[must_use]
pub fn objects<'m>(target: Target, model: &'m Model, source: &str) -> Vec<Object<'m>> {
    let anchors = &Anchors { model, source };
    match target {
        Target::Policy => model.policies.iter().map(|p| anchors.policy(p)).collect(),
        Target::PolicyStatement => model
            .policies
            .iter()
            .flat_map(|p| p.statements.iter().map(move |s| anchors.statement(s, Some(p))))
            .collect(),
        Target::SecurityGroup => model.security_groups.iter().map(|g| anchors.group(g)).collect(),
        Target::SecurityGroupRule => model
            .security_groups
            .iter()
            .flat_map(|g| g.rules.iter().map(move |r| anchors.group_rule(r, Some(g))))
            .collect(),
        Target::NetworkAcl => model.network_acls.iter().map(|a| anchors.acl(a)).collect(),
        Target::NaclEntry => model
            .network_acls
            .iter()
            .flat_map(|a| a.entries.iter().map(move |e| anchors.entry(e, Some(a))))
            .collect(),
        Target::Function => model.functions.iter().map(|f| anchors.function(f)).collect(),
        Target::EnvironmentVariable => model
            .functions
            .iter()
            .flat_map(|f| f.env.iter().map(move |v| anchors.variable(v, Some(f))))
            .collect(),
        Target::Vpc => model
            .functions
            .iter()
            .filter_map(|f| f.vpc.as_ref().map(|v| anchors.vpc(v, &f.path)))
            .collect(),
        Target::Permission => model.permissions.iter().map(|p| anchors.permission(p)).collect(),
        Target::FunctionUrl => model.function_urls.iter().map(|u| anchors.url(u)).collect(),
        Target::Role => model.roles.iter().map(|r| anchors.role(r)).collect(),
    }
}

#[derive(Clone, Copy)]
struct Anchors<'m, 's> {
    model: &'m Model,
    source: &'s str,
}

impl<'m> Anchors<'m, '_> {
    /// The logical id key of the template resource around `span`, else `name`'s token, else
    /// the first character of `span`.
    fn anchor(&self, span: Span, name: Option<&Value>) -> Span {
        if let Some(resource) = self.model.resource_at(span) {
            let start = resource.span.start as usize;
            let quoted = matches!(self.source.as_bytes().get(start), Some(b'"' | b'\''));
            let len = resource.logical_id.len() + if quoted { 2 } else { 0 };
            // An escaped logical id is longer in the source than its text: at most the key.
            let end = (resource.span.start + len as u32).min(resource.span.end);
            return Span::new(resource.span.start, end);
        }
        name.map_or_else(|| self.first_char(span), |v| v.span)
    }

    /// The first character of `span`, whole, for objects that have no name to point at.
    fn first_char(&self, span: Span) -> Span {
        let start = span.start as usize;
        let first = self.source.get(start..).and_then(|rest| rest.chars().next());
        let len = first.map_or(0, char::len_utf8) as u32;
        Span::new(span.start, (span.start + len).min(span.end.max(span.start)))
    }

    fn object(target: Target, path: &'m str, anchor: Span) -> Object<'m> {
        Object { target, path, anchor, fields: Vec::new(), origin: Origin::Other }
    }

    fn policy(&self, policy: &'m iam::Policy) -> Object<'m> {
        let mut object = self.policy_head(policy);
        let statements = policy.statements.iter().map(|s| self.statement(s, None));
        object.fields.push(("statements", Node::List(statements.map(Node::Object).collect())));
        object
    }

    fn policy_head(&self, policy: &'m iam::Policy) -> Object<'m> {
        let anchor = self.anchor(policy.span, policy.name.as_ref());
        let kind = match policy.kind {
            iam::PolicyKind::Identity => "identity",
            iam::PolicyKind::Resource => "resource",
            iam::PolicyKind::Trust => "trust",
            iam::PolicyKind::Unknown => "unknown",
        };
        let mut object = Self::object(Target::Policy, &policy.path, anchor);
        object.fields = vec![
            ("name", one(policy.name.as_ref())),
            ("logical_id", logical(policy.logical_id.as_deref(), anchor)),
            ("kind", text(anchor, kind)),
            ("version", one(policy.version.as_ref())),
        ];
        object
    }

    fn statement(&self, s: &'m iam::Statement, policy: Option<&'m iam::Policy>) -> Object<'m> {
        let anchor = s.effect.as_ref().map_or_else(|| self.first_char(s.span), |e| e.span);
        let principal = |p: Option<&'m iam::Principal>| match p {
            None => Node::Absent,
            Some(p) => {
                let any = p.any.map(|span| text(span, "*"));
                let entries = p.entries.iter().flat_map(|e| many(&e.values.items).into_list());
                Node::List(any.into_iter().chain(entries).collect())
            }
        };
        let clauses = s.condition.as_ref().map_or(&[][..], |c| &c.clauses[..]);
        let mut object = Self::object(Target::PolicyStatement, &s.path, anchor);
        object.fields = vec![
            ("sid", one(s.sid.as_ref())),
            ("effect", one(s.effect.as_ref())),
            ("action", field_values(s.action.as_ref())),
            ("not_action", field_values(s.not_action.as_ref())),
            ("resource", field_values(s.resource.as_ref())),
            ("not_resource", field_values(s.not_resource.as_ref())),
            ("principal", principal(s.principal.as_ref())),
            ("not_principal", principal(s.not_principal.as_ref())),
            ("condition_keys", Node::List(clauses.iter().map(|c| one(Some(&c.key))).collect())),
            (
                "condition_operators",
                Node::List(clauses.iter().map(|c| one(Some(&c.operator))).collect()),
            ),
            ("policy", policy.map_or(Node::Absent, |p| Node::Object(self.policy_head(p)))),
        ];
        object
    }

    fn group(&self, group: &'m network::SecurityGroup) -> Object<'m> {
        let mut object = self.group_head(group);
        let rules = group.rules.iter().map(|r| Node::Object(self.group_rule(r, None)));
        object.fields.push(("rules", Node::List(rules.collect())));
        object
    }

    fn group_head(&self, group: &'m network::SecurityGroup) -> Object<'m> {
        let (span, id, logical_id) = (group.span, group.id.as_ref(), group.logical_id.as_deref());
        self.container(Target::SecurityGroup, &group.path, span, id, logical_id)
    }

    /// A security group or network ACL without its rules: the id and logical id that name it.
    fn container(
        &self,
        target: Target,
        path: &'m str,
        span: Span,
        id: Option<&'m Value>,
        logical_id: Option<&str>,
    ) -> Object<'m> {
        let anchor = self.anchor(span, id);
        let mut object = Self::object(target, path, anchor);
        object.fields = vec![("id", one(id)), ("logical_id", logical(logical_id, anchor))];
        object
    }

    fn group_rule(
        &self,
        rule: &'m network::SecurityGroupRule,
        group: Option<&'m network::SecurityGroup>,
    ) -> Object<'m> {
        let anchor = self.first_char(rule.span);
        let mut object = Self::object(Target::SecurityGroupRule, &rule.path, anchor);
        object.fields = vec![
            ("direction", text(anchor, direction(rule.direction))),
            ("protocol", one(rule.protocol.as_ref())),
            ("from_port", one(rule.from_port.as_ref())),
            ("to_port", one(rule.to_port.as_ref())),
            ("ipv4", many(&rule.ipv4)),
            ("ipv6", many(&rule.ipv6)),
            ("prefix_lists", many(&rule.prefix_lists)),
            ("groups", many(&rule.groups)),
            ("group", group.map_or(Node::Absent, |g| Node::Object(self.group_head(g)))),
        ];
        object
    }

    fn acl(&self, acl: &'m network::NetworkAcl) -> Object<'m> {
        let mut object = self.acl_head(acl);
        let entries = acl.entries.iter().map(|e| Node::Object(self.entry(e, None)));
        object.fields.push(("entries", Node::List(entries.collect())));
        object
    }

    fn acl_head(&self, acl: &'m network::NetworkAcl) -> Object<'m> {
        let (span, id, logical_id) = (acl.span, acl.id.as_ref(), acl.logical_id.as_deref());
        self.container(Target::NetworkAcl, &acl.path, span, id, logical_id)
    }

    fn entry(
        &self,
        entry: &'m network::NaclEntry,
        acl: Option<&'m network::NetworkAcl>,
    ) -> Object<'m> {
        let anchor =
            entry.rule_number.as_ref().map_or_else(|| self.first_char(entry.span), |n| n.span);
        let mut object = Self::object(Target::NaclEntry, &entry.path, anchor);
        object.fields = vec![
            ("direction", text(anchor, direction(entry.direction))),
            ("rule_number", one(entry.rule_number.as_ref())),
            ("action", one(entry.action.as_ref())),
            ("protocol", one(entry.protocol.as_ref())),
            ("from_port", one(entry.from_port.as_ref())),
            ("to_port", one(entry.to_port.as_ref())),
            ("ipv4", one(entry.ipv4.as_ref())),
            ("ipv6", one(entry.ipv6.as_ref())),
            ("acl", acl.map_or(Node::Absent, |a| Node::Object(self.acl_head(a)))),
        ];
        object
    }

    fn function(&self, function: &'m lambda::Function) -> Object<'m> {
        let mut object = self.function_head(function);
        let env = function.env.iter().map(|v| Node::Object(self.variable(v, None)));
        object.fields.push(("env", Node::List(env.collect())));
        object
    }

    fn function_head(&self, function: &'m lambda::Function) -> Object<'m> {
        let anchor = self.anchor(function.span, function.name.as_ref());
        let mut object = Self::object(Target::Function, &function.path, anchor);
        object.fields = vec![
            ("name", one(function.name.as_ref())),
            ("logical_id", logical(function.logical_id.as_deref(), anchor)),
            ("runtime", one(function.runtime.as_ref())),
            ("role", one(function.role.as_ref())),
            ("kms_key", one(function.kms_key.as_ref())),
            (
                "vpc",
                function
                    .vpc
                    .as_ref()
                    .map_or(Node::Absent, |v| Node::Object(self.vpc(v, &function.path))),
            ),
            ("managed_policies", many(&function.managed_policies)),
            ("policy_templates", many(&function.policy_templates)),
        ];
        object
    }

    fn variable(
        &self,
        variable: &'m lambda::EnvVar,
        function: Option<&'m lambda::Function>,
    ) -> Object<'m> {
        let mut object =
            Self::object(Target::EnvironmentVariable, &variable.path, variable.name.span);
        object.fields = vec![
            ("name", one(Some(&variable.name))),
            ("value", one(Some(&variable.value))),
            ("function", function.map_or(Node::Absent, |f| Node::Object(self.function_head(f)))),
        ];
        object
    }

    fn vpc(&self, vpc: &'m lambda::VpcConfig, path: &'m str) -> Object<'m> {
        let anchor = self.first_char(vpc.span);
        let mut object = Self::object(Target::Vpc, path, anchor);
        object.fields = vec![
            ("security_group_ids", many(&vpc.security_group_ids)),
            ("subnet_ids", many(&vpc.subnet_ids)),
        ];
        object
    }

    fn permission(&self, p: &'m lambda::Permission) -> Object<'m> {
        let anchor = self.anchor(p.span, p.function.as_ref());
        let mut object = Self::object(Target::Permission, &p.path, anchor);
        object.fields = vec![
            ("logical_id", logical(p.logical_id.as_deref(), anchor)),
            ("action", one(p.action.as_ref())),
            ("principal", one(p.principal.as_ref())),
            ("function", one(p.function.as_ref())),
            ("source_arn", one(p.source_arn.as_ref())),
            ("source_account", one(p.source_account.as_ref())),
            ("principal_org_id", one(p.principal_org_id.as_ref())),
            ("function_url_auth_type", one(p.function_url_auth_type.as_ref())),
        ];
        object
    }

    fn url(&self, url: &'m lambda::FunctionUrl) -> Object<'m> {
        let anchor = self.anchor(url.span, url.auth_type.as_ref());
        let mut object = Self::object(Target::FunctionUrl, &url.path, anchor);
        object.fields = vec![
            ("logical_id", logical(url.logical_id.as_deref(), anchor)),
            ("auth_type", one(url.auth_type.as_ref())),
            ("target", one(url.target.as_ref())),
            // The function's name read from the target's name or ARN, for messages.
            (
                "function_name",
                url.target
                    .as_ref()
                    .and_then(|t| {
                        let name = crate::rules::lambda::access::function_label(t)?;
                        Some(text(t.span, name))
                    })
                    .unwrap_or(Node::Absent),
            ),
        ];
        object.origin = Origin::FunctionUrl(url);
        object
    }

    fn role(&self, role: &'m iam::Role) -> Object<'m> {
        let anchor = self.anchor(role.span, role.name.as_ref());
        let mut object = Self::object(Target::Role, &role.path, anchor);
        object.fields = vec![
            ("logical_id", text(anchor, &role.logical_id)),
            ("name", one(role.name.as_ref())),
            ("managed_policies", many(&role.managed_policies)),
            ("permissions_boundary", one(role.permissions_boundary.as_ref())),
        ];
        object
    }
}

impl<'m> Node<'m> {
    fn into_list(self) -> Vec<Node<'m>> {
        match self {
            Node::List(items) => items,
            Node::Absent => Vec::new(),
            other => vec![other],
        }
    }
}

const fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    }
}
