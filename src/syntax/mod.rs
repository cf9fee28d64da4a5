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

    let with_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if with_bom || looks_like_utf16(bytes) {
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

/// UTF-16 without a byte order mark: ASCII text with a NUL before or after each of its first
/// two characters. UTF-8 text never looks so (a NUL in it is an error anyway).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0, a, 0, b, ..] | [a, 0, b, 0, ..] => a.is_ascii() && b.is_ascii() && *a != 0 && *b != 0,
        _ => false,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let units = text.encode_utf16();
        if big_endian {
            units.flat_map(u16::to_be_bytes).collect()
        } else {
            units.flat_map(u16::to_le_bytes).collect()
        }
    }

    #[test]
    fn utf16_is_refused_with_or_without_a_byte_order_mark() {
        let limits = Limits::default();
        for big_endian in [false, true] {
            for text in ["\u{feff}{\"a\": 1}", "{\"a\": 1}", "a: 1\n"] {
                let error = decode_text(&utf16(text, big_endian), &limits).unwrap_err();
                assert_eq!(error.kind, LoadErrorKind::Encoding, "{text:?} {big_endian}");
                assert_eq!(error.span, Span::new(0, 2));
            }
        }
    }

    #[test]
    fn nul_bytes_in_utf8_are_left_to_the_parser() {
        let limits = Limits::default();
        assert_eq!(decode_text(b"{\"a\": \"\0\"}", &limits).ok(), Some("{\"a\": \"\0\"}"));
        assert!(decode_text(b"\0\0\0\0", &limits).is_ok());
    }
}
