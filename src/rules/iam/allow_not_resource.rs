//! IAM005 allow-not-resource: an Allow statement with `NotResource`, which grants its actions
//! on every resource but the few it lists, including every resource created later.

use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("IAM005", "allow-not-resource", Medium);

pub struct AllowNotResource;

impl Rule for AllowNotResource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            for statement in &policy.statements {
                let Some(not_resource) = &statement.not_resource else { continue };
                if !statement.is_allow() {
                    continue;
                }

                let actions: Vec<&str> = statement
                    .action
                    .iter()
                    .flat_map(crate::model::Values::literals)
                    .map(|(_, t)| t)
                    .collect();
                // Every action, every action of a service, or every action but a few: the
                // exclusion list is all that stands between the grant and the account.
                let broad = statement.not_action.is_some()
                    || actions.iter().any(|a| super::is_every_action(a) || a.ends_with(":*"));
                let severity = if broad { Severity::High } else { Severity::Medium };

                let what = if statement.not_action.is_some() {
                    "every action but those NotAction lists".to_owned()
                } else {
                    super::first_and_more(&actions, "action")
                };
                let excluded = super::written_texts(not_resource);
                let mut finding =
                    Finding::new(META.code, META.name, severity, not_resource.key_span)
                        .message(format!(
                            "statement allows {what} on every resource except {}",
                            super::first_and_more(&excluded, "resource")
                        ))
                        .help(
                            "list the ARNs the principal needs in Resource; to keep a few \
                             resources out of a broad grant, add a Deny statement",
                        )
                        .label("every resource but these")
                        .path(crate::model::child_path(&statement.path, "NotResource"))
                        .value_key("notresource");
                if let Some(effect) = &statement.effect {
                    finding = finding.secondary(effect.span, "allowed here");
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
    use crate::rules::testing::{Source, policy, run, statement};

    fn not_resource_statement(
        src: &mut Source,
        effect: &str,
        actions: &[&str],
        excluded: &[&str],
    ) -> crate::model::iam::Statement {
        let (a, r) = (src.list(actions), src.list(excluded));
        let mut stmt = statement(src, 0, effect, a, r.clone());
        stmt.resource = None;
        stmt.not_resource = Some(r);
        stmt
    }

    #[test]
    fn named_actions_are_medium_and_wildcards_high() {
        let mut src = Source::new();
        let named = not_resource_statement(
            &mut src,
            "Allow",
            &["s3:GetObject"],
            &["arn:aws:s3:::payroll/*", "arn:aws:s3:::hr/*"],
        );
        let service =
            not_resource_statement(&mut src, "Allow", &["s3:*"], &["arn:aws:s3:::payroll/*"]);
        let model = policy(PolicyKind::Identity, vec![named, service]);

        let findings = run(&AllowNotResource, &model, &src);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].severity, Severity::Medium);
        assert_eq!(
            findings[0].message,
            "statement allows s3:GetObject on every resource except arn:aws:s3:::payroll/* and 1 more resource"
        );
        assert_eq!(findings[0].span.slice(&src.text), "\"Field\":");
        assert_eq!(findings[0].path, "Statement[0].NotResource");
        assert_eq!(findings[1].severity, Severity::High);
    }

    #[test]
    fn not_action_with_not_resource_is_high() {
        let mut src = Source::new();
        let mut stmt = not_resource_statement(&mut src, "Allow", &["iam:*"], &["arn:aws:s3:::x"]);
        stmt.not_action = stmt.action.take();
        let findings = run(&AllowNotResource, &policy(PolicyKind::Identity, vec![stmt]), &src);
        assert_eq!(findings[0].severity, Severity::High);
        assert!(
            findings[0].message.starts_with("statement allows every action but those NotAction")
        );
    }

    #[test]
    fn deny_with_not_resource_passes() {
        let mut src = Source::new();
        let stmt = not_resource_statement(&mut src, "Deny", &["s3:*"], &["arn:aws:s3:::x/*"]);
        assert!(run(&AllowNotResource, &policy(PolicyKind::Identity, vec![stmt]), &src).is_empty());
    }
}
