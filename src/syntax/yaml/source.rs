//! Token boundaries the parser's events leave implicit: block scalar headers, the dash of a
//! sequence written without indentation, trailing blank lines.

use std::ops::Range;

/// The character at `at`, as a range: what an error or an opening token points to. Empty at
/// the end of the text, on a line break, or off a character boundary.
pub(super) fn point(text: &str, at: usize) -> Range<usize> {
    match text.get(at..).and_then(|rest| rest.chars().next()) {
        Some('\n' | '\r') | None => at..at,
        Some(c) => at..at + c.len_utf8(),
    }
}

/// The whole source of a block scalar whose content the parser reports as `content`: from the
/// `|` or `>` indicator, searched from `from` (the end of the previous token), through the last
/// content line. Trailing blank lines are left out; they belong to no token a reader would point
/// at. Without a header in sight, the content alone.
pub(super) fn block_scalar(text: &str, from: usize, content: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let body = text.get(content.clone()).unwrap_or("");
    let body_end = content.start + body.trim_end_matches([' ', '\t', '\r', '\n']).len();

    let at = skip_separation(bytes, from, content.start, false);
    if at >= content.start || !matches!(bytes.get(at), Some(b'|' | b'>')) {
        return content.start..body_end;
    }

    // Chomping and indentation indicators follow the style indicator, in either order.
    let mut header_end = at + 1;
    while matches!(bytes.get(header_end), Some(b'-' | b'+' | b'0'..=b'9')) {
        header_end += 1;
    }
    let end = if body_end > content.start { body_end } else { header_end };
    at..end.max(header_end)
}

/// The offset of the `-` that opens a block sequence the parser reports at `start`. For a
/// sequence written at the indentation of its parent mapping, the parser points at the first
/// item's content; the dash lies between `from` (the end of the previous token) and there.
pub(super) fn block_sequence_start(text: &str, from: usize, start: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(start) == Some(&b'-') {
        return start;
    }
    let at = skip_separation(bytes, from, start, true);
    if at < start && bytes.get(at) == Some(&b'-') { at } else { start }
}

/// Skips what may separate the previous token from the start of a block node: blanks, line
/// breaks, comments, the indicators `?` and `:` (and `-` unless `stop_at_dash`), tags and
/// anchors. Returns the offset of the first other byte, or `limit`.
fn skip_separation(bytes: &[u8], mut at: usize, limit: usize, stop_at_dash: bool) -> usize {
    while at < limit {
        let Some(&byte) = bytes.get(at) else { break };
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'#' => at = token_end(bytes, at, |b| b == b'\n'),
            b'-' if stop_at_dash => return at,
            b'?' | b':' | b'-' if is_separated(bytes, at + 1) => at += 1,
            b'!' | b'&' => at = token_end(bytes, at, |b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')),
            _ => return at,
        }
    }
    at.min(limit)
}

fn token_end(bytes: &[u8], from: usize, ends: impl Fn(u8) -> bool) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    rest.iter().position(|&b| ends(b)).map_or(bytes.len(), |i| from + i)
}

/// Whether an indicator ending before `at` stands alone, as YAML requires of `?`, `:` and `-`
/// in block context.
fn is_separated(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}
