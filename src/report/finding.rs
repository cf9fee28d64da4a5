//! What a rule reports.

use std::fmt;

use crate::syntax::Span;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Self; 4] = [Self::Critical, Self::High, Self::Medium, Self::Low];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|sev| sev.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| {
            format!("unknown severity `{s}`; expected critical, high, medium or low")
        })
    }
}

/// A finding that a suppression silenced, and the reason written with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: String,
}

/// A secondary location of a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem a rule found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// What is wrong, sentence case, no trailing period.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The narrowest token at fault.
    pub span: Span,
    /// Text under the primary span in the pretty output.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    /// Where the token sits in the document: `Statement[0].Resource[1]`.
    pub path: String,
    /// The logical id of the template resource the token is in (`WebSg`).
    pub resource: Option<Box<str>>,
    /// Facts that qualify the finding, such as a value taken from a parameter's default.
    pub notes: Vec<String>,
    /// The normalized value at fault, hashed into the fingerprint so that a finding keeps its
    /// identity when lines move. Never a secret: rules put a name here, not the value.
    pub value_key: String,
    /// Source ranges whose text must never be shown: every renderer masks them.
    pub redact: Vec<Span>,
}

impl Finding {
    #[must_use]
    pub fn new(code: &'static str, name: &'static str, severity: Severity, span: Span) -> Self {
        Self {
            code,
            name,
            severity,
            message: String::new(),
            help: None,
            span,
            label: None,
            labels: Vec::new(),
            path: String::new(),
            resource: None,
            notes: Vec::new(),
            value_key: String::new(),
            redact: Vec::new(),
        }
    }

    #[must_use]
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    #[must_use]
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    #[must_use]
    pub fn value_key(mut self, key: impl Into<String>) -> Self {
        self.value_key = key.into();
        self
    }

    #[must_use]
    pub fn redact(mut self, span: Span) -> Self {
        self.redact.push(span);
        self
    }

    /// A stable identity: rule, file, document path and normalized value; not the line, so
    /// that a baseline survives reformatting. FNV-1a, 64 bits, hex.
    #[must_use]
    pub fn fingerprint(&self, file: &str) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [self.code, file, &self.path, &self.value_key] {
            for byte in part.bytes().chain(std::iter::once(0)) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_position_but_not_identity() {
        let a = Finding::new("NET001", "public-ingress", Severity::High, Span::new(1, 2))
            .path("IpPermissions[0]")
            .value_key("0.0.0.0/0");
        let mut moved = a.clone();
        moved.span = Span::new(100, 101);
        assert_eq!(a.fingerprint("a.json"), moved.fingerprint("a.json"));
        assert_ne!(a.fingerprint("a.json"), a.fingerprint("b.json"));
        assert_ne!(
            a.fingerprint("a.json"),
            a.clone().path("IpPermissions[1]").fingerprint("a.json")
        );
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::Low);
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("urgent".parse::<Severity>().is_err());
    }
}
