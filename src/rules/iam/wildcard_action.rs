//! IAM002 wildcard-action: Allow with `*` or `service:*` in `Action`.

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
                    let Some(scope) = wildcard_scope(text) else { continue };
                    let (severity, what) = match scope {
                        Scope::Every => (Severity::Critical, "every action".to_owned()),
                        Scope::Service(service) => {
                            (Severity::High, format!("every {service} action"))
                        }
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

enum Scope<'a> {
    Every,
    Service(&'a str),
}

/// `*` and `*:*` grant everything; `service:*` (any case) a whole service. Partial patterns
/// like `s3:Get*` are narrower and left to the catalog-aware rules.
fn wildcard_scope(action: &str) -> Option<Scope<'_>> {
    if super::is_every_action(action) {
        return Some(Scope::Every);
    }
    let (service, "*") = action.split_once(':')? else {
        return None;
    };
    let plain = !service.is_empty() && !service.contains(['*', '?']);
    plain.then_some(Scope::Service(service))
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
            let (a, r) =
                (src.list(&["s3:Get*", "s3:*Object", "*:GetObject", "s*:*", ":*"]), src.one("*"));
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
