//! Web identity federation in trust policies. Some identity providers are shared by everyone:
//! any GitHub repository, any gitlab.com project, any Terraform Cloud workspace, any Cognito
//! identity pool gets tokens from the same issuer. A trust policy that admits such a provider
//! lets all of them assume the role, unless a condition on the token's subject (or, for
//! Cognito, its audience: the pool) says whose tokens count.

use crate::model::iam::{Condition, Statement};
use crate::model::{Value, ValueKind};

/// A shared issuer: its host, the claim that says whose token it is, and who it lets in
/// without a condition on that claim.
struct Issuer {
    host: &'static str,
    claim: &'static str,
    anyone: &'static str,
}

const SHARED_ISSUERS: &[Issuer] = &[
    Issuer {
        host: "token.actions.githubusercontent.com",
        claim: "sub",
        anyone: "any GitHub Actions workflow",
    },
    Issuer { host: "gitlab.com", claim: "sub", anyone: "any gitlab.com CI job" },
    Issuer { host: "app.terraform.io", claim: "sub", anyone: "any Terraform Cloud workspace" },
    Issuer {
        host: "cognito-identity.amazonaws.com",
        claim: "aud",
        anyone: "any Cognito identity pool's users",
    },
];

/// A federated principal of a shared issuer that no condition narrows.
pub struct OpenProvider<'a> {
    /// The `Federated` value.
    pub value: &'a Value,
    /// Who it lets in: `any GitHub Actions workflow`.
    pub anyone: &'static str,
    /// The condition key that would narrow it: `token.actions.githubusercontent.com:sub`.
    pub key: String,
}

/// The federated principals of `statement` that let everyone of a shared issuer in.
pub fn open_providers(statement: &Statement) -> Vec<OpenProvider<'_>> {
    let Some(principal) = &statement.principal else { return Vec::new() };
    let federated = principal.entries.iter().filter(|e| e.kind.is("Federated"));
    let mut found = Vec::new();
    for value in federated.flat_map(|e| e.values.iter()).flat_map(Value::alternatives) {
        let (ValueKind::Literal(text) | ValueKind::Interpolated(text)) = &value.kind else {
            continue;
        };
        // An OIDC provider is named by its ARN (`...:oidc-provider/<host>`); Cognito by host.
        let host = text.rsplit_once("oidc-provider/").map_or(&**text, |(_, host)| host);
        let Some(issuer) = SHARED_ISSUERS.iter().find(|i| i.host.eq_ignore_ascii_case(host)) else {
            continue;
        };
        let key = format!("{}:{}", issuer.host, issuer.claim);
        if !names_whose_tokens(statement.condition.as_ref(), &key, issuer.claim) {
            found.push(OpenProvider { value, anyone: issuer.anyone, key });
        }
    }
    found
}

/// Whether a clause requires the claim `key` to match specific values: a matching operator
/// without `IfExists` or `ForAllValues:`, and values that name an owner (`repo:org/*`), not a
/// wildcard (`repo:*`, `*`).
fn names_whose_tokens(condition: Option<&Condition>, key: &str, claim: &str) -> bool {
    let Some(condition) = condition else { return false };
    condition.clauses.iter().any(|clause| {
        let (Some(operator), Some(clause_key)) =
            (clause.operator.as_literal(), clause.key.as_literal())
        else {
            return false;
        };
        let operator = operator.to_ascii_lowercase();
        let base = operator.strip_prefix("foranyvalue:").unwrap_or(&operator);
        let matching = matches!(base, "stringequals" | "stringlike" | "stringequalsignorecase");
        matching
            && clause_key.eq_ignore_ascii_case(key)
            && !clause.values.items.is_empty()
            && clause.values.iter().flat_map(Value::alternatives).all(|v| is_specific(v, claim))
    })
}

fn is_specific(value: &Value, claim: &str) -> bool {
    let ValueKind::Literal(text) = &value.kind else { return true };
    match text.find(['*', '?']) {
        None => !text.is_empty(),
        // A subject pattern must spell out its owner (`repo:org/...`); an audience must be
        // exact.
        Some(wildcard) => claim == "sub" && text[..wildcard].contains('/'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Values;
    use crate::model::iam::{ConditionClause, Principal, PrincipalEntry};
    use crate::syntax::Span;

    fn lit(text: &str) -> Value {
        Value::literal(Span::default(), text)
    }

    fn values(items: &[&str]) -> Values {
        Values {
            span: Span::default(),
            key_span: Span::default(),
            items: items.iter().map(|t| lit(t)).collect(),
        }
    }

    fn trust(provider: &str, clauses: &[(&str, &str, &[&str])]) -> Statement {
        let principal = Principal {
            span: Span::default(),
            key_span: Span::default(),
            any: None,
            entries: vec![PrincipalEntry { kind: lit("Federated"), values: values(&[provider]) }],
        };
        let clauses = clauses
            .iter()
            .map(|(op, key, vals)| ConditionClause {
                operator: lit(op),
                key: lit(key),
                values: values(vals),
            })
            .collect();
        Statement {
            path: "Statement[0]".to_owned(),
            span: Span::default(),
            sid: None,
            effect: Some(lit("Allow")),
            action: Some(values(&["sts:AssumeRoleWithWebIdentity"])),
            not_action: None,
            resource: None,
            not_resource: None,
            principal: Some(principal),
            not_principal: None,
            condition: Some(Condition { span: Span::default(), clauses }),
        }
    }

    const GITHUB: &str =
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

    #[test]
    fn github_needs_a_subject_with_an_owner() {
        let aud_only = trust(
            GITHUB,
            &[("StringEquals", "token.actions.githubusercontent.com:aud", &["sts.amazonaws.com"])],
        );
        let open = open_providers(&aud_only);
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].anyone, "any GitHub Actions workflow");
        assert_eq!(open[0].key, "token.actions.githubusercontent.com:sub");

        for (op, sub) in [
            ("StringLike", "repo:*"),
            ("StringLike", "*"),
            ("StringLikeIfExists", "repo:org/app:*"),
            ("StringNotEquals", "repo:org/app:ref:refs/heads/main"),
        ] {
            let stmt = trust(GITHUB, &[(op, "token.actions.githubusercontent.com:sub", &[sub])]);
            assert_eq!(open_providers(&stmt).len(), 1, "{op} {sub}");
        }
        for sub in
            ["repo:org/*", "repo:org/app:ref:refs/heads/main", "repo:org/app:environment:prod"]
        {
            let stmt =
                trust(GITHUB, &[("StringLike", "token.actions.githubusercontent.com:sub", &[sub])]);
            assert!(open_providers(&stmt).is_empty(), "{sub}");
        }
    }

    #[test]
    fn cognito_needs_its_pool() {
        let open = trust(
            "cognito-identity.amazonaws.com",
            &[("ForAnyValue:StringLike", "cognito-identity.amazonaws.com:amr", &["authenticated"])],
        );
        assert_eq!(open_providers(&open).len(), 1);
        let pool = trust(
            "cognito-identity.amazonaws.com",
            &[(
                "StringEquals",
                "cognito-identity.amazonaws.com:aud",
                &["eu-west-1:1a2b3c4d-0000-1111-2222-333344445555"],
            )],
        );
        assert!(open_providers(&pool).is_empty());
    }

    #[test]
    fn private_providers_pass() {
        let eks = trust(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            &[],
        );
        let saml = trust("arn:aws:iam::123456789012:saml-provider/corp", &[]);
        assert!(open_providers(&eks).is_empty() && open_providers(&saml).is_empty());
    }
}
