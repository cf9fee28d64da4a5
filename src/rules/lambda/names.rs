//! What a variable's name says about its value: split into words in any naming style, it is a
//! secret when it contains a secret term (`password`, `api key`) and no later word makes the
//! value a pointer to the secret or a setting about it (`_ARN`, `_TTL`).

/// Terms that make a variable secret when they name it, as word sequences: `DB_PASSWORD`,
/// `apiKey`, `CONNECTION_STRING`. Single words cover the run-together spellings (`APIKEY`).
const SECRET_TERMS: &[&[&str]] = &[
    &["password"],
    &["passwords"],
    &["passwd"],
    &["pwd"],
    &["pass"],
    &["passphrase"],
    &["secret"],
    &["secrets"],
    &["token"],
    &["tokens"],
    &["apikey"],
    &["apikeys"],
    &["credential"],
    &["credentials"],
    &["creds"],
    &["auth"],
    &["dsn"],
    &["bearer"],
    &["privatekey"],
    &["privkey"],
    &["accesskey"],
    &["secretkey"],
    &["clientsecret"],
    &["connectionstring"],
    &["connstr"],
    &["signingkey"],
    &["encryptionkey"],
    &["sessionkey"],
    &["masterkey"],
    &["licensekey"],
    &["api", "key"],
    &["private", "key"],
    &["access", "key"],
    &["secret", "key"],
    &["client", "secret"],
    &["connection", "string"],
    &["conn", "str"],
    &["conn", "string"],
    &["signing", "key"],
    &["encryption", "key"],
    &["session", "key"],
    &["master", "key"],
    &["license", "key"],
    &["hmac", "key"],
    &["app", "key"],
];

/// Words that, after the secret term, make the variable about the secret rather than the
/// secret itself: where it is stored (`_ARN`, `_NAME`, `_PATH`, `_PARAMETER`, `_ID`, which
/// also covers KMS `KEY_ID`), how it behaves (`_TTL`, `_MIN_LENGTH`, `_ENABLED`), or how to
/// send or check it (`_HEADER`, `_URL`, `_ENDPOINT`, `_ISSUER`). The settings of the AWS
/// Parameters and Secrets Lambda extension (`SECRETS_MANAGER_TIMEOUT_MILLIS`,
/// `..._CACHE_SIZE`) land here too.
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
    "ssm",
    "kms",
    "alias",
    "file",
    "filename",
    "enabled",
    "disabled",
    "enable",
    "required",
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
    "domain",
    "issuer",
    "audience",
    "scope",
    "scopes",
    "timeout",
    "expiry",
    "expiration",
    "expires",
    "expire",
    "validity",
    "age",
    "hash",
    "hashed",
    "digest",
    "regex",
    "pattern",
    "alg",
    "interval",
    "duration",
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
    "bucket",
    "table",
    "queue",
    "topic",
    "stream",
    "store",
    "backend",
    "service",
    "template",
    "lifetime",
    "strategy",
    "policy",
    "rotation",
    "format",
    "algorithm",
];

/// Terms too common in other senses to count unless they end the name: `BASIC_AUTH` and
/// `DB_PASS` are secrets, `AUTH_STRATEGY` and `PASS_THROUGH` are not.
const FINAL_ONLY: &[&str] = &["auth", "pass", "bearer", "creds"];

/// Terms that name a password, whose values are often words (`correct-horse-battery`); other
/// terms (`secret`, `token`, `key`) also name things that merely identify a secret.
const PASSWORD_WORDS: &[&str] = &["password", "passwords", "passwd", "pwd", "pass", "passphrase"];

/// What kind of secret a name says its value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    Password,
    Other,
}

/// The secret term that names the value, if the name says it is a secret: the last term in the
/// name, when no pointer word follows it. `extra` holds user terms, already split into words by
/// [`words`].
#[must_use]
pub fn secret_term(name: &str, extra: &[Vec<String>]) -> Option<Term> {
    let words = words(name);
    let starts_at = |i: usize, term: &[&str]| {
        term.len() <= words.len() - i && term.iter().zip(&words[i..]).all(|(t, w)| t == w)
    };
    let allowed_at = |i: usize, term: &[&str]| {
        let last_word = i + term.len() == words.len();
        !(term.len() == 1 && FINAL_ONLY.contains(&term[0])) || last_word
    };

    // Where the last secret term ends, so only what follows it can make it a pointer.
    let mut found: Option<(usize, Term)> = None;
    let mut record = |end: usize, kind: Term| {
        if found.is_none_or(|(e, _)| end >= e) {
            found = Some((end, kind));
        }
    };
    for i in 0..words.len() {
        for term in SECRET_TERMS {
            if starts_at(i, term) && allowed_at(i, term) {
                let password = term.len() == 1 && PASSWORD_WORDS.contains(&term[0]);
                record(i + term.len(), if password { Term::Password } else { Term::Other });
            }
        }
        for term in extra.iter().filter(|t| !t.is_empty()) {
            let term: Vec<&str> = term.iter().map(String::as_str).collect();
            if starts_at(i, &term) {
                record(i + term.len(), Term::Other);
            }
        }
    }
    let (end, kind) = found?;
    let pointer = words[end..].iter().any(|w| POINTER_WORDS.contains(&w.as_str()));
    (!pointer).then_some(kind)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(name: &str) -> bool {
        says_secret(name, &[])
    }

    fn says_secret(name: &str, extra: &[Vec<String>]) -> bool {
        secret_term(name, extra).is_some()
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
    fn secret_names() {
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
            "NEW_RELIC_LICENSE_KEY",
            "APP_KEY",
            "SECRETS_MANAGER_SECRET",
            "HTTP_AUTH",
            "PROXY_PASS",
        ] {
            assert!(secret(name), "{name}");
        }
    }

    #[test]
    fn pointer_and_neutral_names() {
        for name in [
            "DB_PASSWORD_SECRET_ARN",
            "API_KEY_PARAMETER_NAME",
            "TOKEN_TTL",
            "PASSWORD_MIN_LENGTH",
            "AUTH_ENABLED",
            "SECRET_NAME",
            "SECRET_ID",
            "KMS_KEY_ID",
            "ENCRYPTION_KEY_ID",
            "ACCESS_KEY_ID",
            "TOKEN_URL",
            "AUTH_HEADER",
            "AUTH_DOMAIN",
            "TOKEN_ISSUER",
            "SECRETS_MANAGER_ENDPOINT",
            "SECRETS_MANAGER_TIMEOUT_MILLIS",
            "PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE",
            "PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL",
            "SESSION_KEY_PREFIX",
            "TOKEN_TYPE",
            "PASSWORD_POLICY",
            "GITHUB_TOKEN_SSM_PATH",
            "SECRET_KMS_KEY",
            "TOKEN_REFRESH_INTERVAL",
            "AUTH_STRATEGY",
            "AUTH_CALLBACK",
            "PASS_THROUGH",
            "PASSWORD_RESET_TEMPLATE",
            "SECRET_STORE",
            "TOKEN_LIFETIME",
            "PASSWORD_HASH",
            "REFRESH_TOKEN_VALIDITY",
            "PASSWORD_PATTERN",
            "TOKEN_SIGNING_ALG",
            "AUTHOR",
            "TOKENIZER_MODEL",
            "PASSENGER_LIMIT",
            "KEY_PREFIX",
            "TABLE_NAME",
        ] {
            assert!(!secret(name), "{name}");
        }
    }

    #[test]
    fn user_terms_add_to_the_built_in_ones() {
        let extra = vec![words("pin"), words("webhook_sig")];
        assert!(says_secret("CARD_PIN", &extra));
        assert!(says_secret("webhookSig", &extra));
        assert!(!says_secret("CARD_PIN_LENGTH", &extra));
        assert!(!says_secret("WEBHOOK", &extra));
        assert!(!says_secret("CARD_PIN", &[]));
        assert!(!says_secret("CARD_PIN", &[Vec::new()]));
    }

    #[test]
    fn password_terms_are_told_from_the_others() {
        assert_eq!(secret_term("DB_PASSWORD", &[]), Some(Term::Password));
        assert_eq!(secret_term("adminPwd", &[]), Some(Term::Password));
        assert_eq!(secret_term("DB_PASS", &[]), Some(Term::Password));
        assert_eq!(secret_term("JWT_SECRET", &[]), Some(Term::Other));
        assert_eq!(secret_term("PASSWORD_TOKEN", &[]), Some(Term::Other));
        assert_eq!(secret_term("API_KEY", &[]), Some(Term::Other));
        assert_eq!(secret_term("TABLE", &[]), None);
    }

    #[test]
    fn non_ascii_names_do_not_panic() {
        assert!(secret("PASSWÖRT_SECRET"));
        assert!(!secret("ü"));
    }
}
