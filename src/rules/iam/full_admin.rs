//! IAM003 full-admin: Allow `*` on `*` with no condition.

use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("IAM003", "full-admin", Critical);

pub struct FullAdmin;

impl Rule for FullAdmin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            for statement in &policy.statements {
                let (Some(admin), Some(actions)) =
                    (super::full_admin(policy, statement), &statement.action)
                else {
                    continue;
                };
                let (index, action) = admin.action;
                out.push(
                    Finding::new(META.code, META.name, Severity::Critical, action.span)
                        .message(
                            "statement allows every action on every resource with no condition",
                        )
                        .help(
                            "grant only the actions and resources the workload uses; keep \
                             administrator access to a few break-glass roles",
                        )
                        .label("every action")
                        .secondary(admin.resource.1.span, "on every resource")
                        .path(super::item_path(statement, "Action", actions, index))
                        .value_key("*"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::PolicyKind;
    use crate::rules::testing::{Source, any_principal, condition, policy, run, statement};

    #[test]
    fn star_on_star() {
        let mut src = Source::new();
        let actions = src.list(&["s3:GetObject", "*"]);
        let resources = src.one("*");
        let stmt = statement(&mut src, 2, "Allow", actions, resources);
        let findings = run(&FullAdmin, &policy(PolicyKind::Identity, vec![stmt]), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.message, "statement allows every action on every resource with no condition");
        assert_eq!(f.span.slice(&src.text), "\"*\"");
        let action_star = src.text.find("\"s3:GetObject\" \"*\"").unwrap() + 15;
        assert_eq!(f.span.start as usize, action_star);
        assert_eq!(f.path, "Statement[2].Action[1]");
        assert_eq!(f.labels.len(), 1);
        assert_eq!(f.labels[0].message, "on every resource");
        assert!(f.labels[0].span.start > f.span.start, "the resource comes after the action");
    }

    #[test]
    fn star_colon_star_counts_as_every_action() {
        let mut src = Source::new();
        let actions = src.one("*:*");
        let resources = src.list(&["*"]);
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        let findings = run(&FullAdmin, &policy(PolicyKind::Unknown, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span.slice(&src.text), "\"*:*\"");
        assert_eq!(findings[0].path, "Statement[0].Action");
    }

    #[test]
    fn any_all_star_spelling_counts_as_every_action() {
        let mut src = Source::new();
        let (actions, resources) = (src.one("**:**"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        let findings = run(&FullAdmin, &policy(PolicyKind::Identity, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);

        let mut src = Source::new();
        let (actions, resources) = (src.list(&["*:", ":*", "s3:*", "*:Get*"]), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        assert!(run(&FullAdmin, &policy(PolicyKind::Identity, vec![stmt]), &src).is_empty());
    }

    #[test]
    fn narrowed_or_scoped_statements_pass() {
        let mut src = Source::new();
        let mut conditioned = {
            let (a, r) = (src.one("*"), src.one("*"));
            statement(&mut src, 0, "Allow", a, r)
        };
        conditioned.condition = Some(condition(&mut src));
        let deny = {
            let (a, r) = (src.one("*"), src.one("*"));
            statement(&mut src, 1, "Deny", a, r)
        };
        let scoped = {
            let (a, r) = (src.one("*"), src.one("arn:aws:s3:::bucket/*"));
            statement(&mut src, 2, "Allow", a, r)
        };
        let service = {
            let (a, r) = (src.one("s3:*"), src.one("*"));
            statement(&mut src, 3, "Allow", a, r)
        };
        let mut with_principal = {
            let (a, r) = (src.one("*"), src.one("*"));
            statement(&mut src, 4, "Allow", a, r)
        };
        with_principal.principal = Some(any_principal(&mut src));
        let model =
            policy(PolicyKind::Unknown, vec![conditioned, deny, scoped, service, with_principal]);
        assert!(run(&FullAdmin, &model, &src).is_empty());
    }

    #[test]
    fn resource_policies_pass() {
        let mut src = Source::new();
        let (a, r) = (src.one("*"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        assert!(run(&FullAdmin, &policy(PolicyKind::Resource, vec![stmt]), &src).is_empty());
    }
}
