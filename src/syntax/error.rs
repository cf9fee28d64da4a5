//! Why a file could not be loaded, with the span of the cause.

use super::Span;

/// A file that could not be turned into a document tree. The message never quotes file content:
/// the file may hold a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LoadError {
    pub kind: LoadErrorKind,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io,
    /// Not valid JSON or YAML.
    Syntax,
    InvalidUtf8,
    /// Not UTF-8 at all (UTF-16 with a byte order mark).
    Encoding,
    TooLarge,
    TooDeep,
    TooManyNodes,
    AliasExpansion,
    /// An embedded document (a policy given as a JSON string) that does not parse.
    Embedded,
    /// A mapping key written twice: parsers differ on which value counts.
    DuplicateKey,
}

impl LoadErrorKind {
    /// A short kebab-case name, used as the diagnostic's code in every output format.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Io => "io-error",
            Self::Syntax => "syntax-error",
            Self::InvalidUtf8 => "invalid-utf8",
            Self::Encoding => "unsupported-encoding",
            Self::TooLarge => "file-too-large",
            Self::TooDeep => "nesting-too-deep",
            Self::TooManyNodes => "too-many-nodes",
            Self::AliasExpansion => "alias-expansion",
            Self::Embedded => "embedded-syntax-error",
            Self::DuplicateKey => "duplicate-key",
        }
    }
}

impl LoadError {
    #[must_use]
    pub fn new(kind: LoadErrorKind, span: Span, message: String) -> Self {
        Self { kind, span, message, help: None }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
