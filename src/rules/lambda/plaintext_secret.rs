//! LAM001 plaintext-secret: an environment variable holding a literal secret.
//!
//! The value is never put in a message, label or key: the finding names the variable, and the
//! value's span is marked for redaction so every renderer masks it.

use super::secrets::{self, Credential, Secret};
use crate::model::lambda::EnvVar;
use crate::model::{Value, ValueKind};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM001", "plaintext-secret", High);

pub struct PlaintextSecret;

impl Rule for PlaintextSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for function in &cx.model.functions {
            // Each alternative of an `Fn::If` is a value the variable may be deployed with.
            // Interpolated text (`Fn::Sub`) is read too: its placeholders are never secrets,
            // but a password written beside them is.
            for var in &function.env {
                for value in var.value.alternatives() {
                    let (ValueKind::Literal(text) | ValueKind::Interpolated(text)) = &value.kind
                    else {
                        continue;
                    };
                    out.extend(finding(var, value, text));
                }
            }
        }
    }
}

fn finding(var: &EnvVar, literal: &Value, value: &str) -> Option<Finding> {
    let name = var.name.as_literal();
    let secret = secrets::classify(name.unwrap_or(""), value)?;

    let subject = match name {
        Some(name) => format!("environment variable {name}"),
        None => "an environment variable".to_owned(),
    };
    let (severity, message, help) = match secret {
        Secret::Named => (
            Severity::High,
            format!("{subject} holds a literal secret"),
            "store it in Secrets Manager or SSM SecureString and pass its ARN or parameter name",
        ),
        Secret::Credential(credential) => (
            Severity::Critical,
            format!("{subject} holds {}", credential.describe()),
            credential_help(credential),
        ),
    };

    let length = value.chars().count();
    Some(
        Finding::new(META.code, META.name, severity, literal.span)
            .message(message)
            .help(help)
            .label(format!(
                "{length} character{}, shown masked",
                if length == 1 { "" } else { "s" }
            ))
            .path(var.path.clone())
            .value_key(name.unwrap_or(""))
            .redact(literal.span),
    )
}

fn credential_help(credential: Credential) -> &'static str {
    match credential {
        Credential::AwsAccessKeyId => {
            "deactivate and rotate the key, and let the function use its execution role instead \
             of access keys"
        }
        _ => {
            "rotate the credential, store it in Secrets Manager or SSM SecureString, and pass its \
             ARN or parameter name"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;
    use crate::rules::testing::{Source, function, run};

    #[test]
    fn literal_password_is_reported_without_its_value() {
        let mut src = Source::new();
        let model = function(&mut src, &[("STAGE", "prod"), ("DB_PASSWORD", "hunter2-Pr0d!")]);
        let findings = run(&PlaintextSecret, &model, &src);

        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.message, "environment variable DB_PASSWORD holds a literal secret");
        assert_eq!(f.span.slice(&src.text), "\"hunter2-Pr0d!\"");
        assert_eq!(f.redact, vec![f.span]);
        assert_eq!(f.label.as_deref(), Some("13 characters, shown masked"));
        assert_eq!(f.path, "Environment.Variables.DB_PASSWORD");
        assert_eq!(f.value_key, "DB_PASSWORD");

        let printed = format!("{} {:?} {:?} {}", f.message, f.label, f.help, f.value_key);
        assert!(!printed.contains("hunter2"));
    }

    #[test]
    fn known_credentials_are_critical_under_any_name() {
        let mut src = Source::new();
        let model = function(&mut src, &[("CONFIG_VALUE", "AKIAZ3MSJ5KXRTQ4P7LN")]);
        let findings = run(&PlaintextSecret, &model, &src);

        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Critical);
        assert_eq!(
            findings[0].message,
            "environment variable CONFIG_VALUE holds an AWS access key id"
        );
        assert!(findings[0].help.as_deref().unwrap().contains("execution role"));
        assert!(!findings[0].message.contains("AKIA"));
    }

    #[test]
    fn references_pointers_and_placeholders_pass() {
        let mut src = Source::new();
        let model = function(
            &mut src,
            &[
                (
                    "DB_PASSWORD_SECRET_ARN",
                    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
                ),
                ("DB_PASSWORD", "{{resolve:secretsmanager:prod/db:SecretString:password}}"),
                ("API_KEY", "/prod/api-key"),
                ("TOKEN_TTL", "3600"),
                ("AUTH_ENABLED", "true"),
                ("JWT_SECRET", ""),
            ],
        );
        assert!(run(&PlaintextSecret, &model, &src).is_empty());
    }

    #[test]
    fn values_known_only_at_deploy_time_pass() {
        let mut src = Source::new();
        let mut model = function(&mut src, &[("DB_PASSWORD", "x")]);
        let span = src.raw("{\"Ref\": \"DbPassword\"}");
        model.functions[0].env[0].value = Value {
            span,
            kind: crate::model::ValueKind::Reference {
                function: "Ref".into(),
                target: "DbPassword".into(),
            },
        };
        assert!(run(&PlaintextSecret, &model, &src).is_empty());
    }

    #[test]
    fn interpolated_text_is_read_around_its_placeholders() {
        let mut src = Source::new();
        let mut model = function(&mut src, &[("DATABASE_URL", "x"), ("DB_PASSWORD", "y")]);
        let interpolated = |src: &mut Source, text: &str| Value {
            span: src.raw(&format!("\"{text}\"")),
            kind: ValueKind::Interpolated(text.into()),
        };
        model.functions[0].env[0].value =
            interpolated(&mut src, "postgres://app:S3cretPa55@${Db.Endpoint.Address}/orders");
        model.functions[0].env[1].value = interpolated(&mut src, "${DbPassword}");
        let findings = run(&PlaintextSecret, &model, &src);
        let [finding] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(
            finding.message,
            "environment variable DATABASE_URL holds a URL with a password"
        );

        let url = interpolated(&mut src, "postgres://app:${DbPassword}@${Db.Endpoint.Address}/db");
        model.functions[0].env[0].value = url;
        assert!(run(&PlaintextSecret, &model, &src).is_empty());
    }

    #[test]
    fn every_alternative_of_a_choice_is_read() {
        let mut src = Source::new();
        let mut model = function(&mut src, &[("API_TOKEN", "x")]);
        let safe = src.str("{{resolve:ssm-secure:/prod/token}}");
        let literal = src.str("tok-4f9a8b7c6d5e");
        let span = safe.span.cover(literal.span);
        model.functions[0].env[0].value =
            Value { span, kind: ValueKind::Choice(vec![safe, literal]) };
        let findings = run(&PlaintextSecret, &model, &src);
        let [finding] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(finding.span.slice(&src.text), "\"tok-4f9a8b7c6d5e\"");
        assert_eq!(finding.redact, vec![finding.span]);
    }

    #[test]
    fn one_character_label() {
        let mut src = Source::new();
        let model = function(&mut src, &[("PASSWORD", "a")]);
        let findings = run(&PlaintextSecret, &model, &src);
        assert_eq!(findings[0].label.as_deref(), Some("1 character, shown masked"));
    }
}
