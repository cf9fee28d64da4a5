//! IAM009 admin-managed-policy: an AWS managed policy that grants administrator-level access
//! (`AdministratorAccess`, `PowerUserAccess`, `IAMFullAccess`, ...) attached by ARN or, in SAM
//! `Policies`, by name.

use crate::model::{Value, ValueKind, child_path};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("IAM009", "admin-managed-policy", High);

/// AWS managed policies that hand over the account or the means to take it, by name (the
/// part of the ARN after `policy/`), with the severity of attaching one and what it grants.
const ADMIN_POLICIES: &[(&str, Severity, &str)] = &[
    ("AdministratorAccess", Severity::Critical, "full administrator access"),
    ("PowerUserAccess", Severity::High, "every action outside IAM and Organizations"),
    ("IAMFullAccess", Severity::High, "every IAM action, enough to grant itself anything"),
    (
        "AdministratorAccess-Amplify",
        Severity::High,
        "administrator access to the services Amplify deploys, roles included",
    ),
    (
        "AdministratorAccess-AWSElasticBeanstalk",
        Severity::High,
        "administrator access to the services Elastic Beanstalk deploys, roles included",
    ),
    ("AWSOrganizationsFullAccess", Severity::High, "control of the whole AWS organization"),
];

pub struct AdminManagedPolicy;

impl Rule for AdminManagedPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        for role in &model.roles {
            let path = child_path(&child_path(&role.path, "Properties"), "ManagedPolicyArns");
            report(&role.managed_policies, &path, false, out);
        }
        // SAM turns a bare name in `Policies` into the AWS managed policy's ARN.
        for function in &model.functions {
            let path = child_path(&child_path(&function.path, "Properties"), "Policies");
            report(&function.managed_policies, &path, true, out);
        }
        for attached in &model.attached_policies {
            report(std::slice::from_ref(&attached.arn), &attached.path, false, out);
        }
    }
}

fn report(values: &[Value], path: &str, names_allowed: bool, out: &mut Vec<Finding>) {
    for value in values.iter().flat_map(Value::alternatives) {
        let (ValueKind::Literal(text) | ValueKind::Interpolated(text)) = &value.kind else {
            continue;
        };
        let Some(&(name, severity, grants)) = admin_policy(text, names_allowed) else { continue };
        out.push(
            Finding::new(META.code, META.name, severity, value.span)
                .message(format!("AWS managed policy {name} is attached, which grants {grants}"))
                .help(
                    "attach a policy that grants only the actions and resources the workload \
                     needs; keep administrator policies to a few roles people assume when needed",
                )
                .label(name)
                .path(path.to_owned())
                .value_key(name.to_ascii_lowercase()),
        );
    }
}

/// The admin policy `text` names: an AWS managed policy ARN in any partition
/// (`arn:aws-cn:iam::aws:policy/IAMFullAccess`, `arn:${AWS::Partition}:iam::aws:policy/...`),
/// or, where bare names are allowed, the name alone.
fn admin_policy(
    text: &str,
    names_allowed: bool,
) -> Option<&'static (&'static str, Severity, &'static str)> {
    let name = match text.split_once(":iam::aws:policy/") {
        Some((partition, name)) if partition.starts_with("arn:") => name,
        _ if names_allowed => text,
        _ => return None,
    };
    ADMIN_POLICIES.iter().find(|(admin, _, _)| *admin == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::model::iam::{AttachedPolicy, Role};
    use crate::model::lambda::Function;
    use crate::rules::testing::{Source, run};

    fn role(values: Vec<Value>) -> Role {
        Role {
            path: "Resources.AppRole".to_owned(),
            span: crate::syntax::Span::default(),
            logical_id: "AppRole".into(),
            name: None,
            managed_policies: values,
            permissions_boundary: None,
        }
    }

    #[test]
    fn arns_in_every_partition_and_with_placeholders() {
        let mut src = Source::new();
        let values = vec![
            src.str("arn:aws:iam::aws:policy/AdministratorAccess"),
            src.str("arn:aws-us-gov:iam::aws:policy/PowerUserAccess"),
            Value {
                span: src.raw("!Sub arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess"),
                kind: ValueKind::Interpolated(
                    "arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess".into(),
                ),
            },
            src.str("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            src.str("arn:aws:iam::123456789012:policy/AdministratorAccess"),
            src.str("AdministratorAccess"),
        ];
        let model = Model { roles: vec![role(values)], ..Model::default() };
        let findings = run(&AdminManagedPolicy, &model, &src);

        assert_eq!(findings.len(), 3, "a customer policy or a bare name in a role is not AWS's");
        assert_eq!(findings[0].severity, Severity::Critical);
        assert_eq!(
            findings[0].message,
            "AWS managed policy AdministratorAccess is attached, which grants full administrator access"
        );
        assert_eq!(
            findings[0].span.slice(&src.text),
            "\"arn:aws:iam::aws:policy/AdministratorAccess\""
        );
        assert_eq!(findings[0].path, "Resources.AppRole.Properties.ManagedPolicyArns");
        assert_eq!(findings[1].severity, Severity::High);
        assert_eq!(findings[2].label.as_deref(), Some("IAMFullAccess"));
    }

    #[test]
    fn sam_names_and_attached_lists() {
        let mut src = Source::new();
        let function = Function {
            path: "Resources.Fn".to_owned(),
            managed_policies: vec![
                src.str("AdministratorAccess"),
                src.str("AWSLambdaBasicExecutionRole"),
            ],
            ..Function::default()
        };
        let attached = AttachedPolicy {
            path: "AttachedPolicies[0].PolicyArn".to_owned(),
            arn: src.str("arn:aws:iam::aws:policy/AWSOrganizationsFullAccess"),
            holder: None,
        };
        let model = Model {
            functions: vec![function],
            attached_policies: vec![attached],
            ..Model::default()
        };
        let findings = run(&AdminManagedPolicy, &model, &src);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].path, "Resources.Fn.Properties.Policies");
        assert_eq!(findings[1].value_key, "awsorganizationsfullaccess");
    }
}
