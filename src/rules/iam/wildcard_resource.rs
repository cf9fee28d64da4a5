//! IAM001 wildcard-resource: Allow on `"Resource": "*"` for actions that could be scoped.

use super::resource_agnostic::only_supports_any_resource;
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("IAM001", "wildcard-resource", Medium);

pub struct WildcardResource;

impl Rule for WildcardResource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            for statement in &policy.statements {
                if !statement.is_allow()
                    || !super::governs_identity(policy, statement)
                    || super::full_admin(policy, statement).is_some()
                {
                    continue;
                }
                let (Some(actions), Some(resources)) = (&statement.action, &statement.resource)
                else {
                    continue;
                };
                let Some((index, star)) = super::stars(resources).next() else { continue };

                // Actions that cannot name a resource are fine on `*`; unknown ones get the
                // benefit of the doubt.
                let scoped: Vec<&str> = actions
                    .literals()
                    .map(|(_, action)| action)
                    .filter(|action| !only_supports_any_resource(action))
                    .collect();
                let Some(first) = scoped.first() else { continue };
                let what = match scoped.len() {
                    1 => (*first).to_owned(),
                    2 => format!("{first} and 1 more action"),
                    n => format!("{first} and {} more actions", n - 1),
                };

                let mut finding = Finding::new(META.code, META.name, Severity::Medium, star.span)
                    .message(format!("statement allows {what} on every resource"))
                    .help("name the ARNs of the resources these actions need")
                    .label("every resource")
                    .path(super::item_path(statement, "Resource", resources, index))
                    .value_key("*");
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
    use crate::rules::testing::{Source, any_principal, policy, run, statement};

    #[test]
    fn scoped_actions_on_star() {
        let mut src = Source::new();
        let actions = src.list(&["s3:GetObject", "s3:PutObject", "ec2:DescribeInstances"]);
        let resources = src.list(&["arn:aws:s3:::logs/*", "*"]);
        let stmt = statement(&mut src, 3, "Allow", actions, resources);
        let findings = run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.message, "statement allows s3:GetObject and 1 more action on every resource");
        assert_eq!(f.span.slice(&src.text), "\"*\"");
        assert_eq!(f.label.as_deref(), Some("every resource"));
        assert_eq!(f.path, "Statement[3].Resource[1]");
        assert_eq!(f.labels[0].span.slice(&src.text), "\"Allow\"");
        assert_eq!(f.labels[0].message, "allowed here");
    }

    #[test]
    fn single_string_resource() {
        let mut src = Source::new();
        let (a, r) = (src.one("dynamodb:PutItem"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        let findings = run(&WildcardResource, &policy(PolicyKind::Unknown, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "statement allows dynamodb:PutItem on every resource");
        assert_eq!(findings[0].path, "Statement[0].Resource");
    }

    #[test]
    fn star_only_actions_pass() {
        let mut src = Source::new();
        let actions = src.list(&[
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "logs:Describe*",
            "sts:GetCallerIdentity",
        ]);
        let resources = src.one("*");
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        assert!(run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src).is_empty());
    }

    #[test]
    fn full_admin_and_resource_policies_pass() {
        let mut src = Source::new();
        let admin = {
            let (a, r) = (src.one("*"), src.one("*"));
            statement(&mut src, 0, "Allow", a, r)
        };
        let mut bucket_policy = {
            let (a, r) = (src.one("s3:GetObject"), src.one("*"));
            statement(&mut src, 1, "Allow", a, r)
        };
        bucket_policy.principal = Some(any_principal(&mut src));
        let model = policy(PolicyKind::Unknown, vec![admin, bucket_policy]);
        assert!(run(&WildcardResource, &model, &src).is_empty());

        let mut src = Source::new();
        let (a, r) = (src.one("sqs:SendMessage"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        assert!(run(&WildcardResource, &policy(PolicyKind::Resource, vec![stmt]), &src).is_empty());
    }

    #[test]
    fn service_wildcard_on_star_is_reported_here_too() {
        let mut src = Source::new();
        let (a, r) = (src.one("s3:*"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        let findings = run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "statement allows s3:* on every resource");
    }

    #[test]
    fn scoped_resources_and_denies_pass() {
        let mut src = Source::new();
        let scoped = {
            let (a, r) =
                (src.one("s3:GetObject"), src.list(&["arn:aws:s3:::b/*", "arn:aws:s3:::*"]));
            statement(&mut src, 0, "Allow", a, r)
        };
        let deny = {
            let (a, r) = (src.one("s3:DeleteObject"), src.one("*"));
            statement(&mut src, 1, "Deny", a, r)
        };
        let model = policy(PolicyKind::Identity, vec![scoped, deny]);
        assert!(run(&WildcardResource, &model, &src).is_empty());
    }
}
