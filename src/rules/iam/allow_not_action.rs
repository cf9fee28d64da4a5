//! IAM004 allow-not-action: an Allow statement with `NotAction`, which grants every action
//! but the few it lists, including every action AWS adds later.

use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("IAM004", "allow-not-action", Medium);

pub struct AllowNotAction;

impl Rule for AllowNotAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            for statement in &policy.statements {
                let Some(not_action) = &statement.not_action else { continue };
                if !statement.is_allow() {
                    continue;
                }

                // On every resource, with nothing to narrow it, the statement is one short
                // exclusion list away from administrator access.
                let every_resource = super::governs_identity(policy, statement)
                    && !statement.has_condition()
                    && (statement.not_resource.is_some()
                        || statement
                            .resource
                            .as_ref()
                            .is_some_and(|r| super::stars(r).next().is_some()));
                let severity = if every_resource { Severity::High } else { Severity::Medium };

                let excluded: Vec<&str> = not_action.literals().map(|(_, text)| text).collect();
                let scope = if every_resource { " on every resource" } else { "" };
                let mut finding = Finding::new(META.code, META.name, severity, not_action.key_span)
                    .message(format!(
                        "statement allows every action except {}{scope}",
                        super::first_and_more(&excluded, "action")
                    ))
                    .help(
                        "list the actions the principal needs in Action; to take a few actions \
                         away from a broad grant, add a Deny statement",
                    )
                    .label("every action but these")
                    .path(crate::model::child_path(&statement.path, "NotAction"))
                    .value_key("notaction");
                if let Some(effect) = &statement.effect {
                    finding = finding.secondary(effect.span, "allowed here");
                }
                if every_resource
                    && let Some((_, star)) =
                        statement.resource.as_ref().and_then(|r| super::stars(r).next())
                {
                    finding = finding.secondary(star.span, "on every resource");
                }
                out.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::PolicyKind;
    use crate::rules::testing::{Source, any_principal, condition, policy, run, statement};

    fn not_action_statement(
        src: &mut Source,
        effect: &str,
        excluded: &[&str],
        resource: &str,
    ) -> crate::model::iam::Statement {
        let (a, r) = (src.list(excluded), src.one(resource));
        let mut stmt = statement(src, 0, effect, a, r);
        stmt.not_action = stmt.action.take();
        stmt
    }

    #[test]
    fn on_every_resource_it_is_high() {
        let mut src = Source::new();
        let stmt = not_action_statement(
            &mut src,
            "Allow",
            &["iam:*", "organizations:*", "account:*"],
            "*",
        );
        let findings = run(&AllowNotAction, &policy(PolicyKind::Identity, vec![stmt]), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.severity, Severity::High);
        assert_eq!(
            f.message,
            "statement allows every action except iam:* and 2 more actions on every resource"
        );
        assert_eq!(f.span.slice(&src.text), "\"Field\":");
        assert_eq!(f.path, "Statement[0].NotAction");
        assert_eq!(f.labels.len(), 2);
        assert_eq!(f.labels[1].message, "on every resource");
    }

    #[test]
    fn scoped_conditioned_or_resource_policies_are_medium() {
        let mut src = Source::new();
        let scoped =
            not_action_statement(&mut src, "Allow", &["s3:DeleteObject"], "arn:aws:s3:::b/*");
        let mut conditioned = not_action_statement(&mut src, "Allow", &["iam:*"], "*");
        conditioned.condition = Some(condition(&mut src));
        let mut bucket = not_action_statement(&mut src, "Allow", &["s3:Delete*"], "*");
        bucket.principal = Some(any_principal(&mut src));
        let model = policy(PolicyKind::Unknown, vec![scoped, conditioned, bucket]);

        let findings = run(&AllowNotAction, &model, &src);
        assert_eq!(findings.len(), 3);
        assert!(findings.iter().all(|f| f.severity == Severity::Medium));
        assert_eq!(findings[0].message, "statement allows every action except s3:DeleteObject");
    }

    #[test]
    fn deny_with_not_action_passes() {
        let mut src = Source::new();
        let stmt = not_action_statement(&mut src, "Deny", &["iam:*"], "*");
        assert!(run(&AllowNotAction, &policy(PolicyKind::Identity, vec![stmt]), &src).is_empty());
    }
}
