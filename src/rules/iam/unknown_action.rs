//! IAM007 unknown-action: an action or pattern that matches nothing in the IAM action catalog.

use crate::catalog::ActionPattern;
use crate::model::Value;
use crate::model::iam::Statement;
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("IAM007", "unknown-action", Medium);

pub struct UnknownAction;

impl Rule for UnknownAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for policy in &cx.model.policies {
            // Asked for inside the loop: a file without policies never loads the catalog.
            for statement in &policy.statements {
                let fields = [("Action", &statement.action), ("NotAction", &statement.not_action)];
                for (field, values) in fields {
                    let Some(values) = values else { continue };
                    for (index, value, text) in values.indexed_literals() {
                        let Some(problem) = Problem::of(cx, text) else { continue };
                        let path = super::item_path(statement, field, values, index);
                        out.push(finding(statement, field, value, text, &problem, path));
                    }
                }
            }
        }
    }
}

/// Why an item matches nothing, and the closest known spelling when there is one.
enum Problem {
    /// Neither `*` nor `service:action`.
    Malformed,
    /// No service has this prefix (or, for a pattern, none matches it).
    Service { suggestion: Option<String> },
    /// The service exists and has no action of this name (or none matching the pattern).
    Action { service: String, suggestion: Option<String> },
}

impl Problem {
    fn of(cx: &Context<'_>, text: &str) -> Option<Self> {
        let (service_part, name_part) = match ActionPattern::parse(text) {
            ActionPattern::Every => return None,
            ActionPattern::Malformed => return Some(Self::Malformed),
            ActionPattern::Scoped { service, name } => (service, name),
        };
        if !cx.expand(text).is_empty() {
            return None;
        }
        let catalog = cx.settings.catalog();

        let wild = |part: &str| part.contains(['*', '?']);
        if wild(service_part) {
            // A pattern over prefixes matches no action at all: say so without guessing.
            let any_service =
                catalog.services().any(|s| crate::catalog::glob_matches(service_part, s.prefix()));
            return Some(if any_service {
                Self::Action { service: service_part.to_owned(), suggestion: None }
            } else {
                Self::Service { suggestion: None }
            });
        }
        let Some(service) = catalog.service(service_part) else {
            let suggestion = catalog
                .suggest_service(service_part)
                .map(|s| format!("{}:{name_part}", s.prefix()));
            return Some(Self::Service { suggestion });
        };
        let suggestion = (!wild(name_part))
            .then(|| catalog.suggest_action(service, name_part))
            .flatten()
            .map(|a| format!("{}:{}", service.prefix(), a.name()));
        Some(Self::Action { service: service.prefix().to_owned(), suggestion })
    }

    fn suggestion(&self) -> Option<&str> {
        match self {
            Self::Malformed => None,
            Self::Service { suggestion } | Self::Action { suggestion, .. } => suggestion.as_deref(),
        }
    }
}

fn finding(
    statement: &Statement,
    field: &str,
    value: &Value,
    text: &str,
    problem: &Problem,
    path: String,
) -> Finding {
    // A misspelt Deny denies nothing, and a misspelt NotAction of an Allow leaves the action it
    // meant to exclude allowed: both silently grant more than the author intended.
    let widens = (field == "Action" && statement.is_deny())
        || (field == "NotAction" && statement.is_allow());
    let severity = if widens { Severity::High } else { Severity::Medium };

    let is_pattern = text.contains(['*', '?']);
    let (message, label) = match problem {
        Problem::Malformed => (
            format!("action `{text}` is not of the form service:action"),
            "not service:action".to_owned(),
        ),
        Problem::Service { .. } if is_pattern => {
            (format!("pattern `{text}` matches no service prefix"), "matches no service".to_owned())
        }
        Problem::Service { .. } => {
            let prefix = text.split_once(':').map_or(text, |(s, _)| s);
            (format!("unknown service prefix `{prefix}` in `{text}`"), "unknown service".to_owned())
        }
        Problem::Action { service, .. } if is_pattern => (
            format!("pattern `{text}` matches no {service} action"),
            "matches no action".to_owned(),
        ),
        Problem::Action { service, .. } => {
            (format!("`{text}` is not a known {service} action"), "unknown action".to_owned())
        }
    };
    let help = match problem.suggestion() {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => "check the name against the AWS service authorization reference; for an action \
                 newer than the compiled-in catalog, pass a newer catalog with --iam-catalog"
            .to_owned(),
    };

    let mut finding = Finding::new(META.code, META.name, severity, value.span)
        .message(message)
        .help(help)
        .label(label)
        .path(path)
        .value_key(text.to_ascii_lowercase());
    if widens && let Some(effect) = &statement.effect {
        let why = if statement.is_deny() {
            "denies nothing for this action"
        } else {
            "does not exclude what was meant"
        };
        finding = finding.secondary(effect.span, why);
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::PolicyKind;
    use crate::rules::testing::{Source, policy, run, statement};

    fn check(effect: &str, actions: &[&str]) -> (Source, Vec<Finding>) {
        let mut src = Source::new();
        let (a, r) = (src.list(actions), src.one("arn:aws:s3:::bucket/*"));
        let stmt = statement(&mut src, 0, effect, a, r);
        let findings = run(&UnknownAction, &policy(PolicyKind::Identity, vec![stmt]), &src);
        (src, findings)
    }

    #[test]
    fn misspelt_action_with_a_suggestion() {
        let (src, findings) = check("Allow", &["s3:GetObject", "s3:GetObjekt"]);
        let [f] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.message, "`s3:GetObjekt` is not a known s3 action");
        assert_eq!(f.help.as_deref(), Some("did you mean `s3:GetObject`?"));
        assert_eq!(f.span.slice(&src.text), "\"s3:GetObjekt\"");
        assert_eq!(f.label.as_deref(), Some("unknown action"));
        assert_eq!(f.path, "Statement[0].Action[1]");
        assert!(f.labels.is_empty(), "no Effect label in an Allow");
    }

    #[test]
    fn a_misspelt_deny_is_high() {
        let (src, findings) = check("Deny", &["iam:DeleteRolePolicys"]);
        let [f] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.help.as_deref(), Some("did you mean `iam:DeleteRolePolicy`?"));
        assert_eq!(f.labels[0].span.slice(&src.text), "\"Deny\"");
        assert_eq!(f.labels[0].message, "denies nothing for this action");
    }

    #[test]
    fn unknown_service_prefix() {
        let (_, findings) = check("Allow", &["dynamodbb:GetItem", "zzzz:Get"]);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message,
            "unknown service prefix `dynamodbb` in `dynamodbb:GetItem`"
        );
        assert_eq!(findings[0].help.as_deref(), Some("did you mean `dynamodb:GetItem`?"));
        assert_eq!(findings[1].message, "unknown service prefix `zzzz` in `zzzz:Get`");
        assert!(findings[1].help.as_deref().unwrap().contains("--iam-catalog"));
    }

    #[test]
    fn patterns_that_match_nothing() {
        let (_, findings) = check("Allow", &["s3:Gett*", "zz*:Get*", "s*:Frobnicate*"]);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "pattern `s3:Gett*` matches no s3 action",
                "pattern `zz*:Get*` matches no service prefix",
                "pattern `s*:Frobnicate*` matches no s* action",
            ]
        );
        assert!(findings.iter().all(|f| !f.help.as_deref().unwrap().starts_with("did you mean")));
    }

    #[test]
    fn malformed_items() {
        let (_, findings) = check("Allow", &["s3", "GetObject", ":GetObject", "s3:"]);
        assert_eq!(findings.len(), 4);
        assert_eq!(findings[0].message, "action `s3` is not of the form service:action");
    }

    #[test]
    fn known_actions_and_patterns_in_any_case_pass() {
        let actions = ["*", "*:*", "S3:getobject", "s3:Get*", "iam:?etRole", "ec2:*Instance*"];
        assert!(check("Allow", &actions).1.is_empty());
        assert!(check("Deny", &actions).1.is_empty());
    }

    #[test]
    fn not_action_of_an_allow_is_high() {
        let mut src = Source::new();
        let (a, r) = (src.one("s3:GetObject"), src.one("*"));
        let mut stmt = statement(&mut src, 0, "Allow", a, r);
        stmt.not_action = Some(src.list(&["iam:*", "organisations:*"]));
        let findings = run(&UnknownAction, &policy(PolicyKind::Identity, vec![stmt]), &src);
        let [f] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.path, "Statement[0].NotAction[1]");
        assert_eq!(f.help.as_deref(), Some("did you mean `organizations:*`?"));
        assert_eq!(f.labels[0].message, "does not exclude what was meant");
    }

    #[test]
    fn a_user_catalog_replaces_the_builtin_one() {
        use crate::catalog::Catalog;
        use crate::rules::{Settings, testing::run_with};
        let json = r#"{"s3": {"Actions": {"getobject": {}, "brandnewcall": {}}}}"#;
        let catalog = Catalog::from_policies_json(json).unwrap();
        let settings = Settings::default().with_catalog(catalog);
        let mut src = Source::new();
        let (a, r) = (src.list(&["s3:BrandNewCall", "s3:PutObject"]), src.one("*"));
        let stmt = statement(&mut src, 0, "Allow", a, r);
        let model = policy(PolicyKind::Identity, vec![stmt]);
        let findings = run_with(&UnknownAction, &model, &src, &settings);
        let [f] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(f.message, "`s3:PutObject` is not a known s3 action");
    }
}
