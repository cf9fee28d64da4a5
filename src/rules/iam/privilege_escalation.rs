//! IAM008 privilege-escalation: an identity policy grants a combination of actions that lets
//! its principal raise its own privileges (see [`super::escalation`] for the list).

use std::collections::BTreeMap;

use super::escalation::{METHODS, Method, Need, Scope};
use super::pattern;
use crate::model::iam::{Policy, Statement};
use crate::model::{Resource as TemplateResource, Value, ValueKind, Values, child_path};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::syntax::Span;

static META: RuleMeta = crate::rule_meta!("IAM008", "privilege-escalation", High);

pub struct PrivilegeEscalation;

impl Rule for PrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            check_policy(policy, &cx.model.resources, out);
        }
    }
}

/// The token that grants one needed action: an `Action` item, or the `NotAction` key of a
/// statement whose exclusions leave the action in.
#[derive(Clone, Copy)]
struct Grant<'a> {
    statement: &'a Statement,
    span: Span,
    /// The action pattern as written; `None` for a `NotAction` grant.
    pattern: Option<&'a str>,
    /// The item's path in the document.
    index: Option<usize>,
}

impl Grant<'_> {
    /// Narrower tokens make better labels: an exact action beats `iam:Put*`, which beats `*`.
    fn precision(&self) -> usize {
        self.pattern.map_or(0, pattern::literal_len)
    }

    fn path(&self) -> String {
        match (self.pattern, self.index, &self.statement.action) {
            (Some(_), Some(index), Some(actions)) => {
                super::item_path(self.statement, "Action", actions, index)
            }
            _ => child_path(&self.statement.path, "NotAction"),
        }
    }
}

/// All Allow statements of the policy count together: an escalation split across statements
/// is still one.
pub(super) fn check_policy(policy: &Policy, template: &[TemplateResource], out: &mut Vec<Finding>) {
    let allows: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| s.is_allow() && super::governs_identity(policy, s))
        // Every action on every resource, even under a condition, leaves nothing to escalate
        // to; IAM003 and IAM002 report it.
        .filter(|s| !grants_everything(s))
        // Most statements grant nothing of the few services escalation goes through; weeding
        // them out once keeps a policy of many statements linear in them, not in statements
        // times methods.
        .filter(|s| may_grant_a_method(s))
        .collect();
    let denies: Vec<&Statement> =
        policy.statements.iter().filter(|s| s.is_deny() && !s.has_condition()).collect();
    if allows.is_empty() {
        return;
    }

    // Methods grouped by the token granting their decisive action, so that `iam:*` yields one
    // finding listing every method it opens, not one per method.
    let mut by_token: BTreeMap<Span, Vec<(&Method, Vec<Grant<'_>>)>> = BTreeMap::new();
    for method in METHODS {
        let grants: Option<Vec<Grant<'_>>> = method
            .needs
            .iter()
            .map(|need| {
                if denies.iter().any(|d| denies_everywhere(d, need.action)) {
                    return None;
                }
                allows
                    .iter()
                    .flat_map(|s| grants(s, need, template))
                    .max_by_key(|g| (g.precision(), std::cmp::Reverse(g.span.start)))
            })
            .collect();
        if let Some(grants) = grants
            && let Some(decisive) = grants.first()
        {
            by_token.entry(decisive.span).or_default().push((method, grants));
        }
    }

    for mut methods in by_token.into_values() {
        // A method whose actions are part of another found on the same token adds nothing:
        // PassRole alone is said by PassRole with Lambda.
        let all: Vec<&Method> = methods.iter().map(|(m, _)| *m).collect();
        methods.retain(|(m, _)| !all.iter().any(|other| is_part_of(m, other)));
        out.extend(finding(&methods));
    }
}

/// The services whose actions some method needs (`iam`, `sts`, `lambda`, ...).
fn method_services() -> &'static [&'static str] {
    static SERVICES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    SERVICES.get_or_init(|| {
        let mut services: Vec<&'static str> = METHODS
            .iter()
            .flat_map(|method| method.needs.iter())
            .filter_map(|need| need.action.split_once(':').map(|(service, _)| service))
            .collect();
        services.sort_unstable();
        services.dedup();
        services
    })
}

/// Whether `statement` could grant an action of a method's service: a `NotAction` grant
/// could, and so could an action pattern whose service part matches one of them.
fn may_grant_a_method(statement: &Statement) -> bool {
    if statement.not_action.is_some() {
        return true;
    }
    let Some(actions) = &statement.action else { return false };
    actions.literals().any(|(_, pattern)| {
        let service = pattern.split_once(':').map_or(pattern, |(service, _)| service);
        // Nearly every service part is a plain prefix: compared, not matched as a glob.
        if service.contains(['*', '?']) {
            method_services().iter().any(|known| pattern::matches(service, known))
        } else {
            method_services().iter().any(|known| known.eq_ignore_ascii_case(service))
        }
    })
}

fn finding(methods: &[(&Method, Vec<Grant<'_>>)]) -> Option<Finding> {
    let (method, grants) = methods.first()?;
    let primary = *grants.first()?;
    let through = method_actions(method);
    let message = match methods.len() {
        1 => format!("policy allows privilege escalation through {through}"),
        n => format!("policy allows privilege escalation in {n} ways, first through {through}"),
    };
    let label = match (primary.pattern, method.needs[0].scope) {
        (Some(p), Scope::Every) => {
            let kind = method.needs[0].kind.trim_end_matches(['/', ':']);
            format!("grants {p} on every {kind}")
        }
        (Some(p), _) => format!("grants {p}"),
        (None, _) => format!("NotAction leaves {} in", method.needs[0].action),
    };

    let severity = methods.iter().map(|(m, _)| m.severity).max().unwrap_or(Severity::High);
    let mut finding = Finding::new(META.code, META.name, severity, primary.span)
        .message(message)
        .help(
            "grant IAM write actions, iam:PassRole and sts:AssumeRole only on the named \
             resources the workload needs, or move them to a separate administration role",
        )
        .label(label)
        .path(primary.path())
        .value_key(method.id);
    for (need, grant) in method.needs.iter().zip(grants).skip(1) {
        if grant.span != primary.span {
            finding = finding.secondary(grant.span, format!("with {}", need.action));
        }
    }
    for (method, _) in methods {
        let actions = method_actions(method);
        finding.notes.push(format!("{actions} lets the principal {}", method.description));
    }
    let mut references: Vec<&str> = methods.iter().map(|(m, _)| m.reference).collect();
    references.sort_unstable();
    references.dedup();
    finding.notes.push(format!("see {}", references.join(" and ")));
    Some(finding)
}

/// Whether `part` needs fewer actions than `whole`, all of them among those of `whole`.
fn is_part_of(part: &Method, whole: &Method) -> bool {
    part.needs.len() < whole.needs.len()
        && part.needs.iter().all(|n| whole.needs.iter().any(|w| w.action == n.action))
}

/// `iam:PassRole with lambda:CreateFunction and lambda:InvokeFunction`.
fn method_actions(method: &Method) -> String {
    let names: Vec<&str> = method.needs.iter().map(|n| n.action).collect();
    match names.as_slice() {
        [one] => (*one).to_owned(),
        [first, second] => format!("{first} with {second}"),
        [first, middle @ .., last] => format!("{first} with {} and {last}", middle.join(", ")),
        [] => String::new(),
    }
}

/// The tokens of `statement` that grant `need` on the resources it requires.
fn grants<'a>(
    statement: &'a Statement,
    need: &Need,
    template: &[TemplateResource],
) -> Vec<Grant<'a>> {
    if !covers_resources(statement, need, template) {
        return Vec::new();
    }
    if let Some(excluded) = &statement.not_action {
        let left_in = excluded.literals().all(|(_, p)| !pattern::matches(p, need.action));
        let known = excluded.iter().all(|v| v.as_literal().is_some());
        return if left_in && known {
            let span = excluded.key_span;
            vec![Grant { statement, span, pattern: None, index: None }]
        } else {
            Vec::new()
        };
    }
    let Some(actions) = &statement.action else { return Vec::new() };
    actions
        .indexed_literals()
        .filter(|(_, _, text)| pattern::matches(text, need.action))
        .map(|(index, value, text)| Grant {
            statement,
            span: value.span,
            pattern: Some(text),
            index: Some(index),
        })
        .collect()
}

/// `*` (or `*:*`) among the actions and `*` among the resources.
fn grants_everything(statement: &Statement) -> bool {
    let every_action = statement
        .action
        .as_ref()
        .is_some_and(|a| a.literals().any(|(_, text)| super::is_every_action(text)));
    every_action && statement.resource.as_ref().is_some_and(|r| super::stars(r).next().is_some())
}

/// Whether a Deny with no condition takes `action` away on every resource.
fn denies_everywhere(statement: &Statement, action: &str) -> bool {
    let actions = statement.action.as_ref();
    let denied = actions.is_some_and(|a| a.literals().any(|(_, p)| pattern::matches(p, action)));
    let everywhere = statement.resource.as_ref().is_some_and(|r| super::stars(r).next().is_some());
    denied && everywhere
}

/// Whether the statement's resources reach what `need` acts on.
fn covers_resources(statement: &Statement, need: &Need, template: &[TemplateResource]) -> bool {
    if statement.not_resource.is_some() {
        return true;
    }
    let Some(resources) = &statement.resource else { return false };
    // The roles `sts:AssumeRole` acts on are IAM resources.
    let service = match need.action.split_once(':') {
        Some(("sts", _)) => "iam",
        Some((service, _)) => service,
        None => "",
    };
    resources_of(resources).any(|resource| match resource {
        // One named resource: enough unless every resource is needed, and only when it can be
        // of the action's service (`!GetAtt Bucket.Arn` is no role).
        Resource::Reference(target) => {
            need.scope != Scope::Every
                && template_service(template, target)
                    .is_none_or(|s| s.eq_ignore_ascii_case(service))
        }
        Resource::Unknown => need.scope != Scope::Every,
        Resource::Text(text) => covers(text, service, need.scope, need.kind),
    })
}

enum Resource<'a> {
    /// A literal ARN, or one with deploy-time placeholders (which are never wildcards).
    Text(&'a str),
    /// A `Ref` or `Fn::GetAtt`: the logical id it points at.
    Reference(&'a str),
    /// An unreadable value: some resource, nobody knows which.
    Unknown,
}

/// The service of the template resource `logical_id` (`iam` for `AWS::IAM::Role`), when the
/// id names one.
fn template_service<'a>(template: &'a [TemplateResource], logical_id: &str) -> Option<&'a str> {
    let id = logical_id.split('.').next().unwrap_or(logical_id);
    let resource = template.iter().find(|r| &*r.logical_id == id)?;
    let service = resource.kind.split("::").nth(1)?;
    Some(if service.eq_ignore_ascii_case("Serverless") { "lambda" } else { service })
}

fn resources_of(values: &Values) -> impl Iterator<Item = Resource<'_>> {
    values.iter().flat_map(Value::alternatives).map(|value| match &value.kind {
        // `${Bucket.Arn}/*` stands for resources of the one `Bucket` names.
        ValueKind::Interpolated(text) if super::arn_fields(text).is_none() => text
            .strip_prefix("${")
            .and_then(|rest| rest.split_once('}'))
            .map_or(Resource::Unknown, |(target, _)| Resource::Reference(target)),
        ValueKind::Literal(text) | ValueKind::Interpolated(text) => Resource::Text(text),
        ValueKind::Reference { target, .. } => Resource::Reference(target),
        _ => Resource::Unknown,
    })
}

/// Whether the resource pattern `text` reaches resources of `service` as `scope` requires.
fn covers(text: &str, service: &str, scope: Scope, kind: &str) -> bool {
    if text == "*" {
        return true;
    }
    let Some([_, _, arn_service, _, _, resource]) = super::arn_fields(text) else { return false };
    if !pattern::matches(arn_service, service) && !arn_service.contains("${") {
        return false;
    }
    // The resource's type must be able to be the one the action acts on: `role/*` cannot
    // be a user. Only the literal head before the first wildcard or placeholder is compared.
    if !kind.is_empty() {
        let head = resource.split(['*', '?', '$']).next().unwrap_or("");
        if !(head.starts_with(kind) || kind.starts_with(head)) {
            return false;
        }
    }
    match scope {
        Scope::Any => true,
        Scope::OtherUsers => !text.contains("${aws:username}"),
        // `*`, `role/*`, `role*`, `function:*:*`: any resource of the type, whatever its path,
        // name or qualifier.
        Scope::Every => {
            let bare = kind.trim_end_matches(['/', ':']);
            let rest = resource.strip_prefix(kind).or_else(|| resource.strip_prefix(bare));
            rest.unwrap_or(resource).chars().all(|c| matches!(c, '*' | '/' | ':'))
        }
    }
}

#[cfg(test)]
#[path = "privilege_escalation_tests.rs"]
mod tests;
