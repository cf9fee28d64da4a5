//! Credentials recognizable by their format alone: cloud keys, tokens of popular services,
//! private keys, and URLs or headers that carry a password.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    AwsAccessKeyId,
    /// The access key id or secret key from the AWS documentation (`...EXAMPLE`): no leak,
    /// but a sign that the function is configured with access keys.
    AwsExampleKey,
    /// A 40-character AWS secret access key, recognized by its shape only beside an access key
    /// id or under a name that says so (see [`is_aws_secret_key_shape`]).
    AwsSecretAccessKey,
    PrivateKey,
    GitHubToken,
    GitLabToken,
    SlackToken,
    SlackWebhook,
    StripeKey,
    GoogleApiKey,
    SendGridKey,
    TwilioKey,
    NpmToken,
    UrlPassword,
    AuthorizationHeader,
    Jwt,
}

impl Credential {
    /// The credential with its article, for messages: "an AWS access key id".
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Self::AwsAccessKeyId => "an AWS access key id",
            Self::AwsExampleKey => "the AWS documentation example access key",
            Self::AwsSecretAccessKey => "an AWS secret access key",
            Self::PrivateKey => "a private key",
            Self::GitHubToken => "a GitHub token",
            Self::GitLabToken => "a GitLab token",
            Self::SlackToken => "a Slack token",
            Self::SlackWebhook => "a Slack webhook URL",
            Self::StripeKey => "a Stripe secret key",
            Self::GoogleApiKey => "a Google API key",
            Self::SendGridKey => "a SendGrid API key",
            Self::TwilioKey => "a Twilio API key",
            Self::NpmToken => "an npm access token",
            Self::UrlPassword => "a URL with a password",
            Self::AuthorizationHeader => "an HTTP authorization credential",
            Self::Jwt => "a JSON Web Token",
        }
    }
}

/// The first known credential format found in `value`.
pub fn find(value: &str) -> Option<Credential> {
    type Check = fn(&str) -> bool;
    let checks: [(Credential, Check); 15] = [
        (Credential::PrivateKey, has_private_key),
        (Credential::AwsAccessKeyId, has_aws_access_key_id),
        (Credential::AwsExampleKey, has_aws_example_key_id),
        (Credential::GitHubToken, has_github_token),
        (Credential::GitLabToken, has_gitlab_token),
        (Credential::SlackToken, has_slack_token),
        (Credential::SlackWebhook, has_slack_webhook),
        (Credential::StripeKey, has_stripe_key),
        (Credential::GoogleApiKey, has_google_api_key),
        (Credential::SendGridKey, has_sendgrid_key),
        (Credential::TwilioKey, has_twilio_key),
        (Credential::NpmToken, has_npm_token),
        (Credential::UrlPassword, has_url_password),
        (Credential::AuthorizationHeader, is_authorization_header),
        (Credential::Jwt, has_jwt),
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

/// `(AKIA|ASIA|ABIA|ACCA)` and 16 uppercase letters or digits, as a whole token, or the older
/// `A3T` ids. The key id AWS prints in its own documentation (`...EXAMPLE`) is
/// [`Credential::AwsExampleKey`] instead.
fn has_aws_access_key_id(value: &str) -> bool {
    aws_key_ids(value).any(|body| !body.ends_with("EXAMPLE"))
}

fn has_aws_example_key_id(value: &str) -> bool {
    aws_key_ids(value).any(|body| body.ends_with("EXAMPLE"))
}

/// The 16-character bodies of the access key ids in `value`.
fn aws_key_ids(value: &str) -> impl Iterator<Item = &str> {
    let key_char = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"].into_iter().flat_map(move |prefix| {
        token_starts(value, prefix).filter_map(move |i| {
            // `A3T` takes one more character of the id alphabet to make its four.
            let body = i + 4;
            if value.as_bytes().get(i + 3).is_none_or(|&b| !key_char(b)) {
                return None;
            }
            let len = run_length(value, body, key_char);
            let glued = value.as_bytes().get(body + len).is_some_and(u8::is_ascii_alphanumeric);
            (len == 16 && !glued).then(|| &value[body..body + 16])
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

/// `glpat-` (personal), `glptt-` (pipeline trigger), `gldt-` (deploy) and `glrt-` (runner)
/// tokens: the prefix and at least 20 characters of the token alphabet.
fn has_gitlab_token(value: &str) -> bool {
    ["glpat-", "glptt-", "gldt-", "glrt-"].iter().any(|prefix| {
        token_starts(value, prefix).any(|i| {
            run_length(value, i + prefix.len(), |b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
                >= 20
        })
    })
}

/// `AIza` and 35 characters of URL-safe base64.
fn has_google_api_key(value: &str) -> bool {
    token_starts(value, "AIza").any(|i| {
        run_length(value, i + 4, |b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) == 35
    })
}

/// `SG.` then a 22-character id, a dot and a 43-character secret.
fn has_sendgrid_key(value: &str) -> bool {
    let base64 = |b: u8| b.is_ascii_alphanumeric() || b"-_".contains(&b);
    token_starts(value, "SG.").any(|i| {
        let id = run_length(value, i + 3, base64);
        let dot = i + 3 + id;
        id == 22
            && value.as_bytes().get(dot) == Some(&b'.')
            && run_length(value, dot + 1, base64) == 43
    })
}

/// A Twilio API key: `SK` and 32 hexadecimal digits, as a whole token.
fn has_twilio_key(value: &str) -> bool {
    token_starts(value, "SK").any(|i| {
        let len = run_length(value, i + 2, |b| b.is_ascii_hexdigit());
        len == 32 && !value.as_bytes().get(i + 34).is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// `npm_` and 36 letters or digits.
fn has_npm_token(value: &str) -> bool {
    token_starts(value, "npm_")
        .any(|i| run_length(value, i + 4, |b| b.is_ascii_alphanumeric()) == 36)
}

/// Three base64url segments joined by dots, the first two JSON objects (`eyJ` is `{"`
/// encoded) and a signature: a signed token, ready to replay.
fn has_jwt(value: &str) -> bool {
    let base64url = |b: u8| b.is_ascii_alphanumeric() || b"-_".contains(&b);
    token_starts(value, "eyJ").any(|i| {
        let header = run_length(value, i, base64url);
        let payload_at = i + header + 1;
        let is_dot = |at: usize| value.as_bytes().get(at) == Some(&b'.');
        if header < 10 || !is_dot(i + header) || !value[payload_at..].starts_with("eyJ") {
            return false;
        }
        let payload = run_length(value, payload_at, base64url);
        payload >= 10 && is_dot(payload_at + payload) && {
            let signature = run_length(value, payload_at + payload + 1, base64url);
            signature >= 16
        }
    })
}

/// The secret access key of the AWS documentation examples.
#[must_use]
pub fn is_aws_example_secret_key(value: &str) -> bool {
    value.len() == 40 && value.ends_with("EXAMPLEKEY")
}

/// A 40-character string of the alphabet of AWS secret access keys (base64 without padding)
/// mixing upper and lower case and digits. Too common a shape to report on its own; the rule
/// uses it beside an access key id or under a name that calls it a secret key.
#[must_use]
pub fn is_aws_secret_key_shape(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 40
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || b"/+".contains(b))
        && bytes.iter().any(u8::is_ascii_lowercase)
        && bytes.iter().any(u8::is_ascii_uppercase)
        && bytes.iter().any(u8::is_ascii_digit)
        && !value.contains("EXAMPLE")
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
            ("A3TXZ3MSJ5KXRTQ4P7LN", Credential::AwsAccessKeyId),
            ("AKIAIOSFODNN7EXAMPLE", Credential::AwsExampleKey),
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
            ("glpat-xY3zA8bC1dE4fG7hJ2kL", Credential::GitLabToken),
            ("gldt-Q1w2E3r4T5y6U7i8O9p0aS", Credential::GitLabToken),
            ("AIzaSyB3xK9mQ2vL7pR4tW8yZ1cF6hJ0nD5gE_s", Credential::GoogleApiKey),
            (
                "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",
                Credential::SendGridKey,
            ),
            ("SK0123456789abcdef0123456789abcdef", Credential::TwilioKey),
            ("npm_aB3dE6gH9jK2mN5pQ8sT1vW4xY7zA0cD3fG6", Credential::NpmToken),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx",
                Credential::Jwt,
            ),
        ] {
            assert_eq!(find(value), Some(credential), "{value}");
        }
    }

    #[test]
    fn near_misses_of_credential_formats() {
        for value in [
            "A3T-Z3MSJ5KXRTQ4P7LN",
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
            "glpat-short",
            "AIzaSyTooShort",
            "SG.short.key",
            "SK0123456789abcdef",
            "SKY0123456789abcdef0123456789abcdef",
            "npm_short",
            "eyJhbGciOiJIUzI1NiJ9",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.",
        ] {
            assert_eq!(find(value), None, "{value}");
        }
    }

    #[test]
    fn secret_access_key_shape() {
        assert!(is_aws_secret_key_shape("q7Rk2Pz9LmX4vB8nC1dF6gH3jK5tY0wE2aS9uI7o"));
        assert!(is_aws_secret_key_shape("Zt8/Lq3+Wm9rKx2Vb7Nc4Hd6Jf1Gs5Pa0Ey3Ui8Q"));
        for value in [
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "q7Rk2Pz9LmX4vB8nC1dF6gH3jK5tY0wE2aS9uI7",
            "3f786850e387550fdab836ed7e6dc881de23001b",
            "q7Rk2Pz9LmX4vB8nC1dF6gH3jK5tY0wE2aS9uI7-",
        ] {
            assert!(!is_aws_secret_key_shape(value), "{value}");
        }
    }
}
