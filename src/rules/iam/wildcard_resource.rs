//! IAM001 wildcard-resource: Allow on `"Resource": "*"` for actions that could be scoped.

use crate::catalog::{AccessLevel, Action, ActionPattern};
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

                // The written items that grant something a resource ARN could limit, and the
                // broadest access among them.
                let mut scoped: Vec<&str> = Vec::new();
                let mut broadest: Option<Grant> = None;
                for (_, action) in actions.literals() {
                    let Some(grant) = scopable_grant(cx, action) else { continue };
                    scoped.push(action);
                    if broadest.as_ref().is_none_or(|b| grant.level > b.level) {
                        broadest = Some(grant);
                    }
                }
                let (Some(first), Some(broadest)) = (scoped.first(), broadest) else { continue };
                let what = match scoped.len() {
                    1 => (*first).to_owned(),
                    2 => format!("{first} and 1 more action"),
                    n => format!("{first} and {} more actions", n - 1),
                };

                let mut finding =
                    Finding::new(META.code, META.name, severity(broadest.level), star.span)
                        .message(format!("statement allows {what} on every resource"))
                        .help("name the ARNs of the resources these actions need")
                        .label("every resource")
                        .path(super::item_path(statement, "Resource", resources, index))
                        .value_key("*")
                        .note(broadest.note());
                if let Some(effect) = &statement.effect {
                    finding = finding.secondary(effect.span, "allowed here");
                }
                out.push(finding);
            }
        }
    }
}

/// What one `Action` item grants that could be limited to named resources.
struct Grant {
    level: AccessLevel,
    /// The catalog action that gives the level, `None` for an action the catalog lacks.
    example: Option<String>,
}

impl Grant {
    fn note(&self) -> String {
        match &self.example {
            Some(action) => format!(
                "the broadest access granted on every resource is {} ({action})",
                self.level.as_str()
            ),
            None => "the action is not in the IAM action catalog, so it is assumed to accept                      a resource ARN"
                .to_owned(),
        }
    }
}

/// The broadest grant among the actions `action` stands for that accept a resource ARN, or
/// `None` when every one of them only works with `*` (or the item is malformed). An action
/// the catalog does not know (a typo, reported by IAM007, or an action newer than the
/// catalog) is assumed to accept one, at an unknown access level.
fn scopable_grant(cx: &Context<'_>, action: &str) -> Option<Grant> {
    match ActionPattern::parse(action) {
        ActionPattern::Malformed => return None,
        // Every action includes managing permissions; no need to read the whole catalog.
        ActionPattern::Every => {
            let example = Some("every action".to_owned());
            return Some(Grant { level: AccessLevel::PermissionsManagement, example });
        }
        ActionPattern::Scoped { .. } => {}
    }
    let expansion = cx.expand(action);
    if expansion.is_empty() {
        return Some(Grant { level: AccessLevel::Unknown, example: None });
    }
    // The example is the first action of the broadest level in catalog order, preferring one
    // whose level the reference states over one whose level was inferred.
    let rank = |a: &Action<'_>| (a.level(), !a.level_inferred());
    let top = expansion
        .actions
        .iter()
        .filter(|a| a.accepts_resources())
        .max_by(|a, b| rank(a).cmp(&rank(b)).then(std::cmp::Ordering::Greater))?;
    Some(Grant {
        level: top.level(),
        example: Some(format!("{}:{}", top.service().prefix(), top.name())),
    })
}

/// Listing every resource shows what exists; reading every resource leaks its data; changing
/// every resource (Write, or Tagging, which can defeat tag-based access control) does damage;
/// managing the permissions of every resource (policies, grants, ACLs) hands them to anyone.
fn severity(level: AccessLevel) -> Severity {
    match level {
        AccessLevel::List => Severity::Low,
        AccessLevel::Unknown | AccessLevel::Read => Severity::Medium,
        AccessLevel::Tagging | AccessLevel::Write => Severity::High,
        AccessLevel::PermissionsManagement => Severity::Critical,
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
        assert_eq!(f.severity, Severity::High, "s3:PutObject writes");
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
            "ec2:DescribeNetworkInterfaces",
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "ec2:DescribeNetwork*",
            "sts:GetCallerIdentity",
            "S3:listallmybuckets",
            "not-a-pattern",
        ]);
        let resources = src.one("*");
        let stmt = statement(&mut src, 0, "Allow", actions, resources);
        assert!(run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src).is_empty());
    }

    #[test]
    fn list_calls_that_take_an_arn_are_reported() {
        let mut src = Source::new();
        let (a, r) = (src.list(&["s3:ListAllMyBuckets", "s3:ListBucket"]), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        let findings = run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "statement allows s3:ListBucket on every resource");
        assert_eq!(findings[0].severity, Severity::Low);
        assert_eq!(
            findings[0].notes,
            ["the broadest access granted on every resource is List (s3:ListBucket)"]
        );
    }

    #[test]
    fn severity_rises_with_the_access_level() {
        let cases = [
            ("ec2:Describe*", Severity::Low, "List (ec2:DescribeCapacityBlockExtensionOfferings)"),
            ("dynamodb:GetItem", Severity::Medium, "Read (dynamodb:GetItem)"),
            ("ec2:CreateTags", Severity::High, "Tagging (ec2:CreateTags)"),
            (
                "s3:Put*",
                Severity::Critical,
                "Permissions management (s3:PutAccessGrantsInstanceResourcePolicy)",
            ),
            ("iam:PassRole", Severity::Critical, "Permissions management (iam:PassRole)"),
            ("lambda:Update*", Severity::High, "Write (lambda:UpdateAlias)"),
        ];
        for (action, severity, level) in cases {
            let mut src = Source::new();
            let (a, r) = (src.list(&["ec2:DescribeInstances", action]), src.one("*"));
            let stmt = statement(&mut src, 0, "Allow", a, r);
            let findings = run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src);
            assert_eq!(findings.len(), 1, "{action}");
            assert_eq!(findings[0].severity, severity, "{action}");
            assert_eq!(findings[0].message, format!("statement allows {action} on every resource"));
            let note = format!("the broadest access granted on every resource is {level}");
            assert_eq!(findings[0].notes, [note], "{action}");
        }
    }

    #[test]
    fn every_action_under_a_condition_is_critical() {
        let mut src = Source::new();
        let (a, r) = (src.one("*"), src.one("*"));
        let mut stmt = statement(&mut src, 0, "Allow", a, r);
        stmt.condition = Some(crate::rules::testing::condition(&mut src));
        let findings = run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Critical);
        let note = "the broadest access granted on every resource is Permissions management \
                    (every action)";
        assert_eq!(findings[0].notes, [note]);
    }

    #[test]
    fn the_example_is_an_action_whose_level_the_reference_states() {
        let mut src = Source::new();
        let (a, r) = (src.one("cloudwatch:*"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        let findings = run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src);
        let note = &findings[0].notes[0];
        let example = note.rsplit_once('(').unwrap().1.trim_end_matches(')');
        let action = crate::catalog::Catalog::builtin().action(example).unwrap();
        assert!(!action.level_inferred(), "{note}");
    }

    #[test]
    fn unknown_actions_are_assumed_to_take_an_arn() {
        let mut src = Source::new();
        let (a, r) = (src.one("s3:GetObjekt"), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        let findings = run(&WildcardResource, &policy(PolicyKind::Identity, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Medium);
        assert!(findings[0].notes[0].contains("not in the IAM action catalog"));
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
        assert_eq!(findings[0].severity, Severity::Critical);
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
