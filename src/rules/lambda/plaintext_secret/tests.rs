//! LAM001 tests: severities, settings, masking and the references a value may be.

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
    assert_eq!(findings[0].message, "environment variable CONFIG_VALUE holds an AWS access key id");
    assert!(findings[0].help.as_deref().unwrap().contains("execution role"));
    assert!(!findings[0].message.contains("AKIA"));
}

#[test]
fn references_pointers_and_placeholders_pass() {
    let mut src = Source::new();
    let model = function(
        &mut src,
        &[
            ("DB_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"),
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
    assert_eq!(finding.message, "environment variable DATABASE_URL holds a URL with a password");

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
    model.functions[0].env[0].value = Value { span, kind: ValueKind::Choice(vec![safe, literal]) };
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
            (Severity::Low, "environment variable ROOT_PASSWORD holds a well-known default value"),
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
        findings.iter().filter(|f| f.severity != Severity::Medium).all(|f| f.redact == [f.span])
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
        &[("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), ("AWS_SECRET_ACCESS_KEY", example_secret)],
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

#[test]
fn references_to_parameters_by_their_no_echo_and_type() {
    use crate::model::Parameter;
    let mut src = Source::new();
    let mut model = function(
        &mut src,
        &[("DB_PASSWORD", "x"), ("API_TOKEN", "y"), ("KEY", "z"), ("TABLE", "t")],
    );
    let mut parameter = |name: &str, kind: &str, no_echo: bool| Parameter {
        name: name.into(),
        span: src.raw(name),
        kind: kind.into(),
        no_echo,
    };
    model.parameters = vec![
        parameter("Plain", "String", false),
        parameter("Ssm", "AWS::SSM::Parameter::Value<String>", false),
        parameter("Hidden", "String", true),
    ];
    for (var, target) in model.functions[0].env.iter_mut().zip(["Plain", "Ssm", "Hidden", "Plain"])
    {
        var.value.kind = ValueKind::Reference { function: "Ref".into(), target: target.into() };
    }
    let findings = run(&PlaintextSecret, &model, &src);
    let got: Vec<(Severity, &str)> =
        findings.iter().map(|f| (f.severity, f.message.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                Severity::Low,
                "environment variable DB_PASSWORD takes its secret from parameter Plain, which \
                 is not NoEcho"
            ),
            (
                Severity::Medium,
                "environment variable API_TOKEN reads its secret from a plain String parameter"
            ),
        ]
    );
    assert_eq!(findings[0].labels[0].span.slice(&src.text), "Plain");
    assert!(findings.iter().all(|f| f.redact.is_empty()));
}
