//! Credentials recognizable by their format alone: cloud keys, tokens of popular services,
//! private keys, and URLs or headers that carry a password.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    AwsAccessKeyId,
    PrivateKey,
    GitHubToken,
    SlackToken,
    SlackWebhook,
    StripeKey,
    UrlPassword,
    AuthorizationHeader,
}

impl Credential {
    /// The credential with its article, for messages: "an AWS access key id".
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Self::AwsAccessKeyId => "an AWS access key id",
            Self::PrivateKey => "a private key",
            Self::GitHubToken => "a GitHub token",
            Self::SlackToken => "a Slack token",
            Self::SlackWebhook => "a Slack webhook URL",
            Self::StripeKey => "a Stripe secret key",
            Self::UrlPassword => "a URL with a password",
            Self::AuthorizationHeader => "an HTTP authorization credential",
        }
    }
}

/// The first known credential format found in `value`.
pub fn find(value: &str) -> Option<Credential> {
    type Check = fn(&str) -> bool;
    let checks: [(Credential, Check); 8] = [
        (Credential::PrivateKey, has_private_key),
        (Credential::AwsAccessKeyId, has_aws_access_key_id),
        (Credential::GitHubToken, has_github_token),
        (Credential::SlackToken, has_slack_token),
        (Credential::SlackWebhook, has_slack_webhook),
        (Credential::StripeKey, has_stripe_key),
        (Credential::UrlPassword, has_url_password),
        (Credential::AuthorizationHeader, is_authorization_header),
    ];
    checks.into_iter().find(|(_, check)| check(value)).map(|(credential, _)| credential)
}

/// Offsets where `prefix` starts a token (not glued to a preceding letter or digit).
fn token_starts<'a>(value: &'a str, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    value
        .match_indices(prefix)
        .map(|(i, _)| i)
        .filter(move |&i| value[..i].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric()))
}

/// How many bytes from `at` satisfy `allowed`.
fn run_length(value: &str, at: usize, allowed: impl Fn(u8) -> bool) -> usize {
    value.as_bytes()[at..].iter().take_while(|&&b| allowed(b)).count()
}

/// `(AKIA|ASIA|ABIA|ACCA)` and 16 uppercase letters or digits, as a whole token. The key id
/// AWS prints in its own documentation (`...EXAMPLE`) is not a leak.
fn has_aws_access_key_id(value: &str) -> bool {
    ["AKIA", "ASIA", "ABIA", "ACCA"].iter().any(|prefix| {
        token_starts(value, prefix).any(|i| {
            let body = i + 4;
            let len = run_length(value, body, |b| b.is_ascii_uppercase() || b.is_ascii_digit());
            let glued = value.as_bytes().get(body + len).is_some_and(u8::is_ascii_alphanumeric);
            len == 16 && !glued && !value[body..body + 16].ends_with("EXAMPLE")
        })
    })
}

/// A PEM header such as `-----BEGIN RSA PRIVATE KEY-----`.
fn has_private_key(value: &str) -> bool {
    value.match_indices("-----BEGIN ").any(|(i, _)| {
        let rest = &value[i + 11..];
        rest.find("-----").is_some_and(|end| rest[..end].ends_with("PRIVATE KEY"))
    })
}

fn has_github_token(value: &str) -> bool {
    let classic = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].iter().any(|prefix| {
        token_starts(value, prefix)
            .any(|i| run_length(value, i + 4, |b| b.is_ascii_alphanumeric()) >= 30)
    });
    classic
        || token_starts(value, "github_pat_")
            .any(|i| run_length(value, i + 11, |b| b.is_ascii_alphanumeric() || b == b'_') >= 22)
}

fn has_slack_token(value: &str) -> bool {
    ["xoxb-", "xoxp-", "xoxa-", "xapp-"].iter().any(|prefix| {
        token_starts(value, prefix)
            .any(|i| run_length(value, i + 5, |b| b.is_ascii_alphanumeric() || b == b'-') >= 10)
    })
}

fn has_slack_webhook(value: &str) -> bool {
    let marker = "hooks.slack.com/services/";
    value.match_indices(marker).any(|(i, _)| {
        let path = i + marker.len();
        let len = run_length(value, path, |b| b.is_ascii_alphanumeric() || b == b'/');
        len >= 20 && value[path..path + len].matches('/').count() >= 2
    })
}

fn has_stripe_key(value: &str) -> bool {
    ["sk_live_", "rk_live_"].iter().any(|prefix| {
        token_starts(value, prefix)
            .any(|i| run_length(value, i + 8, |b| b.is_ascii_alphanumeric()) >= 16)
    })
}

/// `scheme://user:password@host`, where the password is not itself a placeholder.
fn has_url_password(value: &str) -> bool {
    value.match_indices("://").any(|(i, _)| {
        let scheme = value[..i]
            .bytes()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || b"+.-".contains(b))
            .count();
        if scheme == 0 {
            return false;
        }
        let rest = &value[i + 3..];
        let authority_end = rest.find(['/', '?', '#', ' ', '\n', '\t']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        let Some((userinfo, _host)) = authority.rsplit_once('@') else { return false };
        userinfo.split_once(':').is_some_and(|(_, password)| {
            !password.is_empty() && !super::secrets::is_placeholder(password)
        })
    })
}

/// A whole value like `Bearer eyJhbGciOi...` or `Basic dXNlcjpwYXNz`, ready to send.
fn is_authorization_header(value: &str) -> bool {
    let v = value.trim();
    let Some((scheme, credentials)) = v.split_once(' ') else { return false };
    let known = ["bearer", "basic", "token"].iter().any(|s| scheme.eq_ignore_ascii_case(s));
    known
        && credentials.len() >= 16
        && credentials.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_formats_whatever_the_name() {
        let pem =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
        for (value, credential) in [
            ("AKIAZ3MSJ5KXRTQ4P7LN", Credential::AwsAccessKeyId),
            ("ASIAZ3MSJ5KXRTQ4P7LN", Credential::AwsAccessKeyId),
            ("key=AKIAZ3MSJ5KXRTQ4P7LN;", Credential::AwsAccessKeyId),
            (pem, Credential::PrivateKey),
            ("-----BEGIN OPENSSH PRIVATE KEY-----", Credential::PrivateKey),
            ("-----BEGIN PRIVATE KEY-----", Credential::PrivateKey),
            ("ghp_aBcD1234eFgH5678iJkL9012mNoP3456qRsT", Credential::GitHubToken),
            ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv", Credential::GitHubToken),
            ("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp", Credential::SlackToken),
            ("xapp-1-A0123456789-1234567890123-abcdef", Credential::SlackToken),
            (
                "https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/aBcDeFgHiJkLmNoPqRsTuVwX",
                Credential::SlackWebhook,
            ),
            ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", Credential::StripeKey),
            ("rk_live_4eC39HqLyjWDarjtT1zdp7dc", Credential::StripeKey),
            ("postgres://app:s3cr3t@db.internal:5432/app", Credential::UrlPassword),
            ("redis://:p4ss@cache:6379/0", Credential::UrlPassword),
            ("amqps://user:pw@mq.example.com", Credential::UrlPassword),
            (
                "Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
                Credential::AuthorizationHeader,
            ),
            ("Basic YWRtaW46c3VwZXJzZWNyZXQ=", Credential::AuthorizationHeader),
        ] {
            assert_eq!(find(value), Some(credential), "{value}");
        }
    }

    #[test]
    fn near_misses_of_credential_formats() {
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "AKIAZ3MSJ5KXRTQ4P7L",
            "AKIAZ3MSJ5KXRTQ4P7LNX",
            "XAKIAZ3MSJ5KXRTQ4P7LN",
            "akiaz3msj5kxrtq4p7ln",
            "-----BEGIN PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----",
            "ghp_short",
            "xoxb-1",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "https://hooks.slack.com/services/",
            "postgres://app@db.internal:5432/app",
            "postgres://app:${DB_PASSWORD}@db:5432/app",
            "postgres://app:<password>@db:5432/app",
            "https://example.com/path?user=a:b@c",
            "mailto:someone@example.com",
            "Bearer",
            "Bearer short",
            "Token based auth is enabled here",
        ] {
            assert_eq!(find(value), None, "{value}");
        }
    }
}
