//! Bytes to a span-preserving document tree, for JSON and YAML alike.

mod duplicates;
mod embedded;
mod error;
pub mod json;
mod limits;
mod span;
mod tree;
pub mod yaml;

pub use duplicates::duplicate_keys;
pub use embedded::{EmbeddedDocument, SpanMapping, parse_embedded_json, parse_json_string};
pub use error::{LoadError, LoadErrorKind};
pub use limits::Limits;
pub use span::{LineCol, LineIndex, Span};
pub use tree::{Document, Entry, Key, Node, NodeKind, Scalar, ScalarStyle, Syntax, Tag};

const UTF8_BOM: &str = "\u{feff}";

/// Checks that `bytes` are text the loaders can read: within the size budget, not UTF-16,
/// valid UTF-8. The error points at the first offending byte.
pub fn decode_text<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, LoadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(LoadError::new(
            LoadErrorKind::TooLarge,
            Span::new(0, 0),
            format!(
                "file is {} bytes, over the {} byte budget",
                bytes.len(),
                limits.max_file_bytes
            ),
        )
        .with_help("raise `limits.max-file-bytes` if this file is meant to be checked"));
    }

    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(LoadError::new(
            LoadErrorKind::Encoding,
            Span::new(0, 2),
            "file is UTF-16 encoded".to_owned(),
        )
        .with_help("save it as UTF-8"));
    }

    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to() as u32;
        let len = e.error_len().unwrap_or(1) as u32;
        LoadError::new(
            LoadErrorKind::InvalidUtf8,
            Span::new(at, at + len),
            format!("invalid UTF-8 at byte {at}"),
        )
        .with_help("save the file as UTF-8")
    })
}

/// Guesses the syntax from the first significant character: JSON documents open with `{` or
/// `[`; everything else is read as YAML.
#[must_use]
pub fn sniff(text: &str) -> Syntax {
    let first = text.trim_start_matches(UTF8_BOM).trim_start().as_bytes().first();
    match first {
        Some(b'{' | b'[') => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

/// Parses `text` as `syntax` into a [`Document`]. A UTF-8 byte order mark is skipped; spans
/// stay offsets into `text`.
pub fn parse(text: &str, syntax: Syntax, limits: &Limits) -> Result<Document, LoadError> {
    let (body, base) = match text.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len() as u32),
        None => (text, 0),
    };

    let root = match syntax {
        Syntax::Json => json::parse(body, base, limits)?,
        Syntax::Yaml => yaml::parse(body, base, limits)?,
    };
    Ok(Document { root, syntax })
}
