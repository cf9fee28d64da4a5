//! Whether an environment variable holds a secret, from its name and its value.
//!
//! Two independent signals: a value in a known credential format is a secret whatever its name,
//! and a name that says "secret" makes a literal value one, unless the name says the value only
//! points at the secret (`DB_PASSWORD_SECRET_ARN`) or the value is a reference or placeholder.
//! The value's entropy only grades a named secret; it never makes one on a neutral name, where
//! resource names, hashes and ids look just as random. Matching is hand-written: the formats
//! are few and fixed, and this runs on every variable.

use super::credentials;
pub use super::credentials::Credential;
use super::names::{self, Term};

/// What kind of secret a variable holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    /// A value in a known credential format.
    Credential(Credential),
    /// A literal value under a name that says it is secret.
    Named(Strength),
    /// A `{{resolve:ssm:...}}` reference to a plain `String` parameter under a secret name: the
    /// secret is stored unencrypted.
    PlainParameter,
}

/// How real a named secret's value looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    /// Long and varied enough to be a real secret.
    RealLooking,
    /// Short or repetitive: perhaps a test value, still deployed as written.
    Weak,
    /// A well-known default such as `changeme` or `password`: a placeholder someone may deploy.
    Default,
    /// Lowercase words under a `secret`, `token` or `key` name: more likely the name of a
    /// secret than the secret itself.
    Identifier,
}

/// Classifies one variable; `extra_terms` are the user's secret terms split into words.
/// `None` means nothing to report.
#[must_use]
pub fn classify(name: &str, value: &str, extra_terms: &[Vec<String>]) -> Option<Secret> {
    if let Some(credential) = credentials::find(value) {
        return Some(Secret::Credential(credential));
    }
    let term = names::secret_term(name, extra_terms)?;
    if is_plain_parameter(value) {
        return Some(Secret::PlainParameter);
    }
    if is_placeholder(value) || is_reference(value) || is_pointer_value(value) {
        return None;
    }
    if term == Term::Other && is_identifier(value) {
        return Some(Secret::Named(Strength::Identifier));
    }
    Some(Secret::Named(strength(value)))
}

/// Lowercase words joined by `-`, `_` or `.` (`orders-db-credentials`): how secrets, tables
/// and parameters are named, and rarely how a generated secret looks. A run of hexadecimal
/// groups such as a UUID is a token, not a name.
fn is_identifier(value: &str) -> bool {
    let v = value.trim();
    let segments: Vec<&str> = v.split(['-', '_', '.']).collect();
    let shaped = segments.len() >= 2
        && segments.iter().all(|s| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && v.as_bytes()[0].is_ascii_lowercase();
    let wordy = segments.iter().any(|s| s.len() >= 3 && s.bytes().any(|b| b > b'f'));
    // Long runs mixing letters and digits are what generated tokens are made of.
    let random = segments.iter().any(|s| {
        s.len() >= 6
            && s.bytes().any(|b| b.is_ascii_digit())
            && s.bytes().any(|b| b.is_ascii_lowercase())
    });
    shaped && wordy && !random
}

/// `{{resolve:ssm:...}}`: a dynamic reference to a `String` parameter, not a `SecureString`.
fn is_plain_parameter(value: &str) -> bool {
    value.trim_start().starts_with("{{resolve:ssm:")
}

/// Values that point at a secret stored elsewhere: any ARN, CloudFormation dynamic
/// references, Serverless Framework variables, and SSM parameter paths.
fn is_reference(value: &str) -> bool {
    let v = value.trim_start();
    ["arn:", "{{resolve:", "${ssm:", "/"].iter().any(|prefix| v.starts_with(prefix))
}

/// Values that name or locate a secret rather than hold it: a URL without a password (the
/// password case is a credential and was found first), a KMS alias, and a lowercase path of
/// words such as the Secrets Manager name `prod/orders/db`. A random secret mixes cases.
fn is_pointer_value(value: &str) -> bool {
    let v = value.trim();
    let lowercase_path = v.contains('/')
        && !v.starts_with('/')
        && !v.ends_with('/')
        && !v.contains("//")
        && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/-_.".contains(&b));
    v.contains("://") || v.starts_with("alias/") || lowercase_path
}

/// Default values that stand for "set me", and weak passwords people leave in place.
const DEFAULTS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "password",
    "passw0rd",
    "p@ssw0rd",
    "secret",
    "mysecret",
    "admin",
    "root",
    "test",
    "testing",
    "example",
    "sample",
    "default",
    "dummy",
    "demo",
    "foo",
    "bar",
    "foobar",
    "qwerty",
    "letmein",
];

/// Whether the value looks like a real secret. Entropy is the supporting evidence: eight or
/// more characters with at least 2.5 bits of Shannon entropy per character.
fn strength(value: &str) -> Strength {
    let v = value.trim();
    if DEFAULTS.iter().any(|d| v.eq_ignore_ascii_case(d)) {
        return Strength::Default;
    }
    if v.chars().count() >= 8 && entropy(v) >= 2.5 { Strength::RealLooking } else { Strength::Weak }
}

/// Shannon entropy of the characters of `value`, in bits per character.
#[must_use]
pub fn entropy(value: &str) -> f64 {
    let mut counts: Vec<(char, u32)> = Vec::new();
    for c in value.chars() {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let total: u32 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return 0.0;
    }
    let total = f64::from(total);
    counts
        .iter()
        .map(|&(_, n)| {
            let p = f64::from(n) / total;
            -p * p.log2()
        })
        .sum()
}

/// Values that are clearly not a real secret yet: not reported at all. Well-known defaults
/// such as `changeme` are not placeholders here: they are reported at low severity, because
/// they get deployed as they are.
pub(super) fn is_placeholder(value: &str) -> bool {
    const WORDS: &[&str] = &[
        "todo",
        "tbd",
        "replace_me",
        "replaceme",
        "replace-me",
        "placeholder",
        "none",
        "null",
        "nil",
        "undefined",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "enabled",
        "disabled",
        "n/a",
        "-",
        "...",
    ];
    let v = value.trim();
    v.is_empty()
        || WORDS.iter().any(|w| v.eq_ignore_ascii_case(w))
        || v.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("todo"))
        || is_your_value(v)
        || (v.starts_with('<') && v.ends_with('>'))
        || v.contains("${")
        || v.contains("{{")
        || is_shell_variable(v)
        || (v.len() >= 3 && v.bytes().all(|b| b == b'x' || b == b'X'))
        || v.bytes().all(|b| b == b'*')
        || is_number(v)
}

/// `your-api-key`, `YOUR_TOKEN_HERE`: documentation telling the reader what to put there.
fn is_your_value(v: &str) -> bool {
    v.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("your"))
        && matches!(v.as_bytes().get(4), Some(b'-' | b'_' | b' '))
}

fn is_shell_variable(v: &str) -> bool {
    v.strip_prefix('$').is_some_and(|name| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

fn is_number(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(name: &str, value: &str) -> Option<Secret> {
        classify(name, value, &[])
    }

    #[test]
    fn secret_names_with_real_looking_values_are_strong() {
        for value in ["hunter2-Pr0d!", "Tr0ub4dor&3-orders", "mysecretpassword", "k9#Lw2!pQz"] {
            assert_eq!(of("DB_PASSWORD", value), Some(Secret::Named(Strength::RealLooking)));
        }
    }

    #[test]
    fn short_or_repetitive_values_are_weak() {
        for value in ["hunter2", "abc", "aaaaaaaaaaaa", "abababab"] {
            assert_eq!(of("DB_PASSWORD", value), Some(Secret::Named(Strength::Weak)), "{value}");
        }
    }

    #[test]
    fn well_known_defaults_are_reported_as_such() {
        for value in ["changeme", "Password", "admin", "secret", "test", "CHANGE_ME"] {
            assert_eq!(of("DB_PASSWORD", value), Some(Secret::Named(Strength::Default)), "{value}");
        }
    }

    #[test]
    fn names_of_secrets_under_non_password_terms() {
        for value in ["prod-db-credentials", "my-secret", "orders_api.token", "jwt-signing-key-v2"]
        {
            assert_eq!(
                of("DB_SECRET", value),
                Some(Secret::Named(Strength::Identifier)),
                "{value}"
            );
        }
        // A passphrase is a password; hexadecimal groups and mixed case are tokens.
        assert_eq!(
            of("ADMIN_PASSWORD", "correct-horse-battery"),
            Some(Secret::Named(Strength::RealLooking))
        );
        for value in ["1234abcd-12ab-34cd-56ef-1234567890ab", "Prod-Db-Key", "tok-4f9a8b7c6d5e"] {
            assert_ne!(
                of("API_TOKEN", value),
                Some(Secret::Named(Strength::Identifier)),
                "{value}"
            );
        }
    }

    #[test]
    fn plain_ssm_parameters_under_secret_names() {
        assert_eq!(
            of("API_TOKEN", "{{resolve:ssm:/prod/api-token}}"),
            Some(Secret::PlainParameter)
        );
        assert_eq!(of("API_TOKEN", "{{resolve:ssm:prod-token:3}}"), Some(Secret::PlainParameter));
        assert_eq!(of("TABLE", "{{resolve:ssm:/prod/table}}"), None);
        assert_eq!(of("API_TOKEN", "{{resolve:ssm-secure:/prod/api-token}}"), None);
    }

    #[test]
    fn pointer_names_are_not_secrets() {
        for (name, value) in [
            ("DB_PASSWORD_SECRET_ARN", "prod-db-credentials"),
            ("API_KEY_PARAMETER_NAME", "prod-api-key"),
            ("TOKEN_TTL", "3600s"),
            ("SECRET_NAME", "Prod/Db"),
            ("KMS_KEY_ID", "1234abcd-12ab-34cd-56ef-1234567890ab"),
            ("ACCESS_KEY_ID", "not-a-key-format"),
        ] {
            assert_eq!(of(name, value), None, "{name}");
        }
    }

    #[test]
    fn pointer_values_are_not_secrets() {
        for value in [
            "prod/orders/db",
            "orders-db/credentials",
            "alias/orders",
            "https://auth.example.com/oauth2/token",
            "mongodb+srv://cluster0.example.mongodb.net/orders",
        ] {
            assert_eq!(of("DB_SECRET", value), None, "{value}");
        }
        assert!(of("DB_SECRET", "Prod/Orders/Db9x").is_some());
        assert!(of("DB_SECRET", "a/b/").is_some());
    }

    #[test]
    fn neutral_names_with_long_values_are_not_secrets() {
        for (name, value) in [
            ("BUCKET", "my-company-prod-application-assets-bucket"),
            ("TABLE_NAME", "ProdOrdersTable-1A2B3C4D5E6F7G8H9I0J"),
            ("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue"),
            ("STAGE", "production"),
            ("AUTHOR", "someone@example.com"),
            ("HASH", "3f786850e387550fdab836ed7e6dc881de23001b"),
            ("BUILD_REF", "q7Rk2Pz9LmX4vB8nC1dF6gH3jK5tY0wE2aS9uI7o"),
        ] {
            assert_eq!(of(name, value), None, "{name}");
        }
    }

    #[test]
    fn references_and_placeholders_are_not_secrets() {
        for value in [
            "",
            "   ",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password",
            "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db",
            "{{resolve:secretsmanager:prod/db:SecretString:password}}",
            "{{resolve:ssm-secure:/prod/db/password:1}}",
            "${ssm:/prod/db/password}",
            "/prod/db/password",
            "TODO",
            "todo: set in console",
            "<your password here>",
            "your-db-password",
            "YOUR_TOKEN_HERE",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "xxx",
            "XXXXXXXX",
            "REPLACE_ME",
            "placeholder",
            "None",
            "null",
            "false",
            "true",
            "********",
            "3600",
            "12",
            "1.5",
        ] {
            assert_eq!(of("DB_PASSWORD", value), None, "{value:?}");
        }
    }

    #[test]
    fn credential_formats_win_over_names() {
        for name in ["CONFIG", "SECRET_ARN", "KMS_KEY_ID", "DATABASE_URL"] {
            assert_eq!(
                of(name, "AKIAZ3MSJ5KXRTQ4P7LN"),
                Some(Secret::Credential(Credential::AwsAccessKeyId)),
                "{name}"
            );
        }
        assert_eq!(
            of("DATABASE_URL", "mysql://root:toor@10.0.0.5/app"),
            Some(Secret::Credential(Credential::UrlPassword))
        );
        assert_eq!(of("DATABASE_URL", "mysql://10.0.0.5/app"), None);
    }

    #[test]
    fn entropy_in_bits_per_character() {
        assert!(entropy("").abs() < f64::EPSILON);
        assert!(entropy("aaaa").abs() < f64::EPSILON);
        assert!((entropy("abab") - 1.0).abs() < 1e-9);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn every_cut_of_every_format_is_safe() {
        let samples = [
            "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",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx",
            "A3TXZ3MSJ5KXRTQ4P7LN glpat-xY3zA8bC1dE4fG7hJ2kL npm_aB3dE6gH9jK2mN5pQ8sT1vW4xY7zA0",
            "postgres://a:b@c/d SK0123456789abcdef0123456789abcdef AIzaSyB3xK9mQ2vL7pR4tW8y-é",
            "é-ü_ö.ä-SG.é.eyJé.eyJ.é",
        ];
        for sample in samples {
            for (i, _) in sample.char_indices() {
                for cut in [&sample[..i], &sample[i..]] {
                    let _ = of("API_TOKEN", cut);
                    let _ = of(cut, cut);
                }
            }
        }
    }

    #[test]
    fn non_ascii_input_does_not_panic() {
        for value in ["pässwörd", "AKIA\u{e9}", "ghp_\u{1F600}", "://", "a://ü:ö@x", "-----BEGIN é"]
        {
            let _ = of("DB_PASSWORD", value);
            let _ = of(value, value);
        }
        assert_eq!(of("DB_PASSWORD", "youé"), Some(Secret::Named(Strength::Weak)));
        assert!(of("PASSWÖRT_SECRET", "wert").is_some());
    }
}
