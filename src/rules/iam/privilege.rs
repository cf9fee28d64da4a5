//! What makes an identity's permissions dangerous in the hands of code that can be tricked:
//! administrator access, every action of a sensitive service on every resource, a way to raise
//! its own privileges, or an administrator-level AWS managed policy.
//!
//! The IAM rules report each of these where it is written; the Lambda rules ask the same
//! questions of a function's execution role, through this module, so both agree.

use super::wildcard_action::{Scope, wildcard_scope};
use crate::model::iam::Policy;
use crate::model::{Value, ValueKind};
use crate::report::{Finding, Severity};
use crate::rules::Context;
use crate::syntax::Span;

/// One token that makes the identity holding it overprivileged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Privilege {
    /// The action, `NotAction` key or managed policy ARN that grants it.
    pub span: Span,
    /// What it grants, completing "grants ...": `every iam action on every resource`.
    pub what: String,
    pub severity: Severity,
}

/// The privileges an identity policy grants. `sensitive` are the services whose wildcard on
/// every resource counts (lowercase prefixes: `iam`, `s3`, ...).
#[must_use]
pub fn of_policy(policy: &Policy, cx: &Context<'_>, sensitive: &[String]) -> Vec<Privilege> {
    let mut out = Vec::new();
    for statement in &policy.statements {
        if let Some(admin) = super::full_admin(policy, statement) {
            out.push(Privilege {
                span: admin.action.1.span,
                what: "every action on every resource".to_owned(),
                severity: Severity::Critical,
            });
            continue;
        }

        // A service wildcard scoped to named resources (`s3:*` on one bucket) is the owner's
        // choice; on every resource it hands over the service.
        let every_resource = statement.not_resource.is_some()
            || statement.resource.as_ref().is_some_and(|r| super::stars(r).next().is_some());
        let Some(actions) = &statement.action else { continue };
        if !statement.is_allow() || !super::governs_identity(policy, statement) || !every_resource {
            continue;
        }
        for (_, value, text) in actions.indexed_literals() {
            let what = match wildcard_scope(cx, text) {
                Some(Scope::Every) => {
                    "every action on every resource, under a condition".to_owned()
                }
                Some(Scope::Services(services)) => {
                    let Some(service) = services
                        .iter()
                        .find(|s| sensitive.iter().any(|t| t.eq_ignore_ascii_case(s)))
                    else {
                        continue;
                    };
                    format!("every {service} action on every resource")
                }
                None => continue,
            };
            out.push(Privilege { span: value.span, what, severity: Severity::High });
        }
    }

    let mut escalations: Vec<Finding> = Vec::new();
    super::privilege_escalation::check_policy(policy, &cx.model.resources, &mut escalations);
    out.extend(escalations.into_iter().map(|finding| Privilege {
        span: finding.span,
        what: finding.message.strip_prefix("policy allows ").unwrap_or(&finding.message).to_owned(),
        severity: finding.severity,
    }));
    out
}

/// AWS managed policies that grant every action of one service on every resource, by name,
/// with the service (the first statement of each: `s3:*` on `*` for `AmazonS3FullAccess`).
const SERVICE_POLICIES: &[(&str, &str)] = &[
    ("AmazonS3FullAccess", "s3"),
    ("AmazonDynamoDBFullAccess", "dynamodb"),
    ("AmazonDynamoDBFullAccess_v2", "dynamodb"),
    ("AmazonEC2FullAccess", "ec2"),
    ("AWSLambda_FullAccess", "lambda"),
    ("AWSLambdaFullAccess", "lambda"),
    ("AmazonRDSFullAccess", "rds"),
    ("SecretsManagerReadWrite", "secretsmanager"),
    ("AmazonSSMFullAccess", "ssm"),
    ("AWSCloudFormationFullAccess", "cloudformation"),
    ("AmazonECS_FullAccess", "ecs"),
    ("AWSCloudTrail_FullAccess", "cloudtrail"),
];

/// The privilege an attached managed policy grants: one of the administrator-level AWS managed
/// policies (IAM009's), or a full-access policy of a `sensitive` service. `names_allowed`
/// accepts a bare name, as SAM `Policies` does.
#[must_use]
pub fn of_managed_policy(
    value: &Value,
    names_allowed: bool,
    sensitive: &[String],
) -> Vec<Privilege> {
    value
        .alternatives()
        .filter_map(|value| {
            let (ValueKind::Literal(text) | ValueKind::Interpolated(text)) = &value.kind else {
                return None;
            };
            if let Some(&(name, severity, grants)) =
                super::admin_managed_policy::admin_policy(text, names_allowed)
            {
                let what = format!("{grants} (AWS managed policy {name})");
                return Some(Privilege { span: value.span, what, severity });
            }
            let name = super::admin_managed_policy::aws_policy_name(text, names_allowed)?;
            let &(name, service) = SERVICE_POLICIES.iter().find(|(known, _)| *known == name)?;
            sensitive.iter().any(|s| s == service).then(|| Privilege {
                span: value.span,
                what: format!(
                    "every {service} action on every resource (AWS managed policy {name})"
                ),
                severity: Severity::High,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::PolicyKind;
    use crate::rules::Settings;
    use crate::rules::testing::{Source, condition, policy, statement};

    fn privileges(model: &crate::model::Model, src: &Source) -> Vec<(String, String)> {
        let settings = Settings::default();
        let cx = Context::new(model, &src.text, &settings);
        let sensitive: Vec<String> = ["iam", "s3"].map(str::to_owned).to_vec();
        of_policy(&model.policies[0], &cx, &sensitive)
            .into_iter()
            .map(|p| (p.span.slice(&src.text).to_owned(), p.what))
            .collect()
    }

    #[test]
    fn admin_sensitive_wildcards_and_escalation() {
        let mut src = Source::new();
        let admin = {
            let (a, r) = (src.one("*"), src.one("*"));
            statement(&mut src, 0, "Allow", a, r)
        };
        let wildcards = {
            let (a, r) = (src.list(&["s3:*", "sqs:*", "iam:Get*"]), src.one("*"));
            statement(&mut src, 1, "Allow", a, r)
        };
        let scoped = {
            let (a, r) = (src.one("s3:*"), src.one("arn:aws:s3:::bucket/*"));
            statement(&mut src, 2, "Allow", a, r)
        };
        let escalation = {
            let (a, r) = (src.one("iam:PutRolePolicy"), src.one("*"));
            statement(&mut src, 3, "Allow", a, r)
        };
        let model = policy(PolicyKind::Identity, vec![admin, wildcards, scoped, escalation]);
        assert_eq!(
            privileges(&model, &src),
            [
                ("\"*\"".to_owned(), "every action on every resource".to_owned()),
                ("\"s3:*\"".to_owned(), "every s3 action on every resource".to_owned()),
                (
                    "\"iam:PutRolePolicy\"".to_owned(),
                    "privilege escalation through iam:PutRolePolicy".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn conditioned_admin_is_high_and_resource_policies_grant_nothing() {
        let mut src = Source::new();
        let mut conditioned = {
            let (a, r) = (src.one("*"), src.one("*"));
            statement(&mut src, 0, "Allow", a, r)
        };
        conditioned.condition = Some(condition(&mut src));
        let model = policy(PolicyKind::Identity, vec![conditioned.clone()]);
        let found = privileges(&model, &src);
        assert_eq!(found[0].1, "every action on every resource, under a condition");

        let model = policy(PolicyKind::Resource, vec![conditioned]);
        assert!(privileges(&model, &src).is_empty());
    }

    #[test]
    fn managed_policies_by_arn_or_sam_name() {
        let mut src = Source::new();
        let arn = src.str("arn:aws:iam::aws:policy/AdministratorAccess");
        let name = src.str("PowerUserAccess");
        let sensitive = ["s3".to_owned()];
        assert_eq!(of_managed_policy(&arn, false, &sensitive)[0].severity, Severity::Critical);
        assert_eq!(
            of_managed_policy(&name, true, &sensitive)[0].what,
            "every action outside IAM and Organizations (AWS managed policy PowerUserAccess)"
        );
        assert!(of_managed_policy(&name, false, &sensitive).is_empty());

        let s3 = src.str("arn:aws-cn:iam::aws:policy/AmazonS3FullAccess");
        assert_eq!(
            of_managed_policy(&s3, false, &sensitive)[0].what,
            "every s3 action on every resource (AWS managed policy AmazonS3FullAccess)"
        );
        let ec2 = src.str("AmazonEC2FullAccess");
        assert!(of_managed_policy(&ec2, true, &sensitive).is_empty(), "ec2 is not sensitive here");
    }
}
