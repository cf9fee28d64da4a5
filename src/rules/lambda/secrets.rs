//! Whether an environment variable holds a secret, from its name and its value.
//!
//! Two independent signals: a value in a known credential format is a secret whatever its name,
//! and a name that says "secret" makes a literal value one, unless the name says the value only
//! points at the secret (`DB_PASSWORD_SECRET_ARN`) or the value is a reference or placeholder.
//! Matching is hand-written: the formats are few and fixed, and this runs on every variable.

use super::credentials;
pub use super::credentials::Credential;

/// What kind of secret a variable holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    /// A value in a known credential format.
    Credential(Credential),
    /// A literal value under a name that says it is secret.
    Named,
}

/// Classifies one variable. `None` means nothing to report.
#[must_use]
pub fn classify(name: &str, value: &str) -> Option<Secret> {
    if let Some(credential) = credentials::find(value) {
        return Some(Secret::Credential(credential));
    }
    if is_placeholder(value) || is_reference(value) {
        return None;
    }
    name_says_secret(name).then_some(Secret::Named)
}

/// Words that make a variable secret when they name it: `DB_PASSWORD`, `apiKey`.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwords",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "tokens",
    "apikey",
    "apikeys",
    "credential",
    "credentials",
    "creds",
    "auth",
    "dsn",
    "bearer",
    "privatekey",
    "accesskey",
    "secretkey",
    "clientsecret",
    "connectionstring",
    "connstr",
    "signingkey",
    "encryptionkey",
    "sessionkey",
];

/// Two-word secret names: `API_KEY`, `PRIVATE_KEY`, `CONNECTION_STRING`.
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("private", "key"),
    ("access", "key"),
    ("secret", "key"),
    ("client", "secret"),
    ("connection", "string"),
    ("conn", "str"),
    ("conn", "string"),
    ("signing", "key"),
    ("encryption", "key"),
    ("session", "key"),
];

/// Words that, after the secret word, make the variable about the secret rather than the
/// secret itself: where it is stored (`_ARN`, `_NAME`, `_PATH`, `_PARAMETER`, `_ID`, which
/// also covers KMS `KEY_ID`), how it behaves (`_TTL`, `_MIN_LENGTH`, `_ENABLED`), or how to
/// send it (`_HEADER`, `_URL`, `_ENDPOINT`). The settings of the AWS Parameters and Secrets
/// Lambda extension (`SECRETS_MANAGER_TIMEOUT_MILLIS`, `..._CACHE_SIZE`) land here too.
const POINTER_WORDS: &[&str] = &[
    "arn",
    "arns",
    "name",
    "names",
    "id",
    "ids",
    "path",
    "param",
    "params",
    "parameter",
    "parameters",
    "file",
    "filename",
    "enabled",
    "disabled",
    "enable",
    "ttl",
    "length",
    "url",
    "uri",
    "region",
    "type",
    "header",
    "endpoint",
    "version",
    "prefix",
    "suffix",
    "mode",
    "method",
    "provider",
    "host",
    "port",
    "timeout",
    "expiry",
    "expiration",
    "seconds",
    "millis",
    "ms",
    "minutes",
    "hours",
    "days",
    "size",
    "count",
    "max",
    "min",
    "limit",
    "level",
    "location",
    "policy",
    "rotation",
    "format",
    "algorithm",
];

fn name_says_secret(name: &str) -> bool {
    let words = words(name);
    let is = |i: usize, word: &str| words.get(i).is_some_and(|w| w == word);

    // Where the last secret word ends, so only what follows it can make it a pointer.
    let mut end = None;
    for (i, word) in words.iter().enumerate() {
        if SECRET_WORDS.contains(&word.as_str()) {
            end = Some(i);
        }
        if SECRET_PAIRS.iter().any(|&(a, b)| is(i, a) && is(i + 1, b)) {
            end = Some(i + 1);
        }
    }
    let Some(end) = end else { return false };
    !words[end + 1..].iter().any(|w| POINTER_WORDS.contains(&w.as_str()))
}

/// Splits a variable name into lowercase words: `DB_PASSWORD`, `dbPassword`, `db-password`
/// and `DBPassword` all give `db`, `password`.
#[must_use]
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }

        // A new word starts at `aB`, `1B`, and at the last capital of a run before lowercase
        // (`DBPassword`).
        if c.is_uppercase() && !current.is_empty() {
            let previous = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if previous.is_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_uppercase() && next_is_lower)
            {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Values that point at a secret stored elsewhere: any ARN, CloudFormation dynamic
/// references, Serverless Framework variables, and SSM parameter paths.
fn is_reference(value: &str) -> bool {
    ["arn:", "{{resolve:", "${ssm:", "/"].iter().any(|prefix| value.starts_with(prefix))
}

/// Values that are clearly not a real secret yet. Weak real passwords such as `changeme` or
/// `password` are not placeholders: they are exactly what should be reported.
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
        "n/a",
        "-",
    ];
    let v = value.trim();
    v.is_empty()
        || WORDS.iter().any(|w| v.eq_ignore_ascii_case(w))
        || v.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("todo"))
        || (v.starts_with('<') && v.ends_with('>'))
        || v.contains("${")
        || v.contains("{{")
        || is_shell_variable(v)
        || (v.len() >= 3 && v.bytes().all(|b| b == b'x' || b == b'X'))
        || v.bytes().all(|b| b == b'*')
        || is_number(v)
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

    fn named(name: &str, value: &str) -> bool {
        classify(name, value) == Some(Secret::Named)
    }

    #[test]
    fn words_split_every_naming_style() {
        for name in
            ["DB_PASSWORD", "dbPassword", "db-password", "DBPassword", "db.password", "Db Password"]
        {
            assert_eq!(words(name), ["db", "password"], "{name}");
        }
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("OAuth2Token"), ["o", "auth2", "token"]);
        assert_eq!(words("S3_BUCKET_NAME"), ["s3", "bucket", "name"]);
        assert_eq!(words("__X__"), ["x"]);
        assert!(words("").is_empty());
    }

    #[test]
    fn secret_names_with_literal_values() {
        for name in [
            "DB_PASSWORD",
            "dbPassword",
            "DBPassword",
            "db-passwd",
            "MYSQL_PWD",
            "DB_PASS",
            "JWT_SECRET",
            "AUTH0_CLIENT_SECRET",
            "GITHUB_TOKEN",
            "ID_TOKEN",
            "API_KEY",
            "apiKey",
            "APIKEY",
            "STRIPE_API_KEY",
            "PRIVATE_KEY",
            "SERVICE_CREDENTIALS",
            "AUTH_TOKEN",
            "BASIC_AUTH",
            "AWS_SECRET_ACCESS_KEY",
            "ACCESS_KEY",
            "DB_CONNECTION_STRING",
            "CONN_STR",
            "SENTRY_DSN",
            "WEBHOOK_SIGNING_KEY",
            "ENCRYPTION_KEY",
            "SESSION_KEY",
            "SECRET_KEY_BASE",
            "BEARER",
        ] {
            assert!(named(name, "hunter2-Pr0d!"), "{name}");
        }
    }

    #[test]
    fn weak_real_passwords_are_reported() {
        for value in ["changeme", "password", "admin", "secret", "test"] {
            assert!(named("DB_PASSWORD", value), "{value}");
        }
    }

    #[test]
    fn pointer_names_are_not_secrets() {
        for (name, value) in [
            ("DB_PASSWORD_SECRET_ARN", "prod-db-credentials"),
            ("API_KEY_PARAMETER_NAME", "prod-api-key"),
            ("TOKEN_TTL", "3600s"),
            ("PASSWORD_MIN_LENGTH", "twelve"),
            ("AUTH_ENABLED", "enabled-for-all"),
            ("SECRET_NAME", "prod/db"),
            ("SECRET_ID", "prod-db"),
            ("KMS_KEY_ID", "1234abcd-12ab-34cd-56ef-1234567890ab"),
            ("ENCRYPTION_KEY_ID", "alias/app"),
            ("ACCESS_KEY_ID", "not-a-key-format"),
            ("TOKEN_URL", "https://auth.example.com/oauth2/token"),
            ("AUTH_HEADER", "x-api-key"),
            ("SECRETS_MANAGER_ENDPOINT", "https://secretsmanager.eu-west-1.amazonaws.com"),
            ("SECRETS_MANAGER_TIMEOUT_MILLIS", "500"),
            ("PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE", "1000"),
            ("PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL", "info"),
            ("SESSION_KEY_PREFIX", "sess:"),
            ("TOKEN_TYPE", "refresh"),
            ("PASSWORD_POLICY", "strict"),
            ("GITHUB_TOKEN_SSM_PATH", "ci/github"),
        ] {
            assert_eq!(classify(name, value), None, "{name}");
        }
    }

    #[test]
    fn neutral_names_with_long_values_are_not_secrets() {
        for (name, value) in [
            ("BUCKET", "my-company-prod-application-assets-bucket"),
            ("TABLE_NAME", "ProdOrdersTable-1A2B3C4D5E6F7G8H9I0J"),
            ("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue"),
            ("STAGE", "production"),
            ("AUTHOR", "someone@example.com"),
            ("TOKENIZER_MODEL", "bert-base-uncased-whole-word-masking"),
            ("PASSENGER_LIMIT", "4"),
            ("KEY_PREFIX", "uploads/"),
            ("HASH", "3f786850e387550fdab836ed7e6dc881de23001b"),
            ("BUILD_REF", "q7Rk2Pz9LmX4vB8nC1dF6gH3jK5tY0wE2aS9uI7o"),
        ] {
            assert_eq!(classify(name, value), None, "{name}");
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
            assert_eq!(classify("DB_PASSWORD", value), None, "{value:?}");
        }
    }

    #[test]
    fn credential_formats_win_over_names() {
        for name in ["CONFIG", "SECRET_ARN", "KMS_KEY_ID", "DATABASE_URL"] {
            assert_eq!(
                classify(name, "AKIAZ3MSJ5KXRTQ4P7LN"),
                Some(Secret::Credential(Credential::AwsAccessKeyId)),
                "{name}"
            );
        }
        assert_eq!(
            classify("DATABASE_URL", "mysql://root:toor@10.0.0.5/app"),
            Some(Secret::Credential(Credential::UrlPassword))
        );
        assert_eq!(classify("DATABASE_URL", "mysql://10.0.0.5/app"), None);
    }

    #[test]
    fn non_ascii_input_does_not_panic() {
        for value in ["pässwörd", "AKIA\u{e9}", "ghp_\u{1F600}", "://", "a://ü:ö@x", "-----BEGIN é"]
        {
            let _ = classify("DB_PASSWORD", value);
            let _ = classify(value, value);
        }
        assert!(named("PASSWÖRT_SECRET", "wert"));
    }
}
