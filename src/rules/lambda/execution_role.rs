//! A function's execution role, what it grants, and the ways in from the internet: what LAM005
//! and LAM006 judge.
//!
//! Within one file the model links a function to its role (`Function::role_id`), or, for a SAM
//! function without `Role`, to the policies SAM puts in the role it generates (attached to the
//! function itself). A function whose role is only an ARN (`get-function-configuration`, or a
//! template naming a role made elsewhere) leaves a [`PendingFunction`], and every file leaves
//! the privileged roles it describes by name ([`RoleFacts`]): the run-wide phase in
//! `crate::link` joins the two by role name.

use crate::model::lambda::Function;
use crate::model::network::Direction;
use crate::model::{Value, child_path};
use crate::report::{Label, Severity};
use crate::rules::Context;
use crate::rules::iam::privilege::{self, Privilege};
use crate::rules::network::pools::public_pools;
use crate::syntax::{LineCol, LineIndex, Span};

/// A function's role found in the function's own file.
pub(super) struct FoundRole {
    /// The function's `Role` value, or the SAM `Policies` key SAM generates the role from.
    pub at: Span,
    pub label: &'static str,
    pub privileges: Vec<Privilege>,
}

/// The role the function runs as, when its file holds it.
pub(super) fn in_file(function: &Function, cx: &Context<'_>) -> Option<FoundRole> {
    if let Some(role_id) = &function.role_id {
        let role = cx.model.roles.iter().find(|r| r.logical_id == *role_id);
        let managed = role.map_or(&[][..], |r| r.managed_policies.as_slice());
        return Some(FoundRole {
            at: function.role.as_ref()?.span,
            label: "execution role",
            privileges: held_by(cx, role_id, managed, false),
        });
    }
    if function.role.is_none()
        && let (Some(id), Some(key)) = (&function.logical_id, function.policies_key)
    {
        return Some(FoundRole {
            at: key,
            label: "SAM generates the execution role from these policies",
            privileges: held_by(cx, id, &function.managed_policies, true),
        });
    }
    None
}

/// What the identity policies attached to `holder` (a logical id) and its managed policies
/// grant.
fn held_by(cx: &Context<'_>, holder: &str, managed: &[Value], names: bool) -> Vec<Privilege> {
    let sensitive = &cx.settings.lambda.sensitive_services;
    let attached =
        cx.model.policies.iter().filter(|p| p.attached_to.iter().any(|a| **a == *holder));
    let mut out: Vec<Privilege> = attached
        .filter(|p| is_identity(p))
        .flat_map(|p| privilege::of_policy(p, cx, sensitive))
        .collect();
    out.extend(
        managed.iter().flat_map(|value| privilege::of_managed_policy(value, names, sensitive)),
    );
    out
}

fn is_identity(policy: &crate::model::iam::Policy) -> bool {
    use crate::model::iam::PolicyKind;
    matches!(policy.kind, PolicyKind::Identity | PolicyKind::Unknown)
}

/// The ways in from the internet the function's file shows: a URL without authentication, a
/// permission for everyone, a security group of its VPC config open to the whole internet.
pub(super) fn exposures(function: &Function, cx: &Context<'_>) -> Vec<Label> {
    let mut out = Vec::new();
    let label = |span, message: &str| Label { span, message: message.to_owned() };
    if let Some(id) = &function.logical_id {
        let linked = |link: Option<&Box<str>>| link.is_some_and(|l| l == id);
        for url in cx.model.function_urls.iter().filter(|u| linked(u.function_id.as_ref())) {
            let open = super::public_function_url::open_auth_types(url);
            out.extend(open.map(|v| label(v.span, "function URL without authentication")));
        }
        for permission in cx.model.permissions.iter().filter(|p| linked(p.function_id.as_ref())) {
            let public = super::public_invoke_permission::public_principals(permission);
            out.extend(public.into_iter().map(|v| label(v.span, "everyone may invoke it")));
        }
    }

    let Some(vpc) = &function.vpc else { return out };
    let classes = &cx.settings.network.port_classes;
    for group in &cx.model.security_groups {
        let by_link =
            group.logical_id.as_ref().is_some_and(|id| vpc.security_group_links.contains(id));
        let group_id = group.id.as_ref().and_then(Value::as_literal);
        let by_id = group_id
            .is_some_and(|id| vpc.security_group_ids.iter().any(|v| v.as_literal() == Some(id)));
        if !by_link && !by_id {
            continue;
        }
        if let Some(pool) = public_pools(group, Direction::Ingress).first()
            && let Some(source) = pool.sources.first()
        {
            let text = pool.traffic.describe(classes).message("its security group");
            out.push(Label { span: source.value.span, message: text });
        }
    }
    out
}

/// The documents of the customer managed policy `arn` names, when the same file holds them
/// (the `Policies` of `get-account-authorization-details`, by name: policy names are unique
/// in an account).
fn customer_policy<'a>(
    model: &'a crate::model::Model,
    arn: &Value,
) -> impl Iterator<Item = &'a crate::model::iam::Policy> {
    let name = arn
        .as_literal()
        .filter(|arn| !arn.contains(":iam::aws:policy/") && arn.contains(":policy/"))
        .and_then(|arn| arn.rsplit('/').next());
    model.policies.iter().filter(move |policy| {
        let own = policy.name.as_ref().and_then(Value::as_literal);
        name.is_some()
            && own == name
            && policy.role.is_none()
            && policy.path.starts_with("Policies[")
    })
}

/// How messages name a function: its logical id, or its name.
pub(super) fn subject(function: &Function) -> String {
    let name = function.name.as_ref().and_then(super::access::function_label);
    match (function.logical_id.as_deref(), name) {
        (Some(id), _) => format!("function {id}"),
        (None, Some(name)) => format!("function {name}"),
        (None, None) => "the function".to_owned(),
    }
}

/// The document path of the function's `Role`.
pub(super) fn role_path(function: &Function) -> String {
    match function.logical_id {
        Some(_) => child_path(&child_path(&function.path, "Properties"), "Role"),
        None => child_path(&function.path, "Role"),
    }
}

/// A privileged role a file describes, by name, with where each privilege is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleFacts {
    pub name: String,
    pub privileges: Vec<(LineCol, String, Severity)>,
}

/// A function whose role is only named by its file.
// TODO: role names are unique within an account only; compare account ids where both sides
// give one (a `get-role-policy` output gives none), so that a run over several accounts cannot
// link a function to another account's role of the same name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingFunction {
    /// The role's name, from the ARN.
    pub role: String,
    /// The function's `Role` value.
    pub span: Span,
    pub path: String,
    pub subject: String,
    pub logical_id: Option<Box<str>>,
    /// The function's name, for the ways in other files show.
    pub name: Option<String>,
    /// The ways in its own file shows, for LAM006.
    pub exposures: Vec<Label>,
}

/// A way in from the internet to a function named by name or ARN, outside any template link:
/// a `get-function-url-config` output, a `get-policy` statement, an `add-permission` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WayIn {
    pub function: String,
    pub at: LineCol,
    pub what: &'static str,
}

/// What one file gives the run-wide phase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunFacts {
    pub roles: Vec<RoleFacts>,
    pub functions: Vec<PendingFunction>,
    pub ways_in: Vec<WayIn>,
    /// The file's suppressions of rules the run-wide phase reports, for what it adds.
    pub suppressions: crate::suppress::Deferred,
}

impl RunFacts {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty() && self.functions.is_empty() && self.ways_in.is_empty()
    }
}

/// The privileged roles of a file by name, and, when `functions` is set, its functions whose
/// role is elsewhere.
#[must_use]
pub fn run_facts(cx: &Context<'_>, functions: bool) -> RunFacts {
    let model = cx.model;
    let sensitive = &cx.settings.lambda.sensitive_services;
    let mut named: Vec<(&str, Vec<Privilege>)> = Vec::new();
    for role in &model.roles {
        if let Some(name) = role.name.as_ref().and_then(Value::as_literal) {
            named.push((name, held_by(cx, &role.logical_id, &role.managed_policies, false)));
        }
    }
    for policy in model.policies.iter().filter(|p| is_identity(p)) {
        if let Some(name) = policy.role.as_ref().and_then(Value::as_literal) {
            named.push((name, privilege::of_policy(policy, cx, sensitive)));
        }
    }
    for attached in model.attached_policies.iter().filter(|a| a.role_holder) {
        if let Some(name) = attached.holder.as_ref().and_then(Value::as_literal) {
            let mut privileges = privilege::of_managed_policy(&attached.arn, false, sensitive);
            for policy in customer_policy(model, &attached.arn) {
                privileges.extend(privilege::of_policy(policy, cx, sensitive));
            }
            named.push((name, privileges));
        }
    }

    let mut facts = RunFacts::default();
    let mut index: Option<LineIndex> = None;
    for (name, privileges) in named.into_iter().filter(|(_, p)| !p.is_empty()) {
        let index = index.get_or_insert_with(|| LineIndex::new(cx.source));
        let privileges = privileges
            .into_iter()
            .map(|p| (index.line_col(p.span.start, cx.source), p.what, p.severity))
            .collect();
        match facts.roles.iter_mut().find(|r| r.name == name) {
            Some(role) => role.privileges.extend(privileges),
            None => facts.roles.push(RoleFacts { name: name.to_owned(), privileges }),
        }
    }

    if functions {
        for function in &model.functions {
            let Some(role) = &function.role else { continue };
            let Some(name) = crate::model::iam::role_name(role) else { continue };
            // Linked in its template: LAM005 judged it there.
            if function.role_id.is_some() {
                continue;
            }
            facts.functions.push(PendingFunction {
                role: name.to_owned(),
                span: role.span,
                path: role_path(function),
                subject: subject(function),
                logical_id: function.logical_id.clone(),
                name: function
                    .name
                    .as_ref()
                    .and_then(super::access::function_label)
                    .map(Into::into),
                exposures: exposures(function, cx),
            });
        }
    }

    let mut ways: Vec<(&Value, Span, &'static str)> = Vec::new();
    for url in model.function_urls.iter().filter(|u| u.function_id.is_none()) {
        let Some(target) = &url.target else { continue };
        let open = super::public_function_url::open_auth_types(url);
        ways.extend(open.map(|v| (target, v.span, "function URL without authentication")));
    }
    for permission in model.permissions.iter().filter(|p| p.function_id.is_none()) {
        let Some(function) = &permission.function else { continue };
        let public = super::public_invoke_permission::public_principals(permission);
        ways.extend(public.into_iter().map(|v| (function, v.span, "everyone may invoke it")));
    }
    for (function, span, what) in ways {
        let Some(name) = super::access::function_label(function) else { continue };
        let index = index.get_or_insert_with(|| LineIndex::new(cx.source));
        let at = index.line_col(span.start, cx.source);
        facts.ways_in.push(WayIn { function: name.to_owned(), at, what });
    }
    facts
}

/// Where a privilege is written: in the function's file, or in another file of the run.
#[derive(Clone, Debug)]
pub enum Place {
    Here(Span),
    Elsewhere { file: String, at: LineCol },
}

/// One privilege of a function's role, wherever it is written.
#[derive(Clone, Debug)]
pub struct Grant {
    pub what: String,
    pub severity: Severity,
    pub place: Place,
}

impl Grant {
    pub(super) fn here(privileges: Vec<Privilege>) -> Vec<Self> {
        let grant =
            |p: Privilege| Self { what: p.what, severity: p.severity, place: Place::Here(p.span) };
        privileges.into_iter().map(grant).collect()
    }
}

/// The most severe grant first, then the order they are written in.
pub(super) fn summary(grants: &mut [Grant]) -> Option<(String, Severity)> {
    grants.sort_by_key(|g| std::cmp::Reverse(g.severity));
    let first = grants.first()?;
    let what = match grants.len() {
        1 => first.what.clone(),
        2 => format!("{}, and 1 more privilege", first.what),
        n => format!("{}, and {} more privileges", first.what, n - 1),
    };
    Some((what, first.severity))
}

/// Adds the grants to `finding`: a label on each one written in the function's file, a note
/// naming `file:line:column` for each one in another file. Labels point into their own file
/// only: a finding, its masking and its baseline fingerprint belong to one file, and every
/// format already prints notes.
// TODO: SARIF `relatedLocations` for privileges in other files; needs a label that names its
// file, and the pretty, GitHub and JUnit reporters taught to show or skip one.
pub(super) fn with_grants(
    mut finding: crate::report::Finding,
    grants: &[Grant],
) -> crate::report::Finding {
    for grant in grants {
        finding = match &grant.place {
            Place::Here(span) => finding.secondary(*span, format!("grants {}", grant.what)),
            Place::Elsewhere { file, at } => finding
                .note(format!("{file}:{}:{}: the role grants {}", at.line, at.column, grant.what)),
        };
    }
    finding
}

/// How a finding names and points at the function.
pub struct Subject {
    /// `function OrdersFunction`.
    pub name: String,
    /// The `Role` value, or the SAM `Policies` key.
    pub span: Span,
    pub label: &'static str,
    pub path: String,
    /// The role's name or logical id, for the fingerprint.
    pub role: String,
}

impl Subject {
    pub(super) fn of(function: &Function, found: &FoundRole) -> Self {
        let (path, role) = if let Some(id) = &function.role_id {
            (role_path(function), id.to_string())
        } else {
            let properties = child_path(&function.path, "Properties");
            (child_path(&properties, "Policies"), "generated".to_owned())
        };
        Self { name: subject(function), span: found.at, label: found.label, path, role }
    }

    /// A function whose role another file of the run describes.
    #[must_use]
    pub fn pending(function: &PendingFunction) -> Self {
        Self {
            name: function.subject.clone(),
            span: function.span,
            label: "execution role",
            path: function.path.clone(),
            role: function.role.clone(),
        }
    }
}

#[cfg(test)]
#[path = "execution_role_tests.rs"]
mod tests;
