//! Decoding of single-token strings with their offset tables: JSON string literals, and YAML
//! plain, single-quoted and double-quoted scalars with their line folding.

use super::table::TableBuilder;

/// Which quoting rules a YAML flow scalar follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Quoting {
    Plain,
    Single,
    Double,
}

/// Decodes a JSON string literal (quotes included in `raw`) found at file offset `base`.
pub(super) fn json_string(raw: &str, base: u32) -> Option<TableBuilder> {
    let close = quoted_body(raw, b'"')?;
    let mut table = TableBuilder::new(base, 1, close);

    let mut i = 1;
    while i < close {
        let rest = raw.get(i..close)?;
        let (c, len) = if rest.starts_with('\\') { json_escape(rest)? } else { verbatim(rest)? };
        table.push(c, i..i + len);
        i += len;
    }
    Some(table)
}

/// Decodes a YAML flow scalar (quotes included in `raw`) found at file offset `base`.
pub(super) fn yaml_flow(raw: &str, base: u32, quoting: Quoting) -> Option<TableBuilder> {
    let (open, close) = match quoting {
        Quoting::Plain => (0, raw.len()),
        Quoting::Single => (1, quoted_body(raw, b'\'')?),
        Quoting::Double => (1, quoted_body(raw, b'"')?),
    };
    let bytes = raw.as_bytes();
    let mut table = TableBuilder::new(base, open, close - open);

    let mut i = open;
    while i < close {
        let rest = raw.get(i..close)?;
        match bytes[i] {
            b' ' | b'\t' => {
                // Blanks that end a line are trimmed; anywhere else they are content.
                let run_end = skip_blanks(bytes, i, close);
                if line_break(bytes, run_end, close).is_none() {
                    for (at, &blank) in bytes.iter().enumerate().take(run_end).skip(i) {
                        table.push(char::from(blank), at..at + 1);
                    }
                }
                i = run_end;
            }
            b'\n' | b'\r' => i = fold(bytes, i, close, &mut table, false),
            b'\\' if quoting == Quoting::Double && line_break(bytes, i + 1, close).is_some() => {
                i = fold(bytes, i + 1, close, &mut table, true);
            }
            b'\\' if quoting == Quoting::Double => {
                let (c, len) = yaml_escape(rest)?;
                table.push(c, i..i + len);
                i += len;
            }
            b'\'' if quoting == Quoting::Single => {
                // Inside the quotes a single quote only ever appears doubled.
                if bytes.get(i + 1) != Some(&b'\'') || i + 1 >= close {
                    return None;
                }
                table.push('\'', i..i + 2);
                i += 2;
            }
            _ => {
                let (c, len) = verbatim(rest)?;
                table.push(c, i..i + len);
                i += len;
            }
        }
    }
    Some(table)
}

/// The offset of the closing quote, when `raw` is quoted with `quote` at both ends.
fn quoted_body(raw: &str, quote: u8) -> Option<usize> {
    let bytes = raw.as_bytes();
    let close = bytes.len().checked_sub(1)?;
    (close >= 1 && bytes[0] == quote && bytes[close] == quote).then_some(close)
}

/// The first character of `rest`, standing for itself.
fn verbatim(rest: &str) -> Option<(char, usize)> {
    rest.chars().next().map(|c| (c, c.len_utf8()))
}

/// Folds the line break at `i` and the empty lines after it, up to the next line's content.
///
/// Each empty line yields a newline, mapped to its own break; a break followed by no empty line
/// yields a single space, unless it was escaped with a backslash, in which case it yields
/// nothing. The next line's indentation is dropped.
fn fold(bytes: &[u8], i: usize, close: usize, table: &mut TableBuilder, escaped: bool) -> usize {
    let first = line_break(bytes, i, close).unwrap_or(1);
    let mut at = i + first;
    let mut empty_lines = 0;

    loop {
        let next = skip_blanks(bytes, at, close);
        let Some(len) = line_break(bytes, next, close) else {
            at = next;
            break;
        };
        table.push('\n', next..next + len);
        empty_lines += 1;
        at = next + len;
    }

    if empty_lines == 0 && !escaped {
        table.push(' ', i..i + first);
    }
    at
}

/// The length of the line break at `i` (`\n`, `\r\n` or `\r`), if there is one before `close`.
pub(super) fn line_break(bytes: &[u8], i: usize, close: usize) -> Option<usize> {
    if i >= close {
        return None;
    }
    match bytes[i] {
        b'\r' if i + 1 < close && bytes[i + 1] == b'\n' => Some(2),
        b'\n' | b'\r' => Some(1),
        _ => None,
    }
}

fn skip_blanks(bytes: &[u8], mut i: usize, close: usize) -> usize {
    while i < close && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// Decodes the JSON escape sequence that opens `rest`: the character and the sequence's length.
fn json_escape(rest: &str) -> Option<(char, usize)> {
    let c = match rest.as_bytes().get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return utf16_escape(rest),
        _ => return None,
    };
    Some((c, 2))
}

/// Decodes the YAML double-quoted escape sequence that opens `rest`.
fn yaml_escape(rest: &str) -> Option<(char, usize)> {
    let c = match rest.as_bytes().get(1)? {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return Some((char::from_u32(hex(rest.get(2..4)?)?)?, 4)),
        b'u' => return utf16_escape(rest),
        b'U' => return Some((char::from_u32(hex(rest.get(2..10)?)?)?, 10)),
        _ => return None,
    };
    Some((c, 2))
}

/// `\uXXXX`, or a surrogate pair written as two of them, which stands for one character.
fn utf16_escape(rest: &str) -> Option<(char, usize)> {
    let unit = hex(rest.get(2..6)?)?;
    if !(0xD800..0xDC00).contains(&unit) {
        return Some((char::from_u32(unit)?, 6));
    }

    let low = rest.get(6..12).filter(|s| s.starts_with("\\u")).and_then(|s| hex(s.get(2..)?))?;
    if !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    let c = char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?;
    Some((c, 12))
}

fn hex(digits: &str) -> Option<u32> {
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;

    /// The decoded text, and the raw text behind the decoded substring `needle`.
    fn decode_and_find(table: Option<TableBuilder>, raw: &str, needle: &str) -> (String, String) {
        let table = table.unwrap();
        let text = table.text().to_owned();
        let at = text.find(needle).unwrap();
        let span = table.finish(&text).unwrap().map(Span::from_range(at..at + needle.len()));
        (text, span.slice(raw).to_owned())
    }

    #[test]
    fn json_escapes_map_to_their_sequences() {
        let raw = r#""{\"a\": \"\u00e9\/\t\"}""#;
        let (text, source) = decode_and_find(json_string(raw, 0), raw, "\"é/\t\"");
        assert_eq!(text, "{\"a\": \"é/\t\"}");
        assert_eq!(source, r#"\"\u00e9\/\t\""#);
    }

    #[test]
    fn json_surrogate_pairs_are_one_character() {
        let raw = r#""x\ud83d\ude00y""#;
        let (text, source) = decode_and_find(json_string(raw, 0), raw, "😀");
        assert_eq!(text, "x😀y");
        assert_eq!(source, r"\ud83d\ude00");
    }

    #[test]
    fn malformed_json_escapes_give_no_table() {
        assert!(json_string(r#""\ud83d""#, 0).is_none());
        assert!(json_string(r#""\x41""#, 0).is_none());
        assert!(json_string(r#""\u+041""#, 0).is_none());
        assert!(json_string("\"", 0).is_none());
        assert!(json_string("'a'", 0).is_none());
    }

    #[test]
    fn yaml_double_quoted_escapes_and_folding() {
        let raw = "\"a\\x41 \\U0001F600  \n   b\\\n   c\n\n  d\"";
        let table = yaml_flow(raw, 0, Quoting::Double).unwrap();
        assert_eq!(table.text(), "aA 😀 bc\nd");
        let (_, source) = decode_and_find(Some(table), raw, "😀");
        assert_eq!(source, "\\U0001F600");
    }

    #[test]
    fn a_folded_line_break_maps_to_the_break() {
        let raw = "'x\r\n  y'";
        let (text, source) = decode_and_find(yaml_flow(raw, 0, Quoting::Single), raw, " ");
        assert_eq!(text, "x y");
        assert_eq!(source, "\r\n");
    }

    #[test]
    fn doubled_single_quotes_are_one_quote() {
        let raw = "'it''s'";
        let (text, source) = decode_and_find(yaml_flow(raw, 0, Quoting::Single), raw, "'");
        assert_eq!(text, "it's");
        assert_eq!(source, "''");
        assert!(yaml_flow("'a'b'", 0, Quoting::Single).is_none());
    }

    #[test]
    fn plain_scalars_fold_between_lines() {
        let raw = "{\"a\":\n  \"b\"}";
        let (text, source) = decode_and_find(yaml_flow(raw, 0, Quoting::Plain), raw, "\"b\"}");
        assert_eq!(text, "{\"a\": \"b\"}");
        assert_eq!(source, "\"b\"}");
    }
}
