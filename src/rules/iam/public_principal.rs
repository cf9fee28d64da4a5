//! IAM006 public-principal: a resource or trust policy that lets anyone in, with no condition
//! that narrows who.

use super::narrowing::narrowing_clause;
use super::web_identity::{OpenProvider, open_providers};
use crate::model::child_path;
use crate::model::iam::{Policy, PolicyKind, Statement};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::syntax::Span;

static META: RuleMeta = crate::rule_meta!("IAM006", "public-principal", High);

pub struct PublicPrincipal;

impl Rule for PublicPrincipal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // An identity policy grants nothing to a Principal (IAM010 reports one there).
        let policies = cx.model.policies.iter().filter(|p| p.kind != PolicyKind::Identity);
        for policy in policies {
            for statement in &policy.statements {
                if !statement.is_allow() || narrowing_clause(statement.condition.as_ref()).is_some()
                {
                    continue;
                }
                for open in openings(statement) {
                    // A Lambda function's own policy grants invoke permissions, which LAM003
                    // judges with what narrows them there (a function URL's auth type).
                    if let Opening::Star(span) = open
                        && cx.model.permissions.iter().any(|p| {
                            p.principal.as_ref().is_some_and(|principal| principal.span == span)
                        })
                    {
                        continue;
                    }
                    out.push(finding(policy, statement, open));
                }
                for provider in open_providers(statement) {
                    out.push(federated_finding(statement, &provider));
                }
            }
        }
    }
}

/// How a statement lets everyone in.
#[derive(Clone, Copy)]
enum Opening {
    /// `"*"` as the principal or as an `AWS` principal: the token.
    Star(Span),
    /// `NotPrincipal` in an Allow: everyone but the few it names. The key.
    NotPrincipal(Span),
}

fn openings(statement: &Statement) -> Vec<Opening> {
    let mut found = Vec::new();
    if let Some(principal) = &statement.principal {
        found.extend(principal.any.map(Opening::Star));
        let aws = principal.entries.iter().filter(|entry| entry.kind.is("AWS"));
        for entry in aws {
            let stars = entry.values.literals().filter(|(_, text)| *text == "*");
            found.extend(stars.map(|(value, _)| Opening::Star(value.span)));
        }
    }
    if let Some(not_principal) = &statement.not_principal {
        found.push(Opening::NotPrincipal(not_principal.key_span));
    }
    found
}

fn finding(policy: &Policy, statement: &Statement, open: Opening) -> Finding {
    let trust = policy.kind == PolicyKind::Trust;
    let severity = if trust { Severity::Critical } else { Severity::High };
    let who = match open {
        Opening::Star(_) => "anyone",
        Opening::NotPrincipal(_) => "every principal but those NotPrincipal names",
    };
    let message = if trust {
        format!("trust policy lets {who} assume the role")
    } else {
        format!("resource policy allows {} to {who}", granted(statement))
    };
    let (span, label, field) = match open {
        Opening::Star(span) => (span, "any principal", "Principal"),
        Opening::NotPrincipal(span) => (span, "everyone but the principals listed", "NotPrincipal"),
    };

    let mut finding = Finding::new(META.code, META.name, severity, span)
        .message(message)
        .help(if trust {
            "name the accounts, roles or identity providers that may assume the role, and add \
             aws:PrincipalOrgID or sts:ExternalId conditions for third parties"
        } else {
            "name the accounts, roles or services that need access, or add a condition on \
             aws:PrincipalOrgID, aws:SourceArn or aws:SourceAccount"
        })
        .label(label)
        .path(child_path(&statement.path, field))
        .value_key(field.to_ascii_lowercase());
    if let Some(effect) = &statement.effect {
        finding = finding.secondary(effect.span, "allowed here");
    }
    if let Some(condition) = &statement.condition {
        finding = finding.secondary(condition.span, "this condition does not narrow who can call");
    }
    finding
}

/// A shared identity provider (GitHub Actions, Cognito) trusted without a condition that
/// says whose tokens count.
fn federated_finding(statement: &Statement, provider: &OpenProvider<'_>) -> Finding {
    let key = &provider.key;
    let mut finding = Finding::new(META.code, META.name, Severity::Critical, provider.value.span)
        .message(format!("trust policy lets {} assume the role", provider.anyone))
        .help(format!(
            "add a StringEquals or StringLike condition on {key} naming whose tokens may assume \
             the role"
        ))
        .label(format!("no condition on {key}"))
        .path(child_path(&statement.path, "Principal"))
        .value_key(key.clone());
    if let Some(effect) = &statement.effect {
        finding = finding.secondary(effect.span, "allowed here");
    }
    finding
}

/// The actions of the statement, for the message: `s3:GetObject`, `s3:GetObject and 2 more
/// actions`, or `every action but those NotAction names`.
fn granted(statement: &Statement) -> String {
    if statement.not_action.is_some() {
        return "every action but those NotAction names".to_owned();
    }
    let actions: Vec<&str> = statement
        .action
        .iter()
        .flat_map(crate::model::Values::literals)
        .map(|(_, text)| text)
        .collect();
    match actions.as_slice() {
        [] => "access".to_owned(),
        ["*"] => "every action".to_owned(),
        [one] => (*one).to_owned(),
        [first, rest @ ..] if rest.len() == 1 => format!("{first} and 1 more action"),
        [first, rest @ ..] => format!("{first} and {} more actions", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::{Condition, ConditionClause, Principal, PrincipalEntry};
    use crate::rules::testing::{Source, any_principal, policy, run, statement};

    fn with_principal(src: &mut Source, principal: Principal, actions: &[&str]) -> Statement {
        let (a, r) = (src.list(actions), src.one("arn:aws:s3:::bucket/*"));
        let mut stmt = statement(src, 0, "Allow", a, r);
        stmt.principal = Some(principal);
        stmt
    }

    fn aws_principal(src: &mut Source, values: &[&str]) -> Principal {
        let key_span = src.raw("\"Principal\":");
        let kind = src.str("AWS");
        let values = src.list(values);
        Principal {
            span: values.span,
            key_span,
            any: None,
            entries: vec![PrincipalEntry { kind, values }],
        }
    }

    fn condition(src: &mut Source, operator: &str, key: &str, value: &str) -> Condition {
        let operator = src.str(operator);
        let key = src.str(key);
        let values = src.one(value);
        Condition {
            span: operator.span.cover(values.span),
            clauses: vec![ConditionClause { operator, key, values }],
        }
    }

    #[test]
    fn star_in_a_bucket_policy_is_high() {
        let mut src = Source::new();
        let principal = any_principal(&mut src);
        let stmt = with_principal(&mut src, principal, &["s3:GetObject", "s3:PutObject"]);
        let findings = run(&PublicPrincipal, &policy(PolicyKind::Resource, vec![stmt]), &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.message, "resource policy allows s3:GetObject and 1 more action to anyone");
        assert_eq!(f.span.slice(&src.text), "\"*\"");
        assert_eq!(f.path, "Statement[0].Principal");
        assert_eq!(f.labels[0].span.slice(&src.text), "\"Allow\"");
    }

    #[test]
    fn aws_star_in_a_list_opens_a_trust_policy_critically() {
        let mut src = Source::new();
        let principal = aws_principal(&mut src, &["arn:aws:iam::123456789012:root", "*"]);
        let stmt = with_principal(&mut src, principal, &["sts:AssumeRole"]);
        let findings = run(&PublicPrincipal, &policy(PolicyKind::Trust, vec![stmt]), &src);

        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Critical);
        assert_eq!(findings[0].message, "trust policy lets anyone assume the role");
        let star = src.text.find("\"*\"").unwrap();
        assert_eq!(findings[0].span.start as usize, star);
    }

    #[test]
    fn a_narrowing_condition_closes_it_and_a_loose_one_does_not() {
        let mut src = Source::new();
        let p = any_principal(&mut src);
        let mut narrowed = with_principal(&mut src, p, &["sns:Publish"]);
        narrowed.condition =
            Some(condition(&mut src, "ArnLike", "aws:SourceArn", "arn:aws:s3:::uploads"));
        let p = any_principal(&mut src);
        let mut loose = with_principal(&mut src, p, &["sns:Publish"]);
        loose.condition = Some(condition(&mut src, "StringLike", "aws:PrincipalArn", "*"));

        let model = policy(PolicyKind::Resource, vec![narrowed, loose]);
        let findings = run(&PublicPrincipal, &model, &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].labels[1].message, "this condition does not narrow who can call");
        assert!(findings[0].labels[1].span.slice(&src.text).contains("aws:PrincipalArn"));
    }

    #[test]
    fn identity_policies_grant_nothing_to_a_principal() {
        let mut src = Source::new();
        let principal = any_principal(&mut src);
        let stmt = with_principal(&mut src, principal, &["s3:GetObject"]);
        assert!(run(&PublicPrincipal, &policy(PolicyKind::Identity, vec![stmt]), &src).is_empty());
    }

    #[test]
    fn not_principal_in_an_allow_is_public() {
        let mut src = Source::new();
        let (a, r) = (src.one("s3:GetObject"), src.one("arn:aws:s3:::bucket/*"));
        let mut stmt = statement(&mut src, 0, "Allow", a, r);
        let not = aws_principal(&mut src, &["arn:aws:iam::123456789012:root"]);
        stmt.not_principal = Some(not);
        let findings = run(&PublicPrincipal, &policy(PolicyKind::Resource, vec![stmt]), &src);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span.slice(&src.text), "\"Principal\":");
        assert_eq!(findings[0].path, "Statement[0].NotPrincipal");
    }

    #[test]
    fn named_principals_services_and_denies_pass() {
        let mut src = Source::new();
        let p = aws_principal(&mut src, &["arn:aws:iam::123456789012:root"]);
        let named = with_principal(&mut src, p, &["s3:GetObject"]);
        let service = {
            let key_span = src.raw("\"Principal\":");
            let kind = src.str("Service");
            let values = src.one("*");
            let p = Principal {
                span: values.span,
                key_span,
                any: None,
                entries: vec![PrincipalEntry { kind, values }],
            };
            with_principal(&mut src, p, &["s3:GetObject"])
        };
        let mut deny = {
            let (a, r) = (src.one("s3:*"), src.one("*"));
            statement(&mut src, 2, "Deny", a, r)
        };
        deny.principal = Some(any_principal(&mut src));
        let model = policy(PolicyKind::Resource, vec![named, service, deny]);
        assert!(run(&PublicPrincipal, &model, &src).is_empty());
    }
}
