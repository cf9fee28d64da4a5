//! What went wrong where the text stops being JSON, said in a message of its own for each
//! common mistake (comments, trailing commas, single quotes, unquoted keys, `NaN`...), with the
//! span of the offending token.

use super::parser::Parser;
use super::scan::is_word_byte;
use crate::syntax::{LoadError, LoadErrorKind};

/// Where a value was expected, for the message.
#[derive(Clone, Copy)]
pub(super) enum ValueSlot {
    Document,
    FirstItem,
    NextItem,
    MemberValue,
}

/// Where an object key was expected, for the message.
#[derive(Clone, Copy)]
pub(super) enum KeySlot {
    First,
    Next,
}

const ESCAPES_HELP: &str =
    r#"the escapes are \" \\ \/ \b \f \n \r \t and \uXXXX; write a backslash itself as \\"#;

const SURROGATE_HELP: &str = "a character above U+FFFF is written as two escapes, \\uD800-\\uDBFF \
     then \\uDC00-\\uDFFF, or as itself";

impl Parser<'_> {
    pub(super) fn value_expected(&self, slot: ValueSlot) -> LoadError {
        let at = self.pos;
        if let Some(error) = self.extension(at) {
            return error;
        }

        let (start, end) = self.token(at);
        let word = &self.text[start..end];
        let next_is_digit = self.bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
        match self.bytes.get(at) {
            _ if is_non_finite(word) => self.non_finite(start, end),
            Some(b'+') => {
                self.error(start, end, "numbers cannot start with '+'").with_help("remove the '+'")
            }
            Some(b'.') if next_is_digit => self
                .error(start, end, "numbers need a digit before the decimal point")
                .with_help("write a 0 before the decimal point"),
            Some(&byte) if is_word_byte(byte) => {
                if ["true", "false", "null"].iter().any(|w| w.eq_ignore_ascii_case(word)) {
                    self.error(start, end, "true, false and null are written in lowercase")
                } else {
                    self.error(start, end, "unquoted text where a value was expected")
                        .with_help("write strings in double quotes")
                }
            }
            _ => {
                let expected = match slot {
                    ValueSlot::Document => "a value",
                    ValueSlot::FirstItem => "a value or ']'",
                    ValueSlot::NextItem => "a value after ','",
                    ValueSlot::MemberValue => "a value after ':'",
                };
                self.unexpected(at, expected)
            }
        }
    }

    pub(super) fn key_expected(&self, slot: KeySlot) -> LoadError {
        let at = self.pos;
        if let Some(error) = self.extension(at) {
            return error;
        }
        match self.bytes.get(at) {
            Some(&byte) if is_word_byte(byte) => {
                let (start, end) = self.token(at);
                self.error(start, end, "object keys must be strings in double quotes")
                    .with_help("put the key in double quotes")
            }
            _ => {
                let expected = match slot {
                    KeySlot::First => "a string key or '}'",
                    KeySlot::Next => "a string key after ','",
                };
                self.unexpected(at, expected)
            }
        }
    }

    pub(super) fn colon_expected(&self) -> LoadError {
        self.extension(self.pos)
            .unwrap_or_else(|| self.unexpected(self.pos, "':' after an object key"))
    }

    /// No comma or closing bracket after a child of an object or array ending at `end`. When
    /// what follows could start a value, a comma is most likely missing, and the span is the
    /// empty one where it belongs.
    pub(super) fn after_child(&self, object: bool, end: usize) -> LoadError {
        let at = self.pos;
        if let Some(error) = self.extension(at) {
            return error;
        }
        let (expected, help) = if object {
            ("',' or '}' after an object member", "separate the members with ','")
        } else {
            ("',' or ']' after an array item", "separate the items with ','")
        };
        let starts_value =
            self.bytes.get(at).is_some_and(|&b| matches!(b, b'"' | b'{' | b'[') || is_word_byte(b));
        if starts_value {
            return self.error(end, end, &format!("expected {expected}")).with_help(help);
        }
        self.unexpected(at, expected)
    }

    pub(super) fn trailing_comma(&self, comma: usize) -> LoadError {
        self.error(comma, comma + 1, "trailing comma")
            .with_help("remove the ',': JSON allows none before a closing bracket")
    }

    pub(super) fn text_after_document(&self) -> LoadError {
        let at = self.pos;
        if let Some(error) = self.extension(at) {
            return error;
        }
        let (start, end) = self.token(at);
        self.error(start, end, "unexpected text after the document")
            .with_help("a JSON document is a single value; remove what follows it")
    }

    /// A string opened at `open` that runs to the end of the text. It cannot span lines (a raw
    /// line break in it is an error of its own), so its span is the rest of the last line.
    pub(super) fn unterminated_string(&self, open: usize) -> LoadError {
        self.error(open, self.bytes.len(), "unterminated string")
            .with_help("close the string with '\"'")
    }

    /// A raw control character at `at` in a string.
    pub(super) fn control_character(&self, at: usize, byte: u8) -> LoadError {
        let message = format!("control character U+{byte:04X} in a string");
        let help = match byte {
            b'\n' | b'\r' => {
                let escape = if byte == b'\n' { "\\n" } else { "\\r" };
                format!("close the string before the line ends, or write the break as {escape}")
            }
            _ => format!("remove it, or write it as the escape \\u{byte:04x}"),
        };
        self.error(at, at + 1, &message).with_help(help)
    }

    /// A backslash at `at` followed by a character that starts no escape.
    pub(super) fn invalid_escape(&self, at: usize) -> LoadError {
        let next = self.text[at + 1..].chars().next().unwrap_or(' ');
        let message = if next.is_ascii_graphic() {
            format!("invalid escape '\\{next}'")
        } else {
            "invalid escape".to_owned()
        };
        self.error(at, at + 1 + next.len_utf8(), &message).with_help(ESCAPES_HELP)
    }

    /// The `\u` escape at `at` has a byte other than a hex digit at `bad`.
    pub(super) fn bad_unicode_escape(&self, at: usize, bad: usize) -> LoadError {
        self.error(at, bad, "expected four hex digits after '\\u'").with_help(ESCAPES_HELP)
    }

    pub(super) fn unpaired_high_surrogate(&self, at: usize) -> LoadError {
        let message = "high surrogate escape without a low surrogate escape after it";
        self.error(at, at + 6, message).with_help(SURROGATE_HELP)
    }

    pub(super) fn lone_low_surrogate(&self, at: usize) -> LoadError {
        let message = "low surrogate escape without a high surrogate escape before it";
        self.error(at, at + 6, message).with_help(SURROGATE_HELP)
    }

    pub(super) fn leading_zero(&self, start: usize) -> LoadError {
        let (start, end) = self.token(start);
        self.error(start, end, "numbers cannot have leading zeros")
            .with_help("remove the leading zeros, or quote the value if it is a string")
    }

    /// A `-` at `start` with no digit after it.
    pub(super) fn number_without_digits(&self, start: usize) -> LoadError {
        let (start, end) = self.token(start);
        if is_non_finite(&self.text[start..end]) {
            return self.non_finite(start, end);
        }
        self.error(start, end, "expected a digit after '-'")
    }

    /// The number at `start` lacks a digit `place`: after its decimal point, in its exponent.
    pub(super) fn missing_digit(&self, start: usize, place: &str) -> LoadError {
        let (start, end) = self.token(start);
        self.error(start, end, &format!("expected a digit {place}"))
    }

    /// A number at `start` runs on into letters or a second point: `0x1F`, `12px`, `1.2.3`.
    pub(super) fn malformed_number(&self, start: usize) -> LoadError {
        let (start, end) = self.token(start);
        let digits = self.text[start..end].trim_start_matches('-');
        if digits.starts_with("0x") || digits.starts_with("0X") {
            return self.error(start, end, "hexadecimal numbers are not allowed");
        }
        self.error(start, end, "invalid number")
    }

    fn non_finite(&self, start: usize, end: usize) -> LoadError {
        self.error(start, end, "NaN and Infinity are not allowed")
            .with_help("JSON numbers are finite; write the value as a string or null")
    }

    /// Comments and single-quoted strings at `at`, which some JSON dialects allow.
    fn extension(&self, at: usize) -> Option<LoadError> {
        let rest = &self.bytes[at.min(self.bytes.len())..];
        let help = "remove the comment: JSON has no comments";
        match rest {
            [b'/', b'/', ..] => {
                let end = memchr::memchr(b'\n', rest).map_or(self.bytes.len(), |i| at + i);
                Some(self.error(at, end, "comments are not allowed").with_help(help))
            }
            [b'/', b'*', ..] => {
                let close = memchr::memmem::find(&rest[2..], b"*/");
                let end = close.map_or(self.bytes.len(), |i| at + 2 + i + 2);
                Some(self.error(at, end, "comments are not allowed").with_help(help))
            }
            [b'\'', ..] => Some(
                self.error(at, at + 1, "single-quoted strings are not allowed")
                    .with_help("use double quotes"),
            ),
            _ => None,
        }
    }

    /// `expected ..., found ...` with a span on the token found at `at`.
    fn unexpected(&self, at: usize, expected: &str) -> LoadError {
        let found = match self.bytes.get(at) {
            None => "the end of the document".to_owned(),
            Some(b'"') => "a string".to_owned(),
            Some(b'-' | b'0'..=b'9') => "a number".to_owned(),
            Some(&b) if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$') || b >= 0x80 => {
                "unquoted text".to_owned()
            }
            Some(&b) if b.is_ascii_punctuation() => format!("'{}'", char::from(b)),
            Some(&b) => format!("the character U+{b:04X}"),
        };
        let (start, end) = self.token(at);
        self.error(start, end, &format!("expected {expected}, found {found}"))
    }

    /// The token at `at` for a span: a run of word bytes, else one character (a quote or a
    /// bracket), else nothing at the end of the text.
    fn token(&self, at: usize) -> (usize, usize) {
        let rest = self.bytes.get(at..).unwrap_or_default();
        let run = rest.iter().take_while(|&&b| is_word_byte(b)).count();
        let end = if run > 0 {
            at + run
        } else {
            at + self.text.get(at..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8)
        };
        (at.min(self.bytes.len()), end)
    }

    fn error(&self, start: usize, end: usize, message: &str) -> LoadError {
        LoadError::new(
            LoadErrorKind::Syntax,
            self.span(start, end),
            format!("invalid JSON: {message}"),
        )
    }
}

/// `NaN` and `Infinity`, signed or not.
fn is_non_finite(word: &str) -> bool {
    matches!(word.trim_start_matches(['+', '-']), "NaN" | "Infinity")
}
