//! LAM001 plaintext-secret: an environment variable holding a literal secret.
//!
//! The value is never put in a message, label or key: the finding names the variable, and the
//! value's span is marked for redaction so every renderer masks it.

use super::credentials::{is_aws_example_secret_key, is_aws_secret_key_shape};
use super::names;
use super::secrets::{self, Credential, Secret, Strength};
use crate::model::lambda::{EnvVar, Function};
use crate::model::{Value, ValueKind};
use crate::report::{Finding, Severity};
use crate::rules::settings::LambdaSettings;
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM001", "plaintext-secret", High);

pub struct PlaintextSecret;

impl Rule for PlaintextSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let settings = &cx.settings.lambda;
        for function in &cx.model.functions {
            let key_id = access_key_id(function, settings);

            // Each alternative of an `Fn::If` is a value the variable may be deployed with.
            // Interpolated text (`Fn::Sub`) is read too: its placeholders are never secrets,
            // but a password written beside them is.
            for var in &function.env {
                let name = var.name.as_literal().unwrap_or("");
                if settings.allowed_names.matches(name) {
                    continue;
                }
                for value in var.value.alternatives() {
                    let Some(text) = text_of(value) else { continue };
                    if settings.allowed_values.matches(text) {
                        continue;
                    }
                    let beside = key_id.filter(|k| !std::ptr::eq(*k, var));
                    let Some(mut finding) = finding(var, value, text, beside, settings) else {
                        continue;
                    };
                    // A value taken from a parameter's default is written there: that is the
                    // text to mask, not the `Ref` that brought it here.
                    let from = cx.model.parameter_uses.iter().find(|u| u.span == value.span);
                    if let Some(used) = from
                        && !finding.redact.is_empty()
                    {
                        finding.redact = vec![used.default];
                        finding.label = finding.label.map(|l| format!("parameter default of {l}"));
                    }
                    out.push(finding);
                }
            }
        }
    }
}

fn text_of(value: &Value) -> Option<&str> {
    match &value.kind {
        ValueKind::Literal(text) | ValueKind::Interpolated(text) => Some(text),
        _ => None,
    }
}

/// The variable of `function` holding an AWS access key id, which makes a 40-character value
/// beside it its secret key.
fn access_key_id<'a>(function: &'a Function, settings: &LambdaSettings) -> Option<&'a EnvVar> {
    function.env.iter().find(|var| {
        let allowed = var.name.as_literal().is_some_and(|n| settings.allowed_names.matches(n));
        !allowed
            && var.value.alternatives().into_iter().filter_map(text_of).any(|text| {
                !settings.allowed_values.matches(text)
                    && matches!(
                        secrets::classify("", text, &[]),
                        Some(Secret::Credential(
                            Credential::AwsAccessKeyId | Credential::AwsExampleKey
                        ))
                    )
            })
    })
}

/// A secret access key: the shape of one, beside an access key id or under a name that calls
/// it a secret key (`AWS_SECRET_ACCESS_KEY`, `SECRET_KEY`). The documentation's example key is
/// recognized in the same places, and only there: elsewhere it is just a string.
fn secret_access_key(name: &str, value: &str, beside: bool) -> Option<Credential> {
    let words = names::words(name);
    let has = |word: &str| words.iter().any(|w| w == word);
    let placed = beside || (has("secret") && (has("key") || has("access")));
    if !placed {
        None
    } else if is_aws_secret_key_shape(value) {
        Some(Credential::AwsSecretAccessKey)
    } else if is_aws_example_secret_key(value) {
        Some(Credential::AwsExampleKey)
    } else {
        None
    }
}

fn finding(
    var: &EnvVar,
    literal: &Value,
    value: &str,
    key_id: Option<&EnvVar>,
    settings: &LambdaSettings,
) -> Option<Finding> {
    let name = var.name.as_literal();
    let secret = if let Some(key) = secret_access_key(name.unwrap_or(""), value, key_id.is_some()) {
        Secret::Credential(key)
    } else {
        secrets::classify(name.unwrap_or(""), value, &settings.secret_terms)?
    };

    let subject = match name {
        Some(name) => format!("environment variable {name}"),
        None => "an environment variable".to_owned(),
    };
    let store = "store it in Secrets Manager or SSM SecureString and pass its ARN or parameter \
                 name";
    let (severity, message, help) = match secret {
        Secret::Credential(Credential::AwsExampleKey) => (
            Severity::Low,
            format!("{subject} holds {}", Credential::AwsExampleKey.describe()),
            credential_help(Credential::AwsExampleKey).to_owned(),
        ),
        Secret::Credential(credential) => (
            Severity::Critical,
            format!("{subject} holds {}", credential.describe()),
            credential_help(credential).to_owned(),
        ),
        Secret::Named(Strength::RealLooking | Strength::Weak) => (
            if secret == Secret::Named(Strength::Weak) { Severity::Medium } else { Severity::High },
            format!("{subject} holds a literal secret"),
            store.to_owned(),
        ),
        Secret::Named(Strength::Identifier) => (
            Severity::Low,
            format!("{subject} holds a literal value under a secret name"),
            format!(
                "if the value names a secret, end the variable's name in _NAME or _ARN; if it is \
                 the secret, {store}"
            ),
        ),
        Secret::Named(Strength::Default) => (
            Severity::Low,
            format!("{subject} holds a well-known default value"),
            format!("generate a real secret, {store}"),
        ),
        Secret::PlainParameter => (
            Severity::Medium,
            format!("{subject} reads its secret from a plain String parameter"),
            "store the secret as an SSM SecureString parameter or in Secrets Manager, pass its \
             name, and read it at run time"
                .to_owned(),
        ),
    };

    let base = Finding::new(META.code, META.name, severity, literal.span)
        .message(message)
        .help(help)
        .path(var.path.clone())
        .value_key(name.unwrap_or(""));
    if secret == Secret::PlainParameter {
        return Some(base.label("a String parameter, stored unencrypted"));
    }

    let length = value.chars().count();
    let mut finding = base
        .label(format!("{length} character{}, shown masked", if length == 1 { "" } else { "s" }))
        .redact(literal.span);
    if secret == Secret::Named(Strength::Weak) {
        finding = finding.note(
            "the value is short or repetitive, so it may be a test value; it is deployed as \
             written all the same",
        );
    }
    if secret == Secret::Credential(Credential::AwsSecretAccessKey)
        && let Some(key_id) = key_id
    {
        finding = finding.secondary(key_id.name.span, "access key id of the same function");
    }
    Some(finding)
}

fn credential_help(credential: Credential) -> &'static str {
    match credential {
        Credential::AwsAccessKeyId | Credential::AwsSecretAccessKey => {
            "deactivate and rotate the key, and let the function use its execution role instead \
             of access keys"
        }
        Credential::AwsExampleKey => {
            "remove the access key and let the function use its execution role instead of \
             access keys"
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
    use crate::rules::Settings;
    use crate::rules::settings::{LambdaSettings, NamePatterns, ValuePatterns};
    use crate::rules::testing::{Source, function, run, run_with};

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

    #[test]
    fn severity_follows_the_evidence() {
        let mut src = Source::new();
        let model = function(
            &mut src,
            &[
                ("DB_PASSWORD", "Tr0ub4dor&3-orders"),
                ("ADMIN_PASSWORD", "hunter2"),
                ("ROOT_PASSWORD", "changeme"),
                ("API_TOKEN", "{{resolve:ssm:/orders/api-token}}"),
                ("GITLAB", "glpat-xY3zA8bC1dE4fG7hJ2kL"),
            ],
        );
        let findings = run(&PlaintextSecret, &model, &src);
        let got: Vec<(Severity, &str)> =
            findings.iter().map(|f| (f.severity, f.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (Severity::High, "environment variable DB_PASSWORD holds a literal secret"),
                (Severity::Medium, "environment variable ADMIN_PASSWORD holds a literal secret"),
                (
                    Severity::Low,
                    "environment variable ROOT_PASSWORD holds a well-known default value"
                ),
                (
                    Severity::Medium,
                    "environment variable API_TOKEN reads its secret from a plain String parameter"
                ),
                (Severity::Critical, "environment variable GITLAB holds a GitLab token"),
            ]
        );
        assert!(findings[1].notes[0].contains("short or repetitive"));
        // The parameter name is no secret: nothing to mask.
        assert!(findings[3].redact.is_empty());
        assert!(
            findings
                .iter()
                .filter(|f| f.severity != Severity::Medium)
                .all(|f| f.redact == [f.span])
        );
    }

    #[test]
    fn secret_key_beside_an_access_key_id() {
        let mut src = Source::new();
        let model = function(
            &mut src,
            &[
                ("UPLOAD_ID", "AKIAZ3MSJ5KXRTQ4P7LN"),
                ("UPLOAD_KEY", "q7Rk2Pz9LmX4vB8nC1dF6gH3jK5tY0wE2aS9uI7o"),
                ("BUILD_REF", "Zt8/Lq3+Wm9rKx2Vb7Nc4Hd6Jf1Gs5Pa0Ey3Ui8Q"),
            ],
        );
        let findings = run(&PlaintextSecret, &model, &src);
        assert_eq!(findings.len(), 3, "{findings:?}");
        assert_eq!(
            findings[1].message,
            "environment variable UPLOAD_KEY holds an AWS secret access key"
        );
        assert_eq!(findings[1].severity, Severity::Critical);
        assert_eq!(findings[1].labels[0].span.slice(&src.text), "\"UPLOAD_ID\"");
        assert_eq!(findings[1].labels[0].message, "access key id of the same function");
        assert_eq!(findings[2].severity, Severity::Critical);

        // Alone, the same shape is only reported under a name that calls it a secret key.
        let mut src = Source::new();
        let model = function(
            &mut src,
            &[
                ("BUILD_REF", "q7Rk2Pz9LmX4vB8nC1dF6gH3jK5tY0wE2aS9uI7o"),
                ("AWS_SECRET_ACCESS_KEY", "Zt8/Lq3+Wm9rKx2Vb7Nc4Hd6Jf1Gs5Pa0Ey3Ui8Q"),
            ],
        );
        let findings = run(&PlaintextSecret, &model, &src);
        let [finding] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(
            finding.message,
            "environment variable AWS_SECRET_ACCESS_KEY holds an AWS secret access key"
        );
        assert!(finding.labels.is_empty());
    }

    #[test]
    fn user_settings_add_words_and_allow_names_and_values() {
        let mut src = Source::new();
        let model = function(
            &mut src,
            &[
                ("CARD_PIN", "48Kz-19Qa-77Wp"),
                ("JWT_PUBLIC_KEY_SECRET", "MIIBIjANBgkqhkiG9w0BAQEF"),
                ("DB_PASSWORD", "local-dev-Pa55word"),
                ("ACCESS_KEY", "AKIAZ3MSJ5KXRTQ4P7LN"),
                ("SECRET", "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"),
            ],
        );
        assert_eq!(run(&PlaintextSecret, &model, &src).len(), 4);

        let lambda = LambdaSettings {
            allowed_names: NamePatterns::new(&["*_public_key*", "access_key"]).unwrap(),
            allowed_values: ValuePatterns::new(&["^local-dev-"]).unwrap(),
            ..LambdaSettings::default()
        }
        .with_secret_words(&["pin"]);
        let settings = Settings { lambda, ..Settings::default() };
        let findings = run_with(&PlaintextSecret, &model, &src, &settings);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        // The allowed key id no longer makes its neighbour a secret key; the name still does.
        assert_eq!(
            messages,
            [
                "environment variable CARD_PIN holds a literal secret",
                "environment variable SECRET holds a literal secret",
            ]
        );
    }

    #[test]
    fn documentation_example_keys_are_low_and_only_where_keys_go() {
        let mut src = Source::new();
        let example_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let model = function(
            &mut src,
            &[
                ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
                ("AWS_SECRET_ACCESS_KEY", example_secret),
            ],
        );
        let findings = run(&PlaintextSecret, &model, &src);
        assert_eq!(findings.len(), 2);
        for finding in &findings {
            assert_eq!(finding.severity, Severity::Low);
            assert!(finding.message.ends_with("holds the AWS documentation example access key"));
            assert!(finding.help.as_deref().unwrap().starts_with("remove the access key"));
        }

        let mut src = Source::new();
        let model =
            function(&mut src, &[("DATA_HASH", example_secret), ("ID", "12345678901234567890")]);
        assert!(run(&PlaintextSecret, &model, &src).is_empty());
    }
}
