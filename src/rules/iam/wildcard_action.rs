//! IAM002 wildcard-action: Allow with `*` or `service:*` in `Action`.

use crate::catalog::ActionPattern;
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("IAM002", "wildcard-action", High);

pub struct WildcardAction;

impl Rule for WildcardAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            for statement in &policy.statements {
                let Some(actions) = &statement.action else { continue };
                if !statement.is_allow() || super::full_admin(policy, statement).is_some() {
                    continue;
                }
                for (index, value, text) in actions.indexed_literals() {
                    let Some(scope) = wildcard_scope(cx, text) else {
                        continue;
                    };
                    let (severity, what) = match scope {
                        Scope::Every => (Severity::Critical, "every action".to_owned()),
                        Scope::Services(services) => (Severity::High, describe(&services)),
                    };
                    out.push(
                        Finding::new(META.code, META.name, severity, value.span)
                            .message(format!("statement allows {what}"))
                            .help("list the specific actions the workload calls instead of a wildcard")
                            .label(what)
                            .path(super::item_path(statement, "Action", actions, index))
                            .value_key(text.to_ascii_lowercase()),
                    );
                }
            }
        }
    }
}

pub(super) enum Scope {
    Every,
    /// The services whose every action the pattern matches, as written when it names one.
    Services(Vec<String>),
}

/// `every s3 action`, `every action of 3 services (s3, s3express, s3tables)`.
fn describe(services: &[String]) -> String {
    const SHOWN: usize = 3;
    if let [one] = services {
        return format!("every {one} action");
    }
    let mut names = services.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if services.len() > SHOWN {
        names.push_str(", ...");
    }
    format!("every action of {} services ({names})", services.len())
}

/// What a wildcard item grants: every action (`*`, `*:*`, or a pattern the catalog expands to
/// every action of every service), or every action of some services (`s3:*`, `S3:**`, `s*:*`).
/// Patterns that leave some actions of a service out (`s3:Get*`) are narrower and not reported;
/// neither are items without a wildcard, even for a service with a single action.
pub(super) fn wildcard_scope(cx: &Context<'_>, action: &str) -> Option<Scope> {
    if super::is_every_action(action) {
        return Some(Scope::Every);
    }
    let ActionPattern::Scoped { service, name } = ActionPattern::parse(action) else {
        return None;
    };
    if !name.contains(['*', '?']) && !service.contains(['*', '?']) {
        return None;
    }

    let expansion = cx.expand(action);
    if expansion.is_empty() {
        // A service newer than the catalog: `newservice:*` still grants all of it.
        let plain = !service.contains(['*', '?']) && name.bytes().all(|c| c == b'*');
        return plain.then(|| Scope::Services(vec![service.to_owned()]));
    }
    if !expansion.is_service_wildcard() {
        return None;
    }
    if expansion.services.len() == cx.settings.catalog().service_count() {
        return Some(Scope::Every);
    }
    let services = if service.contains(['*', '?']) {
        expansion.services.iter().map(|m| m.service.prefix().to_owned()).collect()
    } else {
        vec![service.to_owned()]
    };
    Some(Scope::Services(services))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::PolicyKind;
    use crate::rules::testing::{Source, policy, run, statement};

    #[test]
    fn service_wildcards_are_high() {
        let mut src = Source::new();
        let actions = src.list(&["s3:GetObject", "S3:*", "dynamodb:*"]);
        let resources = src.one("arn:aws:s3:::bucket/*");
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        let findings = run(&WildcardAction, &policy(PolicyKind::Identity, vec![stmt]), &src);

        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].span.slice(&src.text), "\"S3:*\"");
        assert_eq!(findings[0].message, "statement allows every S3 action");
        assert_eq!(findings[0].label.as_deref(), Some("every S3 action"));
        assert_eq!(findings[0].severity, Severity::High);
        assert_eq!(findings[0].path, "Statement[0].Action[1]");
        assert_eq!(findings[0].value_key, "s3:*");
        assert_eq!(findings[1].span.slice(&src.text), "\"dynamodb:*\"");
        assert_eq!(findings[1].path, "Statement[0].Action[2]");
    }

    #[test]
    fn patterns_covering_whole_services() {
        let mut src = Source::new();
        let actions = src.list(&["s3:**", "sqs:*?", "s3tabl*:*", "newservice:*", "s3:Get*"]);
        let resources = src.one("arn:aws:s3:::bucket/*");
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        let findings = run(&WildcardAction, &policy(PolicyKind::Identity, vec![stmt]), &src);

        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "statement allows every s3 action",
                "statement allows every sqs action",
                "statement allows every s3tables action",
                "statement allows every newservice action",
            ]
        );
        assert!(findings.iter().all(|f| f.severity == Severity::High));
    }

    #[test]
    fn a_prefix_pattern_names_the_services_it_covers() {
        let mut src = Source::new();
        let (actions, resources) = (src.list(&["s*:*", "*:**", "?*:*"]), src.one("arn:aws:s3:::b"));
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        let findings = run(&WildcardAction, &policy(PolicyKind::Identity, vec![stmt]), &src);

        assert_eq!(findings.len(), 3);
        assert!(findings[0].message.starts_with("statement allows every action of "));
        assert!(findings[0].message.contains(" services (s3, "), "{}", findings[0].message);
        assert!(findings[0].message.ends_with(", ...)"));
        assert_eq!(findings[0].severity, Severity::High);
        for every in &findings[1..] {
            assert_eq!(every.message, "statement allows every action");
            assert_eq!(every.severity, Severity::Critical);
        }
    }

    #[test]
    fn star_alone_is_critical() {
        let mut src = Source::new();
        let actions = src.one("*");
        let resources = src.one("arn:aws:s3:::bucket");
        let stmt = statement(&mut src, 1, "Allow", actions, resources);
        let findings = run(&WildcardAction, &policy(PolicyKind::Identity, vec![stmt]), &src);

        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Critical);
        assert_eq!(findings[0].message, "statement allows every action");
        assert_eq!(findings[0].path, "Statement[1].Action");
    }

    #[test]
    fn resource_policies_are_checked_too() {
        let mut src = Source::new();
        let (a, r) = (src.one("*"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        let findings = run(&WildcardAction, &policy(PolicyKind::Resource, vec![stmt]), &src);
        assert_eq!(findings.len(), 1, "IAM003 does not cover resource policies");
    }

    #[test]
    fn full_admin_statements_are_left_to_iam003() {
        let mut src = Source::new();
        let (a, r) = (src.list(&["*", "s3:*"]), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        assert!(run(&WildcardAction, &policy(PolicyKind::Identity, vec![stmt]), &src).is_empty());
    }

    #[test]
    fn specific_partial_and_denied_actions_pass() {
        let mut src = Source::new();
        let allow = {
            let (a, r) = (
                src.list(&["s3:Get*", "s3:*Object", "*:GetObject", "s3:GetObject", ":*"]),
                src.one("*"),
            );
            statement(&mut src, 0, "Allow", a, r)
        };
        let deny = {
            let (a, r) = (src.one("*"), src.one("*"));
            statement(&mut src, 1, "Deny", a, r)
        };
        let model = policy(PolicyKind::Identity, vec![allow, deny]);
        assert!(run(&WildcardAction, &model, &src).is_empty());
    }
}
