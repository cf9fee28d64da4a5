//! LAM001 plaintext-secret: an environment variable holding a literal secret.
//!
//! The value is never put in a message, label or key: the finding names the variable, and the
//! value's span is marked for redaction so every renderer masks it.

use super::credentials::{is_aws_example_secret_key, is_aws_secret_key_shape};
use super::names;
use super::secrets::{self, Credential, Secret, Strength};
use crate::model::Model;
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
                    if let Some(finding) = parameter_finding(var, value, cx.model, settings) {
                        out.push(finding);
                        continue;
                    }
                    let Some(text) = text_of(value) else { continue };
                    if settings.allowed_values.matches(text) {
                        continue;
                    }
                    let beside = key_id.filter(|k| !std::ptr::eq(*k, var));
                    if let Some(finding) = finding(var, value, text, beside, settings) {
                        out.push(masked_at_default(finding, value, cx.model));
                    }
                }
            }
        }
    }
}

/// A value taken from a parameter's default is written there: that is the text to mask, not
/// the `Ref` that brought it here.
fn masked_at_default(mut finding: Finding, value: &Value, model: &Model) -> Finding {
    let from = model.parameter_uses.iter().find(|u| u.span == value.span);
    if let Some(used) = from
        && !finding.redact.is_empty()
    {
        finding.redact = vec![used.default];
        finding.label = finding.label.map(|l| format!("parameter default of {l}"));
    }
    finding
}

/// A secret-named variable that takes a template parameter CloudFormation does not mask: the
/// secret is shown in the console, in `describe-stacks` and in stack events. A parameter of an
/// SSM type reads a plain `String` parameter. A `NoEcho` parameter is what it should be.
fn parameter_finding(
    var: &EnvVar,
    value: &Value,
    model: &Model,
    settings: &LambdaSettings,
) -> Option<Finding> {
    let ValueKind::Reference { function, target } = &value.kind else { return None };
    if &**function != "Ref" {
        return None;
    }
    let parameter = model.parameters.iter().find(|p| p.name == *target)?;
    let name = var.name.as_literal()?;
    names::secret_term(name, &settings.secret_terms)?;
    if parameter.no_echo {
        return None;
    }

    let subject = format!("environment variable {name}");
    let from_ssm = parameter.kind.starts_with("AWS::SSM::Parameter::Value");
    let finding = if from_ssm {
        Finding::new(META.code, META.name, Severity::Medium, value.span)
            .message(format!("{subject} reads its secret from a plain String parameter"))
            .help(
                "store the secret as an SSM SecureString parameter or in Secrets Manager, pass \
                 its name, and read it at run time",
            )
            .label("an SSM String parameter, stored unencrypted")
            .secondary(parameter.span, "SSM parameter type")
    } else {
        Finding::new(META.code, META.name, Severity::Low, value.span)
            .message(format!(
                "{subject} takes its secret from parameter {target}, which is not NoEcho"
            ))
            .help(
                "store the secret in Secrets Manager and pass its ARN; at least set NoEcho: true \
                 on the parameter so that CloudFormation masks it",
            )
            .label("shown in clear in the console and stack events")
            .secondary(parameter.span, "declared without NoEcho")
    };
    Some(finding.path(var.path.clone()).value_key(name))
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
            && var.value.alternatives().filter_map(text_of).any(|text| {
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
mod tests;
