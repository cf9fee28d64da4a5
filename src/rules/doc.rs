//! A rule's documentation file (`rules/<CODE>-<name>.yaml`), as `tighten explain` prints it and
//! SARIF's rule metadata carries it.

use serde::Deserialize;

use super::RuleMeta;
use crate::report::Severity;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDoc {
    pub code: String,
    pub name: String,
    /// The default severity; a finding may differ, as `severity_notes` explains.
    pub severity: Severity,
    #[serde(default)]
    pub severity_notes: Option<String>,
    pub family: Family,
    /// The model object the rule visits: `policy-statement`, `security-group-rule`, ...
    pub target: String,
    /// One line: what the rule finds.
    pub summary: String,
    pub why: String,
    pub fix: String,
    pub examples: Examples,
    #[serde(default)]
    pub options: Vec<RuleOption>,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Iam,
    Network,
    Lambda,
    /// Findings about suppressions themselves.
    Suppression,
}

impl Family {
    /// The family's name as documentation files spell it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Iam => "iam",
            Self::Network => "network",
            Self::Lambda => "lambda",
            Self::Suppression => "suppression",
        }
    }

    /// The code prefix of the family's rules.
    #[must_use]
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Iam => "IAM",
            Self::Network => "NET",
            Self::Lambda => "LAM",
            Self::Suppression => "SUP",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Inputs that yield the rule's finding.
    pub fail: Vec<Example>,
    /// Inputs that yield none of it.
    pub pass: Vec<Example>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub description: String,
    /// A complete document, as the AWS CLI prints it or a user writes it.
    pub input: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOption {
    pub name: String,
    pub default: serde_json::Value,
    pub description: String,
}

/// A documentation file that does not parse; only a broken build can produce it, and a test
/// parses every built-in doc.
#[derive(Debug, thiserror::Error)]
#[error("documentation of {code} does not parse: {message}")]
pub struct DocError {
    pub code: &'static str,
    pub message: String,
}

impl RuleMeta {
    /// Parses the rule's compiled-in documentation.
    pub fn doc(&self) -> Result<RuleDoc, DocError> {
        serde_saphyr::from_str(self.doc)
            .map_err(|error| DocError { code: self.code, message: error.to_string() })
    }
}
